"""Reading map layers from files, in bulk.

GeoPackage (every layer in it), Shapefile (plain or zipped; ``.cpg`` honoured, an encoding
override wins, a Cyrillic ``.dbf`` that declares no code page recognised), GeoJSON and GeoJSON sequences, KML/KMZ, CSV with coordinate columns. Features
are read with pyogrio's vectorized reader (whole columns of WKB and attributes at once: see
``benchmarks/bench_layer_read.py`` for why not fiona feature by feature) and cleaned with shapely
over whole arrays. A file that cannot be read raises :class:`~resilience_desktop.errors.GisError`
with one plain line.
"""

from __future__ import annotations

__all__ = ["SUFFIXES", "Source", "read_source", "read_layers", "list_layer_names", "assign_crs", "cpg_encoding", "given_encoding"]

import codecs
import json
import warnings
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import shapely

from ..errors import GisError
from ..i18n.catalog import tr
from ..safety.zips import ZIP_ERRORS, zip_reason
from . import budget
from .crs import coordinates_fit, crs_to_string
from .csv_points import read_csv_points
from .geometry import clean_wkb
from .model import Cancelled, LayerData, Progress

#: File name endings the map can import.
SUFFIXES = (".gpkg", ".shp", ".zip", ".geojson", ".json", ".geojsonl", ".geojsons", ".jsonl", ".ndjson",
            ".kml", ".kmz", ".csv", ".txt", ".tsv")
_SEQ_SUFFIXES = (".geojsonl", ".geojsons", ".jsonl", ".ndjson")
_CSV_SUFFIXES = (".csv", ".txt", ".tsv")
#: Read a big layer in slices of this many features (progress and cancel between slices).
BATCH = 50_000
#: KML's own per-placemark fields; dropped when a layer leaves them all empty.
_KML_STANDARD = {"id", "description", "timestamp", "begin", "end", "altitudeMode", "tessellate", "extrude",
                 "visibility", "drawOrder", "icon", "snippet"}
#: Bytes of a .dbf read to guess an undeclared encoding (header, field names, first records).
_DBF_SAMPLE = 65536
_ASCII_LETTERS = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
#: dBase language driver ids (byte 29 of a .dbf) of the code pages met in Central Asia.
_LDID = {0x26: "CP866", 0x65: "CP866", 0xC9: "CP1251", 0x57: "CP1252", 0x03: "CP1252", 0x01: "CP437"}


@dataclass
class Source:
    """What a file holds: the driver that read it and its layers."""

    path: Path
    driver: str
    layers: list[LayerData]


#: GDAL's words -> a sentence the user can act on (matched case-insensitively, first match wins).
_PLAIN = (
    (("codec can't decode", "can't decode byte", "unicodedecodeerror"),  # before "invalid" below
     lambda: tr("its text attributes are not in the encoding it declares (a .cpg that names another one); choose "
                "the encoding, e.g. cp1251 (--encoding on the command line)")),
    (("conversion node", "proj:", "crs", "spatial reference", "projection"),
     lambda: tr("its coordinate system (.prj or CRS definition) cannot be understood; fix it or remove it and assign the CRS")),
    (("not recognized as", "not recognised as", "unsupported file format"),
     lambda: tr("it is not a map file this app can read, or it is damaged")),
    (("no such file", "does not exist"), lambda: tr("the file (or a part of it, such as the .shx or .dbf) is missing")),
    (("permission denied",), lambda: tr("permission denied")),
    (("corrupt", "truncated", "unexpected end", "failed to read", "read error", "invalid"),
     lambda: tr("the file is damaged or incomplete")),
)


def _plain(reason: str) -> str:
    low = reason.lower()
    for needles, sentence in _PLAIN:
        if any(n in low for n in needles):
            return sentence()
    return reason


