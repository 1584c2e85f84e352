"""Hazards, scenarios and exposure: the view, the editor, the results panel, undo commands."""
