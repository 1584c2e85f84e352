"""Checking a received bundle before anything trusts it: every problem, not just the first.

Order of the checks: the ZIP itself (names, links, duplicates, declared sizes — nothing is read
while any of these fails), then reading every member while counting bytes (a member larger than
it declared, or than the limits, stops the read), then BagIt (required tag files, manifests,
checksums, Payload-Oxum), the JSON members (syntax, schema, format version), the meaning
(scorecard known, ids consistent, scores in range, evidence present) and the GeoPackage.
"""

from __future__ import annotations

__all__ = ["verify_bundle", "open_verified", "VerifiedBundle", "known_snapshot", "warm_up"]

import hashlib
import json
import shutil
import sqlite3
import stat
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from ..errors import BundleError, ScorecardError
from ..i18n.catalog import tr, trn
from ..i18n.reasons import os_reason
from ..safety.validate import loads_json
from ..scorecard import Scorecard, ScorecardRegistry, default_registry
from ..safety.tempfiles import make_temp_dir
from ..safety.zips import ZIP_ERRORS, zip_reason
from .format import (EVIDENCE_DIR, JSON_MEMBERS, KNOWN_FORMAT_VERSIONS, LAYERS_GPKG, REPORT_PDF, REQUIRED_DATA,
                     REQUIRED_TAG_FILES, TAG_FILES, Limits, Problem, validate_json)

_CHUNK = 1 << 20


class ScorecardSource(Protocol):
    """Where the scorecard a bundle names is looked up: a :class:`~resilience_desktop.scorecard.ScorecardRegistry`,
    or the copies a workspace keeps (the exporter's own check); raises ``ScorecardError`` when unknown."""

    def get(self, scorecard_id: str, version: int) -> Scorecard: ...

_GPKG_APP_ID = 0x47504B47


@dataclass
class VerifiedBundle:
    """A bundle that passed every check: its parsed members and the GeoPackage in a temp folder.

    Use as a context manager (or call :meth:`close`) to remove the temporary folder.
    """

    path: Path
    sha256: str
    identity: dict[str, Any] = field(default_factory=dict)
    json: dict[str, Any] = field(default_factory=dict)
    hashes: dict[str, str] = field(default_factory=dict)
    card: Scorecard | None = None
    gpkg: Path | None = None
    workdir: Path | None = None
    #: The parsed ``signature.json`` (``key_id``, ``public_key_raw``, ...) when the bundle is signed
    #: and the signature matches its tag manifest; ``None`` for an unsigned bundle.
    signature: dict[str, Any] | None = None

    def read_member(self, name: str) -> bytes:
        """A payload member's bytes, re-read from the ZIP and checked against its verified hash."""
        with zipfile.ZipFile(self.path) as zf:
            data = zf.read(name)
        if hashlib.sha256(data).hexdigest() != self.hashes.get(name):
            raise BundleError(tr("{member} changed after the bundle was verified", member=name))
        return data

    def close(self) -> None:
        if self.workdir is not None:
            shutil.rmtree(self.workdir, ignore_errors=True)
            self.workdir = None

    def __enter__(self) -> "VerifiedBundle":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def verify_bundle(path: str | Path, *, limits: Limits | None = None,
                  registry: ScorecardSource | None = None) -> list[Problem]:
    """Every problem found in the bundle at ``path`` (an empty list: the bundle can be trusted).

    Examples
    --------
    >>> verify_bundle("/nonexistent.zip")[0].message[:14]
    'cannot read it'
    """
    problems, bundle = _inspect(Path(path), limits or Limits(), registry)
    bundle.close()
    return problems


