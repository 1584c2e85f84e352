"""Starting the GUI: the QApplication, language, the main window, and ``--screenshot`` rendering."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QSettings, Qt, QTimer, QTranslator
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from .. import __version__
from ..i18n.catalog import set_language, system_language, tr
from ..i18n.language import Language

ORG = "ResilienceDesktop"


def make_app(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv[:1])
    app.setOrganizationName(ORG)
    app.setApplicationName(ORG)
    app.setApplicationDisplayName("Resilience Desktop")
    app.setApplicationVersion(__version__)
    font = app.font()
    if font.pointSizeF() < 10:
        font.setPointSizeF(10)
    app.setFont(font)
    return app  # type: ignore[return-value]


_qt_translators: list[QTranslator] = []


def install_qt_translation(lang: str) -> None:
    """Translate Qt's own texts (OK/Cancel, file dialogs) with the catalogs PySide6 ships."""
    app = QApplication.instance()
    for old in _qt_translators:
        app.removeTranslator(old)
    _qt_translators.clear()
    # Spin boxes and other Qt number fields write numbers as the language does (decimal comma).
    code = Language.get(lang).code
    QLocale.setDefault(QLocale(code) if code != "en" else QLocale.system())
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    for code in Language.get(lang).chain:  # Qt ships no Kazakh or Kyrgyz: their chain reaches Russian
        if code == "en":
            return
        translator = QTranslator(app)
        if translator.load(f"qtbase_{code}", folder):
            app.installTranslator(translator)
            _qt_translators.append(translator)
            return


def install_excepthook(parent) -> None:
    """Show unexpected errors in the error dialog (with details) instead of ending the app."""
    from .dialogs.error_dialog import show_error

    def hook(exc_type, exc, tb):  # type: ignore[no-untyped-def]
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        sys.__excepthook__(exc_type, exc, tb)  # keep it on stderr for bug reports
        try:
            show_error(parent, exc.with_traceback(tb))
        except Exception:  # the dialog itself failed: nothing more we can show
            pass

    sys.excepthook = hook


def settings() -> QSettings:
    return QSettings(ORG, ORG)


def open_view(window, view: str) -> None:
    """Show ``view`` as the menu or its shortcut would: the presentation is entered as F5 does
    (full screen, no menus, no status bar: no workspace path, no names)."""
    if view == "presentation" and window.model.assessment_id is not None:
        window.presentation.enter()
    else:
        window.show_view(view)


def startup_language(s: QSettings) -> str:
    """The language chosen in Settings; on the first start, the system's (ru, kk, ky, uz, tg or en)."""
    chosen = s.value("language")
    if chosen:
        return str(chosen)
    return system_language([*QLocale.system().uiLanguages(), QLocale.system().name()])


def run_gui(*, workspace: Path | None, demo: bool, read_only: bool, lang: str | None,
            view: str | None, screenshot: str | None, size: tuple[int, int], national: str | None = None) -> int:
    """Run the desktop app; with ``screenshot`` render the window to a PNG and return."""
    app = make_app()
    s = settings()
    install_qt_translation(set_language(lang or startup_language(s)))
    from .main_window import MainWindow  # after the language is set: menus are built translated
    window = MainWindow(settings=s)
    window.headless = bool(screenshot)  # never wait on a dialog when rendering headless
    install_excepthook(window)
    if demo:
        if not window.open_demo():  # e.g. the demo is open in another instance: refused, with a dialog
            print("resilience-desktop: error: " + (tr("the demo workspace could not be written") if screenshot else
                                                   tr("the demo workspace could not be written (see the dialog)")),
                  file=sys.stderr)
            if screenshot:
                window.close_quietly()
                return 2
    elif workspace is not None:
        if not window.open_workspace(workspace, read_only=read_only) and screenshot:
            window.close_quietly()  # the error line is printed; a screenshot of nothing is not a success
            return 2
    else:
        window.open_last_workspace()
    if national:
        from .national.national_actions import open_national
        if not open_national(window, national, wait=bool(screenshot)) and screenshot:
            print("resilience-desktop: error: " + tr("cannot open the national store {url}", url=national),
                  file=sys.stderr)
            return 2
        view = view or "national"
    if view:
        open_view(window, view)
    if screenshot:
        if window.isFullScreen():  # the presentation: keep its look, at the size asked for
            window.showNormal()
        window.resize(*size)
        window.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, QGuiApplication.platformName() != "offscreen")
        window.show()
        for _ in range(5):
            app.processEvents()
        ok = window.grab().save(screenshot, "PNG")
        window.close_quietly()
        if not ok:
            print("resilience-desktop: error: " + tr("cannot write {path}", path=screenshot), file=sys.stderr)
            return 2
        return 0
    window.restore_geometry_or(size)
    window.show()
    from .dialogs.user_name_dialog import ask_if_unset
    ask_if_unset(window)  # the first start: whose name goes into the history
    QTimer.singleShot(0, window.raise_)
    return app.exec()
