"""Help > Keyboard shortcuts: every key the app answers to, in one list."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from ...i18n.catalog import tr


def shortcut_rows(low: int = 0, high: int = 3) -> list[tuple[str, str]]:
    """The keys and what they do; the digits as the open assessment's scorecard scores (0 … 3 for the
    preliminary level: the list said 0 … 5 to a workshop scoring 0–3)."""
    return [
        (f"{low} … {high}", tr("Set the score of the current question")),
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
        rows = shortcut_rows(*_score_range(parent))
        table = QTableWidget(len(rows), 2, self)
        self.table = table
        table.setHorizontalHeaderLabels([tr("Keys"), tr("What it does")])  # not «Action»: an action item in Russian
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
        # wide enough for the longest description (they were cut at 560 pixels: a facilitator's trial), within
        # the screen; the rows as tall as their text
        wanted = table.columnWidth(0) + table.columnWidth(1) + table.verticalScrollBar().sizeHint().width() + 40
        screen = self.screen().availableGeometry() if self.screen() is not None else None
        width = min(wanted, int(screen.width() * 0.9)) if screen is not None else wanted
        table.setWordWrap(True)
        table.resizeRowsToContents()
        height = sum(table.rowHeight(r) for r in range(len(rows))) + table.horizontalHeader().height() + 90
        self.resize(max(560, width), min(max(480, height), int(screen.height() * 0.9)) if screen else 480)


def _score_range(parent: QWidget | None) -> tuple[int, int]:
    """The open assessment's scorecard's lowest and highest score, or 0 and 3 (the preliminary level's)."""
    model = getattr(parent, "model", None)
    ws, aid = getattr(model, "ws", None), getattr(model, "assessment_id", None)
    if ws is None or aid is None:
        return 0, 3
    try:
        card = ws.scorecard_of(aid)
    except Exception:  # noqa: BLE001 (a help list never fails over the digits it shows)
        return 0, 3
    return card.min_score, card.max_score