def describe_bundle(path: str | Path, *, limits: Limits | None = None,
                    registry: ScorecardSource | None = None) -> tuple[list[Problem], dict[str, Any]]:
    """:func:`verify_bundle`'s problems, and what a valid bundle says it is: ``city``, ``country``,
    ``assessment_id``, ``revision``, ``signed`` and the signing ``key_id`` (``None`` when unsigned)."""
    problems, bundle = _inspect(Path(path), limits or Limits(), registry)
    try:
        city = bundle.json.get("data/city.json") or {} if not problems else {}
        facts = {"city": city.get("name"), "country": city.get("country"),
                 "assessment_id": bundle.identity.get("assessment_id") if not problems else None,
                 "revision": bundle.identity.get("revision") if not problems else None,
                 "signed": bundle.signature is not None, "key_id": (bundle.signature or {}).get("key_id")}
    finally:
        bundle.close()
    return problems, facts


def open_verified(path: str | Path, *, limits: Limits | None = None,
                  registry: ScorecardSource | None = None) -> VerifiedBundle:
    """Verify the bundle and return its contents; raise :class:`BundleError` naming the first problem."""
    problems, bundle = _inspect(Path(path), limits or Limits(), registry)
    if problems:
        bundle.close()
        more = tr(" (and {n} more)", n=len(problems) - 1) if len(problems) > 1 else ""
        raise BundleError(f"{problems[0]}{more}", problems)
    return bundle


# ---------------------------------------------------------------------- the ZIP
def _unsafe_name(name: str) -> bool:
    if not name or name.startswith(("/", "\\")) or "\\" in name or "\x00" in name:
        return True
    parts = name.rstrip("/").split("/")
    return ":" in parts[0] or any(p in ("", ".", "..") for p in parts)


def _zip_problems(infos: list[zipfile.ZipInfo], limits: Limits) -> list[Problem]:
    out: list[Problem] = []
    if len(infos) > limits.max_members:
        return [Problem("", trn("holds {n} member; the limit is {limit}", "holds {n} members; the limit is {limit}", len(infos), limit=limits.max_members))]
    counts = Counter(i.filename for i in infos)
    out += [Problem(n, tr("duplicate member name")) for n, c in sorted(counts.items()) if c > 1]
    total = 0
    for info in infos:
        name = info.filename
        if _unsafe_name(name):
            out.append(Problem(name, tr("unsafe member name (absolute path or path traversal)")))
        if stat.S_ISLNK(info.external_attr >> 16):
            out.append(Problem(name, tr("symbolic link (not allowed in a bundle)")))
        if info.flag_bits & 0x1:
            out.append(Problem(name, tr("encrypted member (not allowed in a bundle)")))
        if info.file_size > limits.max_member_bytes:
            out.append(Problem(name, tr("declares {size} bytes; the limit per member is {limit}",
                                        size=info.file_size, limit=limits.max_member_bytes)))
        elif info.file_size > _CHUNK and info.file_size > limits.max_ratio * max(info.compress_size, 1):
            out.append(Problem(name, tr("compressed more than {ratio} to 1 (a zip bomb?)", ratio=limits.max_ratio)))
        total += info.file_size
    if total > limits.max_total_bytes:
        out.append(Problem("", tr("declares {size} bytes in all; the limit is {limit}",
                                  size=total, limit=limits.max_total_bytes)))
    return out


def _not_a_zip_bundle(exc: BaseException, path: Path | None = None) -> Problem:
    return Problem("", tr("cannot read it as a ZIP bundle: {reason}", reason=zip_reason(exc, path))[:300])


