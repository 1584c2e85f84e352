"""Workspace-wide search: how long one query takes as you type, and what the index costs on disk.

A workspace of ``--assessments`` preliminary assessments (47 questions each, every one answered with a
justification, a means of verification and data sources drawn from Russian and English sentences of
realistic length), 5 action items and 2 evidence links per assessment, is written through the façade (so
the FTS5 triggers fill the index as the app would). Then ``search_workspace`` (the panel's and the
command's query: every FTS table, column filter, snippet, bm25, at most 200 hits) is timed ``--repeat``
times for queries a person types letter by letter (``п``, ``па``, ``пав``, ``паводок``) and for two words.
The on-disk cost is the file size against a copy whose index tables were dropped and vacuumed.

    python benchmarks/bench_search.py [--assessments 40] [--repeat 30]
"""

from __future__ import annotations

import argparse
import random
import shutil
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

from _common import isolate_this_process, machine, machine_line, summary, table, write_results

SENTENCES = [
    "Весенний паводок {y} года затопил два района у реки; дамба выдержала, но насосные станции стояли.",
    "План снижения риска бедствий принят городским советом в {y} году и опубликован на сайте мэрии.",
    "Сейсмическое микрорайонирование устарело: последняя карта {y} года не учитывает новые кварталы.",
    "The {y} flood inundated the riverside districts; the early warning reached schools too late.",
    "Budget for disaster risk reduction is a separate line since {y}, but below the agreed share.",
    "Су тасқыны {y} жылы өзен жағалауындағы аудандарды басып қалды; ескерту кешікті.",
    "Мектептердің сейсмикалық төзімділігі {y} жылы тексерілді, нәтижелері жарияланбады.",
]
QUERIES = ["п", "па", "пав", "паводок", "flood", "flood warn", "тасқын", "план риск", "zzzz"]


def build(path: Path, n: int) -> None:
    from resilience_desktop.workspace.facade import Workspace
    rng = random.Random(7)
    with Workspace.create(path) as ws, ws.batch():
        city = ws.add_city("Бишкек", "KG")
        for a in range(n):
            aid = ws.new_assessment(city, "preliminary", title=f"Оценка {2000 + a}")
            questions = [q.id for q in ws.scorecard_of(aid).active_questions]
            for q in questions:
                ws.set_answer(aid, q, score=rng.randint(0, 3),
                              comment=" ".join(rng.choice(SENTENCES).format(y=rng.randint(1990, 2025))
                                               for _ in range(2)),
                              verification=rng.choice(SENTENCES).format(y=2024)[:80],
                              data_sources="Гидромет, МЧС, городской архив")
            for q in rng.sample(questions, 5):
                ws.add_action(aid, q, rng.choice(SENTENCES).format(y=2026)[:90], responsible="Мэрия, отдел ЧС")
            for q in rng.sample(questions, 2):
                ws.add_evidence_link(aid, q, f"https://example.kg/doc/{a}/{q}", name=f"Протокол {q}",
                                     note="Акт обследования дамбы")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--assessments", type=int, default=40)
    ap.add_argument("--repeat", type=int, default=30)
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench-search-"))
    isolate_this_process(tmp / "home")
    from resilience_desktop.search import search_workspace
    from resilience_desktop.store.search_index import SOURCES
    from resilience_desktop.workspace.facade import Workspace
    path = tmp / "w.rdw"
    t0 = time.perf_counter()
    build(path, args.assessments)
    build_s = time.perf_counter() - t0
    rows = []
    results = {}
    with Workspace.open(path, read_only=True) as ws:
        answers = ws._db.conn.execute("SELECT count(*) FROM answers").fetchone()[0]
        for q in QUERIES:
            search_workspace(ws, q)
            times, hits = [], 0
            for _ in range(args.repeat):
                t0 = time.perf_counter()
                hits = len(search_workspace(ws, q))
                times.append((time.perf_counter() - t0) * 1000)
            s = summary(times)
            results[q] = {**s, "hits": hits}
            rows.append((q, hits, s["p50"], s["p90"], s["max"]))
    bare = tmp / "bare.rdw"
    shutil.copy(path, bare)
    conn = sqlite3.connect(bare)
    for table_name in {f.table for f in SOURCES}:
        conn.execute(f"DROP TABLE {table_name}_fts")
    conn.execute("VACUUM")
    conn.close()
    size, bare_size = path.stat().st_size, bare.stat().st_size
    info = machine()
    print(machine_line(info))
    print(f"{args.assessments} assessments, {answers} answers; written in {build_s:.1f} s")
    print(table(["query", "hits", "ms p50", "p90", "max"], rows))
    print(f"file {size / 2**20:.2f} MiB, without the index {bare_size / 2**20:.2f} MiB "
          f"(index {100 * (size - bare_size) / bare_size:.0f} %)")
    out = write_results("search", {"machine": info, "assessments": args.assessments, "answers": answers,
                                   "queries": results, "bytes": size, "bytes_without_index": bare_size})
    print(f"results: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
