"""The main window: reopening a workspace, remembered settings, errors, read-only, language."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings, QSize, Qt
from PySide6.QtWidgets import QMainWindow, QMessageBox

from resilience_desktop.i18n.language import Language
from resilience_desktop.ui.main_window import MainWindow
from resilience_desktop.workspace.facade import Workspace

from .helpers import (
    CTRL, LEFT, answer_next_modal, click_tab, drop_files, error_dialogs, field_text, focus_navigator, focused,
    level_card, make_window, nav_score, press, selected_levels,
)

pytestmark = pytest.mark.ui

K = Qt.Key


def _open_first_assessment_from_start_page(qtbot, window: MainWindow) -> None:
    tree = window.start_view.tree
    window.show_view("start")
    city = tree.topLevelItem(0)
    tree.setCurrentItem(city.child(city.childCount() - 1))  # the city's latest assessment
    tree.setFocus()
    qtbot.keyClick(tree, K.Key_Return)
    assert window.current_view() == "assessment"


def test_close_and_reopen_finds_everything(assessment_window, qtbot, tmp_path):
    w = assessment_window
    path = w.model.ws.path
    aid = w.model.assessment_id
    panel = w.assessment_view.panel
    focus_navigator(qtbot, w)
    press(qtbot, K.Key_PageDown)
    qid = panel.question.id
    press(qtbot, "1")
    comment = panel.fields["comment"]
    qtbot.mouseClick(comment.viewport(), LEFT)
    qtbot.keyClicks(comment, "Only the old 2009 plan")  # not waited for: closing must save it
    doc = tmp_path / "plan-2009.pdf"
    doc.write_bytes(b"%PDF old plan")
    panel.evidence.attach_files([doc])
    click_tab(qtbot, panel.tabs, 2)
    actions = panel.actions
    qtbot.mouseClick(actions.action_edit, LEFT)
    qtbot.keyClicks(actions.action_edit, "Adopt a new DRR plan")
    qtbot.keyClicks(actions.responsible_edit, "City council")
    qtbot.keyClicks(actions.timescale_edit, "1 year")
    actions.action_edit.setFocus()
    qtbot.keyClick(actions.action_edit, K.Key_Return)
    assert actions.count() == 1 and actions.action_edit.text() == ""

    qtbot.keyClick(focused(), K.Key_W, CTRL)  # File > Close workspace
    assert w.model.ws is None
    assert w.current_view() == "start"
    assert w.path_label.text() == "No workspace open"
    assert w.windowTitle() == "Resilience Desktop"
    assert not w.close_action.isEnabled()
    assert w.start_view.tree.topLevelItemCount() == 0

    assert w.open_workspace(path)
    _open_first_assessment_from_start_page(qtbot, w)
    assert w.model.assessment_id == aid
    focus_navigator(qtbot, w)
    press(qtbot, K.Key_PageDown)
    assert panel.question.id == qid
    assert selected_levels(panel) == [1] and nav_score(w, qid) == "1"
    assert field_text(panel, "comment") == "Only the old 2009 plan"
    assert [panel.evidence.list.item(i).text() for i in range(panel.evidence.count())][0].split("    ")[0].endswith(
        "plan-2009.pdf")
    assert actions.table.item(0, 0).text() == "Adopt a new DRR plan"
    assert actions.table.item(0, 1).text() == "City council"
    assert actions.table.item(0, 2).text() == "1 year"
    ws = w.model.ws
    a = ws.answer(aid, qid)
    assert (a.score, a.comment) == (1, "Only the old 2009 plan")
    [e] = ws.list_evidence(aid, qid)
    assert ws.evidence_data(e.id) == b"%PDF old plan"
    [x] = ws.list_actions(aid, qid)
    assert (x.action, x.responsible, x.timescale, x.status) == ("Adopt a new DRR plan", "City council", "1 year", "open")
    assert not w.undo_action.isEnabled(), "a reopened workspace starts a fresh undo history"


def test_geometry_splitter_and_recent_files_are_remembered(qtbot, settings_path, tmp_path):
    first = make_window(qtbot, settings_path)
    a, b = tmp_path / "a.rdw", tmp_path / "b.rdw"
    assert first.create_workspace(a)
    assert first.create_workspace(b)
    ws = first.model.ws
    ws.new_assessment(ws.add_city("Testgrad", "KG"), "preliminary")
    _open_first_assessment_from_start_page(qtbot, first)
    first.resize(1234, 777)
    qtbot.wait(50)  # let the view's first-show sizing run before the user drags the splitter
    first.assessment_view.splitter.setSizes([300, 900])
    qtbot.waitUntil(lambda: first.assessment_view.splitter.sizes()[0] == 300, timeout=2000)
    first_sizes = first.assessment_view.splitter.sizes()
    assert first.recent_files() == [str(b.resolve()), str(a.resolve())]
    first.close()
    assert first.model.ws is None  # closing the window closes (and unlocks) the workspace

    again = QSettings(str(settings_path), QSettings.Format.IniFormat)
    assert again.value("last_workspace") == str(b)
    second = make_window(qtbot, settings_path, show=False)
    second.restore_geometry_or((1600, 1000))
    # Qt fits a restored geometry onto the screen (offscreen: 800x800, smaller than the window's
    # minimum size), so compare with what Qt itself makes of the saved geometry there
    reference = QMainWindow()
    reference.setMinimumSize(second.minimumSize())
    assert reference.restoreGeometry(again.value("window/geometry"))
    assert second.size() == reference.size() != QSize(1600, 1000)
    reference.deleteLater()

    assert second.recent_files() == [str(b.resolve()), str(a.resolve())]
    shown = [second.start_view.recent.item(i).text() for i in range(second.start_view.recent.count())]
    assert shown == [str(b.resolve()), str(a.resolve())]
    assert [act.text() for act in second.recent_menu.actions()] == shown

    second.resize(1234, 777)  # as on a screen big enough for the remembered geometry
    second.show()
    qtbot.waitExposed(second)
    second.open_last_workspace()
    assert second.model.ws is not None and second.model.ws.path == b
    _open_first_assessment_from_start_page(qtbot, second)
    assert second.assessment_view.splitter.sizes() == first_sizes

    # a recent entry opens its workspace
    second.show_view("start")
    second.start_view.recent.setCurrentRow(1)
    second.start_view.recent.setFocus()
    qtbot.keyClick(second.start_view.recent, K.Key_Return)
    assert second.model.ws.path.resolve() == a.resolve()


def test_opening_a_text_file_shows_an_error_and_keeps_everything(assessment_window, qtbot, tmp_path):
    w = assessment_window
    current = w.model.ws.path
    bad = tmp_path / "notes.txt"
    bad.write_text("not a workspace\n", encoding="utf-8")
    before = (bad.read_bytes(), bad.stat().st_mtime_ns)
    assert not w.open_workspace(bad)
    [box] = error_dialogs()
    assert box.windowTitle() == "Cannot open workspace"
    assert box.text() == "notes.txt is not a Resilience Desktop workspace"
    assert "NotAWorkspaceError" in box.detailedText()
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Ok), LEFT)
    assert not box.isVisible() and error_dialogs() == []
    assert (bad.read_bytes(), bad.stat().st_mtime_ns) == before
    assert not (tmp_path / "notes.txt.backups").exists()
    # the open workspace is untouched and still in use
    assert w.model.ws is not None and w.model.ws.path == current
    assert w.current_view() == "assessment"
    assert str(bad.resolve()) not in w.recent_files()


def _prepared_workspace(path) -> tuple[str, str]:
    with Workspace.create(path) as ws:
        aid = ws.new_assessment(ws.add_city("Testgrad", "KG"), "preliminary")
        qid = ws.scorecard_of(aid).active_questions[0].id
        ws.set_answer(aid, qid, score=1, comment="from the other window")
    return aid, qid


def test_workspace_in_use_elsewhere_opens_read_only(main_window, qtbot, tmp_path):
    w = main_window
    path = tmp_path / "shared.rdw"
    aid, qid = _prepared_workspace(path)
    other = Workspace.open(path)  # another running instance is editing it
    try:
        asked: list[str] = []
        answer_next_modal(QMessageBox.StandardButton.Cancel, asked)
        assert not w.open_workspace(path)
        assert asked and "open in another running Resilience Desktop" in asked[0]
        assert w.model.ws is None

        assert w.open_workspace(path, read_only=True)
        ws = w.model.ws
        assert ws.read_only
        assert w.windowTitle().endswith("[read-only]")
        assert "read-only" in w.path_label.text()
        assert not w.start_view.banner.isHidden() and "Read-only" in w.start_view.banner.text()
        assert not w.start_view.new_city_button.isEnabled()
        assert w.start_view.new_city() is None
        _open_first_assessment_from_start_page(qtbot, w)
        panel = w.assessment_view.panel
        assert panel.cards and not any(card.isEnabled() for card in panel.cards)
        assert not any(f.isEnabled() for f in panel.fields.values())
        assert not panel.na_button.isEnabled() and not panel.clear_button.isEnabled()
        assert not panel.evidence.attach_button.isEnabled()
        assert not panel.actions.add_button.isEnabled()
        assert not panel.stakeholders.record_button.isEnabled()
        assert selected_levels(panel) == [1] and field_text(panel, "comment") == "from the other window"

        focus_navigator(qtbot, w)
        press(qtbot, "3")
        press(qtbot, "N")
        qtbot.mouseClick(level_card(panel, 0), LEFT)
        assert selected_levels(panel) == [1]
        assert other.answer(aid, qid).score == 1 and ws.answer(aid, qid).score == 1
        assert not w.undo_action.isEnabled()

        # a file dropped on the evidence list is refused with a plain message
        doc = tmp_path / "doc.txt"
        doc.write_text("x", encoding="utf-8")
        drop_files(panel.evidence, [doc])
        assert ws.list_evidence(aid, qid) == [] and other.list_evidence(aid, qid) == []
        boxes = error_dialogs()
        assert len(boxes) == 1 and "read-only" in boxes[0].text()
        boxes[0].button(QMessageBox.StandardButton.Ok).click()
    finally:
        other.close()


def test_workspace_in_use_can_be_opened_read_only_from_the_prompt(main_window, tmp_path):
    w = main_window
    path = tmp_path / "shared.rdw"
    _prepared_workspace(path)
    other = Workspace.open(path)
    try:
        answer_next_modal(QMessageBox.StandardButton.Open)
        assert w.open_workspace(path)
        assert w.model.ws.read_only
    finally:
        w.close_workspace()
        other.close()


def test_switching_language_rebuilds_the_ui_in_russian(demo_window, qtbot):
    w = demo_window
    ws, aid = w.model.ws, w.model.assessment_id
    card = ws.scorecard_of(aid)
    w.show_view("assessment")
    focus_navigator(qtbot, w)
    press(qtbot, K.Key_PageDown)
    qid = w.assessment_view.panel.question.id
    old_panel = w.assessment_view.panel
    q = card.question(qid)
    assert w.assessment_view.panel.topic_label.text() == q.topic["en"]

    w.set_ui_language("ru")
    qtbot.waitUntil(lambda: w.assessment_view.isVisible(), timeout=2000)  # shown by the event loop
    assert w.settings.value("language") == "ru"
    assert w.current_view() == "assessment"
    panel = w.assessment_view.panel
    assert panel is not old_panel, "the UI was rebuilt"
    assert q.topic["ru"] and q.topic["ru"] != q.topic["en"]
    assert panel.question.id == qid, "the same question stays open"
    assert panel.topic_label.text() == q.topic["ru"]
    assert panel.text_label.text() == q.text["ru"]
    assert [c.text_label.text() for c in panel.cards] == [q.levels[s]["ru"] for s in sorted(q.levels, reverse=True)]
    ess = w.assessment_view.navigator.tree.topLevelItem(0)
    assert ess.text(0) == f"{card.essentials[0].number}. {card.essentials[0].title['ru']}"

    ru = Language.get("ru")
    assert w.menuBar().actions()[0].text() == ru.tr("&File") == "&Файл"
    assert panel.tabs.tabText(0) == ru.tr("Justification") != "Justification"

    # the rebuilt window still works: scoring, the status bar, the start page
    focus_navigator(qtbot, w)
    current = ws.answer(aid, qid)
    new = 0 if current.score != 0 else 1
    press(qtbot, str(new))
    assert ws.answer(aid, qid).score == new and selected_levels(panel) == [new]
    labels = [lab for lab in w.statusBar().findChildren(type(w.path_label)) if lab.isVisible()]
    assert w.path_label in labels and w.completion_label in labels
    assert len(labels) == 2, "the status bar shows one path and one completion label"
    assert str(ws.path) in w.path_label.text()
    after = ws.score(aid)
    assert w.completion_label.text() == ru.tr(
        "Completion: {a} of {n} ({p})  ·  Score: {pts} / {mx}", a=after.answered, n=after.questions,
        p=ru.percent(100 * after.completion, 0), pts=after.points, mx=after.max)
    assert "\xa0%" in w.completion_label.text()  # CLDR: Russian puts a no-break space before the sign
    # and opening an assessment again from the (rebuilt) start page reaches only live widgets
    _open_first_assessment_from_start_page(qtbot, w)
    assert w.model.assessment_id == aid

    w.set_ui_language("en")
    qtbot.waitUntil(lambda: w.assessment_view.isVisible(), timeout=2000)
    assert w.assessment_view.panel.topic_label.text() == q.topic["en"]


def test_about_names_the_map_datas_sources_and_licences(main_window, monkeypatch):
    """GeoNames' places are CC BY 4.0: the app says where its map data comes from."""
    shown = []
    monkeypatch.setattr(QMessageBox, "about", staticmethod(lambda parent, title, text: shown.append(text)))
    main_window.show_about()
    assert "Natural Earth (public domain)" in shown[0] and "GeoNames (www.geonames.org), CC BY 4.0" in shown[0]


