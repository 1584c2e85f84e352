"""Charts drawn with pyqtgraph: the radar of the Ten Essentials, the question bars, and export."""