def _fail(path: Path, exc: BaseException | str, encoding: str | None = None) -> GisError:
    """``exc`` said as one sentence naming the file (``encoding``: the one the user gave, blamed instead of
    the file's .cpg when the text does not decode)."""
    if isinstance(exc, NotImplementedError):  # a zip Python cannot unpack
        return GisError(tr("cannot read {name}: {reason}", name=path.name, reason=zip_reason(exc)))
    reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    if len(reason) > 120 and "; " in reason:  # GDAL repeats the failing SQL before the cause
        reason = reason.rsplit("; ", 1)[1]
    if encoding and any(n in reason.lower() for n in _PLAIN[0][0]):
        return GisError(tr("cannot read {name}: its text attributes are not in {encoding}, the encoding given; "
                           "try another, e.g. cp1251 or cp866", name=path.name, encoding=encoding))
    return GisError(tr("cannot read {name}: {reason}", name=path.name, reason=_plain(reason)))


def _targets(path: Path) -> list[tuple[str, str]]:
    """GDAL paths to open for ``path`` with the display name of each: a zip may hold several."""
    suffix = path.suffix.lower()
    if suffix == ".zip":
        try:
            with zipfile.ZipFile(path) as z:
                infos = [i for i in z.infolist() if not i.is_dir() and "__MACOSX" not in i.filename]
                members = [i.filename for i in infos]
                shown = {i.filename: _zip_member_name(i) for i in infos}
        except (*ZIP_ERRORS, OSError) as exc:
            raise _fail(path, exc) from None
        budget.check_zip(path.name, [(i.filename, i.file_size) for i in infos])
        inner = [m for m in members if m.lower().endswith(".shp")] or \
                [m for m in members if m.lower().endswith(tuple(s for s in SUFFIXES if s not in (".zip", ".txt")))]
        if not inner:
            raise GisError(tr("{name} holds no map layer (no .shp, .gpkg, .geojson or .kml inside)", name=path.name))
        return [(f"/vsizip/{path.resolve().as_posix()}/{m}", shown[m]) for m in inner]
    if suffix in _SEQ_SUFFIXES:
        return [(f"GeoJSONSeq:{path}", path.name)]
    if suffix == ".kmz":  # a zip too: its members are checked against the same budget
        try:
            with zipfile.ZipFile(path) as z:
                budget.check_zip(path.name, [(i.filename, i.file_size) for i in z.infolist()])
        except (*ZIP_ERRORS, OSError) as exc:
            raise _fail(path, exc) from None
    return [(str(path), path.name)]


def _zip_member_name(info: zipfile.ZipInfo) -> str:
    """A zip member's name as its author wrote it.

    Without the UTF-8 flag the name is in the writer's DOS code page, which Python (and GDAL) read
    as cp437: a Russian Windows writes cp866, so ``больницы.shp`` arrived as ``í«½∞¡¿µδ.shp``.
    Re-read as cp866 when that gives mostly Cyrillic (a Western name with an accent stays).
    """
    name = info.filename
    if info.flag_bits & 0x800 or name.isascii():
        return name
    try:
        cyrillic = name.encode("cp437").decode("cp866")
    except UnicodeError:
        return name
    letters = sum(c.isalpha() for c in cyrillic)
    russian = sum("\u0400" <= c <= "\u04ff" for c in cyrillic)
    return cyrillic if russian and russian >= letters / 2 else name


def _guess_dbf_encoding(head: bytes) -> str | None:
    """The encoding of a ``.dbf`` that declares none, from its field names and first records.

    Cyrillic tables without a ``.cpg`` are common in Central Asia (ArcView, MapInfo and DOS-era
    exports): read as Latin-1 they turn into mojibake. ``None`` when nothing points away from the
    declared or default code page (plain ASCII, or Latin text with a few accents).

    >>> _guess_dbf_encoding(bytes(32) + "Город".encode("cp1251"))
    'CP1251'
    """
    if len(head) < 32:
        return None
    header_len = int.from_bytes(head[8:10], "little")
    names = b"".join(head[i:i + 11] for i in range(32, min(header_len, len(head)) - 31, 32))
    text = names + head[max(header_len, 32):]
    if text.isascii():
        return None
    try:
        codecs.getincrementaldecoder("utf-8")().decode(text, final=False)  # the tail may be cut mid-character
        return "UTF-8"
    except UnicodeDecodeError:
        pass
    high = len(text.translate(None, bytes(range(128))))
    letters = len(text) - len(text.translate(None, _ASCII_LETTERS))
    if high < letters / 2:  # mostly Latin letters: a Western code page with accents
        return None
    cp1251 = len(text) - len(text.translate(None, bytes([*range(0xC0, 0x100), 0xA8, 0xB8])))
    cp866 = len(text) - len(text.translate(None, bytes([*range(0x80, 0xB0), *range(0xE0, 0xF2)])))
    best, count = ("CP1251", cp1251) if cp1251 >= cp866 else ("CP866", cp866)
    return best if count >= 0.8 * high else None