def test_the_shortcut_list_gives_the_scorecards_digits_and_shows_every_description_whole(demo_window, qtbot):
    """A facilitator's trial: F1 said «0 … 5» to a workshop scoring 0–3, in a dialog that cut the descriptions."""
    from resilience_desktop.ui.dialogs.shortcuts_dialog import ShortcutsDialog
    demo_window.set_ui_language("ru")
    dialog = ShortcutsDialog(demo_window)
    qtbot.addWidget(dialog)
    dialog.show()
    table = dialog.table
    assert table.item(0, 0).text() == "0 … 3"
    metrics = table.fontMetrics()
    for r in range(table.rowCount()):
        text = table.item(r, 1).text()
        lines = max(1, table.rowHeight(r) // metrics.height())
        assert metrics.horizontalAdvance(text) <= table.columnWidth(1) * lines, text


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_no_two_items_of_a_menu_share_an_access_key(main_window, lang):
    """A facilitator driving the app from the keyboard: Alt+В, Н went to «Начальная страница» when
    «Национальный обзор» was meant (in English, &Losses and &Language shared L). Kazakh, Kyrgyz, Uzbek and
    Tajik still have such pairs (a native speaker's choice of letters)."""
    main_window.set_ui_language(lang)

    def keys(actions) -> list[str]:
        return [a.text().replace("&&", "")[a.text().replace("&&", "").index("&") + 1].lower()
                for a in actions if "&" in a.text().replace("&&", "")]

    menus = [("menu bar", main_window.menuBar().actions())]
    while menus:
        where, actions = menus.pop()
        found = keys(actions)
        assert len(found) == len(set(found)), (where, [a.text() for a in actions])
        menus += [(a.text(), a.menu().actions()) for a in actions if a.menu() is not None]
