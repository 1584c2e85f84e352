"""One safe workbook opener for the Excel import and the scorecard-sheet import: every check in both."""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
import pytest

from resilience_desktop.errors import ExcelImportError, ScorecardValidationError
from resilience_desktop.excel.cells import read_grids
from resilience_desktop.safety import workbook
from resilience_desktop.safety.workbook import open_workbook
from resilience_desktop.scorecard.sheet import definition_from_sheet
from tests.hostile import corpus


def _book(path: Path) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Показатели"  # Cyrillic sheet names survive
    ws.append(["id", "essential", "topic"])
    ws.append(["1.1", 1, "Координация"])
    ws["D2"] = "=1+1"
    wb.save(path)
    return path


def test_opens_a_real_workbook_values_or_formulas(tmp_path):
    path = _book(tmp_path / "sheet.xlsx")
    with open_workbook(path) as wb:
        assert wb.book.sheetnames == ["Показатели"] and not wb.has_macros
        rows = list(wb.rows(wb.book.worksheets[0]))
        assert rows[1][:3] == ("1.1", 1, "Координация")
    with open_workbook(path, formulas=True) as wb:
        assert list(wb.rows(wb.book.worksheets[0]))[1][3] == "=1+1"


def _both_refuse(path: Path) -> tuple[str, str]:
    """The message of the Excel import and of the scorecard-sheet import for ``path``."""
    with pytest.raises(ExcelImportError) as imported:
        read_grids(path, lambda _title: True)
    with pytest.raises(ScorecardValidationError) as authored:
        definition_from_sheet(path)
    [problem] = authored.value.problems
    return str(imported.value), problem.message


def test_an_encrypted_workbook_is_refused_by_both_readers(tmp_path):
    path = tmp_path / "пароль.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + "EncryptionInfo".encode("utf-16-le"))
    imported, authored = _both_refuse(path)
    assert imported == authored
    assert imported.startswith("пароль.xlsx is password-protected: open it in Excel")


def test_a_workbook_over_the_size_limit_is_refused_by_both_readers(tmp_path, monkeypatch):
    path = _book(tmp_path / "big.xlsx")
    monkeypatch.setattr(workbook, "MAX_WORKBOOK_BYTES", path.stat().st_size - 1)
    imported, authored = _both_refuse(path)
    assert imported == authored and "big.xlsx is too large" in imported


def test_a_cell_bomb_is_refused_before_openpyxl_by_both_readers(tmp_path, monkeypatch):
    path = corpus.wide_row_xlsx(tmp_path, 300_000)
    monkeypatch.setattr(openpyxl, "load_workbook", lambda *a, **k: pytest.fail("openpyxl must not see it"))
    imported, authored = _both_refuse(path)
    assert imported == authored and "cells" in imported and imported.endswith("nothing was imported")


def test_a_zip_that_is_not_a_workbook_says_so_in_one_sentence(tmp_path):
    path = tmp_path / "report.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("word/document.xml", "<w/>")
    imported, authored = _both_refuse(path)
    assert imported == authored and imported.startswith("report.xlsx is not a readable Excel workbook")
    assert "\n" not in imported