def cpg_encoding(text: str) -> str:
    """The encoding a ``.cpg`` file names, spelled as Python and GDAL both know it.

    Desktop GIS write a code page's number as often as its name (ArcGIS: ``1251`` or ``ANSI 1251``;
    others ``65001`` for UTF-8, ``88595`` for ISO 8859-5); GDAL reads those numbers the same way.

    >>> [cpg_encoding(t) for t in ("1251", "ANSI 1251", " cp1251 ", "65001", "UTF-8", "88595", "", "KOI8-R")]
    ['CP1251', 'CP1251', 'CP1251', 'UTF-8', 'UTF-8', 'ISO-8859-5', 'ISO-8859-1', 'KOI8-R']
    """
    value = text.strip().upper()
    if not value:
        return "ISO-8859-1"  # GDAL's default for a .dbf that says nothing
    number = value.removeprefix("ANSI").strip()
    if number.isdigit():
        if number == "65001":
            return "UTF-8"
        if number.startswith("8859") and len(number) > 4:
            return f"ISO-8859-{int(number[4:])}"
        return f"CP{int(number)}"
    if value.replace("-", "").replace("_", "") == "UTF8":
        return "UTF-8"
    return value


def given_encoding(text: str) -> str:
    """An encoding the user gave (``--encoding``), spelled as Python names it: ``utf8`` is ``UTF-8``,
    ``1251`` and ``windows-1251`` are ``CP1251``. Refused in one sentence when no codec has the name.

    GDAL takes ``UTF8`` (no hyphen) for text already in UTF-8 and drops every byte that is not, so
    «Школа № 5» in Windows Cyrillic came in as " 5" without a word.

    >>> given_encoding("utf8"), given_encoding("windows-1251"), given_encoding("866"), given_encoding("latin1")
    ('UTF-8', 'CP1251', 'CP866', 'ISO-8859-1')
    """
    try:
        name = codecs.lookup(cpg_encoding(text)).name
    except LookupError:
        raise GisError(tr("{encoding!r} is not an encoding this app knows; e.g. cp1251, cp866, utf-8",
                          encoding=text)) from None
    if name.startswith("iso8859-"):  # Python's spelling; GDAL's and the .cpg files' is ISO-8859-N
        name = "iso-8859-" + name.removeprefix("iso8859-")
    return cpg_encoding(name)


