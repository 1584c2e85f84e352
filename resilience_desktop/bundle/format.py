"""Bundle format v1: names, limits, canonical JSON and the schemas (see docs/bundle-format.md).

A bundle is a ZIP holding a BagIt bag (RFC 8493) at its root. The payload (``data/``) depends
only on the assessment's data, so the same data gives the same payload hashes; the identity of
one export (revision, previous bundle's hash, time) lives in the tag file ``bundle.json``.
"""

from __future__ import annotations

__all__ = ["FORMAT_VERSION", "KNOWN_FORMAT_VERSIONS", "Limits", "Problem", "canonical_json", "schema", "validate_json",
           "REQUIRED_TAG_FILES", "OPTIONAL_TAG_FILES", "TAG_FILES", "JSON_MEMBERS", "ZIP_DATE", "member_order"]

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

#: The bundle format this code writes and the only one it reads.
FORMAT_VERSION = 2
#: Versions a reader accepts: 1 (no losses) and 2 (adds the optional ``data/losses.json``).
KNOWN_FORMAT_VERSIONS = (1, 2)
#: Every member's timestamp in the zip (the earliest ZIP can store), so the file is reproducible.
ZIP_DATE = (1980, 1, 1, 0, 0, 0)

REQUIRED_TAG_FILES = ("bagit.txt", "bag-info.txt", "manifest-sha256.txt", "manifest-sha512.txt",
                      "tagmanifest-sha256.txt", "bundle.json")
#: Optional tag files: the Ed25519 signature over the tag manifest (bundle/signing.py).
OPTIONAL_TAG_FILES = ("signature.json",)
#: Tag files a bundle may hold (anything else outside data/ is an extra file).
TAG_FILES = frozenset(REQUIRED_TAG_FILES + OPTIONAL_TAG_FILES)
#: JSON members and the schema each must satisfy; the first three are required.
JSON_MEMBERS = {"bundle.json": "bundle", "data/assessment.json": "assessment", "data/city.json": "city",
                "data/scorecard.json": "scorecard", "data/changelog.json": "changelog",
                "data/layers.json": "layers", "data/risk.json": "risk", "data/losses.json": "losses"}
REQUIRED_DATA = ("data/assessment.json", "data/city.json", "data/scorecard.json", "data/changelog.json")
LAYERS_GPKG = "data/layers.gpkg"
REPORT_PDF = "data/report.pdf"
EVIDENCE_DIR = "data/evidence/"


@dataclass(frozen=True)
class Limits:
    """What a reader accepts before it reads anything: guards against zip bombs and floods."""

    max_member_bytes: int = 512 * 2**20
    max_total_bytes: int = 2 * 2**30
    max_members: int = 10_000
    max_json_bytes: int = 64 * 2**20
    max_ratio: int = 1000  # uncompressed / compressed, for members over 1 MiB


@dataclass(frozen=True)
class Problem:
    """One problem found in a bundle: which member (or ``""`` for the whole file) and what."""

    member: str
    message: str

    def __str__(self) -> str:
        return f"{self.member}: {self.message}" if self.member else self.message

    def to_json(self) -> dict[str, str]:
        return {"member": self.member, "message": self.message}


def canonical_json(value: Any) -> bytes:
    """JSON as stored in a bundle: sorted keys, UTF-8, two-space indent, final newline.

    Examples
    --------
    >>> canonical_json({"b": 1, "a": "é"})
    b'{\\n  "a": "\\xc3\\xa9",\\n  "b": 1\\n}\\n'
    """
    return (json.dumps(value, ensure_ascii=False, sort_keys=True, indent=2) + "\n").encode("utf-8")


@lru_cache(maxsize=None)
def schema(name: str) -> dict[str, Any]:
    """The JSON Schema ``name`` (``bundle``, ``assessment``, ...) shipped in ``bundle/schemas``."""
    text = resources.files(__package__).joinpath("schemas", f"{name}.json").read_text(encoding="utf-8")
    return json.loads(text)


#: An unescaped ``$`` in a ``pattern``: the end of the string in ECMA-262 regular expressions (what JSON
#: Schema specifies), but "end, or before a final newline" in Python's ``re``.
_DOLLAR = re.compile(r"(?<!\\)\$")


@lru_cache(maxsize=None)
def _ecma_end(pattern: str) -> re.Pattern[str]:
    r"""``pattern`` with every unescaped ``$`` made ``\Z``, as fastjsonschema compiles it.

    >>> bool(_ecma_end("^[A-Z]{2}$").search("KG\n"))
    False
    """
    return re.compile(_DOLLAR.sub(r"\\Z", pattern))


def _pattern(validator: Any, pattern: str, instance: Any, _schema: Any) -> Any:
    """jsonschema's ``pattern`` keyword with ECMA-262's ``$`` (a sha256 followed by a newline is no sha256)."""
    import jsonschema
    if validator.is_type(instance, "string") and not _ecma_end(pattern).search(instance):
        yield jsonschema.ValidationError(f"{instance!r} does not match {pattern!r}")


@lru_cache(maxsize=None)
def _validator(name: str) -> Any:
    """The schema's own draft (2020-12) in jsonschema, whose ``pattern`` follows ECMA-262 like the compiled check."""
    import jsonschema
    cls = jsonschema.validators.extend(jsonschema.validators.validator_for(schema(name)), {"pattern": _pattern})
    return cls(schema(name))


@lru_cache(maxsize=None)
def _fast(name: str) -> Any:
    """A compiled check of the same schema, ~30x faster than jsonschema (benchmarks/bench_schemas.py).

    The schemas declare draft 2020-12 but use only keywords whose meaning draft-07 shares (type, properties,
    required, additionalProperties, items as one schema, enum, const, pattern, min/max, oneOf, propertyNames,
    ``$ref`` to ``#/$defs/...``); fastjsonschema knows drafts up to 07, so it compiles them as draft-07.
    tests/bundle/test_schema_engines.py proves both engines give the same verdict on every bundle schema.
    """
    import fastjsonschema
    return fastjsonschema.compile({**schema(name), "$schema": "http://json-schema.org/draft-07/schema#"})


def validate_json(name: str, value: Any) -> list[str]:
    """Every schema violation of ``value`` as ``"path: message"`` (empty when valid).

    A compiled validator answers the common case (valid) quickly; jsonschema then names every
    violation of an invalid document.
    """
    import fastjsonschema
    try:
        _fast(name)(value)
        return []
    except fastjsonschema.JsonSchemaException:
        pass
    out = []
    for err in sorted(_validator(name).iter_errors(value), key=lambda e: list(map(str, e.absolute_path))):
        where = "/".join(str(p) for p in err.absolute_path) or "(root)"
        msg = err.message if len(err.message) < 200 else err.message[:200] + "…"
        out.append(f"{where}: {msg}")
    return out


def member_order(name: str) -> tuple[int, str]:
    """The fixed order of members in the zip: bagit.txt first, tag files, then the payload sorted."""
    if name == "bagit.txt":
        return (0, name)
    return (1, name) if not name.startswith("data/") else (2, name)
