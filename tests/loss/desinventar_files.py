"""DesInventar exports written by the tests, shaped as the format notes describe
(../shared/desinventar-format.md): a generic table dump, ``<DESINVENTAR><table><TR><column>``,
the declaration with two spaces, empty elements for NULL, an inline export-error comment, and
column names whose case depends on the database backend.

The geography is a small Kyrgyz-style database: level0 = oblasts (the first subnational unit,
not the country), level1 = districts and cities; events are named in Russian with English names in
``eventos``.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

EVENTOS = [("НАВОДНЕНИЕ", "FLOOD"), ("СЕЛЬ", "ALLUVION"), ("ЗЕМЛЕТРЯСЕНИЕ", "EARTHQUAKE"),
           ("Оползень", "LANDSLIDE"), ("ПОЖАР", "FIRE")]
LEV0 = [("KG01", "Чуйская область", "Chui"), ("KG02", "Ошская область", "Osh Oblast")]
LEV1 = [("KG0101", "Бишкек", "Bishkek", "KG01"), ("KG0102", "Аламудунский район", "Alamudun", "KG01"),
        ("KG0201", "Ош", "Osh", "KG02")]

#: The fichas of the small file: (clave, serial, evento, year, month, day, level0, level1, approved, columns)
FICHAS = [
    # 1: a flood in Bishkek with counts and flags as the classic server writes them (> 0 with -1).
    (1, "2005-001", "НАВОДНЕНИЕ", 2005, 4, 12, "KG01", "KG0101", 0,
     {"muertos": 2, "hay_muertos": -1, "heridos": 5, "hay_heridos": -1, "damnificados": 120,
      "hay_damnificados": -1, "vivdest": 3, "hay_vivdest": -1, "vivafec": 40, "hay_vivafec": -1,
      "valorus": 250000.0, "valorloc": 11000000}),
    # 2: a mudflow in Bishkek: deaths "some, number unknown" (0 with flag -1); month and day unknown (0).
    (2, "2007-014", "СЕЛЬ", 2007, 0, 0, "KG01", "KG0101", 0,
     {"muertos": 0, "hay_muertos": -1, "afectados": 300, "hay_afectados": -1, "vivafec": 0, "hay_vivafec": -1,
      "kmvias": 850.0}),
    # 3: a DRAFT earthquake record in Bishkek (approved = 1): excluded by default.
    (3, "2008-002", "ЗЕМЛЕТРЯСЕНИЕ", 2008, 10, 5, "KG01", "KG0101", 1,
     {"muertos": 9, "hay_muertos": -1}),
    # 4: a landslide in Bishkek, serial repeated (serials need not be unique), a DI8-style -1 count.
    (4, "2007-014", "Оползень", 2010, 6, 1, "KG01", "KG0101", 0,
     {"heridos": -1, "vivdest": 1, "hay_vivdest": -1, "valorus": 0}),
    # 5: a flood in another district of the same oblast: not Bishkek's.
    (5, "2005-002", "НАВОДНЕНИЕ", 2005, 4, 13, "KG01", "KG0102", 0, {"muertos": 1, "hay_muertos": -1}),
    # 6: a flood filed for the whole oblast (level1 empty): not assigned to Bishkek.
    (6, "2005-003", "НАВОДНЕНИЕ", 2005, 4, 14, "KG01", "", 0, {"damnificados": 900, "hay_damnificados": -1}),
    # 7: a fire in Osh.
    (7, "2012-001", "ПОЖАР", 2012, 1, 3, "KG02", "KG0201", 0, {"muertos": 4, "hay_muertos": -1}),
    # 8: a "support" record in Bishkek (approved = 4): excluded.
    (8, "2012-002", "НАВОДНЕНИЕ", 2012, 5, 3, "KG01", "KG0101", 4, {"muertos": 1, "hay_muertos": -1}),
]


def _col(name: str, upper: bool) -> str:
    """A column name as a backend reports it: lower case, or capitalised like the SQL scripts."""
    return name[:1].upper() + name[1:] if upper else name


def _tr(cols: dict, upper: bool = False) -> str:
    cells = "".join(f"<{_col(k, upper)}>{'' if v is None else escape(str(v))}</{_col(k, upper)}>" for k, v in cols.items())
    return f"<TR>{cells}</TR>\n"


def _head(upper: bool) -> str:
    out = ['<?xml version="1.0"  encoding="UTF-8" ?>\n<DESINVENTAR>\n<datamodel>\n',
           _tr({"revision": 16, "build": 1, "slanguage": "ru"}, upper), "</datamodel>\n<eventos>\n"]
    out += [_tr({"nombre": n, "nombre_en": en, "descripcion": ""}, upper) for n, en in EVENTOS]
    out.append("</eventos>\n<lev0>\n")
    out += [_tr({"lev0_cod": c, "lev0_name": n, "lev0_name_en": en}, upper) for c, n, en in LEV0]
    out.append("</lev0>\n<lev1>\n")
    out += [_tr({"lev1_cod": c, "lev1_name": n, "lev1_name_en": en, "lev1_lev0": p}, upper) for c, n, en, p in LEV1]
    out.append("</lev1>\n<lev2>\n</lev2>\n")
    return "".join(out)


def ficha(clave, serial, evento, year, month, day, level0, level1, approved, extra, upper=False) -> str:
    cols = {"serial": serial, "clave": clave, "approved": approved, "level0": level0, "level1": level1,
            "level2": "", "name0": "", "name1": "", "name2": "", "evento": evento, "lugar": "ул. Советская",
            "fechano": year, "fechames": month, "fechadia": day, "duracion": 1, "magnitud2": "12\" rain/10hrs",
            "muertos": 0, "hay_muertos": 0, "heridos": 0, "hay_heridos": 0, "desaparece": "",
            "hay_deasparece": 0, "latitude": 0, "longitude": 0}
    cols.update(extra)
    return _tr(cols, upper)


def write_export(folder: Path, *, upper: bool = False, as_zip: bool = False, fichas=FICHAS) -> Path:
    """The small export (8 records) as ``DI_export_kgz.xml`` or inside ``DI_export_kgz.zip``."""
    text = _head(upper) + "<fichas>\n" + "".join(ficha(*f, upper=upper) for f in fichas)
    text += "<!-- XML Export ERROR: extension table unavailable -->\n</fichas>\n<level_maps>\n</level_maps>\n"
    text += "</DESINVENTAR>\n"
    xml = folder / "DI_export_kgz.xml"
    xml.write_text(text, encoding="utf-8")
    if not as_zip:
        return xml
    z = folder / "DI_export_kgz.zip"
    with zipfile.ZipFile(z, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.write(xml, "DI_export_kgz.xml")
        zf.writestr("KGZ_Oblasts.dbf", b"\x03")  # the shapefiles ride along; the reader ignores them
    xml.unlink()
    return z


def write_large_export(path: Path, n: int = 100_000) -> Path:
    """An export of ``n`` records, all in Bishkek, written row by row (a file of tens of MB).

    One record is made by :func:`ficha` with a mark for each value that varies, the rest escaped once;
    each record is that text with its values put in (2.8 s → 0.7 s for 100,000, the same bytes)."""
    kinds = ["НАВОДНЕНИЕ", "СЕЛЬ", "ЗЕМЛЕТРЯСЕНИЕ", "Оползень"]
    names = ("clave", "serial", "evento", "year", "month", "day", "muertos", "hay_muertos", "valorus")
    mark = {k: f"\ue000{k}\ue001" for k in names}
    record = ficha(mark["clave"], mark["serial"], mark["evento"], mark["year"], mark["month"], mark["day"],
                   "KG01", "KG0101", 0, {"muertos": mark["muertos"], "hay_muertos": mark["hay_muertos"],
                                         "valorus": mark["valorus"],
                                         "di_comments": "Сильные дожди вызвали подъём воды. " * 3})
    template = record.replace("%", "%%")
    for k in names:
        template = template.replace(mark[k], f"%({k})s")
    with open(path, "w", encoding="utf-8") as f:
        f.write(_head(False) + "<fichas>\n")
        for i in range(n):
            f.write(template % {"clave": i + 1, "serial": f"{1970 + i % 50}-{i:06d}", "evento": kinds[i % 4],
                                "year": 1970 + i % 50, "month": 1 + i % 12, "day": 1 + i % 28, "muertos": i % 3,
                                "hay_muertos": -1 if i % 3 else 0, "valorus": float(i % 7) * 1000.0})
        f.write("</fichas>\n</DESINVENTAR>\n")
    return path
