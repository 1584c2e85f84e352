"""Verifying bundles: every hostile or damaged input is named in one line, every problem listed."""

from __future__ import annotations

import json
import stat
import zipfile

import pytest

from resilience_desktop.bundle import Limits, open_verified, verify_bundle
from resilience_desktop.errors import BundleError

from ..fixtures import run_cli
from .helpers import edit_json, raw_zip, read_members, rebag


def _problems(path, registry, **limits):
    return verify_bundle(path, registry=registry, limits=Limits(**limits) if limits else None)


def _copy_with(src, dst, *, drop=(), add=(), replace=None):
    members = read_members(src)
    replace = replace or {}
    entries = [(n, replace.get(n, b)) for n, b in members.items() if n not in drop] + list(add)
    return raw_zip(dst, entries)


def test_valid_bundle_has_no_problem(small_bundle, mini_registry):
    assert _problems(small_bundle, mini_registry) == []
    with open_verified(small_bundle, registry=mini_registry) as b:
        assert b.identity["revision"] == 1 and b.card.id == "mini"


@pytest.mark.parametrize("name", ["../evil.txt", "/etc/passwd", "data/../../x", "C:/win.ini", "data\\evil"])
def test_unsafe_names_are_rejected(small_bundle, mini_registry, tmp_path, name):
    bad = _copy_with(small_bundle, tmp_path / "b.zip", add=[(name, b"x")])
    assert any("unsafe member name" in p.message for p in _problems(bad, mini_registry))


def test_symlinks_are_rejected(small_bundle, mini_registry, tmp_path):
    info = zipfile.ZipInfo("data/link")
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    bad = _copy_with(small_bundle, tmp_path / "b.zip", add=[(info, b"/etc/passwd")])
    assert any("symbolic link" in p.message for p in _problems(bad, mini_registry))


def test_duplicate_names_are_rejected(small_bundle, mini_registry, tmp_path):
    members = read_members(small_bundle)
    bad = _copy_with(small_bundle, tmp_path / "b.zip", add=[("data/city.json", members["data/city.json"])])
    assert [str(p) for p in _problems(bad, mini_registry)] == ["data/city.json: duplicate member name"]


def test_oversized_members_and_bombs_are_rejected_before_reading(small_bundle, mini_registry, tmp_path):
    bomb = _copy_with(small_bundle, tmp_path / "b.zip", add=[("data/zeros", b"\0" * (3 * 2**20))])
    assert any("limit per member" in p.message for p in _problems(bomb, mini_registry, max_member_bytes=2**20))
    assert any("limit is" in p.message for p in _problems(bomb, mini_registry, max_total_bytes=2**20))
    assert any("zip bomb" in p.message for p in _problems(bomb, mini_registry, max_ratio=50))


def test_sizes_are_counted_while_reading_not_only_declared(small_bundle, mini_registry, tmp_path):
    bad = _copy_with(small_bundle, tmp_path / "b.zip", add=[("data/zeros", b"\0" * 200_000)])
    data = bytearray(bad.read_bytes())
    with zipfile.ZipFile(bad) as zf:
        info = zf.getinfo("data/zeros")
    declared = info.file_size.to_bytes(4, "little")
    smaller = (1000).to_bytes(4, "little")
    assert data.count(declared) >= 2
    bad.write_bytes(bytes(data).replace(declared, smaller))  # local header and central directory lie
    problems = _problems(bad, mini_registry)
    assert problems and any(p.member == "data/zeros" for p in problems)


def test_missing_extra_and_altered_files_are_named(small_bundle, mini_registry, tmp_path):
    members = read_members(small_bundle)
    evidence = next(n for n in members if n.startswith("data/evidence/"))
    bad = _copy_with(small_bundle, tmp_path / "b.zip", drop=["data/city.json"], add=[("data/extra.txt", b"hi")],
                     replace={evidence: b"the plan, altered\n"})
    text = [str(p) for p in _problems(bad, mini_registry)]
    assert "data/city.json: missing (listed in manifest-sha256.txt)" in text
    assert "data/extra.txt: extra file not listed in manifest-sha256.txt" in text
    assert f"{evidence}: sha256 checksum does not match manifest-sha256.txt (altered)" in text
    assert len(text) >= 4  # every problem, not only the first


