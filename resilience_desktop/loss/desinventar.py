"""Read a DesInventar export (``DI_export_<code>.zip`` or its ``.xml``), streaming.

The export is a dump of the database's tables: ``<DESINVENTAR><table><TR><column>value…``. Files
of hundreds of megabytes exist, so the XML is read with :func:`xml.etree.ElementTree.iterparse`
and every row is dropped as soon as it is read: memory grows with the records *kept* (those of
the city), not with the file. What the importer does (docs/losses.md):

- table and column names are matched case-insensitively (``Kmvias`` and ``kmvias`` both occur);
  any column may be missing or empty;
- "there were some, number unknown" (``hay_*`` flag set with a count of 0, or DesInventar 8's
  ``-1``) stays *unknown*, never 0; a count of 0 without a flag is "not reported" (``None``);
- records whose review status is not published (``approved`` other than 0: draft, review,
  rejected, support) are left out unless asked for, and counted;
- event names are kept in the database's language; the hazard kind comes from ``eventos.nombre_en``;
- records belong to the city through its geography unit: the unit's code at its level (codes of
  lower levels start with it), found from the city's name in ``lev0``/``lev1``/``lev2`` (or the
  records' own ``name0..2`` when the file has no geography tables), or given as a code. A record
  filed only at a higher level (the whole province) is not the city's.
"""

from __future__ import annotations

__all__ = ["GeoUnit", "DesInventarImport", "read_desinventar", "read_units", "suggest_unit", "open_export",
           "place_key"]

import io
import re
import zipfile
import xml.etree.ElementTree as ET
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Iterator

from ..errors import LossImportError
from typing import Callable

#: ``progress(bytes read, file size)`` and ``cancelled()``, as every long operation takes them.
Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]
from ..i18n.catalog import tr
from ..i18n.reasons import os_reason
from ..safety.zips import ZIP_ERRORS, zip_reason
from .events import hazard_kind_for_event, normalise
from .records import COUNT_FIGURES, MEASURE_FIGURES, LossRecord

if TYPE_CHECKING:
    from _typeshed import WriteableBuffer


@dataclass(frozen=True)
class GeoUnit:
    """A geography unit of the export: ``level`` 0, 1 or 2 (``lev0``…``lev2``)."""

    code: str
    name: str
    name_en: str
    level: int

    def label(self) -> str:
        return f"{self.name} ({self.code})"


@dataclass
class DesInventarImport:
    """What :func:`read_desinventar` found: the city's records and the counts around them."""

    source_name: str
    records: list[LossRecord]
    match: GeoUnit | None
    #: The city's records left out because they are not published (draft, review, rejected, support).
    excluded: int = 0
    #: Records of other places (not the city's unit), and every record in the file.
    elsewhere: int = 0
    total: int = 0
    units: list[GeoUnit] = field(default_factory=list)
    events: dict[str, str | None] = field(default_factory=dict)
    revision: str | None = None


#: Control characters XML 1.0 forbids (all but tab, LF, CR). The exporter escapes only ``& < > ' "``, so one
#: typed into a free-text field (place, sources, comments) would make the whole export unreadable; each
#: becomes a space. In UTF-8 these bytes never occur inside a multi-byte character.
_CONTROL = bytes.maketrans(bytes([*range(0, 9), 11, 12, *range(14, 32)]), b" " * 29)


def _not_xml(name: str, exc: ET.ParseError) -> LossImportError:
    """A file that is no well-formed XML, in one sentence without expat's English ("syntax error")."""
    from xml.parsers.expat import errors
    reasons = {errors.codes[errors.XML_ERROR_SYNTAX]: lambda: tr("it is not XML at all (another kind of file?)"),
               errors.codes[errors.XML_ERROR_NO_ELEMENTS]: lambda: tr("it ends too early (empty or cut short)"),
               errors.codes[errors.XML_ERROR_UNCLOSED_TOKEN]: lambda: tr("it is cut short"),
               errors.codes[errors.XML_ERROR_TAG_MISMATCH]: lambda: tr("a tag is closed that was not opened (damaged)")}
    reason = reasons.get(exc.code, lambda: tr("it is damaged or not well-formed"))()
    return LossImportError(tr("{name} is not valid XML (line {line}): {error}", name=name, line=exc.position[0],
                              error=reason))


