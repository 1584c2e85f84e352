"""Who may change a city in the national store, and the bundles held for a person to decide.

A city id belongs to the assessment chains already imported for it: the first chain to deliver
a city owns it. A bundle is *held for review* instead of applied when

- it comes from another assessment chain than the one(s) that own its city (a forged or
  mistaken bundle reusing another workspace's city id would otherwise rename that city), unless
  it is signed by a key that speaks for the city: one registered for it (``national key add``) or
  the key that signed a chain already imported for it (the same workspace's city key), or
- it moves an assessment to another city, or
- it is not signed, or signed by another key, while its assessment's earlier revisions were signed
  (the chain's key, remembered from its first signed bundle): someone who recomputed the checksums
  of an edited bundle and dropped its signature would otherwise rewrite a signed city; a city that
  really lost its key (a new installation) is a reviewer's decision, and the key of an accepted
  bundle then signs for the chain, or
- it does not continue its chain: its ``previous_sha256`` differs from the revision before it
  as imported, the revision after it names another predecessor, or revisions are missing between
  the latest imported and this one (a forged "revision 99" would otherwise become the latest).

A held bundle is stored whole in ``pending_bundles`` (the data tables are untouched) until
``national pending accept ID`` imports it (its chain then owns the city alongside the first) or
``national pending reject ID`` closes it. Both decisions are logged with who, when and the
reviewer's reason (``--reason``), and each gives the bundle's file a new receipt: the city that
sent it learns that it was imported, or rejected and why, at its next sync (a held bundle's receipt
says ``held`` until then).
"""

from __future__ import annotations

__all__ = ["PENDING_TABLE", "decision_text", "chain_problem", "settle_pending", "hold", "list_pending", "accept_pending",
           "reject_pending"]

import hashlib
from pathlib import Path
from typing import Any

from ..bundle.verify import VerifiedBundle
from ..errors import NationalStoreError, NotFoundError
from ..i18n.catalog import tr
from ..safety.tempfiles import temp_dir
from ..workspace.common import new_id, now
from .store import NationalStore

PENDING_TABLE = "pending_bundles"


def chain_problem(store: NationalStore, b: VerifiedBundle) -> str | None:
    """Why ``b`` may not be applied without review, or ``None`` when it continues its own chain."""
    ident = b.identity
    aid, rev, city_id = ident["assessment_id"], ident["revision"], ident["city_id"]
    if store.kind == "postgresql":  # two chains claiming one new city at once: one waits for the other
        store.execute("SELECT pg_advisory_xact_lock(hashtext(?))", ("city:" + city_id,))
    chain = store.query("SELECT revision, sha256, previous_sha256, city_id FROM bundles WHERE assessment_id = ?"
                        " ORDER BY revision", (aid,))
    owners = {r["assessment_id"] for r in store.query(
        "SELECT DISTINCT assessment_id FROM bundles WHERE city_id = ?", (city_id,))}
    if not chain:
        from .access import owning_keys  # (access imports the importer, which imports this module)
        signed_by = (b.signature or {}).get("key_id")
        if owners and signed_by and signed_by in owning_keys(store, city_id):
            return None  # another assessment of the city, signed by the key that speaks for the city
        if owners:
            named = store.query("SELECT name FROM cities WHERE id = ?", (city_id,))
            signature = tr("it is not signed") if signed_by is None else \
                tr("it is signed with key {key_id}, which has not spoken for the city", key_id=signed_by[:16] + "…")
            return tr("{city} ({city_id}) already has another assessment (chain {owner}) and {signature}: a bundle "
                      "from a new assessment of that city needs a reviewer's decision",
                      city=named[0]["name"] if named else "?", city_id=city_id, owner=sorted(owners)[0],
                      signature=signature)
        return None
    cities = {r["city_id"] for r in chain}
    if city_id not in cities:
        return tr("assessment {assessment_id} was imported for city {old}, this bundle says city {new}",
                  assessment_id=aid, old=sorted(cities)[0], new=city_id)
    by_rev = {r["revision"]: r for r in chain}
    before, after = by_rev.get(rev - 1), by_rev.get(rev + 1)
    if before is not None and ident["previous_sha256"] != before["sha256"]:
        return tr("revision {revision} does not continue revision {n} as imported (its previous-bundle hash "
                  "differs)", revision=rev, n=rev - 1)
    if after is not None and after["previous_sha256"] != b.sha256:
        return tr("revision {n} as imported does not follow this revision {revision}", n=rev + 1, revision=rev)
    latest = max(by_rev)
    if rev == latest + 2:
        return tr("revision {revision} follows revision {latest} with revision {missing} missing; its chain cannot be "
                  "checked", revision=rev, latest=latest, missing=latest + 1)
    if rev > latest + 1:
        return tr("revision {revision} follows revision {latest} with revisions {first}–{last} missing; its chain "
                  "cannot be checked", revision=rev, latest=latest, first=latest + 1, last=rev - 1)
    from .access import chain_key, city_keys
    pinned = chain_key(store, aid)
    signed_by = (b.signature or {}).get("key_id")
    if pinned is not None and signed_by is None:
        return tr("revision {revision} is not signed, but the earlier revisions of its assessment were signed "
                  "(key {key_id}); an unsigned revision needs a reviewer's decision", revision=rev, key_id=pinned[:16])
    if pinned is not None and signed_by != pinned and signed_by not in city_keys(store, city_id):
        return tr("revision {revision} is signed by key {key_id}, not by the key that signed the earlier revisions "
                  "of its assessment ({pinned}); a new key needs a reviewer's decision", revision=rev,
                  key_id=str(signed_by)[:16], pinned=pinned[:16])
    return None