def _read_members(zf: zipfile.ZipFile, infos: list[zipfile.ZipInfo], limits: Limits, workdir: Path,
                  problems: list[Problem]) -> tuple[dict[str, dict[str, str]], dict[str, bytes], Path | None, bool]:
    """Stream every member once: its hashes, the bytes of small text members, the GeoPackage to disk.

    The last value is true when reading stopped at a limit (nothing more should be checked)."""
    hashes: dict[str, dict[str, str]] = {}
    texts: dict[str, bytes] = {}
    gpkg: Path | None = None
    total = 0
    for info in infos:
        name = info.filename
        if name.endswith("/"):
            continue
        keep = name in TAG_FILES or name in JSON_MEMBERS
        to_disk = name == LAYERS_GPKG
        h256, h512, buf, count = hashlib.sha256(), hashlib.sha512(), bytearray(), 0
        fh = open(workdir / "layers.gpkg", "wb") if to_disk else None
        try:
            with zf.open(info) as src:
                while chunk := src.read(_CHUNK):
                    count += len(chunk)
                    total += len(chunk)
                    if count > info.file_size or count > limits.max_member_bytes:
                        raise _TooBig(tr("holds more bytes than it declares or than the limit allows"))
                    if total > limits.max_total_bytes:
                        raise _TooBig(tr("the bundle holds more bytes than the limit allows"))
                    if keep and count > limits.max_json_bytes:
                        raise _TooBig(tr("larger than the limit of {limit} bytes for a JSON or tag file",
                                         limit=limits.max_json_bytes))
                    h256.update(chunk)
                    h512.update(chunk)
                    if keep:
                        buf += chunk
                    if fh is not None:
                        fh.write(chunk)
        except _TooBig as exc:
            problems.append(Problem(name, str(exc)))
            return hashes, texts, None, True
        except NotImplementedError as exc:  # encrypted, or a method Python lacks: the whole bundle, said once
            problems.append(_not_a_zip_bundle(exc))
            return hashes, texts, None, True
        except (*ZIP_ERRORS, OSError, RuntimeError) as exc:
            problems.append(Problem(name, tr("damaged member: {reason}", reason=zip_reason(exc))))
            continue
        finally:
            if fh is not None:
                fh.close()
        hashes[name] = {"sha256": h256.hexdigest(), "sha512": h512.hexdigest(), "size": str(count)}
        if keep:
            texts[name] = bytes(buf)
        if to_disk:
            gpkg = workdir / "layers.gpkg"
    return hashes, texts, gpkg, False


class _TooBig(Exception):
    pass


# ---------------------------------------------------------------------- BagIt
def _manifest(text: bytes | None, member: str, problems: list[Problem], length: int) -> dict[str, str] | None:
    if text is None:
        return None
    out: dict[str, str] = {}
    try:
        lines = text.decode("utf-8").splitlines()
    except UnicodeDecodeError:
        problems.append(Problem(member, tr("not UTF-8 text")))
        return None
    for n, line in enumerate(lines, 1):
        parts = line.split(None, 1)
        if len(parts) != 2 or len(parts[0]) != length or any(c not in "0123456789abcdefABCDEF" for c in parts[0]):
            problems.append(Problem(member, tr("line {n} is not 'checksum  path'", n=n)))
            continue
        path = parts[1].strip()
        if path in out:
            problems.append(Problem(member, tr("line {n} lists {path} twice", n=n, path=path)))
        out[path] = parts[0].lower()
    return out