def _unreadable_zip(name: str, reason: str) -> LossImportError:
    return LossImportError(tr("{name} is not a readable ZIP file: {error}", name=name, error=reason))


class _Counting(io.RawIOBase):
    """A read-only stream counting the bytes read (progress on files of any size), with the control
    characters XML forbids turned into spaces; a zipped member's damage found while reading (a bad
    checksum, a truncated stream) becomes one :class:`LossImportError` naming the file."""

    def __init__(self, raw: IO[bytes], name: str):
        self.raw, self.count, self.name = raw, 0, name

    def readable(self) -> bool:
        return True

    def readinto(self, b: WriteableBuffer) -> int:
        view = memoryview(b)
        try:
            data = self.raw.read(len(view)).translate(_CONTROL)
        except ZIP_ERRORS as exc:
            raise _unreadable_zip(self.name, zip_reason(exc)) from None
        view[:len(data)] = data
        self.count += len(data)
        return len(data)


@contextmanager
def open_export(path: str | Path) -> Iterator[tuple[IO[bytes], int]]:
    """The XML stream of an export (inside the ZIP, or the file itself) and its size in bytes."""
    path = Path(path)
    if not path.is_file():
        raise LossImportError(tr("no file at {path}", path=str(path)))
    if zipfile.is_zipfile(path):
        try:
            zf = zipfile.ZipFile(path)
        except OSError as exc:
            raise _unreadable_zip(path.name, os_reason(exc)) from None
        except ZIP_ERRORS as exc:
            raise _unreadable_zip(path.name, zip_reason(exc, path)) from None
        with zf:
            xmls = [i for i in zf.infolist() if i.filename.lower().endswith(".xml")]
            xmls.sort(key=lambda i: not Path(i.filename).name.lower().startswith("di_export"))
            if not xmls:
                raise LossImportError(tr("{name} holds no DesInventar XML (DI_export_<code>.xml)", name=path.name))
            try:
                f = zf.open(xmls[0])
            except ZIP_ERRORS as exc:
                raise _unreadable_zip(path.name, zip_reason(exc, path)) from None
            with f:
                yield f, xmls[0].file_size
        return
    with open(path, "rb") as f:
        yield f, path.stat().st_size


def _int(text: str) -> int | None:
    if not text:
        return None
    try:
        return int(float(text))
    except ValueError:
        return None


def _float(text: str) -> float | None:
    if not text:
        return None
    try:
        v = float(text)
    except ValueError:
        return None
    return v if v == v else None  # NaN is not a figure


_SPACE = re.compile(r"[\s\-_.,]+")
_CITY_WORDS = {"city", "town", "municipality", "город", "г", "шаары", "шахри", "қаласы", "shahri"}


def place_key(name: str) -> str:
    """A place name for matching: case, accents, punctuation and words like "city"/"город" dropped.

    Examples
    --------
    >>> place_key("г. Бишкек") == place_key("БИШКЕК") == place_key("Bishkek city".replace("Bishkek", "Бишкек"))
    True
    """
    words = [w for w in _SPACE.split(normalise(name).casefold()) if w and w not in _CITY_WORDS]
    return " ".join(words)


#: Texts repeated over many records (event names, geography codes, places) are kept once.
_shared: dict[str, str] = {}


def _one(text: str | None) -> str | None:
    if not text:
        return None
    if len(_shared) > 200_000:
        _shared.clear()
    return _shared.setdefault(text, text)


def _record(row: dict[str, str], events: dict[str, str | None]) -> LossRecord:
    figures: dict[str, float | int] = {}
    unknown: list[str] = []
    for name, (column, flag) in COUNT_FIGURES.items():
        count = _int(row.get(column, ""))
        flagged = flag is not None and (_int(row.get(flag, "")) or 0) != 0
        if count is not None and count > 0:
            figures[name] = count
        elif (count is not None and count < 0) or flagged:  # DI8 -1 / classic flag: some, number unknown
            unknown.append(name)
    for name, column in MEASURE_FIGURES.items():
        v = _float(row.get(column, ""))
        if v is not None and v > 0:  # 0 is ambiguous in these unflagged columns: not reported
            figures[name] = v
    event = row.get("evento", "")
    event_en = events.get(event) or events.get(event.casefold())
    year, month, day = (_int(row.get(k, "")) for k in ("fechano", "fechames", "fechadia"))
    event = _one(event) or ""
    return LossRecord(
        key=row.get("clave") or row.get("uu_id") or row.get("serial") or "",
        serial=row.get("serial", ""), event=event, event_en=event_en,
        hazard_kind=_kind(event, event_en),
        year=year or None, month=month or None, day=day or None, duration_days=_int(row.get("duracion", "")),
        level0=_one(row.get("level0")), level1=_one(row.get("level1")), level2=_one(row.get("level2")),
        place=_one(row.get("lugar", "")) or "", status=_int(row.get("approved", "")) or 0,
        figures=figures, unknown=tuple(unknown))


