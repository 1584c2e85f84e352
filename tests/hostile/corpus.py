"""Hostile and heavy input files, generated on demand (never stored in the repository).

Every builder writes one file into ``folder`` and returns its path. ``scale`` shrinks the heavy
ones for the test suite (the benchmark in ``benchmarks/bench_hostile.py`` uses the full size of
the attack report: 30k and 1M vertices, 3M cells, a 1 GiB string, 5M shared strings, a 1 GiB
``.dbf``). Only the standard library, numpy and shapely are used, so nothing here trusts the
readers under test.
"""

from __future__ import annotations

import json
import struct
import zipfile
from pathlib import Path

import numpy as np

# ------------------------------------------------------------------ map layers


def sawtooth_ring(n: int) -> np.ndarray:
    """A closed ring of ``n`` vertices whose teeth cross a band ``n/3`` times: self-intersecting
    everywhere, like a digitised outline traced back and forth (the worst case for repair)."""
    t = np.linspace(0.0, 1.0, n)
    y = np.where(np.arange(n) % 2 == 0, 0.0, 1.0)
    ring = np.column_stack([70.0 + t, 40.0 + y * 0.01])  # near Almaty-ish longitudes, degrees
    ring = np.vstack([ring, [[71.0, 39.99], [70.0, 40.02], ring[0]]])
    return ring


def crossing_polygon_geojson(folder: Path, vertices: int = 30_000, name: str = "crossing.geojson") -> Path:
    """One self-intersecting polygon of ``vertices`` vertices as GeoJSON (30k: ~0.8 MB)."""
    ring = np.round(sawtooth_ring(vertices), 6).tolist()
    doc = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"name": "Зона затопления"},
         "geometry": {"type": "Polygon", "coordinates": [ring]}}]}
    path = folder / name
    path.write_text(json.dumps(doc, separators=(",", ":")), encoding="utf-8")
    return path


def random_polygon_geojson(folder: Path, vertices: int = 3_000, name: str = "scribble.geojson") -> Path:
    """A polygon whose vertices are random points: every edge crosses many others (~n²/10 crossings)."""
    rng = np.random.default_rng(19)
    ring = rng.uniform([76.8, 43.2], [77.0, 43.3], (vertices, 2))
    ring = np.round(np.vstack([ring, ring[:1]]), 6).tolist()
    doc = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {}, "geometry": {"type": "Polygon", "coordinates": [ring]}}]}
    path = folder / name
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


UTM42N_ESRI_WKT = ('PROJCS["WGS_1984_UTM_Zone_42N",GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",69.0],PARAMETER["Scale_Factor",0.9996],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]')


def _dbf_header(records: int, fields: list[tuple[str, int]], ldid: int = 0xC9) -> bytes:
    reclen = 1 + sum(w for _n, w in fields)
    hlen = 32 + 32 * len(fields) + 1
    head = struct.pack("<BBBBIHH20x", 3, 126, 1, 1, records, hlen, reclen)
    head = head[:29] + bytes([ldid]) + head[30:]
    for name, width in fields:
        head += struct.pack("<11sc4xBB14x", name.encode("ascii"), b"C", width, 0)
    return head + b"\r"


def _shp_points(n: int) -> tuple[bytes, bytes]:
    """``.shp`` and ``.shx`` of ``n`` points (UTM 42N metres)."""
    xs = 500_000 + np.arange(n) * 10.0
    body = b"".join(struct.pack(">ii", i + 1, 10) + struct.pack("<idd", 1, x, 4_800_000.0) for i, x in enumerate(xs))
    box = struct.pack("<4d", xs.min(), 4_800_000.0, xs.max(), 4_800_000.0)
    def header(length_words: int) -> bytes:
        return struct.pack(">i20xi", 9994, length_words) + struct.pack("<ii", 1000, 1) + box + b"\0" * 32
    shp = header((100 + len(body)) // 2) + body
    shx = header((100 + 8 * n) // 2) + b"".join(struct.pack(">ii", (100 + 28 * i) // 2, 10) for i in range(n))
    return shp, shx


def dbf_bomb_zip(folder: Path, dbf_bytes: int = 2**30, name: str = "districts.zip") -> Path:
    """A zipped Shapefile of 10 points whose ``.dbf`` really holds ``dbf_bytes`` (spaces: it
    compresses ~1000:1, so a 1 GiB table is a ~1 MB zip)."""
    width = 254
    fields = [("NAME", width)]
    records = max(10, dbf_bytes // (width + 1))
    shp, shx = _shp_points(10)
    path = folder / name
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        z.writestr("districts.shp", shp)
        z.writestr("districts.shx", shx)
        z.writestr("districts.prj", UTM42N_ESRI_WKT)
        with z.open("districts.dbf", "w", force_zip64=True) as fh:
            fh.write(_dbf_header(records, fields))
            row = b" " + "Район".encode("cp1251").ljust(width)
            chunk = row * 4096
            left = records
            while left > 0:
                k = min(left, 4096)
                fh.write(chunk if k == 4096 else row * k)
                left -= k
            fh.write(b"\x1a")
    return path


def long_field_csv(folder: Path, chars: int = 200_000, name: str = "points.csv") -> Path:
    """A CSV table with one field longer than Python's default csv field limit (131,072)."""
    path = folder / name
    path.write_text("name,lon,lat\nАлматы,76.9,43.25\n" + "x" * chars + ",77.0,43.3\n", encoding="utf-8")
    return path


# ------------------------------------------------------------------ workbooks
_CT = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
       'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
       '<Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" '
       'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
       '<Override PartName="/xl/worksheets/sheet1.xml" '
       'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>{ss}</Types>')
_SS_CT = ('<Override PartName="/xl/sharedStrings.xml" '
          'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>')
_RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
         'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
         'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
_WB = ('<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/'
       'main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
       '<sheet name="Info" sheetId="1" r:id="rId1"/></sheets></workbook>')
_WB_RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
            '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/worksheet" Target="worksheets/sheet1.xml"/>{ss}</Relationships>')
_WB_SS_REL = ('<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
              'sharedStrings" Target="sharedStrings.xml"/>')
_SHEET_HEAD = ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
               'spreadsheetml/2006/main"><sheetData>')
