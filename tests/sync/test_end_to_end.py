"""End to end: the demo city syncs to a real ``national serve`` (uvicorn on 127.0.0.1, a subprocess),
the receiver dies in the middle of the second sync, restarts, and every revision arrives exactly once."""

from __future__ import annotations

import pytest

from resilience_desktop.bundle import export_bundle
from resilience_desktop.national import open_store
from resilience_desktop.national.access import add_token
from resilience_desktop.sync import jobs_for, run_sync, sync_now
from resilience_desktop.sync.transports import HttpsTransport
from resilience_desktop.workspace.facade import Workspace

from .helpers import Receiver, city_assessments, copy_demo, free_port, make_tls

pytestmark = pytest.mark.slow


@pytest.fixture
def receiver(tmp_path):
    server = Receiver(f"sqlite:///{tmp_path / 'national.db'}")
    yield server
    server.stop()


def _store_revisions(db: str) -> list[tuple[str, int]]:
    with open_store(db) as store:
        return [(r["assessment_id"], r["revision"]) for r in
                store.query("SELECT assessment_id, revision FROM bundles ORDER BY assessment_id, revision")]


def test_sync_survives_a_receiver_killed_mid_sync(tmp_path, demo_template, receiver):
    path = copy_demo(demo_template, tmp_path)
    with Workspace.open(path) as ws:
        city, assessments = city_assessments(ws)
    with open_store(receiver.db) as store:
        token, _ = add_token(store, city)
    receiver.start()
    with Workspace.open(path) as ws:
        box = ws.outbox
        box.add_destination("national", receiver.url, token=token)
        for aid in assessments:
            export_bundle(ws, aid, tmp_path / f"{aid}-r1.zip")
        first = sync_now(ws)
        assert [i.state for i in first.items] == ["delivered"] * len(assessments)
        assert {i.receipt["outcome"] for i in first.items} == {"imported"}

        # The second sync: revision 2 of each assessment. The first upload reaches the receiver but its
        # answer is lost (as if this process died before reading it); then the receiver is killed.
        for aid in assessments:
            export_bundle(ws, aid, tmp_path / f"{aid}-r2.zip")
        claimed = box.claim()
        jobs = jobs_for(box, claimed)
        assert len(jobs) == len(assessments) >= 2
        lost = HttpsTransport(box.destination("national")).send(jobs[0])
        assert lost.state == "delivered"  # ... and never recorded
        receiver.kill()
        results = run_sync(jobs[1:])
        assert [r.state for r in results] == ["failed"] * (len(jobs) - 1) and all(r.offline for r in results)
        for r in results:
            box.record(r.item_id, r.state, reason=r.reason)
        states = {i.id: i.state for i in box.items()}
        assert states[jobs[0].item_id] == "sending" and states[jobs[1].item_id] == "failed"
        assert sync_now(ws).offline  # still down: offline, nothing lost, exit code 1 for the CLI

        receiver.start()
        report = sync_now(ws)
        assert report.waiting == [] and {i.state for i in report.items} == {"delivered"}
        by_id = {i.id: i for i in report.items}
        # the unanswered upload: its receipt was asked for by hash, not uploaded again
        assert by_id[jobs[0].item_id].receipt["outcome"] == "imported"
        assert by_id[jobs[1].item_id].receipt["outcome"] == "imported"
        assert sync_now(ws).results == []  # delivered exactly once: nothing is sent again
    # the national store holds each revision once; the lost upload was imported once and never resent
    assert _store_revisions(receiver.db) == sorted((aid, rev) for aid in assessments for rev in (1, 2))
    with open_store(receiver.db) as store:
        log = store.query("SELECT outcome FROM import_log WHERE file_sha256 = ?", (jobs[0].sha256,))
    assert [r["outcome"] for r in log] == ["imported"]


def test_offline_is_a_failed_item_with_a_retry_time(tmp_path, demo_template):
    path = copy_demo(demo_template, tmp_path)
    with Workspace.open(path) as ws:
        _city, (aid, *_rest) = city_assessments(ws)
        ws.outbox.add_destination("national", f"http://127.0.0.1:{free_port()}", token="rdt_x")
        export_bundle(ws, aid, tmp_path / "r1.zip")
        report = sync_now(ws)
        [item] = report.items
        assert (item.state, report.offline, item.attempts) == ("failed", True, 1)
        assert item.next_retry_at and "cannot reach" in item.reason


