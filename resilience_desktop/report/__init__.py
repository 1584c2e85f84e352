"""Assessment reports: what they say (``content``), without Qt. The PDF is drawn in ``ui/report``."""

from .content import (
    ActionEntry, Cover, EssentialSection, EssentialSummary, EvidenceEntry, ExposureTable, Labels, MapImage,
    QuestionEntry, Report, Summary, build_report, format_count, format_number, map_image,
)

__all__ = [
    "ActionEntry", "Cover", "EssentialSection", "EssentialSummary", "EvidenceEntry", "ExposureTable", "Labels",
    "MapImage", "QuestionEntry", "Report", "Summary", "build_report", "format_count", "format_number", "map_image",
]
