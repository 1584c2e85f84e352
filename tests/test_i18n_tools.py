"""The catalog tools (i18n/tools.py): porting a YAML catalog into a .po, updating from the code."""

from __future__ import annotations

import shutil

import pytest

from resilience_desktop.i18n import tools
from resilience_desktop.i18n.build import compile_catalog
from resilience_desktop.i18n.language import po_path


@pytest.fixture
def catalogs(tmp_path, monkeypatch):
    """Copies of the shipped catalogs in ``tmp_path``; the tools read and write those."""
    for lang in ("ru", "kk"):
        shutil.copy(po_path(lang), tmp_path / f"{lang}.po")
    monkeypatch.setattr(tools, "po_path", lambda lang: tmp_path / f"{lang}.po")
    return tmp_path


def test_merge_yaml_adds_new_messages_and_keeps_differing_ones(catalogs, tmp_path):
    before = tools.load_po("ru")
    undo = before.get("Undo").string
    yaml_file = tmp_path / "ru.yaml"
    yaml_file.write_text(
        "'Undo': 'Отмена действия'\n"                       # differs: kept unless --overwrite
        "'Import river gauges…': 'Импорт гидропостов…'\n"   # a message another branch added
        "'Empty one': ''\n", encoding="utf-8")
    counts = tools.merge_yaml(yaml_file, "ru")
    assert counts == {"added": 1, "filled": 0, "replaced": 0, "kept": 1}
    after = tools.load_po("ru")
    assert after.get("Import river gauges…").string == "Импорт гидропостов…"
    assert after.get("Undo").string == undo
    assert after.get("Empty one") is None
    assert tools.merge_yaml(yaml_file, "ru", overwrite=True)["replaced"] == 1
    assert tools.load_po("ru").get("Undo").string == "Отмена действия"
    assert compile_catalog(catalogs / "ru.po")  # still a valid catalog


def test_merge_yaml_refuses_a_file_that_is_not_a_mapping(catalogs, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("- just\n- a list\n", encoding="utf-8")
    with pytest.raises(ValueError):
        tools.merge_yaml(bad, "ru")


def test_merge_yaml_command_line(catalogs, tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(tools, "build", lambda: [])
    yaml_file = tmp_path / "ru.yaml"
    yaml_file.write_text("'Import river gauges…': 'Импорт гидропостов…'\n", encoding="utf-8")
    assert tools.main(["merge-yaml", str(yaml_file), "ru"]) == 0
    assert "1 added" in capsys.readouterr().out
    assert tools.main(["merge-yaml", str(tmp_path / "missing.yaml"), "ru"]) == 2


def test_update_adds_the_codes_messages_untranslated_and_drops_stale_ones(catalogs):
    cat = tools.load_po("kk")
    cat.delete("Undo")
    cat.add("A message no code asks for", "Ешкім сұрамайды")
    tools.save_po(cat, "kk")
    added, dropped = tools.update(["kk"])["kk"]
    assert (added, dropped) == (1, 1)
    cat = tools.load_po("kk")
    assert cat.get("Undo").string == "" and cat.get("A message no code asks for") is None
