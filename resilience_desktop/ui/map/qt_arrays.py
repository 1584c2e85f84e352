"""Numpy arrays into Qt geometry without a Python loop per vertex.

Qt reads a ``QPainterPath`` or ``QPolygonF`` from a ``QDataStream`` in a documented binary
layout, so one ``numpy`` buffer becomes one path with thousands of sub-paths in a single call
(the technique pyqtgraph's ``arrayToQPath`` uses).
"""

from __future__ import annotations

__all__ = ["path_from_arrays", "polygon_from_xy"]

import numpy as np
from PySide6.QtCore import QByteArray, QDataStream, QIODevice, Qt
from PySide6.QtGui import QPainterPath, QPolygonF

_ELEMENT = np.dtype([("type", "<i4"), ("x", "<f8"), ("y", "<f8")])


def _read_into(target: QPainterPath | QPolygonF, data: bytes) -> None:
    buffer = QByteArray(data)  # must outlive the stream reading it
    ds = QDataStream(buffer, QIODevice.OpenModeFlag.ReadOnly)
    ds.setByteOrder(QDataStream.ByteOrder.LittleEndian)
    ds >> target


def path_from_arrays(xy: np.ndarray, start: np.ndarray,
                     fill_rule: Qt.FillRule = Qt.FillRule.WindingFill) -> QPainterPath:
    """A path of sub-paths: a ``moveTo`` where ``start`` is true, ``lineTo`` elsewhere."""
    path = QPainterPath()
    n = len(xy)
    if n == 0:
        return path
    elements = np.empty(n, dtype=_ELEMENT)
    elements["type"] = np.where(start, 0, 1)   # QPainterPath::MoveToElement = 0, LineToElement = 1
    elements["type"][0] = 0
    elements["x"] = xy[:, 0]
    elements["y"] = xy[:, 1]
    last_start = int(np.nonzero(start)[0][-1]) if start.any() else 0
    data = (np.int32(n).tobytes() + elements.tobytes()
            + np.array([last_start, int(fill_rule.value)], dtype="<i4").tobytes())
    _read_into(path, data)
    return path


def polygon_from_xy(xy: np.ndarray) -> QPolygonF:
    """A ``QPolygonF`` holding the points ``xy`` (N, 2)."""
    poly = QPolygonF()
    if len(xy):
        data = np.uint32(len(xy)).tobytes() + np.ascontiguousarray(xy, dtype="<f8").tobytes()
        _read_into(poly, data)
    return poly
