"""The main window: menus, the view stack (start page, assessment), status bar, settings."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication, QFileDialog, QLabel, QMainWindow, QMessageBox, QStackedWidget, QWidget,
)

from .. import __version__
from ..demo.workspace import demo_workspace_path, ensure_demo
from ..errors import ResilienceError, WorkspaceLockedError
from ..i18n.catalog import LANGUAGES, current, language, set_language, tr
from ..store.database import WORKSPACE_SUFFIX
from ..workspace.facade import Workspace
from .exchange import excel_actions
from .exchange import report_actions
from .exchange import bundle_actions
from .exchange.file_actions import use_csv_separator
from .map import map_actions
from .assessment.assessment_view import AssessmentView
from .edit_commands import EditCommand
from .dialogs.error_dialog import error_message, show_error
from .dialogs.shortcuts_dialog import ShortcutsDialog
from .start_view import StartView
from .theme import BASE_FONT_PROPERTY, set_theme, style_sheet, theme
from .workspace_model import Entity, WorkspaceModel

MAX_RECENT = 8
#: View > Larger/Smaller text: the text size as a factor of the system's (Ctrl++, Ctrl+-, Ctrl+0).
TEXT_SCALES = (0.85, 1.0, 1.15, 1.3, 1.5, 1.75, 2.0)
#: The status bar shows the open assessment's completion.
_STATUS_ENTITIES = frozenset({Entity.ASSESSMENT, Entity.ANSWER})


class MainWindow(QMainWindow):
    #: True for ``--screenshot``: problems go to stderr, never to a dialog that would wait forever.
    headless = False

    def __init__(self, settings: QSettings, parent: QWidget | None = None):
        super().__init__(parent)
        self.settings = settings
        use_csv_separator(self)  # CSV files written without a save dialog (loss evidence) as the last export's
        self.model = WorkspaceModel(self)
        self._apply_text_scale(self.text_scale())
        self._apply_theme(str(settings.value("theme", "standard") or "standard"))
        self.setWindowTitle("Resilience Desktop")
        self.setMinimumSize(960, 600)
        EditCommand.on_error = lambda exc: show_error(self, exc)
        self._quiet_close = False
        self._build()
        self.model.sig_workspace_replaced.connect(self._on_workspace_replaced)
        self.model.sig_changed.connect(lambda e: self._update_status() if e.entity in _STATUS_ENTITIES else None)
        self.model.sig_assessment_selected.connect(lambda _a: self._update_status())
        self._on_workspace_replaced()

    # ------------------------------------------------------------------ building
    def _build(self) -> None:
        self.stack = QStackedWidget(self)
        # built inside the stack: added from elsewhere, each view's whole tree was styled again (~2.5 ms a view)
        self.start_view = StartView(self.model, self.stack)
        self.assessment_view = AssessmentView(self.model, self.stack)
        #: name -> widget of every view built so far; views of later features register in _build_views().
        self.views: dict[str, QWidget] = {}
        #: name -> function building a view not built yet (see ``view()``).
        self._view_builders: dict[str, Callable[[], object]] = {}
        for attribute in _LAZY_ATTRIBUTES:  # a rebuild (language switch) builds them again when asked
            self.__dict__.pop(attribute, None)
        self._add_view("start", self.start_view)
        self._add_view("assessment", self.assessment_view)
        self._build_views()
        self.setCentralWidget(self.stack)
        self.start_view.sig_open_assessment.connect(self._open_assessment)
        self.start_view.sig_new_workspace.connect(self.new_workspace)
        self.start_view.sig_open_workspace.connect(self.choose_workspace)
        self.start_view.sig_open_recent.connect(lambda p: self.open_workspace(Path(p)))
        self.start_view.sig_open_demo.connect(self.open_demo)
        self.start_view.set_recent(self.recent_files())
        self._build_menus()
        self.path_label = QLabel()
        self.completion_label = QLabel()
        self.statusBar().addWidget(self.path_label, 1)
        self.statusBar().addPermanentWidget(self.completion_label)
        splitter_state = self.settings.value("assessment/splitter")
        if isinstance(splitter_state, QByteArray):
            self.assessment_view.restore_splitter(splitter_state)

    def _add_view(self, name: str, widget: QWidget) -> None:
        self.views[name] = widget
        self.stack.addWidget(widget)
        # A view built lazily gets its size now, not on the stack's next layout pass: code that
        # shows it and at once fits something in it (the map zooming to a selection) needs it.
        widget.setGeometry(self.stack.contentsRect())

    def _build_views(self) -> None:
        """Register the views of feature packages (dashboard, presentation, map, ...).

        Each is built the first time it is shown or used (``show_view``, ``view()``, or an
        attribute such as ``window.map_view``), not at start: building them all, and the map's
        scene, cost ~0.3 s before the first paint. The sync view is built now: its status line
        is in the status bar from the start.
        """
        self._view_builders.update({
            "dashboard": self._build_dashboard, "actions": self._build_action_plan,
            "presentation": self._build_presentation, "map": lambda: map_actions.install_view(self),
            "scenarios": self._build_scenarios, "national": self._build_national, "losses": self._build_losses})
        from .sync import sync_actions
        sync_actions.install_view(self)

    def view(self, name: str) -> QWidget:
        """The widget of view ``name``, built now if it was not yet."""
        builder = self._view_builders.pop(name, None)
        if builder is not None:
            builder()
        return self.views[name]

    def __getattr__(self, name: str):
        # ``window.map_view`` and the like build their view on first use (see _build_views).
        view = _LAZY_ATTRIBUTES.get(name)
        if view is not None and view in self.__dict__.get("_view_builders", ()):
            self.view(view)
            return self.__dict__[name]
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    def _build_dashboard(self) -> None:
        from .results.dashboard_view import DashboardView
        self.dashboard_view = DashboardView(self.model, self.stack)
        self._add_view("dashboard", self.dashboard_view)
        if self.model.ws is not None:  # built after the workspace was opened: catch up with it
            self.dashboard_view._assessment_changed()

    def _build_action_plan(self) -> None:
        from .results.action_plan_view import ActionPlanView
        self.action_plan_view = ActionPlanView(self.model, self.stack)
        self._add_view("actions", self.action_plan_view)
        if self.model.ws is not None:
            self.action_plan_view._reset()

    def _build_presentation(self) -> None:
        from .presentation.presentation_controller import PresentationController
        from .presentation.presentation_view import PresentationView
        self.presentation_view = PresentationView(self.model, self.stack)
        if self.model.ws is not None:
            self.presentation_view._assessment_changed()
        self._add_view("presentation", self.presentation_view)
        self.presentation = PresentationController(self, self.presentation_view)
        self.presentation.previous = self.current_view()  # Esc returns to the view shown before

    def _build_scenarios(self) -> None:
        from .scenarios import scenarios_actions
        scenarios_actions.install_view(self)

    def _build_national(self) -> None:
        from .national import national_actions
        national_actions.install_view(self)

    def _build_losses(self) -> None:
        from .losses import losses_actions
        losses_actions.install_view(self)

    def _build_feature_menus(self, view_menu) -> None:
        """Add feature actions: File > Import/Export entries and View entries of feature views."""
        self._action(view_menu, tr("&Dashboard"), lambda: self.show_view("dashboard"), "Ctrl+3", name="dashboardAction")
        self._action(view_menu, tr("Action &plan"), lambda: self.show_view("actions"), "Ctrl+4", name="actionPlanAction")
        self._action(view_menu, tr("P&resentation"), lambda: self.presentation.enter(), "F5", name="presentationAction")
        report_actions.install(self)
        bundle_actions.install(self)
        excel_actions.install(self)
        map_actions.install(self, view_menu)
        from .scenarios import scenarios_actions
        scenarios_actions.install(self, view_menu)
        from .sync import sync_actions
        sync_actions.install(self, view_menu)
        from .national import national_actions
        national_actions.install(self, view_menu)
        from .losses import losses_actions
        losses_actions.install(self, view_menu)

    def _action(self, menu, text: str, slot, shortcut=None, *, name: str = "") -> QAction:
        act = QAction(text, self)
        if shortcut is not None:
            act.setShortcut(QKeySequence(shortcut))
        act.triggered.connect(slot)
        if name:
            act.setObjectName(name)
        menu.addAction(act)
        return act

    def _build_menus(self) -> None:
        mb = self.menuBar()
        mb.clear()
        f = mb.addMenu(tr("&File"))
        self._action(f, tr("&New workspace…"), self.new_workspace, QKeySequence.StandardKey.New)
        self._action(f, tr("&Open workspace…"), self.choose_workspace, QKeySequence.StandardKey.Open)
        self._action(f, tr("Open &demo workspace"), self.open_demo)
        self.recent_menu = f.addMenu(tr("Open &recent"))
        f.addSeparator()
        self.import_menu = f.addMenu(tr("&Import"))
        self.export_menu = f.addMenu(tr("&Export"))
        f.addSeparator()
        self.close_action = self._action(f, tr("&Close workspace"), self.close_workspace, "Ctrl+W")
        f.addSeparator()
        self._action(f, tr("&Quit"), self.close, QKeySequence.StandardKey.Quit)
        e = mb.addMenu(tr("&Edit"))
        undo = self.model.undo_stack.createUndoAction(self, tr("&Undo"))
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        redo = self.model.undo_stack.createRedoAction(self, tr("&Redo"))
        redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        e.addAction(undo)
        e.addAction(redo)
        self.undo_action, self.redo_action = undo, redo
        e.addSeparator()
        self._action(e, tr("New &city…"), self.start_view.new_city)
        self._action(e, tr("New &assessment…"), self.start_view.new_assessment)
        e.addSeparator()
        self._action(e, tr("&Find question…"), self._find, QKeySequence.StandardKey.Find)
        from .search import search_actions  # every assessment, full text (issue 18)
        search_actions.install(self, e)
        e.addSeparator()
        from .dialogs import user_name_dialog  # "your name", recorded in the history (issue 16)
        user_name_dialog.install(self, e)
        v = mb.addMenu(tr("&View"))
        self._action(v, tr("&Start page"), lambda: self.show_view("start"), "Ctrl+1")
        self._action(v, tr("&Assessment"), lambda: self.show_view("assessment"), "Ctrl+2")
        self._build_feature_menus(v)
        self.import_menu.setEnabled(not self.import_menu.isEmpty())
        self.export_menu.setEnabled(not self.export_menu.isEmpty())
        v.addSeparator()
        larger = self._action(v, tr("Lar&ger text"), lambda: self.step_text_scale(+1), "Ctrl++", name="largerTextAction")
        larger.setShortcuts([QKeySequence("Ctrl++"), QKeySequence("Ctrl+=")])  # "+" is Shift+= on most keyboards
        self._action(v, tr("Smaller &text"), lambda: self.step_text_scale(-1), "Ctrl+-", name="smallerTextAction")
        self._action(v, tr("Normal te&xt size"), lambda: self.set_text_scale(1.0), "Ctrl+0", name="normalTextAction")
        contrast = self._action(v, tr("&High contrast"), lambda on: self.set_theme("high-contrast" if on else "standard"),
                                name="highContrastAction")
        contrast.setCheckable(True)
        contrast.setChecked(theme() == "high-contrast")
        lang_menu = v.addMenu(tr("&Language"))
        group = QActionGroup(self)
        for code, name in LANGUAGES.items():
            act = QAction(name, self, checkable=True)
            act.setChecked(code == language())
            act.triggered.connect(lambda _c=False, code=code: self.set_ui_language(code))
            group.addAction(act)
            lang_menu.addAction(act)
        h = mb.addMenu(tr("&Help"))
        self._action(h, tr("&Keyboard shortcuts"), self.show_shortcuts, QKeySequence.StandardKey.HelpContents)
        self._action(h, tr("&About Resilience Desktop"), self.show_about)
        self._refresh_recent_menu()

    # ------------------------------------------------------------------ views
    def show_view(self, name: str) -> None:
        if name not in self.views and name not in self._view_builders:
            raise ValueError(name)
        if name not in ("start", "national") and self.model.assessment_id is None and not (name in ("map", "sync") and self.model.ws):
            name = "start"  # every other view shows an assessment (the map needs only a workspace)
        self.stack.setCurrentWidget(self.view(name))
        if name == "assessment":
            self.assessment_view.focus_navigator()

    def current_view(self) -> str:
        current = self.stack.currentWidget()
        return next(name for name, w in self.views.items() if w is current)

    def _open_assessment(self, assessment_id: str) -> None:
        self.model.select_assessment(assessment_id)
        self.show_view("assessment")

    def _find(self) -> None:
        if self.model.assessment_id:
            self.show_view("assessment")
            self.assessment_view.focus_search()

    # ------------------------------------------------------------------ workspaces
    def open_workspace(self, path: Path, *, read_only: bool = False) -> bool:
        """Open ``path``; on failure show why and keep the current workspace. Returns success."""
        self.assessment_view.flush_edits()
        try:
            ws = Workspace.open(path, read_only=read_only)
        except WorkspaceLockedError as exc:
            if self.headless:  # --screenshot: nobody is there to answer a dialog
                print(f"resilience-desktop: {exc}; " + tr("opening it read-only"), file=sys.stderr)
                return self.open_workspace(path, read_only=True)
            answer = QMessageBox.question(
                self, tr("Workspace in use"),
                str(exc) + "\n\n" + tr("Open it read-only?"),
                QMessageBox.StandardButton.Open | QMessageBox.StandardButton.Cancel)
            if answer != QMessageBox.StandardButton.Open:
                return False
            return self.open_workspace(path, read_only=True)
        except Exception as exc:
            if self.headless:
                print(f"resilience-desktop: error: {exc}", file=sys.stderr)
                return False
            show_error(self, exc, title=tr("Cannot open workspace"))
            return False
        self.model.set_workspace(ws)
        if not ws.is_demo:
            self._remember(path)
            self.settings.setValue("last_workspace", str(path))
        return True

    def open_demo(self) -> bool:
        path = demo_workspace_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        if self.model.ws is not None and self.model.ws.path == path:
            self.model.set_workspace(None)
        try:
            # A demo open in another running instance is refused, untouched (never asked about or
            # replaced); otherwise an up-to-date demo is opened as it is and an outdated one rewritten.
            if path.exists():
                from ..store.lock import WorkspaceLock
                try:
                    WorkspaceLock(path).release()
                except WorkspaceLockedError:
                    raise WorkspaceLockedError(tr(
                        "{name} is open in another running Resilience Desktop; close it there before writing a new demo",
                        name=path.name)) from None
            ensure_demo(path)
        except Exception as exc:
            if self.headless:  # --screenshot: no dialog anybody could read; the reason goes to stderr
                detail = "" if isinstance(exc, ResilienceError) else f" ({type(exc).__name__}: {exc})"
                print(f"resilience-desktop: error: {error_message(exc)}{detail}", file=sys.stderr)
                return False
            show_error(self, exc, title=tr("Cannot create the demo workspace"))
            return False
        return self.open_workspace(path)

    def open_last_workspace(self) -> None:
        last = self.settings.value("last_workspace")
        if last and Path(str(last)).exists():
            self.open_workspace(Path(str(last)))

    def choose_workspace(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, tr("Open workspace"), str(Path.home()),
            tr("Resilience workspaces (*{ext});;All files (*)", ext=WORKSPACE_SUFFIX))
        if path:
            self.open_workspace(Path(path))

    def new_workspace(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, tr("New workspace"), str(Path.home() / f"resilience{WORKSPACE_SUFFIX}"),
            tr("Resilience workspaces (*{ext})", ext=WORKSPACE_SUFFIX))
        if not path:
            return
        path = Path(path)
        if path.suffix != WORKSPACE_SUFFIX:
            path = path.with_name(path.name + WORKSPACE_SUFFIX)
        self.create_workspace(path)

    def create_workspace(self, path: Path) -> bool:
        self.assessment_view.flush_edits()
        try:
            ws = Workspace.create(path)
        except Exception as exc:
            show_error(self, exc, title=tr("Cannot create workspace"))
            return False
        self.model.set_workspace(ws)
        self._remember(path)
        self.settings.setValue("last_workspace", str(path))
        return True

    def close_workspace(self) -> None:
        self.assessment_view.flush_edits()
        self.model.set_workspace(None)

    def recent_files(self) -> list[str]:
        value = self.settings.value("recent", [])
        if isinstance(value, str):
            value = [value]
        return [str(v) for v in (value or [])]

    def _remember(self, path: Path) -> None:
        p = str(Path(path).resolve())
        recent = [p] + [r for r in self.recent_files() if r != p]
        self.settings.setValue("recent", recent[:MAX_RECENT])
        self._refresh_recent_menu()
        self.start_view.set_recent(self.recent_files())

    def _refresh_recent_menu(self) -> None:
        self.recent_menu.clear()
        recent = self.recent_files()
        for p in recent:
            act = self.recent_menu.addAction(p)
            act.triggered.connect(lambda _c=False, p=p: self.open_workspace(Path(p)))
        self.recent_menu.setEnabled(bool(recent))

    def _on_workspace_replaced(self) -> None:
        ws = self.model.ws
        self.close_action.setEnabled(ws is not None)
        title = "Resilience Desktop"
        if ws is not None:
            title = f"{ws.path.name} — {title}" + (f" [{tr('read-only')}]" if ws.read_only else "")
        self.setWindowTitle(title)
        self.show_view("assessment" if (ws is not None and self.model.assessment_id and
                                        self.current_view() == "assessment") else "start")
        self._update_status()

    def _update_status(self) -> None:
        ws = self.model.ws
        if ws is None:
            self.path_label.setText(tr("No workspace open"))
            self.completion_label.setText("")
            return
        flags = []
        if ws.is_demo:
            flags.append(tr("demo"))
        if ws.read_only:
            flags.append(tr("read-only"))
        self.path_label.setText(str(ws.path) + (f"  ({', '.join(flags)})" if flags else ""))
        aid = self.model.assessment_id
        if aid:
            s = ws.score(aid)
            self.completion_label.setText(tr("Completion: {a} of {n} ({p})  ·  Score: {pts} / {mx}",
                                             a=s.answered, n=s.questions, p=current().percent(100 * s.completion, 0),
                                             pts=s.points, mx=s.max))
        else:
            self.completion_label.setText("")

    # ------------------------------------------------------------------ theme, language, help
    def _apply_theme(self, name: str) -> None:
        from .theme import apply_palette
        name = set_theme(name)
        apply_palette(QApplication.instance(), name)
        # Text sizes follow the system font (QApplication's default font is the desktop's).
        self.setStyleSheet(style_sheet(QApplication.font().pointSizeF(), name))

    # ------------------------------------------------------------------ text size (a room's back row)
    def text_scale(self) -> float:
        """The text size chosen in View > Larger/Smaller text, as a factor of the system's (remembered)."""
        try:
            scale = float(self.settings.value("view/text_scale", 1.0) or 1.0)
        except (TypeError, ValueError):
            return 1.0
        return min(TEXT_SCALES, key=lambda s: abs(s - scale))

    def step_text_scale(self, steps: int) -> None:
        """One step larger (+1) or smaller (-1) along :data:`TEXT_SCALES`; nothing past either end."""
        i = TEXT_SCALES.index(self.text_scale()) + steps
        if 0 <= i < len(TEXT_SCALES):
            self.set_text_scale(TEXT_SCALES[i])

    def set_text_scale(self, scale: float) -> None:
        """Every text of the window (the views, menus, tables, charts' labels) at ``scale`` times the system's
        size: the views are built again, as for a language, keeping the question and the view shown."""
        self.settings.setValue("view/text_scale", scale)
        self._apply_text_scale(scale)
        self._apply_theme(theme())
        self.set_ui_language(language())

    @staticmethod
    def _apply_text_scale(scale: float) -> None:
        app = QApplication.instance()
        base = app.property(BASE_FONT_PROPERTY)  # the system's size, before any scaling (one per process)
        if not base:
            base = app.font().pointSizeF()
            app.setProperty(BASE_FONT_PROPERTY, base)
        font = app.font()
        if abs(font.pointSizeF() - base * scale) > 0.01:
            font.setPointSizeF(base * scale)
            app.setFont(font)

    def set_theme(self, name: str) -> None:
        """Switch between the standard and the high-contrast theme at once (the views are rebuilt
        so every score colour is redrawn); remembered in the settings."""
        self.settings.setValue("theme", name)
        self._apply_theme(name)
        self.set_ui_language(language())

    def set_ui_language(self, code: str) -> None:
        self.assessment_view.flush_edits()
        # A presentation running (Ctrl+Plus, high contrast, a language chosen during it) is left before the views
        # are rebuilt and entered again after, at its question: rebuilt under it, it lost its slides, kept the
        # window full screen without menus and doubled its shortcuts, so F5 and Esc stopped working (a trial).
        presenting = self.__dict__.get("presentation")
        presenting = presenting if presenting is not None and presenting.active else None
        if presenting is not None:
            presented = presenting.view.current_question_id()
            presenting.leave()
            if presented:
                self.assessment_view.navigator.select(presented)
        from .app import install_qt_translation
        install_qt_translation(set_language(code))
        self.settings.setValue("language", code)
        use_csv_separator(self)  # before any choice, the new language's decimal separator decides
        current = self.current_view()
        question = self.assessment_view.navigator.current_question()
        state = self.assessment_view.splitter.saveState()
        old = self.stack
        old_labels = (self.path_label, self.completion_label)
        self._build()
        old.deleteLater()
        self.assessment_view.restore_splitter(state)
        for label in old_labels:  # _build() added fresh ones
            self.statusBar().removeWidget(label)
            label.deleteLater()
        self._on_workspace_replaced()
        self.show_view(current)
        if question:
            self.assessment_view.navigator.select(question)  # stay on the question the user was on
        if presenting is not None:
            self.presentation.enter()

    def show_shortcuts(self) -> None:
        ShortcutsDialog(self).open()

    def show_about(self) -> None:
        QMessageBox.about(self, tr("About Resilience Desktop"), tr(
            "<h3>Resilience Desktop {v}</h3><p>An offline desktop tool for the UNDRR Disaster Resilience "
            "Scorecard for Cities: score the Ten Essentials, keep the evidence, map the risks.</p>"
            "<p>Scorecard texts are our own wording of the official scorecard's facts.</p>"
            "<p>Python {py}, Qt {qt}.</p>", v=__version__, py=sys.version.split()[0], qt=_qt_version())
            # GeoNames' licence (CC BY 4.0) asks for attribution where the data is used
            + tr("<p>Map data: Natural Earth (public domain); populated places: GeoNames "
                 "(www.geonames.org), CC BY 4.0.</p>"))

    # ------------------------------------------------------------------ geometry, closing
    def restore_geometry_or(self, size: tuple[int, int]) -> None:
        geometry = self.settings.value("window/geometry")
        if not (isinstance(geometry, QByteArray) and self.restoreGeometry(geometry)):
            self.resize(*size)
        state = self.settings.value("window/state")
        if isinstance(state, QByteArray):
            self.restoreState(state)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt override)
        self.assessment_view.flush_edits()
        if not self._quiet_close:
            self.settings.setValue("window/geometry", self.saveGeometry())
            self.settings.setValue("window/state", self.saveState())
            self.settings.setValue("assessment/splitter", self.assessment_view.splitter.saveState())
        self.model.close()
        event.accept()

    def close_quietly(self) -> None:
        """Close without remembering geometry (used by ``--screenshot``)."""
        self._quiet_close = True
        self.close()


#: Attributes holding a view (or its controller) built on first use -> the view's name.
_LAZY_ATTRIBUTES = {"dashboard_view": "dashboard", "action_plan_view": "actions", "presentation_view": "presentation",
                    "presentation": "presentation", "map_view": "map", "scenarios_view": "scenarios",
                    "national_view": "national", "losses_view": "losses"}


def _qt_version() -> str:
    from PySide6 import __version__ as v
    return v


__all__ = ["MainWindow"]
