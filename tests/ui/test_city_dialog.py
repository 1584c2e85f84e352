"""The New city dialog: a city is added once; a second of the same name, country and region is refused in the
dialog, which stays open with the first one's id (as `city add` refuses it)."""

from __future__ import annotations

from resilience_desktop.ui.dialogs.city_dialog import CityDialog


def _fill(qtbot, ws, name: str, country: str, region: str = "") -> CityDialog:
    dialog = CityDialog(ws)
    qtbot.addWidget(dialog)
    dialog.name.setText(name)
    dialog.country.setText(country)
    dialog.region.setText(region)
    dialog.accept()
    return dialog


def test_a_city_is_added_once(qtbot, workspace):
    first = _fill(qtbot, workspace, "Каракол", "kg")
    assert first.city_id is not None and first.result() == CityDialog.DialogCode.Accepted
    again = _fill(qtbot, workspace, " каракол ", "KG")
    assert again.city_id is None and again.result() != CityDialog.DialogCode.Accepted
    assert again.error.text() == f"Каракол (KG) is already in the workspace as {first.city_id}; nothing was added"
    assert [c.name for c in workspace.list_cities()] == ["Каракол"]
    other = _fill(qtbot, workspace, "Каракол", "KG", region="Issyk-Kul")  # the first has no region: the same city
    assert other.city_id is None
    assert _fill(qtbot, workspace, "Karakol", "KZ").city_id  # a namesake in another country is another city
    assert _fill(qtbot, workspace, "Королёв", "RU").city_id
    assert _fill(qtbot, workspace, "Королев", "RU").city_id is None  # ё typed as е, as most keyboards do