def _bagit_problems(hashes: dict[str, dict[str, str]], texts: dict[str, bytes], problems: list[Problem],
                    damaged: set[str] | frozenset[str] = frozenset()) -> None:
    """The BagIt layer's problems. ``damaged``: members in the ZIP that could not be read (already said
    once as damaged): not said again as missing, nor as a wrong byte count of the payload."""
    for name in REQUIRED_TAG_FILES:
        if name not in hashes:
            problems.append(Problem(name, tr("missing (required by the bundle format)")))
    bagit = texts.get("bagit.txt", b"").decode("utf-8", "replace")
    if "bagit.txt" in texts and "BagIt-Version: 1.0" not in bagit.splitlines():
        problems.append(Problem("bagit.txt", tr("does not declare BagIt-Version: 1.0")))
    payload = {n for n in hashes if n.startswith("data/")}
    for algo, length in (("sha256", 64), ("sha512", 128)):
        member = f"manifest-{algo}.txt"
        listed = _manifest(texts.get(member), member, problems, length)
        if listed is None:
            continue
        for path, digest in sorted(listed.items()):
            if not path.startswith("data/"):
                problems.append(Problem(member, tr("lists {path}, which is outside data/", path=path)))
            elif path not in hashes:
                if path not in damaged:
                    problems.append(Problem(path, tr("missing (listed in {manifest})", manifest=member)))
            elif hashes[path][algo] != digest:
                problems.append(Problem(path, tr("{algo} checksum does not match {manifest} (altered)",
                                                 algo=algo, manifest=member)))
        for path in sorted(payload - set(listed)):
            problems.append(Problem(path, tr("extra file not listed in {manifest}", manifest=member)))
    tags = _manifest(texts.get("tagmanifest-sha256.txt"), "tagmanifest-sha256.txt", problems, 64)
    if tags is not None:
        for name in REQUIRED_TAG_FILES[:-1] + ("bundle.json",):
            if name == "tagmanifest-sha256.txt":
                continue
            if name in hashes and name not in tags:
                problems.append(Problem(name, tr("not listed in tagmanifest-sha256.txt")))
        for path, digest in sorted(tags.items()):
            if path in hashes and hashes[path]["sha256"] != digest:
                problems.append(Problem(path, tr("sha256 checksum does not match tagmanifest-sha256.txt (altered)")))
            elif path not in hashes and path not in damaged:
                problems.append(Problem(path, tr("missing (listed in tagmanifest-sha256.txt)")))
    for name in sorted(hashes):
        if not name.startswith("data/") and name not in TAG_FILES:
            problems.append(Problem(name, tr("extra file outside data/ (not part of the bundle format)")))
    info = texts.get("bag-info.txt", b"").decode("utf-8", "replace")
    for line in info.splitlines():
        if line.startswith("Payload-Oxum:") and not damaged:
            want = f"{sum(int(hashes[n]['size']) for n in payload)}.{len(payload)}"
            if line.split(":", 1)[1].strip() != want:
                problems.append(Problem("bag-info.txt", tr("Payload-Oxum does not match the payload")))


# ---------------------------------------------------------------------- JSON and meaning
def _parse_json(texts: dict[str, bytes], problems: list[Problem]) -> dict[str, Any]:
    parsed: dict[str, Any] = {}
    for member, schema_name in JSON_MEMBERS.items():
        if member not in texts:
            if member in REQUIRED_DATA and not any(p.member == member for p in problems):
                problems.append(Problem(member, tr("missing (required by the bundle format)")))
            continue
        try:
            value = loads_json(texts[member], what=member)
        except (UnicodeDecodeError, ValueError, RecursionError) as exc:
            problems.append(Problem(member, tr("malformed JSON: {reason}", reason=str(exc)[:200])))
            continue
        if member == "bundle.json" and isinstance(value, dict) and value.get("format_version") not in KNOWN_FORMAT_VERSIONS:
            problems.append(Problem(member, tr("unknown format_version {version!r} (this reader knows {known})",
                                               version=value.get("format_version"),
                                               known=", ".join(map(str, KNOWN_FORMAT_VERSIONS)))))
            continue
        if (member == "bundle.json" and isinstance(value, dict) and value.get("format_version") == 1
                and "data/losses.json" in texts):
            problems.append(Problem("data/losses.json", tr("not part of format_version 1")))
        try:
            errors = validate_json(schema_name, value)
        except RecursionError:
            errors = [tr("nested too deeply")]
        for err in errors:
            problems.append(Problem(member, tr("schema violation at {where}", where=err)))
        if not errors:
            parsed[member] = value
    return parsed


_SNAPSHOTS: dict[int, tuple[Scorecard, Any, str]] = {}


def known_snapshot(card: Scorecard) -> tuple[Any, str]:
    """The snapshot a bundle of ``card`` must carry (its definition as JSON would give it back) and
    that snapshot as compact sorted JSON text, computed once per loaded definition.

    Every bundle of a scorecard carries the same ~200 KB snapshot; re-serialising the known definition
    for each of them cost a national store ~6 ms a bundle.
    """
    hit = _SNAPSHOTS.get(id(card))
    if hit is None or hit[0] is not card:
        value = json.loads(json.dumps(dict(card.raw), ensure_ascii=False))
        if len(_SNAPSHOTS) > 64:
            _SNAPSHOTS.clear()
        hit = _SNAPSHOTS[id(card)] = (card, value, json.dumps(value, ensure_ascii=False, sort_keys=True))
    return hit[1], hit[2]


