"""Bring in and hand out official Excel scorecards. No Qt.

* :func:`read_workbook` reads the official UNDRR Preliminary tool (``.xlsm``, and its ``.xlsx``
  variants) or a workbook this app exported, as plain data; macros are never run.
* :func:`import_workbook` writes it into a workspace as a new assessment, all or nothing.
* :func:`export_workbook` writes an assessment as a clean ``.xlsx`` that imports back unchanged.
"""

from .content import CityInfo, ImportReport, QuestionEntry, WorkbookContent
from .exporter import export_workbook
from .importer import import_workbook
from .reader import read_workbook

__all__ = ["CityInfo", "ImportReport", "QuestionEntry", "WorkbookContent", "export_workbook", "import_workbook",
           "read_workbook"]
