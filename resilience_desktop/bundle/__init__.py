"""Bundles for the national platform: format v1, export and verification (no Qt).

See ``docs/bundle-format.md`` for the format a platform in another language can implement.
"""

from .export import ExportResult, bundle_history, export_bundle
from .format import FORMAT_VERSION, Limits, Problem
from .verify import VerifiedBundle, open_verified, verify_bundle

__all__ = ["FORMAT_VERSION", "ExportResult", "Limits", "Problem", "VerifiedBundle", "bundle_history",
           "export_bundle", "open_verified", "verify_bundle"]