_SHEET_TAIL = "</sheetData></worksheet>"


def _workbook(path: Path, sheet_chunks, shared_chunks=None) -> Path:
    """A minimal .xlsx streamed chunk by chunk (so a 1 GiB part never sits in this process's memory)."""
    ss = shared_chunks is not None
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        z.writestr("[Content_Types].xml", _CT.format(ss=_SS_CT if ss else ""))
        z.writestr("_rels/.rels", _RELS)
        z.writestr("xl/workbook.xml", _WB)
        z.writestr("xl/_rels/workbook.xml.rels", _WB_RELS.format(ss=_WB_SS_REL if ss else ""))
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as fh:
            for chunk in sheet_chunks:
                fh.write(chunk.encode("utf-8") if isinstance(chunk, str) else chunk)
        if ss:
            with z.open("xl/sharedStrings.xml", "w", force_zip64=True) as fh:
                for chunk in shared_chunks:
                    fh.write(chunk.encode("utf-8") if isinstance(chunk, str) else chunk)
    return path


def _col(i: int) -> str:
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


def wide_row_xlsx(folder: Path, cells: int = 3_000_000, name: str = "wide.xlsx") -> Path:
    """One row of ``cells`` cells (no ``r`` attributes, as Excel allows): 3M cells ≈ 170 KB zipped."""
    def chunks():
        yield _SHEET_HEAD + '<row r="1">'
        block = "<c><v>1</v></c>" * 10_000
        for _ in range(cells // 10_000):
            yield block
        yield "</row>" + _SHEET_TAIL
    return _workbook(folder / name, chunks())


def huge_string_xlsx(folder: Path, chars: int = 2**30, name: str = "huge-string.xlsx") -> Path:
    """One inline string cell of ``chars`` characters (1 GiB ≈ 1 MB zipped)."""
    def chunks():
        yield _SHEET_HEAD + '<row r="1"><c r="A1" t="inlineStr"><is><t>'
        block = b"A" * 2**20
        left = chars
        while left > 0:
            yield block if left >= len(block) else block[:left]
            left -= len(block)
        yield "</t></is></c></row>" + _SHEET_TAIL
    return _workbook(folder / name, chunks())


def many_strings_xlsx(folder: Path, strings: int = 5_000_000, name: str = "strings.xlsx") -> Path:
    """``strings`` distinct shared strings, one cell using the first."""
    def sheet():
        yield _SHEET_HEAD + '<row r="1"><c r="A1" t="s"><v>0</v></c></row>' + _SHEET_TAIL
    def shared():
        yield ('<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
               f'2006/main" count="{strings}" uniqueCount="{strings}">')
        for a in range(0, strings, 10_000):
            yield "".join(f"<si><t>s{i}</t></si>" for i in range(a, min(strings, a + 10_000)))
        yield "</sst>"
    return _workbook(folder / name, sheet(), shared())


# ------------------------------------------------------------------ JSON
def nested_json(folder: Path, depth: int = 100_000, name: str = "deep.json") -> Path:
    """``[[[[…]]]]`` nested ``depth`` deep (200 KB): Python's json recurses once per level."""
    path = folder / name
    path.write_text("[" * depth + "]" * depth, encoding="utf-8")
    return path
