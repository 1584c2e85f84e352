"""Assessment reports: what they say (``content``), without Qt. The PDF is drawn in ``ui/report``."""

from .content import (
    ActionEntry, Cover, EssentialSection, EssentialSummary, EvidenceEntry, ExposureTable, Labels, MapImage,
    QuestionEntry, Report, Summary, build_report, format_number,
)

__all__ = [
    "ActionEntry", "Cover", "EssentialSection", "EssentialSummary", "EvidenceEntry", "ExposureTable", "Labels",
    "MapImage", "QuestionEntry", "Report", "Summary", "build_report", "format_number",
]
