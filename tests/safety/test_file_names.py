"""One file-name sanitiser for every name the GUI suggests from a title."""

from __future__ import annotations

import pytest

from resilience_desktop.safety.file_names import MAX_STEM_CHARS, safe_file_name


@pytest.mark.parametrize(("title", "suffix", "want"), [
    ("Jasyl-Dala baseline assessment 2024 (demo)", ".pdf", "Jasyl-Dala baseline assessment 2024 (demo).pdf"),
    ("Бишкек / Bishkek: 2025", ".xlsx", "Бишкек - Bishkek- 2025.xlsx"),
    ('a<b>c|d?e*f"g\\h', ".csv", "a-b-c-d-e-f-g-h.csv"),
    ("line one\nline\ttwo", ".zip", "line one line two.zip"),
    ("...hidden.", ".pdf", "hidden.pdf"),
    ("nul.report", ".pdf", "_nul.report.pdf"),
    ("COM3", "", "_COM3"),
    ("COMPANY", "", "COMPANY"),
    ("", ".csv", "export.csv"),
    ("///", ".csv", "export.csv"),
])
def test_names_every_system_accepts(title, suffix, want):
    assert safe_file_name(title, suffix) == want


def test_a_long_title_is_cut_before_the_suffix_and_the_fallback_is_the_callers():
    name = safe_file_name("Оценка " * 40, ".pdf")
    assert name.endswith(".pdf") and len(name) <= MAX_STEM_CHARS + 4 and not name[:-4].endswith(" ")
    assert safe_file_name("  ", ".xlsx", fallback="assessment") == "assessment.xlsx"
