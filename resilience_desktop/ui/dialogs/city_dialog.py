"""Add a city: name, country, population, area, location — validated by the workspace itself."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog, QDoubleSpinBox, QFormLayout, QLineEdit, QSpinBox, QWidget,
)

from ...errors import ResilienceError
from .form_footer import add_form_footer
from ...i18n.catalog import tr
from ...workspace.cities import check_not_twice
from ...workspace.facade import Workspace


class CityDialog(QDialog):
    def __init__(self, ws: Workspace, parent: QWidget | None = None):
        super().__init__(parent)
        self.ws = ws
        self.city_id: str | None = None
        self.setWindowTitle(tr("New city"))
        form = QFormLayout(self)
        self.name = QLineEdit(objectName="cityName")
        self.country = QLineEdit(objectName="cityCountry", maxLength=2)
        self.country.setPlaceholderText(tr("two letters, e.g. KG, KZ, TJ, UZ"))
        self.region = QLineEdit()
        self.population = QSpinBox(maximum=2_000_000_000, singleStep=1000, specialValueText=tr("unknown"))
        self.area = QDoubleSpinBox(maximum=1_000_000, decimals=1, suffix=tr(" km²"), specialValueText=tr("unknown"))
        self.lon = QDoubleSpinBox(minimum=-180, maximum=180, decimals=5, specialValueText=tr("unknown"))
        self.lat = QDoubleSpinBox(minimum=-90, maximum=90, decimals=5)
        self.lon.setValue(-180)
        form.addRow(tr("City name"), self.name)
        form.addRow(tr("Country (ISO code)"), self.country)
        form.addRow(tr("Region"), self.region)
        form.addRow(tr("Population"), self.population)
        form.addRow(tr("Area"), self.area)
        form.addRow(tr("Longitude"), self.lon)
        form.addRow(tr("Latitude"), self.lat)
        self.error, buttons = add_form_footer(self, form)

    def accept(self) -> None:
        lon = None if self.lon.value() == self.lon.minimum() else self.lon.value()
        try:
            check_not_twice(self.ws.list_cities(), self.name.text(), self.country.text(), self.region.text() or None)
            self.city_id = self.ws.add_city(
                self.name.text(), self.country.text(), region=self.region.text() or None,
                population=self.population.value() or None, area_km2=self.area.value() or None,
                lon=lon, lat=self.lat.value() if lon is not None else None)
        except ResilienceError as exc:
            self.error.setText(str(exc))  # stay open: the user fixes the field
            return
        super().accept()
