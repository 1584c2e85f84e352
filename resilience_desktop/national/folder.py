"""The platform's side of the folder transport: import what cities left in ``outbox/`` (no Qt).

A city's sync writes each bundle atomically (a temporary dot-name, then a rename) into
``FOLDER/outbox/``. :func:`import_folder` imports every bundle found there that has no receipt
yet, through the same importer as ``national import``, and writes one receipt per bundle,
atomically, as ``FOLDER/receipts/<sha256>.json``. Nothing is deleted: the city's next sync reads
the receipts back. Running it again imports only what arrived since, and rewrites the receipt of
a bundle that was held for review once a person has decided (``national pending accept|reject``).
"""

from __future__ import annotations

__all__ = ["import_folder", "OUTBOX_DIR", "RECEIPTS_DIR", "receipt_path"]

import hashlib
import json
from pathlib import Path
from typing import Callable

from ..atomic import atomic_target
from ..bundle.format import Limits
from ..errors import InvalidInputError
from ..i18n.catalog import tr
from ..scorecard import ScorecardRegistry
from .access import ensure_access_tables, save_receipt
from .importer import ImportResult, import_bundle
from .receipt import Receipt, receipt_for
from .store import NationalStore

OUTBOX_DIR = "outbox"
RECEIPTS_DIR = "receipts"


def receipt_path(folder: Path, sha256: str) -> Path:
    return folder / RECEIPTS_DIR / f"{sha256}.json"


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()


def import_folder(store: NationalStore, folder: str | Path, *, limits: Limits | None = None,
                  registry: ScorecardRegistry | None = None, who: str | None = None,
                  require_signatures: bool = False,
                  progress: Callable[[int, int], None] | None = None) -> list[tuple[ImportResult, Receipt]]:
    """Import each new bundle of ``folder/outbox`` and write its receipt; one pair per bundle imported now."""
    folder = Path(folder)
    outbox = folder / OUTBOX_DIR
    if not outbox.is_dir():
        raise InvalidInputError(tr("{path} has no outbox folder (is it the sync folder cities write to?)",
                                   path=folder))
    (folder / RECEIPTS_DIR).mkdir(exist_ok=True)
    ensure_access_tables(store)
    files = sorted(p for p in outbox.iterdir() if p.is_file() and p.suffix.lower() == ".zip"
                   and not p.name.startswith("."))
    out = []
    for i, path in enumerate(files):
        sha = _sha256(path)
        target = receipt_path(folder, sha)
        if target.exists():
            _refresh(store, target, sha)
        else:
            result = import_bundle(store, path, limits=limits, registry=registry, who=who,
                                   require_signatures=require_signatures)
            receipt = receipt_for(store, result)
            if receipt.sha256 is None:  # the file changed or vanished while read: name it by what we hashed
                receipt = Receipt(sha, receipt.outcome, receipt.reason, receipt.server_time)
            save_receipt(store, receipt)
            with atomic_target(target) as tmp:
                tmp.write_text(json.dumps(receipt.to_json(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
            out.append((result, receipt))
        if progress:
            progress(i + 1, len(files))
    return out


def _refresh(store: NationalStore, target: Path, sha: str) -> None:
    """Write the store's receipt of ``sha`` over the file's ``held`` one once a reviewer has decided."""
    from .access import load_receipt
    from .receipt import parse_receipt
    try:
        written = parse_receipt(json.loads(target.read_text(encoding="utf-8")))
    except (OSError, ValueError):
        written = None
    if written is not None and not written.held:
        return
    stored = load_receipt(store, sha)
    if stored is None or stored.held:
        return
    with atomic_target(target) as tmp:
        tmp.write_text(json.dumps(stored.to_json(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