def _shapefile_encoding(gdal_path: str, path: Path, override: str | None) -> tuple[str, bool]:
    """The encoding the attributes are read in and whether it was guessed from the content.

    The override, the ``.cpg``, the dBase header id; a ``.dbf`` that declares nothing (or only the
    writer's "ANSI" code page) and whose text is not Latin is read in the code page its bytes fit.
    """
    if override:
        return override.upper(), False
    if gdal_path.startswith("/vsizip/"):
        member = gdal_path.split(path.resolve().as_posix() + "/", 1)[1]
        with zipfile.ZipFile(path) as z:
            names = {n.lower(): n for n in z.namelist()}
            stem = member[: -len(".shp")]
            cpg = names.get((stem + ".cpg").lower())
            declared = ""
            if cpg:
                with z.open(cpg) as fh:  # a code page's name, never more: a huge (or bomb) member is not read
                    declared = fh.read(64).decode("ascii", "replace").strip()
            if declared:  # an empty .cpg declares nothing: read like a Shapefile without one
                return cpg_encoding(declared), False
            dbf = names.get((stem + ".dbf").lower())
            head = b""
            if dbf:
                with z.open(dbf) as fh:  # the header and first records only: the table may be huge
                    head = fh.read(_DBF_SAMPLE)
    else:
        shp = Path(gdal_path)
        cpg_path = next((p for p in (shp.with_suffix(".cpg"), shp.with_suffix(".CPG")) if p.exists()), None)
        declared = ""
        if cpg_path is not None:
            with cpg_path.open("rb") as fh:  # a code page's name, never more: a huge file is not read
                declared = fh.read(64).decode("ascii", "replace").strip()
        if declared:  # an empty .cpg declares nothing: read like a Shapefile without one
            return cpg_encoding(declared), False
        dbf_path = next((p for p in (shp.with_suffix(".dbf"), shp.with_suffix(".DBF")) if p.exists()), None)
        head = b""
        if dbf_path is not None:
            with dbf_path.open("rb") as fh:
                head = fh.read(_DBF_SAMPLE)
    ldid = head[29] if len(head) > 29 else 0
    if ldid in (0, 0x57):  # nothing, or "the writer's ANSI code page" (ArcGIS on a Russian Windows: cp1251)
        guess = _guess_dbf_encoding(head)
        if guess is not None:
            return guess, True
    return _LDID.get(ldid, "ISO-8859-1"), False  # GDAL's default for a .dbf that says nothing


def _check_dbf(gdal_path: str, path: Path) -> bool:
    """The Shapefile's ``.dbf`` header against the attribute budget and its real size; ``False`` when the
    Shapefile has no ``.dbf`` at all (its features are read without attributes)."""
    if gdal_path.startswith("/vsizip/"):
        member = gdal_path.split(path.resolve().as_posix() + "/", 1)[1]
        with zipfile.ZipFile(path) as z:
            infos = {i.filename.lower(): i for i in z.infolist()}
            info = infos.get((member[: -len(".shp")] + ".dbf").lower())
            if info is None:
                return False
            with z.open(info) as fh:
                head, size = fh.read(32), info.file_size
    else:
        shp = Path(gdal_path)
        dbf = next((p for p in (shp.with_suffix(".dbf"), shp.with_suffix(".DBF")) if p.exists()), None)
        if dbf is None:
            return False
        with dbf.open("rb") as fh:
            head, size = fh.read(32), dbf.stat().st_size
    budget.check_dbf(path.name, head, size)
    return True


def _column(values: np.ndarray) -> list[Any]:
    """A column as JSON-ready Python values (NaN and NaT as null, dates as ISO text)."""
    if values.dtype.kind == "M":
        text = np.datetime_as_string(values)
        return [None if t == "NaT" else t for t in text.tolist()]
    if values.dtype.kind == "f":
        return [None if v != v else v for v in values.tolist()]
    if values.dtype.kind == "O":
        return [v.hex() if isinstance(v, bytes) else v for v in values.tolist()]
    return values.tolist()


