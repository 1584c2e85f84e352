"""Workspace-wide full-text search: hits for the ``search`` command and the search panel (no Qt).

The index itself is part of the workspace file (:mod:`resilience_desktop.store.search_index`).
"""

from .hits import DEFAULT_LIMIT, SearchHit, field_label, group_by_assessment, hit_label, kind_label, search_workspace

__all__ = ["DEFAULT_LIMIT", "SearchHit", "field_label", "group_by_assessment", "hit_label", "kind_label", "search_workspace"]