def test_altered_tag_file_is_caught(small_bundle, mini_registry, tmp_path):
    members = read_members(small_bundle)
    bad = _copy_with(small_bundle, tmp_path / "b.zip",
                     replace={"bundle.json": members["bundle.json"].replace(b'"revision": 1', b'"revision": 7')})
    assert any(p.member == "bundle.json" and "altered" in p.message for p in _problems(bad, mini_registry))


def test_malformed_json(small_bundle, mini_registry, tmp_path):
    def change(payload, identity):
        payload["data/assessment.json"] = b"{not json"
    bad = rebag(small_bundle, tmp_path / "b.zip", change)
    assert any(p.member == "data/assessment.json" and "malformed JSON" in p.message for p in _problems(bad, mini_registry))


def test_schema_violation(small_bundle, mini_registry, tmp_path):
    bad = rebag(small_bundle, tmp_path / "b.zip", edit_json("data/assessment.json", lambda a: a.update(status="bogus")))
    assert any("schema violation at status" in p.message for p in _problems(bad, mini_registry))


def test_unknown_format_version(small_bundle, mini_registry, tmp_path):
    bad = rebag(small_bundle, tmp_path / "b.zip", lambda payload, ident: ident.update(format_version=99))
    assert any("unknown format_version 99" in p.message for p in _problems(bad, mini_registry))


def test_unknown_scorecard_version(small_bundle, mini_registry, tmp_path):
    def change(payload, ident):
        ident["scorecard"]["version"] = 99
        edit_json("data/assessment.json", lambda a: a["scorecard"].update(version=99))(payload, ident)
        edit_json("data/scorecard.json", lambda s: s.update(version=99))(payload, ident)
    bad = rebag(small_bundle, tmp_path / "b.zip", change)
    assert [p.message for p in _problems(bad, mini_registry)] == ["unknown scorecard 'mini' version 99"]


def test_score_out_of_range(small_bundle, mini_registry, tmp_path):
    bad = rebag(small_bundle, tmp_path / "b.zip",
                edit_json("data/assessment.json", lambda a: a["answers"][0].update(score=7)))
    assert any("score 7 of P1.1 is outside 0..3" in p.message for p in _problems(bad, mini_registry))


def test_unreadable_geopackage(small_bundle, mini_registry, tmp_path):
    def change(payload, ident):
        payload["data/layers.gpkg"] = b"SQLite format 3\x00" + b"\x07" * 4000
    bad = rebag(small_bundle, tmp_path / "b.zip", change)
    assert any(p.member == "data/layers.gpkg" and "GeoPackage" in p.message for p in _problems(bad, mini_registry))


def test_wal_geopackage_is_refused(small_bundle, mini_registry, tmp_path):
    def change(payload, ident):
        g = bytearray(payload["data/layers.gpkg"])
        g[18] = g[19] = 2
        payload["data/layers.gpkg"] = bytes(g)
    bad = rebag(small_bundle, tmp_path / "b.zip", change)
    assert any("WAL" in p.message for p in _problems(bad, mini_registry))


def test_not_a_zip(tmp_path, mini_registry):
    f = tmp_path / "x.zip"
    f.write_bytes(b"hello")
    assert [p.message for p in _problems(f, mini_registry)] == ["cannot read it as a ZIP bundle: it is not a ZIP file"]
    with pytest.raises(BundleError, match="not a ZIP file"):
        open_verified(f, registry=mini_registry)


def test_a_zip_that_is_no_bundle_at_all_is_one_sentence(tmp_path, mini_registry):
    """A city official's trial: `bundle verify` of the exported workbook printed 31 lines of missing tag files
    and extra members instead of saying it is not a bundle."""
    book = tmp_path / "Бишкек 2026.xlsx"
    with zipfile.ZipFile(book, "w") as zf:
        for name in ("[Content_Types].xml", "xl/workbook.xml", "xl/styles.xml", "xl/worksheets/sheet1.xml"):
            zf.writestr(name, "<x/>")
    assert [p.message for p in _problems(book, mini_registry)] == [
        "it is not a bundle: it holds none of a bundle's files (bagit.txt, bundle.json, data/); choose the .zip "
        "written by Export bundle"]
    r = run_cli("bundle", "verify", book)
    assert r.returncode == 2 and len(r.stdout.strip().splitlines()) <= 2, r.stdout