def warm_up(registry: ScorecardRegistry | None = None) -> None:
    """Do once, ahead, what the first verification in a process would do on its way: compile the
    schema checks, load the scorecards and their snapshots. A receiver worker calls it
    before it accepts connections, so the first city's upload does not wait ~0.5 s for it."""
    from .format import _fast
    for schema_name in set(JSON_MEMBERS.values()):
        _fast(schema_name)
    source = registry or default_registry()
    for scorecard_id in source.ids():
        for version in source.versions(scorecard_id):
            known_snapshot(source.get(scorecard_id, version))


def _meaning_problems(parsed: dict[str, Any], hashes: dict[str, dict[str, str]], registry: ScorecardSource,
                      problems: list[Problem]) -> Scorecard | None:
    ident, a = parsed.get("bundle.json"), parsed.get("data/assessment.json")
    city, snapshot = parsed.get("data/city.json"), parsed.get("data/scorecard.json")
    if ident is None or a is None:
        return None
    key = (a["scorecard"]["id"], a["scorecard"]["version"])
    if ident["assessment_id"] != a["id"]:
        problems.append(Problem("bundle.json", tr("assessment_id differs from data/assessment.json")))
    if (ident["scorecard"]["id"], ident["scorecard"]["version"]) != key:
        problems.append(Problem("bundle.json", tr("scorecard differs from data/assessment.json")))
    if city is not None and not (city["id"] == a["city_id"] == ident["city_id"]):
        problems.append(Problem("data/city.json", tr("city id differs from the assessment's")))
    if snapshot is not None and (snapshot.get("id"), snapshot.get("version")) != key:
        problems.append(Problem("data/scorecard.json", tr("is not the scorecard the assessment names")))
    try:
        card = registry.get(*key)
    except ScorecardError:
        problems.append(Problem("data/assessment.json", tr("unknown scorecard {scorecard_id!r} version {version}",
                                                           scorecard_id=key[0], version=key[1])))
        return None
    # The snapshot is what the sending workspace scored with: for a known id and version it must be
    # exactly that definition (forged question texts or levels under a real id are refused).
    if snapshot is not None and snapshot != known_snapshot(card)[0]:
        problems.append(Problem("data/scorecard.json", tr(
            "differs from the known definition of scorecard {scorecard_id!r} version {version}",
            scorecard_id=key[0], version=key[1])))
    low, high = card.min_score, card.max_score
    seen: set[str] = set()
    scope = set(a["essentials_scope"]) if a["essentials_scope"] is not None else None

    def check_score(where: str, qid: str, score: int | None, na: bool) -> None:
        if not card.has_question(qid):
            problems.append(Problem("data/assessment.json", tr("{where}: unknown question {question_id!r}",
                                                               where=where, question_id=qid)))
            return
        if score is not None and not low <= score <= high:
            problems.append(Problem("data/assessment.json", tr(
                "{where}: score {score} of {question_id} is outside {low}..{high}",
                where=where, score=score, question_id=qid, low=low, high=high)))
        if score is not None and na:
            problems.append(Problem("data/assessment.json", tr("{where}: {question_id} is both scored and N/A",
                                                               where=where, question_id=qid)))

    for ans in a["answers"]:
        qid = ans["question_id"]
        if qid in seen:
            problems.append(Problem("data/assessment.json", tr("answers: {question_id} answered twice", question_id=qid)))
        seen.add(qid)
        check_score("answers", qid, ans["score"], ans["na"])
        if scope is not None and card.has_question(qid) and card.question(qid).essential not in scope:
            problems.append(Problem("data/assessment.json", tr("answers: {question_id} is outside the assessment's essentials",
                                                               question_id=qid)))
    for s in a["stakeholder_scores"]:
        check_score("stakeholder_scores", s["question_id"], s["score"], s["na"])
    for item in a["action_items"] + a["evidence"]:
        if item["question_id"] is not None and not card.has_question(item["question_id"]):
            problems.append(Problem("data/assessment.json", tr("unknown question {question_id!r}",
                                                               question_id=item["question_id"])))
    referenced = set()
    for e in a["evidence"]:
        if e["kind"] == "file":
            member = EVIDENCE_DIR + str(e["sha256"])
            referenced.add(member)
            if e["sha256"] is None or member not in hashes:
                problems.append(Problem(member, tr("evidence file {name!r} is missing", name=e["name"])))
    for name, h in sorted(hashes.items()):
        if name.startswith(EVIDENCE_DIR):
            if name[len(EVIDENCE_DIR):] != h["sha256"]:
                problems.append(Problem(name, tr("evidence is not stored under its own sha256")))
            elif name not in referenced:
                problems.append(Problem(name, tr("evidence file not referenced by the assessment")))
        elif name.startswith("data/") and name not in JSON_MEMBERS and name not in (LAYERS_GPKG, REPORT_PDF):
            problems.append(Problem(name, tr("extra file (not part of the bundle format)")))
    return card


