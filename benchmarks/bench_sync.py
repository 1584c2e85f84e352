"""Benchmark: 200 cities upload their signed bundles at once to ``national serve --workers 2``.

For each store (SQLite, and PostgreSQL on a throwaway cluster started here like ``.ci/run`` does):
a fresh national store, one token and one registered signing key per city, the receiver started
as a subprocess on 127.0.0.1, then every city uploads its bundle through a bounded client
(``--concurrency`` connections at once). Reported: bundles/s (wall clock of the whole round),
p50/p99 receipt latency, and the checks that matter: 0 lost (every city's revision is in the
store, every upload got a delivered receipt), 0 duplicated (one row per (assessment, revision);
a second round of the same files is ``already_imported`` and adds nothing).

The bundles are the demo city's baseline assessment (answers, change log, risk scenarios, five
map layers: 1.5 MB uncompressed) re-identified as 200 cities, each signed with its own key.

Run: ``.venv/bin/python benchmarks/bench_sync.py [--cities 200] [--concurrency 32] [--only sqlite|postgresql]``
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from resilience_desktop.bundle import export_bundle  # noqa: E402
from resilience_desktop.bundle.export import _bag, write_zip  # noqa: E402
from resilience_desktop.bundle.format import canonical_json  # noqa: E402
from resilience_desktop.bundle.signing import (SIGNATURE_FILE, new_private_key, public_key_bytes,  # noqa: E402
                                               sign_tag_manifest)
from resilience_desktop.demo.workspace import write_demo  # noqa: E402
from resilience_desktop.national import open_store  # noqa: E402
from resilience_desktop.national.access import add_public_key, add_token  # noqa: E402
from resilience_desktop.workspace.facade import Workspace  # noqa: E402


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# ---------------------------------------------------------------- the cities' bundles
def make_bundles(folder: Path, n: int, *, layers: bool = True) -> list[dict]:
    """``n`` signed bundles, one per city: the demo baseline assessment under new ids and names
    (without its map layers when ``layers`` is false)."""
    import zipfile
    demo = write_demo(folder / "demo.rdw")
    with Workspace.open(demo) as ws:
        city = next(c for c in ws.list_cities() if c.name == "Jasyl-Dala")
        aid = next(a.id for a in ws.list_assessments() if a.city_id == city.id and "baseline" in a.title)
        template = export_bundle(ws, aid, folder / "template.zip").path
    with zipfile.ZipFile(template) as zf:
        members = {name: zf.read(name) for name in zf.namelist()}
    cities = []
    for i in range(n):
        cid, new_aid, key = str(uuid.uuid4()), str(uuid.uuid4()), new_private_key()
        payload = {k: v for k, v in members.items() if k.startswith("data/")
                   and (layers or k not in ("data/layers.json", "data/layers.gpkg"))}
        c = json.loads(payload["data/city.json"])
        c.update(id=cid, name=f"Bench city {i:03d}")
        a = json.loads(payload["data/assessment.json"])
        a.update(id=new_aid, city_id=cid)
        payload["data/city.json"], payload["data/assessment.json"] = canonical_json(c), canonical_json(a)
        ident = json.loads(members["bundle.json"])
        ident.update(assessment_id=new_aid, city_id=cid)
        bag = _bag(payload, ident)
        bag[SIGNATURE_FILE] = sign_tag_manifest(bag["tagmanifest-sha256.txt"], key)
        path = folder / f"city-{i:03d}.zip"
        write_zip(bag, path)
        cities.append({"city_id": cid, "assessment_id": new_aid, "path": path, "public_key": public_key_bytes(key)})
    return cities


def register(db: str, cities: list[dict]) -> None:
    with open_store(db) as store:
        for c in cities:
            c["token"], _ = add_token(store, c["city_id"], "benchmark")
            add_public_key(store, c["city_id"], c["public_key"])


# ---------------------------------------------------------------- PostgreSQL, throwaway
class Postgres:
    """A throwaway cluster on 127.0.0.1 at a free port (installed from Debian when missing)."""

    def __init__(self, settings: list[str] | None = None) -> None:
        self.settings = settings or []
        self.dir = Path(tempfile.mkdtemp(prefix="rd-bench-pg-"))
        self.bin = self._bin()
        self.port = free_port()

    @staticmethod
    def _bin() -> Path:
        found = sorted(Path("/usr/lib/postgresql").glob("*/bin"))
        if not found or not (found[-1] / "initdb").exists():
            subprocess.run(["apt-get", "install", "-y", "-q", "postgresql"], check=True,
                           env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})
            found = sorted(Path("/usr/lib/postgresql").glob("*/bin"))
        return found[-1]

    def _as_postgres(self, *cmd: str) -> None:
        subprocess.run(["runuser", "-u", "postgres", "--", *cmd], check=True, stdout=subprocess.DEVNULL)

    def start(self) -> str:
        shutil.chown(self.dir, "postgres")
        self._as_postgres(str(self.bin / "initdb"), "-D", str(self.dir / "data"), "-A", "trust", "-U", "postgres")
        self._as_postgres(str(self.bin / "pg_ctl"), "-D", str(self.dir / "data"), "-l", str(self.dir / "log"), "-w",
                          "-o", f"-h 127.0.0.1 -p {self.port} -k {self.dir} -c max_connections=200"
                          + "".join(f" -c {x}" for x in self.settings), "start")
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def postmaster_pid(self) -> int:
        return int((self.dir / "data" / "postmaster.pid").read_text().split()[0])

    def stop(self) -> None:
        try:
            self._as_postgres(str(self.bin / "pg_ctl"), "-D", str(self.dir / "data"), "-m", "fast", "-w", "stop")
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)


# ---------------------------------------------------------------- the receiver and the client
def start_receiver(db: str, workers: int) -> tuple[subprocess.Popen, str]:
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "resilience_desktop", "national", "serve", "--db", db, "--port",
                             str(port), "--workers", str(workers), "--log-level", "warning"],
                            stdout=subprocess.DEVNULL, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            if httpx.get(f"{url}/api/v1/health", timeout=1).status_code == 200:
                wait_for_listeners(port, workers)
                return proc, url
        except httpx.HTTPError:
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError("the receiver did not start")


def listeners(port: int) -> int:
    """How many sockets listen on 127.0.0.1:``port`` (Linux: ``/proc/net/tcp``, state 0A)."""
    want = f"0100007F:{port:04X}"
    lines = Path("/proc/net/tcp").read_text().splitlines()[1:]
    return sum(1 for line in lines if line.split()[1] == want and line.split()[3] == "0A")


def wait_for_listeners(port: int, workers: int) -> None:
    """Until every worker listens: on Linux each has its own socket (``SO_REUSEPORT``), and the
    cities' connections made while only the first one listened would all stay with it."""
    from resilience_desktop.national.receiver.serve import reuse_port_balances
    if workers < 2 or not reuse_port_balances():
        return
    deadline = time.monotonic() + 60
    while listeners(port) < workers and time.monotonic() < deadline:
        time.sleep(0.05)


