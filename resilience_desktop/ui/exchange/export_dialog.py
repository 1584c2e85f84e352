"""The save dialog of the exports (report, answers, Excel workbook) with the document's language.

A report can go to a ministry in Russian while the team works in Kazakh: the dialog adds a
"Language of the document" choice under the file name, remembered between exports (setting
``export_language``; by default the interface language).
"""

from __future__ import annotations

__all__ = ["ExportDialog", "ask_export_path"]

from pathlib import Path

from PySide6.QtWidgets import QComboBox, QFileDialog, QGridLayout, QLabel, QMainWindow, QWidget

from ...i18n.catalog import LANGUAGES, language, tr
from .file_actions import csv_filters, finish_save_path, preferred_csv_separator, use_csv_separator, with_csv_filters

SETTING = "export_language"


class ExportDialog(QFileDialog):
    """A (Qt, not native) save dialog with a language combo box; ``language()`` is the chosen code."""

    def __init__(self, parent: QWidget | None, title: str, suggested: Path, filter_text: str, lang: str) -> None:
        super().__init__(parent, title, str(suggested), with_csv_filters(filter_text))
        self.setObjectName("exportDialog")
        self.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        self.setOption(QFileDialog.Option.DontUseNativeDialog, True)  # a native dialog cannot hold the choice
        if "*.csv" in filter_text.lower():  # semicolons or commas, as last chosen
            self.selectNameFilter(csv_filters()[preferred_csv_separator(parent)])
        self.lang_combo = QComboBox(self)
        self.lang_combo.setObjectName("exportLanguage")
        for code, name in LANGUAGES.items():
            self.lang_combo.addItem(name, code)
        self.lang_combo.setCurrentIndex(max(0, self.lang_combo.findData(lang)))
        self.lang_combo.setAccessibleName(tr("Language of the document"))
        label = QLabel(tr("Language of the &document:"), self)
        label.setBuddy(self.lang_combo)
        grid = self.layout()
        if isinstance(grid, QGridLayout):
            row = grid.rowCount()
            grid.addWidget(label, row, 0)
            grid.addWidget(self.lang_combo, row, 1)

    def language(self) -> str:
        return str(self.lang_combo.currentData())

    @staticmethod
    def get_save_path(parent: QWidget | None, title: str, suggested: str, filter_text: str,
                      lang: str) -> tuple[str, str]:
        """Like ``QFileDialog.getSaveFileName``: ``(path, language)``, the path empty when cancelled."""
        dialog = ExportDialog(parent, title, Path(suggested), filter_text, lang)
        if not dialog.exec() or not dialog.selectedFiles():
            return "", lang
        if dialog.selectedFiles()[0].lower().endswith(".csv"):
            use_csv_separator(parent, dialog.selectedNameFilter())  # remembered for finish_save_path
        return dialog.selectedFiles()[0], dialog.language()


def ask_export_path(window: QMainWindow, title: str, suggested: Path, suffix: str,
                    filter_text: str) -> tuple[Path, str] | None:
    """Ask where to save and in which language; ``None`` when cancelled or refused (a workspace or
    a national store, said in a dialog). The name ends in ``suffix``."""
    settings = getattr(window, "settings", None)
    remembered = str(settings.value(SETTING, "") or "") if settings is not None else ""
    chosen, lang = ExportDialog.get_save_path(window, title, str(suggested), filter_text, remembered or language())
    path = finish_save_path(window, title, chosen, suffix)
    if path is None:
        return None
    if settings is not None:
        settings.setValue(SETTING, lang)
    return path, lang


def export_language(window: QMainWindow) -> str:
    """The language exports use when no dialog asked (the remembered choice, else the interface's)."""
    settings = getattr(window, "settings", None)
    chosen = str(settings.value(SETTING, "") or "") if settings is not None else ""
    return chosen or language()