def test_cli_verify_lists_problems_and_exits_2(small_bundle, tmp_path, demo_path):
    bad = _copy_with(small_bundle, tmp_path / "b.zip", add=[("data/extra.txt", b"hi")])
    r = run_cli("bundle", "verify", bad, "--json")
    assert r.returncode == 2, r.stderr
    out = json.loads(r.stdout)
    assert out["ok"] is False and {"member": "data/extra.txt", "message": "extra file not listed in manifest-sha256.txt"} in out["problems"]
    good = tmp_path / "demo.zip"
    from resilience_desktop.workspace.facade import Workspace
    with Workspace.open(demo_path, read_only=True) as ws:
        aid = ws.list_assessments()[-1].id
    r = run_cli("bundle", "export", aid, "-o", good, "--workspace", demo_path, "--json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["revision"] == 1
    r = run_cli("bundle", "verify", good)
    assert r.returncode == 0 and "valid bundle" in r.stdout
    # valid is not trusted: who signed it (or that nobody did) is said with the city and revision
    assert f"valid bundle: Jasyl-Dala (KG), assessment {aid}, revision 1; signed with key " in r.stdout, r.stdout
    facts = json.loads(run_cli("bundle", "verify", good, "--json").stdout)
    assert (facts["city"], facts["revision"], facts["signed"]) == ("Jasyl-Dala", 1, True) and len(facts["key_id"]) == 64
    unsigned = rebag(good, tmp_path / "unsigned.zip", lambda payload, ident: None)
    r = run_cli("bundle", "verify", unsigned)
    assert r.returncode == 0 and r.stdout.rstrip().endswith("revision 1; not signed: nothing shows who made it")


def _edit_gpkg(tmp_path, sql: str):
    """A rebag change running ``sql`` on the bundle's GeoPackage."""
    import sqlite3

    def change(payload, ident):
        path = tmp_path / "edit.gpkg"
        path.write_bytes(payload["data/layers.gpkg"])
        conn = sqlite3.connect(path)
        conn.executescript(sql)
        conn.commit()
        conn.close()
        payload["data/layers.gpkg"] = path.read_bytes()
    return change


def _first_layer(bundle) -> str:
    import zipfile
    with zipfile.ZipFile(bundle) as zf:
        return json.loads(zf.read("data/layers.json"))[0]["table"]


def test_a_layer_missing_from_the_geopackage(small_bundle, mini_registry, tmp_path):
    table = _first_layer(small_bundle)
    bad = rebag(small_bundle, tmp_path / "b.zip", _edit_gpkg(tmp_path, f'DROP TABLE "{table}";'))
    assert any(p.message == f"unreadable layer {table}: the GeoPackage has no such layer"
               for p in _problems(bad, mini_registry))


def test_a_table_the_geopackage_does_not_register_as_a_layer(small_bundle, mini_registry, tmp_path):
    """A GIS lists the feature tables of gpkg_contents: rows in an unregistered table are no layer."""
    table = _first_layer(small_bundle)
    bad = rebag(small_bundle, tmp_path / "b.zip", _edit_gpkg(
        tmp_path, f"DELETE FROM gpkg_contents WHERE table_name = '{table}';"))
    assert any(p.message == f"unreadable layer {table}: the GeoPackage has no such layer"
               for p in _problems(bad, mini_registry))


def test_a_layer_count_is_its_rows_not_the_contents_table(small_bundle, mini_registry, tmp_path):
    """gpkg_ogr_contents (what GDAL reports as the count) still says the old number: the rows decide."""
    table = _first_layer(small_bundle)
    bad = rebag(small_bundle, tmp_path / "b.zip", _edit_gpkg(
        tmp_path, f'DROP TRIGGER IF EXISTS "trigger_delete_feature_count_{table}";'
                  f' DELETE FROM "{table}" WHERE fid = (SELECT MIN(fid) FROM "{table}");'))
    assert any(p.member == "data/layers.gpkg" and f"layer {table} holds" in p.message and "data/layers.json says" in p.message
               for p in _problems(bad, mini_registry))
