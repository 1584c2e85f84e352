"""Help > Keyboard shortcuts: every key the app answers to, in one list."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from ...i18n.catalog import tr


def shortcut_rows() -> list[tuple[str, str]]:
    return [
        ("0 … 5", tr("Set the score of the current question")),
        ("N", tr("Mark the current question not applicable")),
        ("Backspace", tr("Clear the score (back to not answered)")),
        ("Page Down / Ctrl+Down", tr("Next question")),
        ("Page Up / Ctrl+Up", tr("Previous question")),
        ("Ctrl+F", tr("Search questions")),
        ("Ctrl+Shift+F", tr("Search all assessments")),
        ("Ctrl+Z", tr("Undo")),
        ("Ctrl+Shift+Z / Ctrl+Y", tr("Redo")),
        ("Ctrl+1 / Ctrl+2", tr("Start page / assessment")),
        ("Ctrl+3 / Ctrl+4", tr("Dashboard / action plan")),
        ("Ctrl+5 / Ctrl+6", tr("Map / scenarios and exposure")),
        ("F5", tr("Presentation mode, full screen (Esc leaves)")),
        ("Ctrl++ / Ctrl+- / Ctrl+0", tr("Larger / smaller / normal text, for a projector")),
        ("← → / E / T", tr("Presentation: move, one question or one Essential per screen, pause the timer")),
        ("Ctrl+N / Ctrl+O", tr("New workspace / open workspace")),
        ("Ctrl+W", tr("Close workspace")),
        ("Tab / Shift+Tab", tr("Move between fields")),
        ("F1", tr("This list")),
    ]


class ShortcutsDialog(QDialog):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(tr("Keyboard shortcuts"))
        layout = QVBoxLayout(self)
        rows = shortcut_rows()
        table = QTableWidget(len(rows), 2, self)
        table.setHorizontalHeaderLabels([tr("Keys"), tr("Action")])
        for r, (keys, what) in enumerate(rows):
            table.setItem(r, 0, QTableWidgetItem(keys))
            table.setItem(r, 1, QTableWidgetItem(what))
        table.resizeColumnsToContents()
        table.horizontalHeader().setStretchLastSection(True)
        table.verticalHeader().hide()
        layout.addWidget(table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(560, 480)
