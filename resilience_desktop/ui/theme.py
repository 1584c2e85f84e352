"""Colours and the application style sheet (legible on a laptop and on a projector).

Text sizes in the style sheet are multiples of the system's own font size (``style_sheet(base_pt)``),
so a user who enlarged the desktop font gets larger headings and level cards too. The high-contrast
theme (View > High contrast, setting ``theme``) draws black on white with heavy borders and a
thick focus frame; every score colour is shown next to the score's number, never alone.
"""

from __future__ import annotations

__all__ = ["SCORE_COLOURS", "score_colour", "style_sheet", "STYLE", "THEMES", "apply_palette", "text_scale",
           "BASE_FONT_PROPERTY"]

SCORE_COLOURS = {  # share of the maximum -> colour, used for level cards and charts
    # thirds exactly: on the 0-3 scale 1 is orange and 2 is yellow (0.34/0.67 made 1 red and 2 orange)
    0.0: "#c0392b", 1 / 3: "#e67e22", 2 / 3: "#f1c40f", 1.0: "#27ae60",
}
#: Darker score colours for the high-contrast theme (each at least 4.5:1 against white).
HIGH_CONTRAST_SCORE_COLOURS = {0.0: "#a01010", 1 / 3: "#8a4a00", 2 / 3: "#5c5c00", 1.0: "#006400"}
THEMES = ("standard", "high-contrast")
_theme = "standard"
#: The application's property holding the system's font size in points, before View > Larger text scaled it.
BASE_FONT_PROPERTY = "rd_base_font_pt"


def text_scale() -> float:
    """How many times the system's size the text is now (View > Larger/Smaller text; 1.0 before any choice):
    charts that draw their own labels scale them by it."""
    from PySide6.QtWidgets import QApplication
    app = QApplication.instance()
    base = app.property(BASE_FONT_PROPERTY) if app is not None else None
    return app.font().pointSizeF() / float(base) if base else 1.0


#: Brighter score colours for the projector (presentation mode): a washed-out beam keeps them apart.
PROJECTOR_SCORE_COLOURS = {0.0: "#ff5a4e", 1 / 3: "#ff9f1a", 2 / 3: "#ffd60a", 1.0: "#3ddc84"}
#: The colour of a score that has none (N/A, not answered) on each palette.
_NO_SCORE = {"standard": "#7f8c8d", "high-contrast": "#333333", "projector": "#b4bec9"}


def score_colour(share: float | None, *, projector: bool = False) -> str:
    """Colour for a score given as its share of the maximum (0..1); ``None`` (no score) is muted.

    The desktop colours follow the theme (standard or high contrast); ``projector`` picks the
    brighter presentation-mode colours whatever the theme.

    >>> score_colour(0.5, projector=True), score_colour(None, projector=True)
    ('#ff9f1a', '#b4bec9')
    """
    palette = "projector" if projector else _theme
    colours = {"standard": SCORE_COLOURS, "high-contrast": HIGH_CONTRAST_SCORE_COLOURS,
               "projector": PROJECTOR_SCORE_COLOURS}[palette]
    if share is None:
        return _NO_SCORE[palette]
    best = colours[0.0] if projector else _NO_SCORE[palette]
    for threshold, colour in sorted(colours.items()):
        if share + 1e-9 >= threshold:
            best = colour
    return best


def set_theme(name: str) -> str:
    """Use ``name`` (one of :data:`THEMES`, else standard) for colours made from now on; return it."""
    global _theme
    _theme = name if name in THEMES else "standard"
    return _theme


def theme() -> str:
    return _theme


