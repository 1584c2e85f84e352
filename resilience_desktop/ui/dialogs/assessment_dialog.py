"""Start an assessment: city, scorecard (level), title, optionally only some Essentials."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QGridLayout, QLineEdit, QWidget,
)

from ...errors import ResilienceError
from .form_footer import add_form_footer
from ...i18n.catalog import language, tr
from ...scorecard import tr_text
from ...workspace.facade import Workspace


class AssessmentDialog(QDialog):
    def __init__(self, ws: Workspace, parent: QWidget | None = None, city_id: str | None = None):
        super().__init__(parent)
        self.ws = ws
        self.assessment_id: str | None = None
        self.setWindowTitle(tr("New assessment"))
        form = QFormLayout(self)
        self.city = QComboBox(objectName="assessmentCity")
        for c in ws.list_cities():
            self.city.addItem(f"{c.name} ({c.country})", c.id)
        if city_id:
            self.city.setCurrentIndex(max(0, self.city.findData(city_id)))
        self.scorecard = QComboBox(objectName="assessmentScorecard")
        lang = language()
        for card in ws.registry.latest():
            label = tr_text(card.title, lang) + (f" — {tr('provisional')}" if card.provisional else "")
            self.scorecard.addItem(label, card.id)
        self.title = QLineEdit(objectName="assessmentTitle")
        self.title.setPlaceholderText(tr("default: city, scorecard and year"))
        form.addRow(tr("City"), self.city)
        form.addRow(tr("Scorecard"), self.scorecard)
        form.addRow(tr("Title"), self.title)
        grid = QGridLayout()
        self.essential_boxes: list[QCheckBox] = []
        for i in range(10):
            box = QCheckBox(str(i + 1), checked=True)
            self.essential_boxes.append(box)
            grid.addWidget(box, i // 5, i % 5)
        wrap = QWidget()
        wrap.setLayout(grid)
        form.addRow(tr("Essentials"), wrap)
        self.error, buttons = add_form_footer(self, form)
        if self.city.count() == 0:
            self.error.setText(tr("Add a city first."))
            buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(False)

    def accept(self) -> None:
        chosen = [i + 1 for i, b in enumerate(self.essential_boxes) if b.isChecked()]
        if not chosen:
            self.error.setText(tr("Choose at least one Essential."))
            return
        try:
            self.assessment_id = self.ws.new_assessment(
                self.city.currentData(), self.scorecard.currentData(), title=self.title.text() or None,
                essentials=None if len(chosen) == 10 else chosen)
        except ResilienceError as exc:
            self.error.setText(str(exc))
            return
        super().accept()
