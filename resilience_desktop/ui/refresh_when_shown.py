"""Views that skip their work while hidden and catch up when shown."""

from __future__ import annotations

__all__ = ["RefreshWhenShown"]


class RefreshWhenShown:
    """Mix into a QWidget view with a ``refresh()``: an edit elsewhere costs it nothing while it
    is hidden; it refreshes once when shown again."""

    _stale = False

    def showEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)  # type: ignore[misc]
        if self._stale:
            self.refresh()  # type: ignore[attr-defined]

    def defer_while_hidden(self) -> bool:
        """Call first in ``refresh()``: ``True`` (remember to refresh later) when hidden."""
        if not self.isVisible():  # type: ignore[attr-defined]
            self._stale = True
            return True
        self._stale = False
        return False
