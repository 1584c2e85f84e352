"""The formulas found by streaming a workbook's XML (``excel/formulas.py``), on packages written by hand
the way other programs write them: parts at other paths, cells without their reference, shared formulas."""

import zipfile

from resilience_desktop.excel.formulas import formula_cells, formula_positions

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _package(path, sheets: dict[str, str], *, book="xl/workbook.xml", absolute=False):
    """A workbook package whose sheets' XML (the ``<sheetData>`` content) is given by title."""
    folder = book.rsplit("/", 1)[0]
    entries = "".join(f'<sheet name="{t}" sheetId="{i}" r:id="rId{i}"/>' for i, t in enumerate(sheets, start=1))
    rels = "".join(
        f'<Relationship Id="rId{i}" Type="{DOC}/worksheet" '
        f'Target="{"/" + folder + "/" if absolute else ""}parts/s{i}.xml"/>' for i in range(1, len(sheets) + 1))
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("_rels/.rels", f'<Relationships xmlns="{RELS}"><Relationship Id="r1" '
                                  f'Type="{DOC}/officeDocument" Target="{"/" if absolute else ""}{book}"/></Relationships>')
        z.writestr(book, f'<workbook xmlns="{MAIN}" xmlns:r="{DOC}"><sheets>{entries}</sheets></workbook>')
        z.writestr(f"{folder}/_rels/{book.rsplit('/', 1)[1]}.rels", f'<Relationships xmlns="{RELS}">{rels}</Relationships>')
        for i, data in enumerate(sheets.values(), start=1):
            z.writestr(f"{folder}/parts/s{i}.xml", f'<x:worksheet xmlns:x="{MAIN}"><x:sheetData>{data}</x:sheetData>'
                                                  f'</x:worksheet>')
    return path


def test_cells_without_references_and_shared_formulas_are_placed_by_their_order(tmp_path):
    data = ('<x:row r="4"><x:c r="A4" t="s"><x:v>0</x:v></x:c><x:c r="E4"><x:f t="shared" ref="E4:E6" si="0">1+1</x:f>'
            '</x:c></x:row>'
            '<x:row><x:c><x:v>1</x:v></x:c><x:c/><x:c/><x:c/><x:c><x:f t="shared" si="0"/></x:c></x:row>'  # row 5
            '<x:row r="9"><x:c r="E9"><x:v>3</x:v></x:c><x:c r="F9"><x:f>E9*2</x:f><x:v>6</x:v></x:c></x:row>')
    path = _package(tmp_path / "p.xlsx", {"E01": data, "Notes": data}, book="workbook/main.xml", absolute=True)
    assert formula_positions(path, ["E01"], max_col=10) == {"E01": {(4, 5), (5, 5), (9, 6)}}
    assert formula_cells(path, ["E01", "Notes"], 5) == {"E01": {4, 5}, "Notes": {4, 5}}


def test_a_sheet_declaring_a_document_type_or_a_broken_package_gives_no_formulas(tmp_path):
    path = _package(tmp_path / "p.xlsx", {"E01": '<x:row r="1"><x:c r="E1"><x:f>1</x:f></x:c></x:row>'})
    assert formula_cells(path, ["E01"], 5) == {"E01": {1}}
    with zipfile.ZipFile(path) as z, zipfile.ZipFile(tmp_path / "dtd.xlsx", "w") as out:
        for name in z.namelist():
            out.writestr(name, z.read(name) if name != "xl/parts/s1.xml" else
                         '<!DOCTYPE x [<!ENTITY a "aaaa">]><worksheet><sheetData><row><c><f>1</f></c></row></sheetData>'
                         '</worksheet>')
    assert formula_positions(tmp_path / "dtd.xlsx", ["E01"], 5) == {}
    (tmp_path / "not.xlsx").write_bytes(b"PK\x03\x04 not a zip")
    assert formula_positions(tmp_path / "not.xlsx", ["E01"], 5) == {}
