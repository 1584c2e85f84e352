"""The New city dialog: a city is added once; a second of the same name, country and region is refused in the
dialog, which stays open with the first one's id (as `city add` refuses it). The country is chosen from a list
named in the interface language, or typed as a name or a code."""

from __future__ import annotations

from resilience_desktop.ui.dialogs.city_dialog import CityDialog


def _fill(qtbot, ws, name: str, country: str, region: str = "") -> CityDialog:
    dialog = CityDialog(ws)
    qtbot.addWidget(dialog)
    dialog.name.setText(name)
    dialog.country.setEditText(country)
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


def test_the_country_is_chosen_by_name_in_the_interface_language_or_typed(qtbot, workspace):
    from resilience_desktop.i18n.catalog import set_language
    set_language("ru")
    dialog = CityDialog(workspace)
    qtbot.addWidget(dialog)
    labels = [dialog.country.itemText(i) for i in range(4)]
    assert labels == ["Кыргызстан (KG)", "Казахстан (KZ)", "Таджикистан (TJ)", "Узбекистан (UZ)"]
    assert dialog.country.currentText() == ""       # nothing chosen for the user
    dialog.name.setText("Ош")
    dialog.country.setCurrentIndex(0)
    dialog.accept()
    assert dialog.city_id and workspace.get_city(dialog.city_id).country == "KG"
    set_language("en")
    for typed, code in (("Казахстан", "KZ"), ("kazakhstan", "KZ"), ("UZB", "UZ"), ("tj", "TJ"),
                        ("Tajikistan (TJ)", "TJ"), ("Қырғызстан", "KG")):
        assert _fill(qtbot, workspace, f"Town {typed}", typed).city_id, typed
        assert [c.country for c in workspace.list_cities() if c.name == f"Town {typed}"] == [code]
    unknown = _fill(qtbot, workspace, "Atlantis City", "Atlantis")
    assert unknown.city_id is None
    assert unknown.error.text() == "no country is named 'Atlantis': choose one from the list, or type its two-letter code"
    assert _fill(qtbot, workspace, "Nowhere", "").error.text() == "choose the city's country"


def test_a_long_error_makes_the_dialog_taller_instead_of_being_cut(qtbot, workspace):
    dialog = CityDialog(workspace)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    height = dialog.height()
    dialog.name.setText("Atlantis City")
    dialog.country.setEditText("The Lost Continent of Atlantis under the Western Ocean")
    dialog.accept()
    label = dialog.error
    assert label.text().startswith("no country is named") and label.heightForWidth(label.width()) > label.fontMetrics().height() * 1.5
    assert dialog.height() > height and label.height() >= label.heightForWidth(label.width())


def test_the_location_is_both_coordinates_or_neither(qtbot, workspace):
    dialog = CityDialog(workspace)
    qtbot.addWidget(dialog)
    assert dialog.lat.text() == dialog.lon.text() == "unknown"   # not a latitude of 0.00000 that looks given
    dialog.name.setText("Бишкек")
    dialog.country.setEditText("KG")
    dialog.lon.setValue(74.59)
    dialog.accept()
    assert dialog.city_id is None and dialog.error.text() == "give both the longitude and the latitude, or neither"
    dialog.lat.setValue(42.87)
    dialog.accept()
    city = workspace.get_city(dialog.city_id)
    assert (city.lon, city.lat) == (74.59, 42.87)