def _attributes(names: list[str], columns: list[np.ndarray], n: int, display: str = "") -> list[str]:
    if not names:
        return ["{}"] * n
    cols = [_column(c) for c in columns]
    out = []
    size = 0
    for row in zip(*cols):
        text = json.dumps(dict(zip(names, row)), ensure_ascii=False, default=str)
        size += len(text)
        if size > budget.MAX_ATTRIBUTE_BYTES:
            raise GisError(tr("{name}: its attributes exceed {limit} MB; this app reads at most that much from one "
                              "file", name=display, limit=budget.MAX_ATTRIBUTE_BYTES // 2**20))
        out.append(text)
    return out


def _drop_empty_kml_fields(names: list[str], columns: list[np.ndarray]) -> tuple[list[str], list[np.ndarray]]:
    keep = []
    for name, col in zip(names, columns):
        if name in _KML_STANDARD:
            vals = _column(col)
            if all(v in (None, "", -1, 0) for v in vals):
                continue
        keep.append((name, col))
    return [k for k, _ in keep], [c for _, c in keep]


#: GDAL drivers whose file holds exactly one layer (a Shapefile's path may be a folder or a zip of several).
_ONE_LAYER_DRIVERS = frozenset({"GeoJSON", "GeoJSONSeq", "FlatGeobuf"})


def _read_layer(gdal_path: str, display: str, layer: str, *, driver: str, encoding: str | None,
                progress: Progress | None, cancelled: Cancelled | None, full: bool = True,
                info: dict[str, Any] | None = None) -> LayerData | None:
    """One layer, read in bulk. ``info``: the layer's ``pyogrio.read_info`` when the caller has it (only
    its geometry type, feature count and capabilities are used, which no encoding changes)."""
    import pyogrio
    from pyogrio import raw
    kwargs: dict[str, Any] = {"layer": layer}
    if encoding and driver == "ESRI Shapefile":
        kwargs["encoding"] = encoding
    if info is None:
        info = pyogrio.read_info(gdal_path, **kwargs)
    if not info.get("geometry_type"):
        return None  # an attribute table, not a map layer
    total = int(info.get("features") or 0)
    budget.check_counts(Path(display).name, total, 0)
    sliced = total > BATCH and info.get("capabilities", {}).get("fast_set_next_by_index")
    wkb_parts, field_parts, meta = [], [], None
    start = wkb_bytes = 0
    while True:
        if cancelled is not None and cancelled():
            raise GisError(tr("cancelled"))
        part = {"skip_features": start, "max_features": BATCH} if sliced else {}
        meta, _fids, wkb, fields = raw.read(gdal_path, **kwargs, **part, **({} if full else {"columns": []}))
        wkb_parts.append(wkb if wkb is not None else np.full(len(fields[0]) if fields else 0, None, dtype=object))
        field_parts.append(fields)
        start += len(wkb_parts[-1])
        wkb_bytes += sum(map(len, filter(None, wkb_parts[-1])))
        # WKB holds 16 bytes per vertex (2D): checked before any geometry object is built
        budget.check_counts(Path(display).name, start, wkb_bytes // 16)
        if progress is not None:
            progress(start, max(total, start))
        if not sliced or len(wkb_parts[-1]) < BATCH:
            break
    wkb_all = np.concatenate(wkb_parts) if wkb_parts else np.empty(0, dtype=object)
    names = [str(n) for n in meta["fields"]]
    columns = [np.concatenate([fp[i] for fp in field_parts]) for i in range(len(names))]
    if driver in ("LIBKML", "KML"):
        names, columns = _drop_empty_kml_fields(names, columns)
    cleaned = clean_wkb(wkb_all, repair=full, name=Path(display).name)
    crs = crs_to_string(meta["crs"]) if meta.get("crs") else None
    if crs is not None and not _coordinates_fit(cleaned.geometries, crs):
        crs = None  # flagged like a file without one: the user assigns the CRS the numbers are in
    source_name = Path(display).name
    return LayerData(name=str(layer), source_name=source_name, driver=driver, crs=crs,
                     geometries=cleaned.geometries,
                     attributes=_attributes(names, columns, len(wkb_all), Path(display).name) if full else [],
                     fields=names, encoding=None, geometry_types=cleaned.geometry_types,
                     invalid_repaired=cleaned.invalid_repaired, z_dropped=cleaned.z_dropped,
                     empty_count=cleaned.empty_count)


def _coordinates_fit(geometries: np.ndarray, crs: str) -> bool:
    """Whether the coordinates can be in ``crs`` (:func:`~resilience_desktop.gis.crs.coordinates_fit`):
    metres labelled as degrees fail deep inside PROJ when drawn, or put the layer nowhere on earth."""
    if len(geometries) == 0:
        return True
    with np.errstate(invalid="ignore"):
        return coordinates_fit(tuple(shapely.total_bounds(geometries)), crs)


def list_layer_names(path: str | Path) -> list[str]:
    """The names of the map layers in a file (a CSV table is one layer named after the file)."""
    path = Path(path)
    if path.suffix.lower() in _CSV_SUFFIXES:
        return [path.stem]
    import pyogrio
    names = []
    for gdal_path, display in _targets(path):
        try:
            names += [str(n) for n, _t in pyogrio.list_layers(gdal_path)]
        except Exception as exc:  # pyogrio raises several types, all meaning "cannot read"
            raise _fail(path, exc) from None
    return names


def read_source(path: str | Path, *, layer: str | None = None, encoding: str | None = None,
                x_field: str | None = None, y_field: str | None = None, crs: str | None = None,
                progress: Progress | None = None, cancelled: Cancelled | None = None,
                display_only: bool = False, _index_rebuilt: bool = False) -> Source:
    """Read every map layer of ``path`` (or only ``layer``) in bulk.

    ``encoding`` overrides the attribute encoding of Shapefiles and CSV tables; ``x_field`` and
    ``y_field`` choose a CSV table's coordinate columns; ``crs`` is the CSV table's CRS (other
    formats carry their own: a layer without one keeps ``crs=None`` and is flagged, not guessed).
    ``display_only`` reads geometries alone, without attributes or repair (``map render``).
    Raises :class:`GisError` when the file cannot be read; nothing is half-read.
    """
    path = Path(path)
    encoding = given_encoding(encoding) if encoding else None
    if not path.exists():
        raise GisError(tr("no file at {path}", path=path))
    if path.is_dir():
        raise GisError(tr("{path} is a folder; choose a file", path=path))
    if path.suffix.lower() in _CSV_SUFFIXES:
        data = read_csv_points(path, encoding=encoding, x_field=x_field, y_field=y_field, crs=crs,
                               progress=progress, cancelled=cancelled)
        return Source(path, "CSV", [data])
    if path.suffix.lower() == ".shp" and not _index_rebuilt and _missing_shx(path):
        return _read_without_shx(path, layer=layer, encoding=encoding, progress=progress, cancelled=cancelled,
                                 display_only=display_only)
    import pyogrio
    if path.suffix.lower() not in SUFFIXES:
        _check_identified(path)  # an unfamiliar name: GDAL decides by the content (a workspace file is refused first)
    layers: list[LayerData] = []
    driver = ""
    found = False
    for gdal_path, display in _targets(path):
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # pyogrio warns about measured geometries etc.
                first = None
                if not layers and not driver:
                    first = pyogrio.read_info(gdal_path)
                    driver = first["driver"]
                # GDAL opens the file again for each call, and a GeoJSON file is parsed whole on each open
                # (4 parses of a 5 MB file took 0.6 s of a 1.35 s read): one layer per file needs no list
                names = ([str(first["layer_name"])] if first is not None and driver in _ONE_LAYER_DRIVERS
                         else [str(n) for n, _t in pyogrio.list_layers(gdal_path)])
                if layer is not None:
                    names = [n for n in names if n == layer]
                found = found or bool(names)
                has_dbf = _check_dbf(gdal_path, path) if driver == "ESRI Shapefile" and names else True
                shp_encoding, guessed = (_shapefile_encoding(gdal_path, path, encoding)
                                         if driver == "ESRI Shapefile" and names else (None, False))
                for name in names:
                    one = _read_layer(gdal_path, display, name, driver=driver,
                                      encoding=encoding or shp_encoding,
                                      progress=progress, cancelled=cancelled, full=not display_only,
                                      info=first if first is not None and str(first["layer_name"]) == name else None)
                    if one is None:
                        continue
                    if driver == "ESRI Shapefile":
                        one.encoding = shp_encoding
                        one.name = Path(display).stem
                        if not has_dbf:  # a mail or a USB stick that lost one of the files
                            one.encoding = None
                            one.notes.append(tr("{name} has no .dbf beside its .shp, so its features were read "
                                                "without attributes; bring the .dbf (and .cpg) with it to keep them",
                                                name=Path(display).name))
                    elif driver == "CSV":
                        one.encoding = encoding or "UTF-8"
                    else:
                        one.encoding = "UTF-8"
                    layers.append(one)
        except GisError:
            raise
        except Exception as exc:  # pyogrio/GDAL raise several types, all meaning "cannot read"
            raise _fail(path, exc, encoding) from None
    if layer is not None and not found:
        raise GisError(tr("{name} has no layer {layer!r}; its layers: {layers}", name=path.name, layer=layer,
                          layers=", ".join(list_layer_names(path))))
    if not layers:
        raise GisError(tr("{name} holds no map layer with geometries", name=path.name))
    return Source(path, driver, layers)


def _check_identified(path: Path) -> None:
    """Refuse, in one sentence, a file GDAL does not recognise as a vector map layer, and a workspace
    or national store (SQLite files GDAL would list some 40 tables of, with a warning)."""
    from ..safety.targets import NATIONAL_APP_ID, WORKSPACE_APP_ID, sqlite_application_id
    app_id = sqlite_application_id(path)
    if app_id == WORKSPACE_APP_ID:
        raise GisError(tr("{name} is a workspace, not a map layer: its layers are listed by "
                          "'layer list --workspace {name}'", name=path.name))
    if app_id == NATIONAL_APP_ID:
        raise GisError(tr("{name} is a national store, not a map layer", name=path.name))
    import pyogrio
    try:
        with warnings.catch_warnings():  # "More than one layer found": a choice made later, not a problem
            warnings.simplefilter("ignore", UserWarning)
            pyogrio.read_info(str(path))
        return
    except Exception:  # pyogrio raises several types, all meaning "not a vector layer"
        pass
    try:
        import rasterio
        with rasterio.open(path):
            pass
    except Exception:  # rasterio raises several types, all meaning "not a raster either"
        raise GisError(tr("{name} is not a map layer the app can read (GeoPackage, Shapefile, GeoJSON, "
                          "KML, CSV, GeoTIFF)", name=path.name)) from None
    raise GisError(tr("{name} is a raster (a grid of cells): import it as a raster layer", name=path.name))


def _missing_shx(shp: Path) -> bool:
    return not any(shp.with_suffix(s).exists() for s in (".shx", ".SHX"))


def _read_without_shx(path: Path, **options: Any) -> Source:
    """Read a Shapefile whose ``.shx`` index is missing: GDAL rebuilds the index in a temporary
    copy (never beside the user's file, which may be read-only or shared)."""
    import shutil

    import pyogrio

    from ..safety.tempfiles import temp_dir
    with temp_dir("rd-shx-") as tmp:
        copy = Path(tmp) / path.name
        for sibling in path.parent.glob(path.stem + ".*"):
            if sibling.suffix.lower() in (".shp", ".dbf", ".prj", ".cpg"):
                shutil.copyfile(sibling, Path(tmp) / (path.stem + sibling.suffix))
        pyogrio.set_gdal_config_options({"SHAPE_RESTORE_SHX": "YES"})
        try:
            source = read_source(copy, **options, _index_rebuilt=True)
        except GisError:
            raise GisError(tr("{name} cannot be read without its index file {shx}, and the index could not "
                              "be rebuilt; copy the {shx} that came with it next to the .shp",
                              name=path.name, shx=path.stem + ".shx")) from None
        finally:
            pyogrio.set_gdal_config_options({"SHAPE_RESTORE_SHX": None})
    source.path = path
    return source


def read_layers(path: str | Path, **options: Any) -> list[LayerData]:
    """The layers of ``path``: :func:`read_source` without the driver."""
    return read_source(path, **options).layers


def assign_crs(datas: list[LayerData], crs: str) -> None:
    """Give ``crs`` to the layers read without one (a Shapefile without its ``.prj``), as ``layer set-crs``
    would after the import; refused in one sentence, changing nothing, when a layer's file gives another
    one or its coordinates cannot be in ``crs`` (metres given as degrees)."""
    from .crs import crs_label
    value = crs_to_string(crs)
    for d in datas:
        if d.crs is not None and d.crs != value:
            raise GisError(tr("{name} already gives its coordinate system ({crs}); a coordinate system is assigned "
                              "only to a layer that gives none", name=d.name, crs=crs_label(d.crs)))
        b = d.bounds
        if d.crs is None and b is not None and not coordinates_fit(b, value):
            raise GisError(tr("{name}'s extent cannot be expressed in {crs}", name=d.name, crs=crs_label(value)))
    for d in datas:
        d.crs = value
