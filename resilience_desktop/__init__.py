"""Resilience Desktop: the UNDRR Disaster Resilience Scorecard for Cities, offline, with maps.

The package is split into a Qt-free core (``scorecard``, ``store``, ``workspace``, ...) and a thin
Qt layer in :mod:`resilience_desktop.ui`. Importing this package never imports Qt.
"""

__all__ = ["__version__"]

__version__ = "0.1.0"
