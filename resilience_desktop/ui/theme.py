"""Colours and the application style sheet (legible on a laptop and on a projector)."""

SCORE_COLOURS = {  # share of the maximum -> colour, used for level cards and charts
    # thirds exactly: on the 0-3 scale 1 is orange and 2 is yellow (0.34/0.67 made 1 red and 2 orange)
    0.0: "#c0392b", 1 / 3: "#e67e22", 2 / 3: "#f1c40f", 1.0: "#27ae60",
}


def score_colour(share: float) -> str:
    """Colour for a score given as its share of the maximum (0..1)."""
    best = "#7f8c8d"
    for threshold, colour in sorted(SCORE_COLOURS.items()):
        if share + 1e-9 >= threshold:
            best = colour
    return best


STYLE = """
QLabel#h1 { font-size: 22pt; font-weight: 600; }
QLabel#h2 { font-size: 15pt; font-weight: 600; }
QLabel#topic { font-size: 17pt; font-weight: 600; }
QLabel#question { font-size: 13pt; }
QLabel#muted { color: #555; }
QLabel#banner { background: #fff3cd; border: 1px solid #e0c36a; padding: 6px 10px; border-radius: 4px; }
QLabel#scenario { background: #e8f1fb; border: 1px solid #9cc0e8; padding: 4px 8px; border-radius: 4px; }
QFrame#levelCard { border: 2px solid #c8ccd2; border-radius: 6px; background: #fbfbfc; }
QFrame#levelCard[selected="true"] { border: 3px solid #1f5fa8; background: #e3eefb; }
QFrame#levelCard:hover { border-color: #6b96c8; }
QLabel#levelScore { font-size: 20pt; font-weight: 700; min-width: 36px; }
QLabel#levelText { font-size: 11pt; }
QPushButton#big { font-size: 12pt; padding: 8px 16px; }
QTreeWidget { font-size: 11pt; }
"""
