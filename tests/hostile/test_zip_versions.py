"""ZIP files from a newer or unknown writer (found by the bundle fuzz test): a member whose central
directory asks for ZIP version 8.4, or that is packed with a method Python cannot unpack (99 is
WinZip's AES). Python's zipfile raises NotImplementedError for both, which escaped every reader
as a traceback. Each reader now gives one plain sentence, exit 2, and changes nothing."""

from __future__ import annotations

import shutil
import struct

import pytest

from resilience_desktop.cli.main import main

from ..bundle.conftest import small_bundle  # noqa: F401 (a valid bundle to damage)
from ..loss.desinventar_files import write_export
from . import corpus
from .helpers import refused, tree_digest

_CENTRAL = b"PK\x01\x02"
_LOCAL = b"PK\x03\x04"


def _rewrite(path, *, version: int | None = None, method: int | None = None):
    """Every member of the zip at ``path`` claims ZIP ``version`` (×10) or compression ``method``."""
    data = bytearray(path.read_bytes())
    at = data.find(_CENTRAL)
    assert at >= 0
    while at >= 0:
        if version is not None:
            data[at + 6:at + 8] = struct.pack("<H", version)
        if method is not None:
            data[at + 10:at + 12] = struct.pack("<H", method)
        at = data.find(_CENTRAL, at + 4)
    if method is not None:
        at = data.find(_LOCAL)
        while at >= 0:
            data[at + 8:at + 10] = struct.pack("<H", method)
            at = data.find(_LOCAL, at + 4)
    path.write_bytes(bytes(data))
    return path


DAMAGE = [pytest.param({"version": 84}, id="version-8.4"), pytest.param({"method": 99}, id="method-99-aes")]


@pytest.mark.parametrize("damage", DAMAGE)
def test_a_bundle_is_refused_by_verify_and_the_national_import(tmp_path, capsys, small_bundle, damage):  # noqa: F811
    bad = _rewrite(shutil.copy(small_bundle, tmp_path / "city.rdbundle"), **damage)
    assert main(["bundle", "verify", str(bad)]) == 2
    out, err = capsys.readouterr()
    assert out.count("\n") == 1 and "ZIP" in out and "Traceback" not in out + err, out + err  # said once
    db = tmp_path / "national.db"
    assert main(["national", "import", str(bad), "--db", str(db), "--create"]) == 2
    out, err = capsys.readouterr()
    assert "rejected: " in out and "ZIP" in out and "Traceback" not in out + err, out + err
    assert not db.exists()  # nothing imported: --create left no empty store


@pytest.mark.parametrize("damage", DAMAGE)
def test_a_zipped_shapefile_is_refused(tmp_path, capsys, workspace_file, damage):
    bad = _rewrite(corpus.dbf_bomb_zip(tmp_path, 64 * 1024), **damage)
    before = tree_digest(workspace_file.parent)
    assert "districts.zip" in refused(capsys, "layer", "info", bad)
    refused(capsys, "layer", "add", bad, "--workspace", workspace_file)
    assert tree_digest(workspace_file.parent) == before


@pytest.mark.parametrize("damage", DAMAGE)
def test_a_zipped_desinventar_export_is_refused(tmp_path, capsys, workspace_file, damage):
    folder = tmp_path / "export"
    folder.mkdir()
    bad = _rewrite(write_export(folder, as_zip=True), **damage)
    before = tree_digest(workspace_file.parent)
    refused(capsys, "loss", "import", bad, "--workspace", workspace_file)
    assert tree_digest(workspace_file.parent) == before


@pytest.mark.parametrize("damage", DAMAGE)
def test_a_workbook_is_refused(tmp_path, capsys, workspace_file, damage):
    bad = _rewrite(corpus.wide_row_xlsx(tmp_path, 20), **damage)
    before = tree_digest(workspace_file.parent)
    assert "not a readable Excel workbook" in refused(capsys, "import-excel", bad, "--workspace", workspace_file)
    assert tree_digest(workspace_file.parent) == before


def _flip_a_name(path):
    """A byte of a member's name changed in its local header only (the trial's bad-flip.zip)."""
    data = bytearray(path.read_bytes())
    at = data.find(b"data/scorecard.json")
    data[at + 4] ^= 0x20
    path.write_bytes(bytes(data))
    return path


@pytest.mark.parametrize("lang, cut, flipped, missing", [
    ("en", "it is cut short: the end of the ZIP", "its list of contents does not match what it holds",
     "there is no such file or folder"),
    ("ru", "он обрезан: нет конца ZIP-файла", "его оглавление не совпадает с содержимым", "такого файла или папки нет"),
])
def test_a_cut_or_damaged_zip_and_a_missing_file_are_said_plainly(tmp_path, capsys, small_bundle, lang, cut,  # noqa: F811
                                                                  flipped, missing):
    """A trial's e-mailed bundle cut short was called "not a ZIP file"; a changed byte gave Python's
    "File name in directory … and header … differ"; a missing file the C library's English."""
    data = small_bundle.read_bytes()
    (tmp_path / "cut.zip").write_bytes(data[: len(data) * 2 // 3])
    _flip_a_name(shutil.copy(small_bundle, tmp_path / "flip.zip"))
    for name, words in (("cut.zip", cut), ("flip.zip", flipped), ("nope.zip", missing)):
        assert main(["--lang", lang, "bundle", "verify", str(tmp_path / name)]) == 2
        out, err = capsys.readouterr()
        assert words in out and "Traceback" not in err, out + err
        assert not any(w in out for w in ("File name in directory", "not a zip file", "No such file")), out
        assert out.count("\n") == 1, out  # a damaged member said once, not again as missing and as a byte count
    line = refused(capsys, "--lang", lang, "exposure", "--hazard", tmp_path / "cut.zip", "--assets",
                   tmp_path / "nope.gpkg")
    assert "Traceback" not in line