def hold(store: NationalStore, b: VerifiedBundle, file_name: str, reason: str, who: str) -> str:
    """Keep ``b`` whole in the pending table (once per file content); return the pending id."""
    same = store.query(f"SELECT id FROM {PENDING_TABLE} WHERE sha256 = ? AND decision IS NULL", (b.sha256,))
    if same:
        return str(same[0]["id"])
    data = Path(b.path).read_bytes()
    if hashlib.sha256(data).hexdigest() != b.sha256:
        raise NationalStoreError(tr("{name} changed while it was being imported", name=file_name))
    ident = b.identity
    pid = new_id()
    store.execute(f"INSERT INTO {PENDING_TABLE} (id, received_at, received_by, file_name, sha256, assessment_id,"
                  " revision, city_id, reason, data) VALUES (?,?,?,?,?,?,?,?,?,?)",
                  (pid, now(), who, Path(file_name).name, b.sha256, ident["assessment_id"], ident["revision"],
                   ident["city_id"], reason, data))
    return pid


def list_pending(store: NationalStore, *, include_decided: bool = False) -> list[dict[str, Any]]:
    """The held bundles, oldest first (without their bytes)."""
    where = "" if include_decided else " WHERE decision IS NULL"
    return store.query(f"SELECT id, received_at, received_by, file_name, sha256, assessment_id, revision, city_id,"
                       f" reason, decision, decided_at, decided_by, decision_reason FROM {PENDING_TABLE}{where}"
                       " ORDER BY received_at, id")


def _pending(store: NationalStore, pending_id: str) -> dict[str, Any]:
    rows = store.query(f"SELECT * FROM {PENDING_TABLE} WHERE id = ?", (pending_id,))
    if not rows:
        raise NotFoundError(tr("no held bundle {id!r} (see 'national pending list')", id=pending_id))
    if rows[0]["decision"] is not None:
        raise NotFoundError(tr("held bundle {id!r} was already {decision}", id=pending_id,
                               decision=decision_text(rows[0]["decision"])))
    return rows[0]


def decision_text(decision: str) -> str:
    """A reviewer's decision (``accepted``, ``rejected``) in the language in force (the JSON keeps the code)."""
    return {"accepted": tr("accepted"), "rejected": tr("rejected")}.get(decision, decision)


def _decide(store: NationalStore, pending_id: str, decision: str, who: str, reason: str = "") -> None:
    with store.transaction():
        store.execute(f"UPDATE {PENDING_TABLE} SET decision = ?, decided_at = ?, decided_by = ?, decision_reason = ?"
                      " WHERE id = ?", (decision, now(), who, reason or None, pending_id))


