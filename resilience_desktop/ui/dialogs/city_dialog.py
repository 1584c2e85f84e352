"""Add a city: name, country, population, area, location — validated by the workspace itself."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox, QCompleter, QDialog, QDoubleSpinBox, QFormLayout, QLineEdit, QSpinBox, QWidget,
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
        self.country = _country_box(self)
        self.region = QLineEdit()
        self.population = QSpinBox(maximum=2_000_000_000, singleStep=1000, specialValueText=tr("unknown"))
        self.area = QDoubleSpinBox(maximum=1_000_000, decimals=1, suffix=tr(" km²"), specialValueText=tr("unknown"))
        self.lon = QDoubleSpinBox(minimum=-180, maximum=180, decimals=5, specialValueText=tr("unknown"))
        self.lat = QDoubleSpinBox(minimum=-90, maximum=90, decimals=5, specialValueText=tr("unknown"))
        self.lon.setValue(-180)
        self.lat.setValue(-90)
        form.addRow(tr("City name"), self.name)
        form.addRow(tr("Country"), self.country)
        form.addRow(tr("Region"), self.region)
        form.addRow(tr("Population"), self.population)
        form.addRow(tr("Area"), self.area)
        form.addRow(tr("Longitude"), self.lon)
        form.addRow(tr("Latitude"), self.lat)
        self.error, buttons = add_form_footer(self, form)

    def country_code(self) -> str:
        """The country chosen from the list, or typed as a name (in any interface language) or a code;
        what was typed as it is when it names no country (the workspace then says what it needs)."""
        from ...i18n.countries import country_code
        text = self.country.currentText().strip()
        index = self.country.findText(text, Qt.MatchFlag.MatchFixedString)
        if index >= 0:
            return str(self.country.itemData(index))
        return country_code(text) or text

    def accept(self) -> None:
        lon = None if self.lon.value() == self.lon.minimum() else self.lon.value()
        lat = None if self.lat.value() == self.lat.minimum() else self.lat.value()
        if (lon is None) != (lat is None):  # half a location places the city nowhere
            self.error.setText(tr("give both the longitude and the latitude, or neither"))
            return
        country = self.country_code()
        if len(country) != 2:
            self.error.setText(tr("no country is named {text!r}: choose one from the list, or type its two-letter code",
                                  text=country) if country else tr("choose the city's country"))
            return
        try:
            check_not_twice(self.ws.list_cities(), self.name.text(), country, self.region.text() or None)
            self.city_id = self.ws.add_city(
                self.name.text(), country, region=self.region.text() or None,
                population=self.population.value() or None, area_km2=self.area.value() or None,
                lon=lon, lat=lat)
        except ResilienceError as exc:
            self.error.setText(str(exc))  # stay open: the user fixes the field
            return
        super().accept()


def _country_box(parent: QWidget) -> QComboBox:
    """Every country by its name in the interface language, the region's first; a name or a code may be
    typed instead (Kyrgyzstan, Кыргызстан, KGZ, kg), completed from the list as it is typed."""
    from ...i18n.catalog import language
    from ...i18n.countries import country_choices
    box = QComboBox(parent, objectName="cityCountry", editable=True)
    box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    for code, name in country_choices(language()):
        box.addItem(f"{name} ({code})", code)
    box.setCurrentIndex(-1)
    box.lineEdit().setPlaceholderText(tr("name or code, e.g. Kyrgyzstan or KG"))
    completer = box.completer()
    completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    return box