def _gpkg_problems(gpkg: Path | None, parsed: dict[str, Any], hashes: dict[str, dict[str, str]],
                   problems: list[Problem]) -> None:
    layers = parsed.get("data/layers.json")
    has_gpkg = LAYERS_GPKG in hashes
    if has_gpkg != ("data/layers.json" in hashes):
        problems.append(Problem(LAYERS_GPKG, tr("data/layers.json and data/layers.gpkg come together")))
        return
    if gpkg is None:
        return
    head = gpkg.open("rb").read(100)
    if len(head) < 100 or not head.startswith(b"SQLite format 3\x00"):
        problems.append(Problem(LAYERS_GPKG, tr("unreadable GeoPackage: not an SQLite file")))
        return
    if head[18] == 2 or head[19] == 2:
        problems.append(Problem(LAYERS_GPKG, tr("GeoPackage is in WAL mode (must be checkpointed, rollback journal)")))
        return
    counts: dict[str, int] = {}
    try:
        conn = sqlite3.connect(gpkg.resolve().as_uri() + "?mode=ro&immutable=1", uri=True)
        try:
            ok = conn.execute("PRAGMA integrity_check").fetchone()[0]
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            # the layers a GIS lists: a feature table registered in both of the GeoPackage's own tables
            listed = {str(r[0]) for r in conn.execute(
                "SELECT c.table_name FROM gpkg_contents c JOIN gpkg_geometry_columns g USING (table_name)"
                " WHERE c.data_type = 'features'")} if {"gpkg_contents", "gpkg_geometry_columns"} <= tables else set()
            for layer in layers or ():
                table = str(layer["table"])
                if ok == "ok" and table in tables:
                    counts[table] = conn.execute(f'SELECT COUNT(*) FROM "{table.replace(chr(34), chr(34) * 2)}"'
                                                 ).fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error as exc:
        problems.append(Problem(LAYERS_GPKG, tr("unreadable GeoPackage: {reason}", reason=exc)))
        return
    if ok != "ok" or app_id != _GPKG_APP_ID:
        problems.append(Problem(LAYERS_GPKG, tr("unreadable GeoPackage: integrity check failed or not a GeoPackage")))
        return
    if layers is None:
        return
    for layer in layers:
        if layer["table"] not in listed or layer["table"] not in counts:
            problems.append(Problem(LAYERS_GPKG, tr("unreadable layer {table}: {reason}", table=layer["table"],
                                                    reason=tr("the GeoPackage has no such layer"))))
            continue
        n = counts[layer["table"]]  # the rows themselves, not the count gpkg_ogr_contents claims
        if n != layer["feature_count"]:
            problems.append(Problem(LAYERS_GPKG, trn("layer {table} holds {n} feature, data/layers.json says {m}",
                                                     "layer {table} holds {n} features, data/layers.json says {m}",
                                                     n, table=layer["table"], m=layer["feature_count"])))