def _receipt(store: NationalStore, row: dict[str, Any], outcome: str, reason: str = "",
             warnings: tuple[str, ...] = ()) -> None:
    """The held file's new receipt (what the city's sync reads back), replacing its ``held`` one."""
    from .access import save_receipt
    from .receipt import Receipt
    save_receipt(store, Receipt(row["sha256"], outcome, reason, now(), row["assessment_id"], row["revision"],
                                row["city_id"], warnings))


def accept_pending(store: NationalStore, pending_id: str, *, who: str, reason: str = "", **options: Any):
    """Import a held bundle as if it continued its chain; returns the :class:`ImportResult`."""
    from .importer import import_bundle
    row = _pending(store, pending_id)
    with temp_dir("rd-pending-") as tmp:
        path = Path(tmp) / row["file_name"]
        data = row["data"]
        path.write_bytes(bytes(data))
        result = import_bundle(store, path, who=who, review=False, **options)
    result.file = row["file_name"]
    if result.ok:
        _decide(store, pending_id, "accepted", who, reason)
        _receipt(store, row, "imported", warnings=tuple(result.warnings))
    return result


def settle_pending(store: NationalStore, assessment_id: str, *, who: str, **options: Any) -> list[str]:
    """After an import into a chain: its held bundles that no longer need a person are settled.

    A bundle held because revisions were missing goes in once they have come (each held revision is
    imported again with every check, in order, until one still needs a decision); a held bundle now
    in the store (imported directly) is closed as accepted, one whose revision came with other
    content (a forgery held, then the genuine revision) as rejected. Returns one line per bundle settled."""
    from .importer import import_bundle
    settled: list[str] = []
    progress = True
    while progress:
        progress = False
        rows = store.query(f"SELECT id, file_name, sha256, assessment_id, revision, city_id, data FROM {PENDING_TABLE}"
                           " WHERE assessment_id = ? AND decision IS NULL ORDER BY revision, received_at", (assessment_id,))
        for row in rows:
            if store.query("SELECT 1 FROM bundles WHERE sha256 = ?", (row["sha256"],)):
                _decide(store, row["id"], "accepted", who)
                _receipt(store, row, "imported")
                settled.append(tr("{name}, held for review, is in the store: its review is closed",
                                  name=row["file_name"]))
                continue
            if store.query("SELECT 1 FROM bundles WHERE assessment_id = ? AND revision = ?",
                           (assessment_id, row["revision"])):  # that revision came with other content
                _decide(store, row["id"], "rejected", who)
                _receipt(store, row, "rejected", tr("revision {revision} came in another file, which was imported",
                                                    revision=row["revision"]))
                settled.append(tr("{name} (revision {revision}), held for review, is closed: that revision is in "
                                  "the store with other content", name=row["file_name"], revision=row["revision"]))
                continue
            revisions = [r["revision"] for r in store.query("SELECT revision FROM bundles WHERE assessment_id = ?",
                                                            (assessment_id,))]
            if row["revision"] != max(revisions, default=0) + 1:
                continue  # not the revision the chain waits for next: nothing has changed for it
            with temp_dir("rd-pending-") as tmp:
                path = Path(tmp) / row["file_name"]
                path.write_bytes(bytes(row["data"]))
                result = import_bundle(store, path, who=who, review=True, settle=False, **options)
            if result.outcome == "imported":
                _decide(store, row["id"], "accepted", who)
                _receipt(store, row, "imported", warnings=tuple(result.warnings))
                settled.append(tr("{name} (revision {revision}), held for review, is imported: the revisions it "
                                  "waited for have come", name=row["file_name"], revision=row["revision"]))
                progress = True
                break  # the chain changed: look at what is still held again
    return settled


def reject_pending(store: NationalStore, pending_id: str, *, who: str, reason: str = "") -> dict[str, Any]:
    """Close a held bundle without importing it; ``reason`` (the reviewer's words) is kept and sent
    to the city in the file's receipt."""
    row = _pending(store, pending_id)
    _decide(store, pending_id, "rejected", who, reason)
    _receipt(store, row, "rejected", tr("rejected after review: {reason}", reason=reason) if reason
             else tr("rejected after review"))
    return {**{key: row[key] for key in ("id", "file_name", "assessment_id", "revision", "city_id")}, "reason": reason}
