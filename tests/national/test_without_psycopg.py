"""Without the optional ``national`` extra (psycopg), a postgresql:// URL gets one clear sentence."""

from __future__ import annotations

import sys

import pytest

from resilience_desktop.errors import NationalStoreError
from resilience_desktop.national.store import open_store

from ..fixtures import cli_user_error


@pytest.fixture
def no_psycopg(monkeypatch):
    """``import psycopg`` fails as it does where the extra is not installed."""
    for name in [m for m in sys.modules if m == "psycopg" or m.startswith("psycopg.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "psycopg", None)  # None in sys.modules: ImportError on import


def test_the_store_says_what_to_install(no_psycopg):
    with pytest.raises(NationalStoreError, match=r'pip install "resilience-desktop\[national\]"'):
        open_store("postgresql://platform@127.0.0.1:1/national")


def test_the_command_line_says_it_in_one_line(no_psycopg, tmp_path):
    line = cli_user_error("national", "summary", "--db", "postgresql://platform@127.0.0.1:1/national", "--json")
    assert "needs the psycopg package, which is not installed" in line
    assert 'pip install "resilience-desktop[national]"' in line


def test_sqlite_stores_need_no_psycopg(no_psycopg, tmp_path):
    store = open_store(f"sqlite:///{tmp_path / 'national.db'}")
    store.close()
    assert "psycopg" not in {m.split(".")[0] for m in sys.modules if sys.modules[m] is not None}