def _inspect(path: Path, limits: Limits, registry: ScorecardSource | None) -> tuple[list[Problem], VerifiedBundle]:
    bundle = VerifiedBundle(path, "", workdir=make_temp_dir("rd-verify-"))
    try:
        return _inspect_into(bundle, path, limits, registry)
    except BaseException:  # an unexpected failure must not leave the temporary folder behind
        bundle.close()
        raise


def _inspect_into(bundle: VerifiedBundle, path: Path, limits: Limits,
                  registry: ScorecardSource | None) -> tuple[list[Problem], VerifiedBundle]:
    workdir = bundle.workdir
    assert workdir is not None
    problems: list[Problem] = []
    try:
        digest = hashlib.sha256()
        with path.open("rb") as fh:
            while chunk := fh.read(_CHUNK):
                digest.update(chunk)
        bundle.sha256 = digest.hexdigest()
        zf = zipfile.ZipFile(path)
    except OSError as exc:
        return [Problem("", tr("cannot read it: {reason}", reason=os_reason(exc)))], bundle
    except ZIP_ERRORS as exc:
        return [_not_a_zip_bundle(exc, path)], bundle
    with zf:
        infos = zf.infolist()
        problems += _zip_problems(infos, limits)
        if problems:
            return problems, bundle
        if not any(i.filename in ("bagit.txt", "bundle.json") or i.filename.startswith("data/") for i in infos):
            # a workbook, a zipped Shapefile: one sentence, not thirty lines of missing tag files (a trial)
            return [Problem("", tr("it is not a bundle: it holds none of a bundle's files (bagit.txt, bundle.json, "
                                   "data/); choose the .zip written by Export bundle"))], bundle
        hashes, texts, gpkg, stopped = _read_members(zf, infos, limits, workdir, problems)
    if stopped:
        return problems, bundle
    damaged = {i.filename for i in infos if not i.filename.endswith("/")} - set(hashes)  # said once, as damaged
    _bagit_problems(hashes, texts, problems, damaged)
    if damaged:  # what a damaged member would say (its scorecard, its layers) cannot be read: the damage is the reason
        return problems, bundle
    bundle.signature = _signature(texts, problems)
    parsed = _parse_json(texts, problems)
    card = _meaning_problems(parsed, hashes, registry or default_registry(), problems)
    _gpkg_problems(gpkg, parsed, hashes, problems)
    if REPORT_PDF in hashes and problems == [] and not _is_pdf(path):
        problems.append(Problem(REPORT_PDF, tr("not a PDF file")))
    bundle.identity = parsed.get("bundle.json", {})
    bundle.json = parsed
    bundle.hashes = {n: h["sha256"] for n, h in hashes.items()}
    bundle.card = card
    bundle.gpkg = gpkg
    return problems, bundle


def _signature(texts: dict[str, bytes], problems: list[Problem]) -> dict[str, Any] | None:
    """The signature document when ``signature.json`` is present and matches the tag manifest."""
    from .signing import SIGNATURE_FILE, SIGNED_FILE, check_signature, parse_signature
    if SIGNATURE_FILE not in texts:
        return None
    problem = check_signature(texts[SIGNATURE_FILE], texts.get(SIGNED_FILE, b""))
    if problem is not None:
        problems.append(Problem(SIGNATURE_FILE, problem))
        return None
    return parse_signature(texts[SIGNATURE_FILE])[0]


def _is_pdf(path: Path) -> bool:
    with zipfile.ZipFile(path) as zf, zf.open(REPORT_PDF) as fh:
        return fh.read(5) == b"%PDF-"
