"""Edit > "Search all assessments…" (Ctrl+Shift+F) and opening a hit in the assessment view."""

from __future__ import annotations

__all__ = ["install", "open_search", "reveal"]

from ...i18n.catalog import language, tr
from ...search import SearchHit
from .search_dialog import SearchDialog


def install(window, edit_menu) -> None:
    """Add the menu entry and its shortcut to ``edit_menu`` of the main ``window``."""
    window._action(edit_menu, tr("&Search all assessments…"), lambda: open_search(window), "Ctrl+Shift+F",
                   name="searchAllAction")


def open_search(window) -> SearchDialog:
    """Show the window's search panel (made once, kept while the window lives), ready to type."""
    dialog = getattr(window, "search_dialog", None)
    if dialog is not None and dialog.language != language():  # made before View > Language changed
        dialog.close()
        dialog.deleteLater()
        dialog = None
    if dialog is None:
        dialog = SearchDialog(window.model, window)
        dialog.sig_hit_activated.connect(lambda hit: reveal(window, hit))
        window.search_dialog = dialog
    if window.current_view() == "presentation":
        dialog.private_box.setChecked(False)  # on the projector: never private text
    dialog.show_and_focus()
    return dialog


def reveal(window, hit: SearchHit) -> None:
    """Show ``hit`` where it lives: its assessment's question with the right tab and row, or, for an
    action of the whole assessment, the action plan."""
    model = window.model
    if model.ws is None:
        return
    if model.assessment_id != hit.assessment_id:
        window.assessment_view.flush_edits()
        model.select_assessment(hit.assessment_id)
    if hit.question_id is None:
        window.show_view("actions" if hit.kind == "action" else "assessment")
        return
    window.show_view("assessment")
    window.assessment_view.show_item(hit.question_id, hit.kind, hit.entity_id, hit.field, hit.item)
    window.activateWindow()
