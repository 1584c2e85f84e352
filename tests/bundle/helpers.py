"""Shared bundle test data: a small bundle on the mini scorecard, and tools to rewrite one."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any, Callable

from resilience_desktop.bundle.export import _bag, write_zip
from resilience_desktop.bundle.format import canonical_json
from resilience_desktop.workspace.facade import Workspace

from ..fixtures import populate
from ..gis.samples import geojson_mixed


def small_workspace(folder: Path, registry) -> tuple[Path, str]:
    """A mini-scorecard workspace with answers (one comment private), evidence, an action and a layer."""
    path = folder / "small.rdw"
    with Workspace.create(path, registry=registry) as ws:
        _city, aid = populate(ws)
        ws.set_answer(aid, "P2.1", comment="secret remark", comment_private=True)
        note = folder / "plan.txt"
        note.write_text("the plan\n", encoding="utf-8")
        ws.add_evidence_file(aid, "P1.1", note)
        ws.add_evidence_link(aid, None, "https://example.org/plan")
        ws.add_action(aid, "P2.1", "Write the plan", responsible="Mayor", timescale="1 year")
        ws.set_stakeholder_score(aid, "P1.1", "NGOs", score=2)
        ws.add_layer(geojson_mixed(folder))
    return path, aid


def read_members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


def rebag(src: Path, dst: Path, change: Callable[[dict[str, bytes], dict[str, Any]], None]) -> Path:
    """Rewrite a bundle with ``change(payload, identity)`` applied and every manifest recomputed
    (so the checksums are right and only the changed meaning is wrong)."""
    members = read_members(src)
    payload = {n: b for n, b in members.items() if n.startswith("data/")}
    identity = json.loads(members["bundle.json"])
    change(payload, identity)
    write_zip(_bag(payload, identity), dst)
    return dst


def edit_json(name: str, edit: Callable[[Any], None]) -> Callable[[dict[str, bytes], dict[str, Any]], None]:
    def change(payload: dict[str, bytes], identity: dict[str, Any]) -> None:
        value = json.loads(payload[name])
        edit(value)
        payload[name] = canonical_json(value)
    return change


def raw_zip(dst: Path, entries: list[tuple[zipfile.ZipInfo | str, bytes]]) -> Path:
    """A zip written exactly as given (duplicates, odd names, symlink attributes)."""
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "Duplicate name" is the point of some tests
        with zipfile.ZipFile(dst, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            for info, data in entries:
                zf.writestr(info, data)
    return dst
