"""Evidence of one question: files copied into the workspace and links; drag and drop files here."""

from __future__ import annotations

import tempfile
from pathlib import Path

from PySide6.QtCore import QUrl, Qt
from PySide6.QtGui import QDesktopServices, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QFileDialog, QHBoxLayout, QInputDialog, QLabel, QListWidget, QListWidgetItem, QMessageBox, QPushButton,
    QVBoxLayout, QWidget,
)

from ...i18n.catalog import language, tr
from ...i18n.times import local_time_text
from ...report.content import format_size
from .commands import add_evidence_command, remove_evidence_command, rename_evidence_command
from ..dialogs.error_dialog import show_error
from ..workspace_model import WorkspaceModel


def _size_text(size: int | None) -> str:
    return format_size(size, language())


class EvidenceWidget(QWidget):
    def __init__(self, model: WorkspaceModel, parent: QWidget | None = None):
        super().__init__(parent)
        self.model = model
        self.question_id: str | None = None
        self.setAcceptDrops(True)
        layout = QVBoxLayout(self)
        hint = QLabel(tr("Attach documents, photos or maps that prove the score. Drop files here."), objectName="muted")
        hint.setWordWrap(True)
        self.list = QListWidget(objectName="evidenceList")
        self.list.itemActivated.connect(lambda _i: self.open_selected())
        buttons = QHBoxLayout()
        self.attach_button = QPushButton(tr("Attach file…"))
        self.attach_button.clicked.connect(self.choose_files)
        self.link_button = QPushButton(tr("Add link…"))
        self.link_button.clicked.connect(self.choose_link)
        self.open_button = QPushButton(tr("Open"))
        self.open_button.clicked.connect(self.open_selected)
        self.rename_button = QPushButton(tr("Rename…"))
        self.rename_button.clicked.connect(self.rename_selected)
        self.remove_button = QPushButton(tr("Remove"))
        self.remove_button.clicked.connect(lambda: self.remove_selected(confirm=True))
        for b in (self.attach_button, self.link_button, self.open_button, self.rename_button, self.remove_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        layout.addWidget(hint)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)

    def set_question(self, question_id: str | None) -> None:
        self.question_id = question_id
        self.refresh()

    def refresh(self) -> None:
        self.list.clear()
        ws, aid = self.model.ws, self.model.assessment_id
        if ws is None or aid is None or self.question_id is None:
            return
        for e in ws.list_evidence(aid, self.question_id):
            detail = _size_text(e.size) if e.kind == "file" else (e.url or "")
            item = QListWidgetItem(f"{'📄' if e.kind == 'file' else '🔗'}  {e.name}    {detail}")
            item.setData(Qt.ItemDataRole.UserRole, e.id)
            item.setToolTip(f"{e.name}\n{tr('added by {who} on {when}', who=e.added_by, when=local_time_text(e.added_at))}"
                            + (f"\nsha256 {e.sha256}" if e.sha256 else ""))
            self.list.addItem(item)
        writable = not ws.read_only
        for b in (self.attach_button, self.link_button, self.rename_button, self.remove_button):
            b.setEnabled(writable)

    def count(self) -> int:
        return self.list.count()

    # ------------------------------------------------------------------ adding
    def choose_files(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, tr("Attach evidence"), str(Path.home()))
        self.attach_files([Path(p) for p in paths])

    def attach_files(self, paths: list[Path]) -> None:
        ws, aid = self.model.ws, self.model.assessment_id
        if ws is None or aid is None or self.question_id is None:
            return
        here = {e.sha256: e.name for e in ws.list_evidence(aid) if e.question_id == self.question_id and e.sha256}
        again: list[str] = []
        for path in paths:
            digest = _sha256(path)
            if digest is not None and digest in here:  # the same bytes twice: listed twice, and twice in the report
                again.append(tr("{file} (attached as {name})", file=path.name, name=here[digest]))
                continue
            try:
                eid = ws.add_evidence_file(aid, self.question_id, path)
            except Exception as exc:
                show_error(self, exc, title=tr("Cannot attach {name}", name=path.name))
                continue
            if digest is not None:
                here[digest] = path.name
            cmd = add_evidence_command(ws, eid, path.name)
            cmd.done = True
            self.model.undo_stack.push(cmd)
        if again:
            box = QMessageBox(QMessageBox.Icon.Information, tr("Already attached"),
                              tr("Already attached to this question, so not attached again: {files}",
                                 files="; ".join(again)), QMessageBox.StandardButton.Ok, self)
            box.setObjectName("alreadyAttached")
            box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            box.open()  # not modal to the loop: a note, nothing to decide

    def choose_link(self) -> None:
        url, ok = QInputDialog.getText(self, tr("Add link"), tr("Address (https://…)"))
        if ok and url.strip():
            self.add_link(url.strip())

    def add_link(self, url: str, name: str | None = None) -> None:
        ws, aid = self.model.ws, self.model.assessment_id
        if ws is None or aid is None or self.question_id is None:
            return
        try:
            eid = ws.add_evidence_link(aid, self.question_id, url, name=name)
        except Exception as exc:
            show_error(self, exc, title=tr("Cannot add the link"))
            return
        cmd = add_evidence_command(ws, eid, name or url)
        cmd.done = True
        self.model.undo_stack.push(cmd)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 (Qt override)
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 (Qt override)
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        self.attach_files([p for p in paths if p.is_file()])
        event.acceptProposedAction()

    # ------------------------------------------------------------------ acting on one
    def _selected(self) -> tuple[str, str] | None:
        item = self.list.currentItem()
        if item is None:
            return None
        eid = item.data(Qt.ItemDataRole.UserRole)
        ev = next((e for e in self.model.ws.list_evidence(self.model.assessment_id) if e.id == eid), None)
        return (eid, ev.name) if ev else None

    def open_selected(self) -> None:
        sel = self._selected()
        if sel is None:
            return
        ws = self.model.ws
        ev = next(e for e in ws.list_evidence(self.model.assessment_id) if e.id == sel[0])
        if ev.kind == "link":
            QDesktopServices.openUrl(QUrl(ev.url))
            return
        folder = Path(tempfile.mkdtemp(prefix="resilience-evidence-"))
        target = folder / Path(ev.name).name
        target.write_bytes(ws.evidence_data(ev.id))
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(target)))

    def rename_selected(self) -> None:
        sel = self._selected()
        if sel is None:
            return
        name, ok = QInputDialog.getText(self, tr("Rename evidence"), tr("Name"), text=sel[1])
        if ok:
            self.rename(sel[0], sel[1], name)

    def rename(self, evidence_id: str, old: str, new: str) -> None:
        try:
            self.model.execute(rename_evidence_command(self.model.ws, evidence_id, old, new.strip()))
        except Exception as exc:
            show_error(self, exc)

    def remove_selected(self, *, confirm: bool) -> None:
        sel = self._selected()
        if sel is None:
            return
        if confirm and QMessageBox.question(
                self, tr("Remove evidence"), tr("Remove “{name}” from this question?", name=sel[1]),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No) != QMessageBox.StandardButton.Yes:
            return
        self.model.execute(remove_evidence_command(self.model.ws, sel[0], sel[1]))


def _sha256(path: Path) -> str | None:
    """The file's SHA-256 (what the workspace keys its evidence by), or None when it cannot be read (the
    attaching then says why)."""
    import hashlib
    h = hashlib.sha256()
    try:
        with open(path, "rb") as fh:
            while chunk := fh.read(1 << 20):
                h.update(chunk)
    except OSError:
        return None
    return h.hexdigest()
