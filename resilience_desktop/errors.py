"""One error tree for the whole application.

The command line turns any :class:`ResilienceError` into a one-line message and exit code 2; the
GUI shows it in a dialog with a plain message and details. Anything else is a bug.
"""

from __future__ import annotations

__all__ = [
    "ResilienceError",
    "ScorecardError",
    "ScorecardValidationError",
    "ValidationProblem",
    "WorkspaceError",
    "NotAWorkspaceError",
    "WorkspaceCorruptError",
    "WorkspaceTooNewError",
    "WorkspaceLockedError",
    "WorkspaceReadOnlyError",
    "WorkspaceNeedsUpgradeError",
    "NotFoundError",
    "InvalidInputError",
    "GisError",
    "ExcelImportError",
    "BundleError",
    "NationalStoreError",
]

from dataclasses import dataclass


class ResilienceError(Exception):
    """Base of every error the application raises on purpose."""


@dataclass(frozen=True)
class ValidationProblem:
    """One problem in a scorecard definition: where it is and what is wrong."""

    file: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.field}: {self.message}"


class ScorecardError(ResilienceError, ValueError):
    """A scorecard definition cannot be found or used."""


class ScorecardValidationError(ScorecardError):
    """A scorecard definition failed validation; ``problems`` lists every problem found."""

    def __init__(self, problems: list[ValidationProblem]):
        self.problems = list(problems)
        first = str(self.problems[0]) if self.problems else "invalid scorecard"
        more = f" (and {len(self.problems) - 1} more)" if len(self.problems) > 1 else ""
        super().__init__(first + more)


class WorkspaceError(ResilienceError):
    """A workspace file cannot be opened or written."""


class NotAWorkspaceError(WorkspaceError):
    """The file is not a Resilience Desktop workspace."""


class WorkspaceCorruptError(WorkspaceError):
    """The file is a workspace but SQLite reports it damaged."""


class WorkspaceTooNewError(WorkspaceError):
    """The workspace was written by a newer version of the application."""


class WorkspaceLockedError(WorkspaceError):
    """Another running instance has the workspace open for writing."""


class WorkspaceReadOnlyError(WorkspaceError):
    """A write was attempted on a workspace opened read-only."""


class WorkspaceNeedsUpgradeError(WorkspaceError):
    """A workspace of an older format was opened read-only: it must be opened for editing once."""


class NotFoundError(ResilienceError, LookupError):
    """A record (city, assessment, question, ...) does not exist."""


class InvalidInputError(ResilienceError, ValueError):
    """A value given by the user is out of range or malformed."""


class ExcelImportError(ResilienceError, ValueError):
    """An Excel workbook cannot be imported: not a workbook, encrypted, not a Preliminary
    scorecard workbook, or holding data that cannot be trusted (nothing is imported)."""


class GisError(ResilienceError, ValueError):
    """A map layer cannot be read, stored or reprojected (an unreadable or unsupported file, an
    unknown CRS, a missing coordinate column). The message is one plain line; nothing changed."""


class BundleError(ResilienceError, ValueError):
    """A bundle cannot be written, or a received bundle cannot be trusted (one plain line; the
    target file or national store is unchanged). ``problems`` lists everything found, if checked."""

    def __init__(self, message: str, problems: list | None = None):
        self.problems = list(problems or [])
        super().__init__(message)


class NationalStoreError(ResilienceError):
    """The national store cannot be opened or written (bad URL, unreachable server, not our database)."""
