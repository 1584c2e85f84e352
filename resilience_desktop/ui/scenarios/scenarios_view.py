"""The Scenarios view: the city's hazards and scenarios (left), exposure analysis and result (right)."""

from __future__ import annotations

__all__ = ["ScenariosView"]

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QInputDialog, QLabel, QSplitter, QVBoxLayout, QWidget

from ...i18n.catalog import language, tr
from ...scorecard import tr_text
from ..assessment.commands import add_evidence_command
from ..dialogs.error_dialog import show_error
from .exposure_panel_widget import ExposurePanel
from .scenario_editor_widget import ScenarioEditor
from ..workspace_model import Entity, WorkspaceModel

_ENTITIES = frozenset({Entity.HAZARD, Entity.SCENARIO, Entity.EXPOSURE, Entity.LAYER, Entity.CITY,
                       Entity.ASSESSMENT})


class ScenariosView(QWidget):
    sig_show_on_map = Signal(object)
    """Emitted with ``{layer_id: [fid, ...]}``: highlight these features on the map."""

    def __init__(self, model: WorkspaceModel, parent: QWidget | None = None):
        super().__init__(parent)
        self.model = model
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        top = QHBoxLayout()
        self.title_label = QLabel(tr("Risk scenarios and exposure"), objectName="h2")
        self.city_label = QLabel(objectName="muted")
        top.addWidget(self.title_label)
        top.addStretch(1)
        top.addWidget(self.city_label)
        layout.addLayout(top)
        self.editor = ScenarioEditor(model, self)
        self.panel = ExposurePanel(model, self)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(self.editor)
        self.splitter.addWidget(self.panel)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setSizes([520, 780])
        self.splitter.setChildrenCollapsible(False)
        layout.addWidget(self.splitter, 1)
        self.editor.sig_scenario_selected.connect(self.panel.set_scenario)
        self.panel.sig_show_on_map.connect(self.sig_show_on_map)
        self.panel.sig_attach.connect(self.attach_dialog)
        # A refresh is queued, never run inside the signal of the edit that caused it (a list
        # must not be cleared while its own itemChanged handler runs).
        self._timer = QTimer(self, singleShot=True, interval=0)
        self._timer.timeout.connect(self.refresh)
        # Bound methods, not lambdas: Qt drops them with this view when the window rebuilds its views.
        model.sig_changed.connect(self._on_changed)
        model.sig_workspace_replaced.connect(self.refresh)
        model.sig_assessment_selected.connect(self._on_assessment_selected)
        self.refresh()

    def _on_assessment_selected(self, _assessment_id: str) -> None:
        self._timer.start()

    def _on_changed(self, event) -> None:
        if event.entity in _ENTITIES:
            self._timer.start()

    def city_id(self) -> str | None:
        ws = self.model.ws
        if ws is None:
            return None
        if self.model.assessment_id:
            return ws.get_assessment(self.model.assessment_id).city_id
        cities = ws.list_cities()
        return cities[0].id if cities else None

    def refresh(self) -> None:
        ws = self.model.ws
        cid = self.city_id()
        self.city_label.setText(tr("City: {name}", name=ws.get_city(cid).name) if ws is not None and cid else "")
        self.editor.set_city(cid)
        self.panel.set_scenario(self.editor.scenario_id())

    # ------------------------------------------------------------------ evidence
    def question_choices(self) -> list[tuple[str, str]]:
        """``(question id, label)`` of the assessment's questions, scenario-linked ones first."""
        ws, aid = self.model.ws, self.model.assessment_id
        if ws is None or aid is None:
            return []
        card = ws.scorecard_of(aid)
        lang = language()
        qs = sorted(card.active_questions, key=lambda q: not q.scenarios)
        return [(q.id, f"{q.id} — {tr_text(q.topic, lang)}" + ("  ★" if q.scenarios else "")) for q in qs]

    def attach(self, result_id: str, question_id: str) -> str:
        """Attach the stored result to ``question_id`` of the current assessment (undoable)."""
        ws, aid = self.model.ws, self.model.assessment_id
        assert ws is not None and aid is not None
        eid = ws.attach_exposure_evidence(result_id, aid, question_id)
        cmd = add_evidence_command(ws, eid, tr("Exposure result"))
        cmd.done = True
        self.model.undo_stack.push(cmd)
        return eid

    def attach_dialog(self, result_id: str) -> None:
        choices = self.question_choices()
        if not choices:
            return
        labels = [label for _q, label in choices]
        label, ok = QInputDialog.getItem(self, tr("Attach to question"),
                                         tr("Question (★ judged against the scenarios):"), labels, 0, False)
        if not ok:
            return
        try:
            self.attach(result_id, choices[labels.index(label)][0])
        except Exception as exc:
            show_error(self, exc)