def test_https_checks_the_certificate_and_accepts_a_custom_ca(tmp_path, demo_template):
    tls = make_tls(tmp_path)
    server = Receiver(f"sqlite:///{tmp_path / 'national.db'}", tls=tls)
    path = copy_demo(demo_template, tmp_path)
    with Workspace.open(path) as ws:
        city, (aid, *_rest) = city_assessments(ws)
    with open_store(server.db) as store:
        token, _ = add_token(store, city)
    try:
        server.start()
        url = f"https://localhost:{server.port}"  # the certificate names 127.0.0.1 only
        with Workspace.open(path) as ws:
            box = ws.outbox
            box.add_destination("no-ca", server.url, token=token)
            box.add_destination("wrong-host", url, token=token, ca_file=str(tls[0]))
            box.add_destination("national", server.url, token=token, ca_file=str(tls[0]))
            export_bundle(ws, aid, tmp_path / "r1.zip")
            states = {i.destination: i for i in sync_now(ws).items}
        assert states["national"].state == "delivered"
        assert states["no-ca"].state == "failed" and "CERTIFICATE_VERIFY_FAILED" in states["no-ca"].reason
        assert states["wrong-host"].state == "failed"
    finally:
        server.stop()


def test_another_citys_bundle_is_rejected_once_not_retried_for_ever_and_a_new_token_sends_it(
        tmp_path, demo_template, receiver):
    """A workspace with two cities and one destination whose token is Jasyl-Dala's: Sary-Tala's bundle
    is refused by the receiver (403). Retrying cannot help, so it is ``rejected`` with the receiver's
    reason (it was ``failed`` and retried for ever); the token changed to Sary-Tala's sends it."""
    path = copy_demo(demo_template, tmp_path)
    with Workspace.open(path) as ws:
        jasyl, (jasyl_aid, *_a) = city_assessments(ws)
        sary, (sary_aid, *_b) = city_assessments(ws, "Sary-Tala")
    with open_store(receiver.db) as store:
        jasyl_token, _ = add_token(store, jasyl)
        sary_token, _ = add_token(store, sary)
    receiver.start()
    with Workspace.open(path) as ws:
        box = ws.outbox
        box.add_destination("national", receiver.url, token=jasyl_token)
        export_bundle(ws, jasyl_aid, tmp_path / "jasyl.zip")
        export_bundle(ws, sary_aid, tmp_path / "sary.zip")
        report = sync_now(ws)
        by_aid = {i.assessment_id: i for i in report.items}
        assert by_aid[jasyl_aid].state == "delivered"
        refused = by_aid[sary_aid]
        assert refused.state == "rejected" and "refused the token" in refused.reason and sary in refused.reason
        assert report.waiting == []
        assert sync_now(ws).results == []  # nothing is sent again
        assert box.item(refused.id).attempts == 1

        box.update_destination("national", token=sary_token)
        assert box.item(refused.id).state == "queued"
        assert box.item(by_aid[jasyl_aid].id).state == "delivered"  # a delivered item stays delivered
        again = {i.assessment_id: i for i in sync_now(ws).items}
        assert again[sary_aid].state == "delivered" and again[sary_aid].receipt["outcome"] == "imported"
    assert sorted(a for a, _rev in _store_revisions(receiver.db)) == sorted([jasyl_aid, sary_aid])


def test_a_revoked_token_says_give_a_new_one_not_try_again_later(tmp_path, demo_template, receiver, capsys):
    from resilience_desktop.cli.main import main
    from resilience_desktop.national.access import revoke_token

    path = copy_demo(demo_template, tmp_path)
    with Workspace.open(path) as ws:
        city, (aid, *_rest) = city_assessments(ws)
    with open_store(receiver.db) as store:
        token, info = add_token(store, city)
        revoke_token(store, info.token_id)
    receiver.start()
    with Workspace.open(path) as ws:
        ws.outbox.add_destination("national", receiver.url, token=token)
        export_bundle(ws, aid, tmp_path / "r1.zip")
    capsys.readouterr()
    assert main(["sync", "now", "--workspace", str(path)]) == 1
    out = capsys.readouterr().out
    assert "refused the token" in out and "sync set-token national --token T" in out
    assert "again later" not in out  # waiting cannot help: it said "1 waiting: run 'sync now' again later"