def style_sheet(base_pt: float = 10.0, name: str | None = None) -> str:
    """The application style sheet, its text sizes scaled to the system font of ``base_pt`` points."""
    k = max(base_pt, 6.0) / 10.0

    def pt(size: float) -> str:
        return f"{size * k:.1f}pt"

    sheet = f"""
QLabel#h1 {{ font-size: {pt(22)}; font-weight: 600; }}
QLabel#h2 {{ font-size: {pt(15)}; font-weight: 600; }}
QLabel#topic {{ font-size: {pt(17)}; font-weight: 600; }}
QLabel#question {{ font-size: {pt(13)}; }}
QLabel#muted {{ color: #555; }}
QLabel#banner {{ background: #fff3cd; border: 1px solid #e0c36a; padding: 6px 10px; border-radius: 4px; }}
QLabel#scenario {{ background: #e8f1fb; border: 1px solid #9cc0e8; padding: 4px 8px; border-radius: 4px; }}
QFrame#levelCard {{ border: 2px solid #c8ccd2; border-radius: 6px; background: #fbfbfc; }}
QFrame#levelCard[selected="true"] {{ border: 3px solid #1f5fa8; background: #e3eefb; }}
QFrame#levelCard:hover {{ border-color: #6b96c8; }}
QFrame#levelCard:focus {{ border: 3px dashed #1f5fa8; }}
QFrame#levelCard[selected="true"]:focus {{ border: 3px dashed #0b2f5e; }}
QLabel#levelScore {{ font-size: {pt(20)}; font-weight: 700; min-width: 36px; }}
QLabel#levelText {{ font-size: {pt(11)}; }}
QPushButton#big {{ font-size: {pt(12)}; padding: 8px 16px; }}
QTreeWidget {{ font-size: {pt(11)}; }}
QPushButton:focus, QToolButton:focus, QLineEdit:focus, QPlainTextEdit:focus, QComboBox:focus,
QTreeWidget:focus, QTableWidget:focus, QTabBar::tab:focus {{ border: 2px solid #1f5fa8; }}
"""
    if (name or _theme) == "high-contrast":
        sheet += """
QWidget { color: #000000; background: #ffffff; }
QLabel#muted { color: #000000; }
QLabel#banner, QLabel#scenario { background: #ffffff; border: 2px solid #000000; }
QFrame#levelCard { border: 2px solid #000000; background: #ffffff; }
QFrame#levelCard[selected="true"] { border: 5px double #000000; background: #ffff66; }
QFrame#levelCard:focus { border: 4px dashed #0000cc; }
QPushButton, QToolButton, QComboBox, QLineEdit, QPlainTextEdit, QTreeWidget, QTableWidget {
    border: 2px solid #000000; }
QPushButton:focus, QToolButton:focus, QLineEdit:focus, QPlainTextEdit:focus, QComboBox:focus,
QTreeWidget:focus, QTableWidget:focus { border: 3px solid #0000cc; }
QTreeWidget::item:selected, QTableWidget::item:selected { background: #000000; color: #ffff66; }
QProgressBar { border: 2px solid #000000; text-align: center; color: #000000; background: #ffffff; }
QProgressBar::chunk { background: #ffff66; }
"""
    return sheet


#: The standard sheet at the default size (kept for code that does not know the system font).
STYLE = style_sheet()


def apply_palette(app: object, name: str) -> None:
    """Give ``app`` (a QApplication) the palette of theme ``name`` (black on white for high contrast)."""
    from PySide6.QtGui import QColor, QPalette

    if name != "high-contrast":
        app.setPalette(app.style().standardPalette())  # type: ignore[attr-defined]
        return
    pal = QPalette()
    for role, colour in ((QPalette.ColorRole.Window, "#ffffff"), (QPalette.ColorRole.WindowText, "#000000"),
                         (QPalette.ColorRole.Base, "#ffffff"), (QPalette.ColorRole.Text, "#000000"),
                         (QPalette.ColorRole.Button, "#ffffff"), (QPalette.ColorRole.ButtonText, "#000000"),
                         (QPalette.ColorRole.Highlight, "#000000"), (QPalette.ColorRole.HighlightedText, "#ffff66"),
                         (QPalette.ColorRole.ToolTipBase, "#ffffcc"), (QPalette.ColorRole.ToolTipText, "#000000"),
                         (QPalette.ColorRole.PlaceholderText, "#333333"), (QPalette.ColorRole.Link, "#0000cc")):
        pal.setColor(role, QColor(colour))
    app.setPalette(pal)  # type: ignore[attr-defined]
