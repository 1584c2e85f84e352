"""Charts: the radar of the Ten Essentials (one QPainter drawing for screen, export and PDF), the question bars (pyqtgraph), and export."""
