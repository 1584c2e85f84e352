"""Maps without Qt: reading layers (io), CRS handling (crs), geometry clean-up and display prep.

Nothing here imports Qt; the canvas and the PNG renderer live in ``resilience_desktop.ui.map``.
"""
