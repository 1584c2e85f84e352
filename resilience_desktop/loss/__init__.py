"""Historic disaster losses: DesInventar exports read in a stream, summed per hazard and year,
and the Sendai Framework A–D figures. No Qt, no workspace (``workspace/losses.py`` stores them)."""

from .desinventar import DesInventarImport, GeoUnit, read_desinventar
from .events import hazard_kind_for_event
from .records import FIGURES, LossRecord, figure_label
from .summary import LossSummary, SendaiFigure, TOTAL_FIGURES, sendai_figures, summarize

__all__ = ["DesInventarImport", "GeoUnit", "read_desinventar", "hazard_kind_for_event", "FIGURES", "LossRecord",
           "figure_label", "LossSummary", "SendaiFigure", "TOTAL_FIGURES", "sendai_figures", "summarize"]