async def upload_all(url: str, cities: list[dict], concurrency: int) -> tuple[float, list[float], list[dict]]:
    bodies = [c["path"].read_bytes() for c in cities]
    gate = asyncio.Semaphore(concurrency)
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(limits=limits, timeout=300) as client:
        async def one(c: dict, body: bytes) -> tuple[float, dict]:
            async with gate:
                t = time.perf_counter()
                r = await client.post(f"{url}/api/v1/bundles", content=body, headers={
                    "Authorization": f"Bearer {c['token']}", "Content-Type": "application/zip"})
                took = time.perf_counter() - t
            receipt = r.json().get("receipt", r.json()) if r.status_code in (200, 422) else {"outcome": f"HTTP {r.status_code}"}
            return took, receipt
        start = time.perf_counter()
        done = await asyncio.gather(*(one(c, b) for c, b in zip(cities, bodies)))
        wall = time.perf_counter() - start
    return wall, [d[0] for d in done], [d[1] for d in done]


def _proc_cpu(pid: int) -> tuple[int, int, int, float]:
    """(pid, parent pid, session id, CPU seconds used so far) of one process."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return pid, int(fields[1]), int(fields[3]), (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def server_cpu(receiver_pid: int, postmaster_pid: int | None) -> dict[str, float]:
    """CPU seconds used so far by the receiver (its whole session: uvicorn and its workers) and by
    the PostgreSQL cluster (the postmaster's children: backends, WAL writer, checkpointer)."""
    out = {"receiver": 0.0, "postgresql": 0.0}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            pid, ppid, sid, cpu = _proc_cpu(int(entry.name))
        except (OSError, IndexError, ValueError):
            continue
        if sid == receiver_pid:
            out["receiver"] += cpu
        elif postmaster_pid is not None and postmaster_pid in (pid, ppid):
            out["postgresql"] += cpu
    return out


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))]