_kinds: dict[tuple[str, str | None], str] = {}


def _kind(event: str, event_en: str | None) -> str:
    key = (event, event_en)
    if key not in _kinds:
        _kinds[key] = hazard_kind_for_event(event, event_en)
    return _kinds[key]


class _Matcher:
    """Decides, once the geography tables are read, which records are the city's."""

    def __init__(self, source: str, city_name: str | None, geo_code: str | None):
        self.source, self.city_name, self.geo_code = source, city_name, geo_code
        self.units: list[GeoUnit] = []
        self.unit: GeoUnit | None = None
        self.by_names = False
        self.ready = False

    def resolve(self) -> None:
        self.ready = True
        if self.geo_code:
            found = [u for u in self.units if u.code.casefold() == self.geo_code.casefold()]
            if self.units and not found:
                raise LossImportError(tr("{name} has no geography unit with code {code!r}", name=self.source,
                                         code=self.geo_code))
            # No geography tables: the code may be at any level (-1).
            self.unit = found[0] if found else GeoUnit(self.geo_code, self.geo_code, "", -1)
            return
        if not self.city_name:
            raise LossImportError(tr("give the city's geography code: the city has no name to match"))
        if not self.units:
            self.by_names = True  # no geography tables: match the records' own name0..name2
            return
        key = place_key(self.city_name)
        found = [u for u in self.units if key and key in (place_key(u.name), place_key(u.name_en))]
        if not found:
            sample = ", ".join(u.label() for u in self.units[:8])
            raise LossImportError(tr("no geography unit of {name} is named like {city}; choose its code "
                                     "(--geo-code), e.g. one of: {units}", name=self.source, city=self.city_name,
                                     units=sample))
        if len(found) > 1:
            raise LossImportError(tr("several geography units of {name} are named like {city}: {units}; "
                                     "choose one by its code (--geo-code)", name=self.source, city=self.city_name,
                                     units=", ".join(u.label() for u in found)))
        self.unit = found[0]

    def matches(self, row: dict[str, str]) -> bool:
        if self.unit is not None and (self.unit.level >= 0 or not self.by_names):
            levels = (self.unit.level,) if self.unit.level >= 0 else (0, 1, 2)
            want = self.unit.code.casefold()
            return any(row.get(f"level{n}", "").casefold() == want for n in levels)
        key = place_key(self.city_name or "")
        for level in (2, 1, 0):
            if row.get(f"level{level}") and place_key(row.get(f"name{level}", "")) == key:
                self.unit = self.unit or GeoUnit(row[f"level{level}"], row.get(f"name{level}", ""), "", level)
                return True
        return False


