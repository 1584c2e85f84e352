"""What every File > Import/Export action does around its work: suggest a file name, ask for a
path, refuse a target that would destroy a workspace or a national store, save the text being
typed, show a wait cursor, and turn a failure into the error dialog.

Every export in the GUI asks through :func:`ask_save_path` (or the language-choosing
:func:`~.export_dialog.ask_export_path`, which finishes through :func:`finish_save_path`), and
suggests its name with :func:`suggested_path`.

A CSV file is offered twice in the dialog's file types: separated by semicolons with decimal
commas (what Excel opens into columns where the decimal separator is a comma: Russian, Kazakh,
Kyrgyz, Uzbek, Tajik settings) or by commas. The choice is remembered (setting
``export/csv_separator``); before the first, the interface language's decimal separator decides.
"""

from __future__ import annotations

__all__ = ["add_file_action", "ask_save_path", "csv_filters", "finish_save_path", "preferred_csv_separator", "run_busy",
           "suggested_path", "use_csv_separator", "with_csv_filters", "with_suffix"]

from pathlib import Path
from typing import Any, Callable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QFileDialog, QMainWindow, QMenu, QWidget

from ...errors import InvalidInputError
from ...i18n.catalog import current, tr
from ...safety import csv_safe
from ...safety.file_names import safe_file_name
from ...safety.targets import check_output_target
from ..dialogs.error_dialog import show_error


def add_file_action(menu: QMenu, text: str, name: str, run: Callable[[], Any], enabled: Callable[[], bool], *,
                    tip: str = "") -> QAction:
    """Add an Import/Export action named ``name`` to ``menu``, running ``run()`` when chosen.

    Whether it is enabled is asked of ``enabled()`` each time the menu opens: a connection from
    the menu's own signal ends with the menu (menus are rebuilt on a language switch), where one
    from the model would outlive it.
    """
    act = QAction(text, menu)
    act.setObjectName(name)
    if tip:
        act.setStatusTip(tip)
    act.triggered.connect(lambda _checked=False: run())
    menu.addAction(act)
    menu.aboutToShow.connect(lambda: act.setEnabled(bool(enabled())))
    return act


def suggested_path(text: str, suffix: str, *, fallback: str = "export", folder: Path | None = None) -> Path:
    """Where a save dialog starts: ``folder`` (the home folder by default) and ``text`` made a safe name."""
    return (folder or Path.home()) / safe_file_name(text, suffix, fallback=fallback)


def with_suffix(path: Path, suffixes: str | Sequence[str], selected_filter: str = "") -> Path:
    """``path`` ending in one of ``suffixes``: kept when it does, else the one of the filter chosen
    in the dialog (``"SVG image (*.svg)"``), else the first."""
    allowed = (suffixes,) if isinstance(suffixes, str) else tuple(suffixes)
    if path.suffix.lower() in allowed:
        return path
    wanted = next((s for s in allowed if f"*{s}" in selected_filter.lower()), allowed[0])
    return path.with_name(path.name + wanted)


CSV_SETTING = "export/csv_separator"


def csv_filters() -> dict[str, str]:
    """The save dialog's two CSV file types, by separator name (:data:`csv_safe.SEPARATORS`)."""
    return {"semicolon": tr("CSV for Excel, separated by semicolons (*.csv)"),
            "comma": tr("CSV, separated by commas (*.csv)")}


def with_csv_filters(filter_text: str) -> str:
    """``filter_text`` with its CSV file type (``"CSV (*.csv)"``) given as the two of :func:`csv_filters`."""
    out: list[str] = []
    for part in filter_text.split(";;"):
        out += list(csv_filters().values()) if "*.csv" in part.lower() else [part]
    return ";;".join(out)


def _settings(window: Any) -> Any:
    owner = window.window() if isinstance(window, QWidget) else window
    return getattr(owner, "settings", None)


def preferred_csv_separator(window: Any) -> str:
    """The separator last chosen in a save dialog; before any choice, semicolons where the interface
    language writes a decimal comma, else commas."""
    settings = _settings(window)
    chosen = str(settings.value(CSV_SETTING, "") or "") if settings is not None else ""
    if chosen in csv_safe.SEPARATORS:
        return chosen
    return "semicolon" if current().decimal_comma else "comma"


def use_csv_separator(window: Any, selected_filter: str = "") -> str:
    """Write this process's CSV files with the separator of ``selected_filter`` (one of
    :func:`csv_filters`; remembered), else with :func:`preferred_csv_separator`; returns its name."""
    chosen = next((name for name, text in csv_filters().items() if text == selected_filter), None)
    settings = _settings(window)
    if chosen is not None and settings is not None:
        settings.setValue(CSV_SETTING, chosen)
    name = chosen or preferred_csv_separator(window)
    csv_safe.set_separator(name)
    return name


def finish_save_path(window: QWidget, title: str, chosen: str, suffixes: str | Sequence[str],
                     selected_filter: str = "") -> Path | None:
    """The path a save dialog answered, with its suffix; ``None`` when cancelled (``chosen`` empty)
    or when it is a workspace or a national store (said in a dialog). A CSV file is then written
    with the separator of the file type chosen (:func:`use_csv_separator`)."""
    if not chosen:
        return None
    path = with_suffix(Path(chosen), suffixes, selected_filter)
    owner = window.window() if isinstance(window, QWidget) else window
    ws = getattr(getattr(owner, "model", None), "ws", None)
    try:  # never over the open workspace, another workspace or a national store
        check_output_target(path, [ws.path if ws is not None else None])
    except InvalidInputError as exc:
        show_error(window, exc, title=title)
        return None
    if path.suffix.lower() == ".csv":
        use_csv_separator(window, selected_filter)
    return path


def ask_save_path(window: QWidget, title: str, suggested: Path, suffix: str | Sequence[str],
                  filter_text: str) -> Path | None:
    """Ask where to save; the chosen name always ends in ``suffix`` (or one of several, by the
    filter chosen). ``None`` when cancelled, or when the file chosen is a workspace or a national
    store (said in a dialog). A CSV file type is offered with semicolons and with commas."""
    preselected = ""
    if "*.csv" in filter_text.lower():
        filter_text = with_csv_filters(filter_text)
        if suggested.suffix.lower() == ".csv":
            preselected = csv_filters()[preferred_csv_separator(window)]
    chosen, selected = QFileDialog.getSaveFileName(window, title, str(suggested), filter_text, preselected)
    return finish_save_path(window, title, chosen, suffix, selected)


def run_busy(window: QMainWindow, work: Callable[[], Any], *, failed: str) -> tuple[bool, Any]:
    """Run ``work()`` under a wait cursor after saving pending edits; on an error show it titled
    ``failed``. Returns ``(True, result)`` or ``(False, None)``."""
    window.assessment_view.flush_edits()  # the comment typed a moment ago belongs in the file
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        result = work()
    except Exception as exc:  # shown to the user; our own errors carry a plain message
        QApplication.restoreOverrideCursor()
        show_error(window, exc, title=failed)
        return False, None
    QApplication.restoreOverrideCursor()
    return True, result
