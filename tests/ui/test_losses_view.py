"""The Losses view and File > Import > Loss records… (resilience_desktop/ui/losses/)."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QInputDialog, QMessageBox

from resilience_desktop.ui.losses import losses_actions
from resilience_desktop.ui.workers import wait_for

from ..loss.desinventar_files import write_export

pytestmark = pytest.mark.ui


def cells(table, col: int) -> list[str]:
    return [table.item(r, col).text() for r in range(table.rowCount())]


def test_demo_losses_per_hazard_year_and_sendai(demo_window):
    demo_window.show_view("losses")
    view = demo_window.losses_view
    ws = view.model.ws
    s = ws.loss_summary(view.city_id())
    assert cells(view.hazard_table, 0)[-1] == "All" and cells(view.hazard_table, 1)[-1] == str(s.records)
    assert cells(view.hazard_table, 0)[0] == "Flood"
    assert view.year_table.rowCount() == len(s.by_year)
    codes = cells(view.sendai_table, 0)
    assert codes[0] == "A-1" and "C-1" in codes
    formula = cells(view.sendai_table, 3)[codes.index("A-2 + A-3")]
    assert formula == "deaths + missing"
    assert cells(view.sendai_table, 2)[codes.index("A-2 + A-3")] == f"{s.totals['deaths']:,}"
    # "Missing" was never recorded in the demo: an empty cell, not 0.
    missing_col = [view.hazard_table.horizontalHeaderItem(c).text() for c in range(view.hazard_table.columnCount())
                   ].index("Missing")
    assert set(cells(view.hazard_table, missing_col)) == {""}


def test_import_confirms_the_unit_and_stores_the_records(demo_window, tmp_path, monkeypatch, qtbot):
    ws = demo_window.model.ws
    cid = ws.add_city("Бишкек", "KG", population=1_100_000)
    demo_window.show_view("losses")
    view = demo_window.losses_view
    view.refresh()
    view.city_combo.setCurrentIndex(view.city_combo.findData(cid))
    offered = {}

    def pick(_parent, _title, label, items, current, _editable):
        offered.update(items=items, current=current, label=label)
        return items[current], True
    monkeypatch.setattr(QInputDialog, "getItem", staticmethod(pick))
    monkeypatch.setattr(QMessageBox, "information", staticmethod(lambda *a, **k: None))
    path = write_export(tmp_path, as_zip=True)
    task = losses_actions.import_loss_records(demo_window, path)
    wait_for(task)
    qtbot.waitUntil(lambda: ws.loss_summary(cid).records == 3, timeout=10_000)
    assert offered["items"][offered["current"]].startswith("Бишкек (KG0101)")
    qtbot.waitUntil(lambda: cells(view.hazard_table, 0)[-1:] == ["All"] and view.city_id() == cid)
    assert "2 unpublished" in view.source_label.text()
