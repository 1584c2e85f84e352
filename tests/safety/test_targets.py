"""Issue 16 item 3: no command writes its output over one of its inputs, a workspace or a national store.

Each command is run against its own input, the way the attack in the issue did it: before the fix
every one of these exited 0 and left a ZIP, CSV, PDF or GeoPackage where the data was.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from resilience_desktop.cli.main import main
from resilience_desktop.errors import InvalidInputError
from resilience_desktop.national import import_bundle, open_store
from resilience_desktop.store import backups_dir
from resilience_desktop.safety.targets import check_output_target
from resilience_desktop.workspace.facade import Workspace

from ..fixtures import populate, sha256_file


@pytest.fixture
def ws_file(tmp_path, mini_registry) -> tuple[Path, str]:
    path = tmp_path / "ws.rdw"
    with Workspace.create(path, registry=mini_registry) as ws:
        _city, aid = populate(ws)
    return path, aid


@pytest.fixture
def national_db(tmp_path, small_bundle, mini_registry) -> Path:
    path = tmp_path / "national.db"
    with open_store(path) as store:
        assert import_bundle(store, small_bundle, registry=mini_registry).outcome == "imported"
    return path


def _refused(capsys, argv: list[str], *protected: Path) -> str:
    before = {p: sha256_file(p) for p in protected}
    assert main([str(a) for a in argv]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("resilience-desktop: error: "), err
    assert {p: sha256_file(p) for p in protected} == before
    return err[0]


def test_national_export_over_its_own_store(capsys, national_db):
    line = _refused(capsys, ["national", "export", "--db", national_db, "-o", national_db], national_db)
    assert "one of this command's inputs" in line
    line = _refused(capsys, ["national", "export", "--db", f"sqlite:///{national_db}", "-o", national_db], national_db)
    assert "inputs" in line


def test_national_export_over_an_unrelated_workspace(capsys, tmp_path, national_db, ws_file):
    victim = tmp_path / "victim.rdw"
    os.replace(ws_file[0], victim)
    line = _refused(capsys, ["national", "export", "--db", national_db, "-o", victim], victim)
    assert "is a Resilience Desktop workspace" in line


def test_workspace_writers_refuse_their_own_workspace(capsys, ws_file):
    path, aid = ws_file
    for argv in (["bundle", "export", aid, "-o", path, "--workspace", path],
                 ["assessment", "export-csv", aid, "-o", path, "--workspace", path],
                 ["report", aid, "-o", path, "--workspace", path],
                 ["export-excel", aid, "-o", path, "--workspace", path]):
        assert "inputs" in _refused(capsys, argv, path)
    with Workspace.open(path) as ws:  # still a workspace, no revision used up
        assert ws.answer(aid, "P1.1").score == 3
        assert ws.query("SELECT COUNT(*) AS n FROM bundle_exports")[0]["n"] == 0


def test_a_hard_link_is_the_same_file(capsys, tmp_path, ws_file, national_db):
    path, aid = ws_file
    link = tmp_path / "looks-new.zip"
    os.link(path, link)
    assert "inputs" in _refused(capsys, ["bundle", "export", aid, "-o", link, "--workspace", path], path)
    other = tmp_path / "store-copy.gpkg"
    os.link(national_db, other)
    assert "inputs" in _refused(capsys, ["national", "export", "--db", national_db, "-o", other], national_db)


def test_report_given_to_a_bundle_is_an_input(capsys, tmp_path, ws_file):
    path, aid = ws_file
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(b"%PDF-1.4\n%%EOF\n")
    assert "inputs" in _refused(capsys, ["bundle", "export", aid, "-o", pdf, "--report", pdf, "--workspace", path], pdf)


def test_side_files_and_folders_are_refused(tmp_path, ws_file):
    path, _aid = ws_file
    for target in (path.with_name(path.name + "-wal"), path.with_name(path.name + ".lock")):
        with pytest.raises(InvalidInputError, match="belongs to ws.rdw"):
            check_output_target(target)
    with pytest.raises(InvalidInputError, match="folder"):
        check_output_target(tmp_path)
    check_output_target(tmp_path / "fine.csv", [path, None, "postgresql://server/db"])


def test_core_writers_refuse_a_workspace_whatever_calls_them(tmp_path, ws_file):
    from resilience_desktop.atomic import atomic_target
    path, _aid = ws_file
    before = sha256_file(path)
    with pytest.raises(InvalidInputError):
        with atomic_target(path) as tmp:
            tmp.write_text("x")
    assert sha256_file(path) == before


def test_national_import_backs_the_store_up_first(tmp_path, national_db, small_bundle):
    assert main(["national", "import", str(small_bundle), "--db", str(national_db)]) in (0, 2)
    backups = sorted(backups_dir(national_db).glob("national-*.db"))
    assert len(backups) == 1
    with open_store(backups[0]) as store:  # a real, complete copy of the store
        assert store.query("SELECT COUNT(*) AS n FROM bundles")[0]["n"] == 1


def test_every_national_command_that_writes_backs_the_store_up_first(tmp_path, national_db):
    """Not only ``import``: tokens, keys and the folder transport write to the store too."""
    from resilience_desktop.bundle.signing import new_private_key, public_key_bytes, public_key_pem
    with open_store(national_db) as store:
        city = store.query("SELECT city_id FROM bundles")[0]["city_id"]
    pem = tmp_path / "city.pem"
    pem.write_bytes(public_key_pem(public_key_bytes(new_private_key())))
    (tmp_path / "sync" / "outbox").mkdir(parents=True)
    commands = [["national", "token", "add", "--city", city, "--db", national_db],
                ["national", "key", "add", "--city", city, "--public-key", pem, "--db", national_db],
                ["national", "import-folder", tmp_path / "sync", "--db", national_db]]
    for n, argv in enumerate(commands, start=1):
        assert main([str(a) for a in argv]) == 0, argv
        assert len(list(backups_dir(national_db).glob("national-*.db"))) == n, argv


def test_exposure_table_over_its_own_assets_or_population(capsys, tmp_path):
    """``exposure -o`` wrote its result table over the assets (or population) CSV it had just read, exit 0."""
    import json
    hazard = tmp_path / "zones.geojson"
    hazard.write_text(json.dumps({"type": "FeatureCollection", "features": [{
        "type": "Feature", "properties": {"zone": "flood"}, "geometry": {"type": "Polygon", "coordinates": [
            [[74.5, 42.8], [74.7, 42.8], [74.7, 42.9], [74.5, 42.9], [74.5, 42.8]]]}}]}), encoding="utf-8")
    assets = tmp_path / "schools.csv"
    assets.write_text("lon,lat,kind\n74.6,42.85,school\n74.9,42.95,clinic\n", encoding="utf-8")
    people = tmp_path / "people.csv"
    people.write_text("lon,lat,n\n74.6,42.85,120\n", encoding="utf-8")
    base = ["exposure", "--hazard", hazard, "--assets", assets, "--group-field", "kind"]
    assert "inputs" in _refused(capsys, [*base, "-o", assets], assets, hazard)
    assert "inputs" in _refused(capsys, [*base, "--population", people, "--population-field", "n", "-o", people],
                                people, assets)
    assert main([str(a) for a in [*base, "-o", tmp_path / "table.csv"]]) == 0  # another file is fine


def test_gui_screenshot_and_map_render_refuse_the_workspace(capsys, tmp_path, ws_file):
    path, _aid = ws_file
    looks_like_png = tmp_path / "ws.png"
    os.link(path, looks_like_png)
    assert "inputs" in _refused(capsys, ["--workspace", path, "--screenshot", looks_like_png], path)
    assert "inputs" in _refused(capsys, ["map", "render", "all", "--workspace", path, "-o", looks_like_png], path)
