"""CSV encodings are chosen in one place (safety/csv_safe.py): what every writer writes, what a reader tries."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from resilience_desktop.gis.csv_points import read_csv_points
from resilience_desktop.errors import GisError
from resilience_desktop.report.answers_csv import write_answers_csv
from resilience_desktop.safety import csv_safe
from resilience_desktop.workspace.facade import Workspace


def test_written_files_carry_the_byte_order_mark_and_read_back(tmp_path):
    path = tmp_path / "города.csv"
    with csv_safe.open_for_writing(path) as fh:
        csv_safe.writer(fh).writerows([["город", "население"], ["Бишкек", 1_145_000], ["=1+1", -3]])
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and b"\r\n" in data and b"\r\r\n" not in data
    text, used = csv_safe.decode(data)
    assert used == "UTF-8" and not text.startswith("\ufeff")
    assert list(csv.reader(text.splitlines())) == [["город", "население"], ["Бишкек", "1145000"], ["'=1+1", "-3"]]


def test_a_spreadsheet_saved_in_windows_cyrillic_is_read_without_being_told(tmp_path):
    data = "name;lon;lat\nОш;72,8;40,5\n".encode("cp1251")
    assert csv_safe.decode(data) == ("name;lon;lat\nОш;72,8;40,5\n", "CP1251")
    assert csv_safe.decode(data, "cp1251")[1] == "cp1251"
    with pytest.raises(UnicodeDecodeError):
        csv_safe.decode(data, "utf-8")  # a stated encoding is taken at its word


def test_the_point_reader_uses_the_shared_choice(tmp_path):
    path = tmp_path / "schools.csv"
    path.write_bytes("name,lon,lat\nШкола №1,74.6,42.87\n".encode("cp1251"))
    data = read_csv_points(Path(path))
    assert data.encoding == "CP1251"
    assert json.loads(data.attributes[0])["name"] == "Школа №1"
    with pytest.raises(GisError, match="cannot be read as utf-8"):
        read_csv_points(Path(path), encoding="utf-8")


def test_the_answers_export_writes_the_shared_encoding(demo_path, tmp_path):
    with Workspace.open(demo_path) as ws:
        out = write_answers_csv(ws, ws.list_assessments()[0].id, tmp_path / "answers.csv")
    assert out.read_bytes().startswith("\ufeff".encode("utf-8")) and csv_safe.WRITE_ENCODING == "utf-8-sig"
    assert csv_safe.decode(out.read_bytes())[1] == "UTF-8"
