"""A score level shown as a large selectable card: the score, and what it means."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QSizePolicy, QWidget

from ...i18n.catalog import tr
from ..theme import score_colour


class LevelCard(QFrame):
    sig_chosen = Signal(int)
    """Emitted with the card's score when the user clicks it or presses Space/Enter on it."""

    def __init__(self, score: int, text: str, share: float, parent: QWidget | None = None):
        super().__init__(parent)
        self.score = score
        self.setObjectName("levelCard")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setProperty("selected", False)
        self.level_text = text
        self._describe()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        self.score_label = QLabel(str(score), objectName="levelScore")
        self.score_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.score_label.setStyleSheet(f"color: {score_colour(share)};")
        self.text_label = QLabel(text, objectName="levelText")
        self.text_label.setWordWrap(True)
        self.text_label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.text_label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        layout.addWidget(self.score_label)
        layout.addWidget(self.text_label, 1)

    def _describe(self) -> None:
        """What a screen reader says: the score (and whether it is the chosen one), then the level."""
        chosen = bool(self.property("selected"))
        self.setAccessibleName(tr("Score {score}, chosen", score=self.score) if chosen
                               else tr("Score {score}", score=self.score))
        self.setAccessibleDescription(self.level_text)

    def set_selected(self, selected: bool) -> None:
        if self.property("selected") == selected:
            return
        self.setProperty("selected", selected)
        self._describe()
        self.style().unpolish(self)
        self.style().polish(self)

    def is_selected(self) -> bool:
        return bool(self.property("selected"))

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt override)
        if event.button() == Qt.MouseButton.LeftButton:
            self.sig_chosen.emit(self.score)
            event.accept()
            return
        super().mousePressEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        if event.key() in (Qt.Key.Key_Space, Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.sig_chosen.emit(self.score)
            return
        super().keyPressEvent(event)