def run(kind: str, db: str, cities: list[dict], workers: int, concurrency: int,
        postmaster_pid: int | None = None) -> dict:
    register(db, cities)
    load_before = os.getloadavg()[0]
    proc, url = start_receiver(db, workers)
    try:
        cpu0, client0 = server_cpu(proc.pid, postmaster_pid), time.process_time()
        wall, latencies, receipts = asyncio.run(upload_all(url, cities, concurrency))
        cpu1, client1 = server_cpu(proc.pid, postmaster_pid), time.process_time()
        wall2, _lat2, replay = asyncio.run(upload_all(url, cities, concurrency))
    finally:
        proc.terminate()
        proc.wait(timeout=60)
    with open_store(db) as store:
        rows = store.query("SELECT assessment_id, revision FROM bundles")
        imported = store.query("SELECT COUNT(*) AS n FROM import_log WHERE outcome = 'imported'")[0]["n"]
    wanted = {(c["assessment_id"], 1) for c in cities}
    held = [(r["assessment_id"], r["revision"]) for r in rows]
    outcomes = [r.get("outcome") for r in receipts]
    out = {
        "store": kind, "cities": len(cities), "workers": workers, "concurrency": concurrency,
        "seconds": round(wall, 2), "bundles_per_s": round(len(cities) / wall, 1),
        "p50_ms": round(1000 * statistics.median(latencies)), "p99_ms": round(1000 * percentile(latencies, 99)),
        "imported": outcomes.count("imported"), "lost": len(wanted - set(held)) + sum(o != "imported" for o in outcomes),
        "duplicated": len(held) - len(set(held)) + (int(imported) - len(cities)),
        "replay_already_imported": [r.get("outcome") for r in replay].count("already_imported"),
        "replay_bundles_per_s": round(len(cities) / wall2, 1),
        "load_average_1min": [round(load_before, 1), round(os.getloadavg()[0], 1)],
        "bundle_kib": cities[0]["path"].stat().st_size // 1024,
        # CPU per bundle of the first round, whatever else the machine was doing: what the throughput
        # would be with the machine's CPUs to this benchmark alone is about nproc / (sum of these)
        "cpu_ms_per_bundle": {"receiver": round(1000 * (cpu1["receiver"] - cpu0["receiver"]) / len(cities), 1),
                              "postgresql": round(1000 * (cpu1["postgresql"] - cpu0["postgresql"]) / len(cities), 1),
                              "client": round(1000 * (client1 - client0) / len(cities), 1)},
    }
    used = sum(out["cpu_ms_per_bundle"].values())
    out["cpu_bound_bundles_per_s"] = round((os.cpu_count() or 1) * 1000 / used, 1) if used else None
    return out


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--cities", type=int, default=200)
    p.add_argument("--concurrency", type=int, default=32)
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--only", choices=("sqlite", "postgresql"))
    p.add_argument("--json", metavar="FILE", help="also write the results here")
    p.add_argument("--without-layers", action="store_true", help="bundles without their map layers (6,215 features)")
    p.add_argument("--pg-setting", action="append", metavar="NAME=VALUE",
                   help="a server setting for the throwaway cluster (diagnostics, e.g. commit_delay=1000)")
    args = p.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="rd-bench-sync-"))
    os.environ.setdefault("RESILIENCE_USER", "benchmark")
    results = []
    try:
        t = time.perf_counter()
        cities = make_bundles(folder, args.cities, layers=not args.without_layers)
        print(f"{len(cities)} signed city bundles made in {time.perf_counter() - t:.1f} s "
              f"({cities[0]['path'].stat().st_size // 1024} KiB each)", flush=True)
        if args.only in (None, "sqlite"):
            results.append(run("sqlite", f"sqlite:///{folder / 'national.db'}", cities, args.workers, args.concurrency))
            print(json.dumps(results[-1]), flush=True)
        if args.only in (None, "postgresql"):
            pg = Postgres(args.pg_setting)
            try:
                url = pg.start()
                results.append(run("postgresql", url, cities, args.workers, args.concurrency, pg.postmaster_pid()))
                results[-1]["pg_settings"] = args.pg_setting or []
                print(json.dumps(results[-1]), flush=True)
            finally:
                pg.stop()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print("\n| store | cities | workers | client connections | bundles/s | p50 receipt | p99 receipt | lost |"
          " duplicated | replay: already_imported | CPU ms/bundle (receiver + PostgreSQL + client) |"
          " CPU-bound bundles/s | load (1 min, before/after) |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for r in results:
        cpu = r["cpu_ms_per_bundle"]
        print(f"| {r['store']} | {r['cities']} | {r['workers']} | {r['concurrency']} | {r['bundles_per_s']} |"
              f" {r['p50_ms']} ms | {r['p99_ms']} ms | {r['lost']} | {r['duplicated']} |"
              f" {r['replay_already_imported']} of {r['cities']} |"
              f" {cpu['receiver']} + {cpu['postgresql']} + {cpu['client']} | {r['cpu_bound_bundles_per_s']} |"
              f" {r['load_average_1min'][0]} / {r['load_average_1min'][1]} |")
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