def read_desinventar(path: str | Path, *, city_name: str | None = None, geo_code: str | None = None,
                     include_unpublished: bool = False, progress: Progress | None = None,
                     cancelled: Cancelled | None = None) -> DesInventarImport:
    """Read the records of one city from a DesInventar export, streaming.

    Parameters
    ----------
    path
        ``DI_export_<code>.zip`` or the ``.xml`` inside it.
    city_name, geo_code
        The city is the geography unit with this code, or else the one unit named like
        ``city_name`` (in the national language or English); none or several: an error naming them.
    include_unpublished
        Keep records whose review status is not published (by default they are left out and counted).
    """
    source = Path(path).name
    out = DesInventarImport(source, [], None)
    matcher = _Matcher(source, city_name, geo_code)
    with open_export(path) as (raw, size):
        stream = _Counting(raw, source)
        depth, table, table_el, root = 0, "", None, None
        rows = 0
        try:
            for ev, el in ET.iterparse(io.BufferedReader(stream, 1 << 16), events=("start", "end")):
                if ev == "start":
                    depth += 1
                    if depth == 1:
                        root = el
                        if el.tag.lower() != "desinventar":
                            raise LossImportError(tr("{name} is not a DesInventar export (its root element is "
                                                     "<{tag}>)", name=source, tag=el.tag))
                    elif depth == 2:
                        table, table_el = el.tag.lower(), el
                    continue
                depth -= 1
                if depth == 2 and table_el is not None:  # a record of the table table_el
                    row = {c.tag.lower(): (c.text or "").strip() for c in el}
                    table_el.remove(el)
                    _take(table, row, out, matcher, include_unpublished)
                    rows += 1
                    if rows % 2000 == 0:
                        if cancelled is not None and cancelled():
                            raise LossImportError(tr("loss import cancelled"))
                        if progress is not None:
                            progress(stream.count, size)
                elif depth == 1 and root is not None:
                    root.remove(el)
        except ET.ParseError as exc:
            raise _not_xml(source, exc) from None
    if root is None:
        raise LossImportError(tr("{name} is empty", name=source))
    if not matcher.ready:
        matcher.resolve()
    out.match, out.units = matcher.unit, matcher.units
    return out


def _take(table: str, row: dict[str, str], out: DesInventarImport, matcher: _Matcher, unpublished: bool) -> None:
    if table == "fichas":
        if not matcher.ready:
            matcher.resolve()
        out.total += 1
        if not matcher.matches(row):
            out.elsewhere += 1
            return
        if (_int(row.get("approved", "")) or 0) != 0 and not unpublished:
            out.excluded += 1
            return
        out.records.append(_record(row, out.events))
    elif table == "eventos":
        name = row.get("nombre", "")
        if name:
            out.events[name] = row.get("nombre_en") or None
            out.events.setdefault(name.casefold(), row.get("nombre_en") or None)
    elif table in ("lev0", "lev1", "lev2"):
        n = table[-1]
        code = row.get(f"lev{n}_cod", "")
        if code:
            matcher.units.append(GeoUnit(code, row.get(f"lev{n}_name", ""), row.get(f"lev{n}_name_en", ""), int(n)))
    elif table == "datamodel":
        out.revision = row.get("revision") or None


def read_units(path: str | Path, *, progress: Progress | None = None,
               cancelled: Cancelled | None = None) -> list[GeoUnit]:
    """The geography units of an export (``lev0``…``lev2``), reading only up to the records.

    What the import dialog offers the user to confirm the city's unit.
    """
    units: list[GeoUnit] = []
    with open_export(path) as (raw, _size):
        depth, table, table_el = 0, "", None
        try:
            stream = io.BufferedReader(_Counting(raw, Path(path).name), 1 << 16)
            for ev, el in ET.iterparse(stream, events=("start", "end")):
                if ev == "start":
                    depth += 1
                    if depth == 1 and el.tag.lower() != "desinventar":
                        raise LossImportError(tr("{name} is not a DesInventar export (its root element is "
                                                 "<{tag}>)", name=Path(path).name, tag=el.tag))
                    if depth == 2:
                        table, table_el = el.tag.lower(), el
                        if table == "fichas":
                            break
                    continue
                depth -= 1
                if depth == 2 and table in ("lev0", "lev1", "lev2"):
                    row = {c.tag.lower(): (c.text or "").strip() for c in el}
                    n = table[-1]
                    if row.get(f"lev{n}_cod"):
                        units.append(GeoUnit(row[f"lev{n}_cod"], row.get(f"lev{n}_name", ""),
                                             row.get(f"lev{n}_name_en", ""), int(n)))
                if depth == 2 and table_el is not None:
                    table_el.remove(el)
        except ET.ParseError as exc:
            raise _not_xml(Path(path).name, exc) from None
    return units


def suggest_unit(units: list[GeoUnit], city_name: str) -> GeoUnit | None:
    """The one unit named like the city (``None`` when none or several are)."""
    key = place_key(city_name)
    found = [u for u in units if key and key in (place_key(u.name), place_key(u.name_en))]
    return found[0] if len(found) == 1 else None
