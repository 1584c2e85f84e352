"""JSON Schema validation of a real bundle's members: fastjsonschema (compiled) against jsonschema.

The demo workspace's current assessment is exported as a bundle by the app (``export_bundle``), and its
JSON members (``bundle.json``, ``data/assessment.json``, ``data/city.json``, ``data/scorecard.json``,
``data/changelog.json``, ``data/layers.json``, ``data/risk.json``, ``data/losses.json`` when present)
are read back. Each member is validated ``--repeat`` times against its schema by:

* **fastjsonschema** — the compiled check ``bundle/format.py`` uses first (draft-07 keywords);
* **jsonschema is_valid** — ``Draft202012Validator`` built once and cached (what a jsonschema-only
  ``validate_json`` would run for a valid document);
* **jsonschema iter_errors** — the same validator listing every error (what names the problems);

plus each engine's one-off cost to build (compile) the validator of every schema. Reported per bundle:
the sum over its members (the importer validates every member of every bundle).

    python benchmarks/bench_schemas.py [--repeat 200]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
import zipfile
from pathlib import Path

from _common import isolate_this_process, machine, machine_line, summary, table, write_results


def _members(tmp: Path) -> dict[str, object]:
    from resilience_desktop.bundle.export import export_bundle
    from resilience_desktop.bundle.format import JSON_MEMBERS
    from resilience_desktop.demo.workspace import write_demo
    from resilience_desktop.workspace.facade import Workspace
    demo = tmp / "demo.rdw"
    write_demo(demo)
    with Workspace.open(demo) as ws:
        aid = max(ws.list_assessments(), key=lambda a: len(ws.answers(a.id))).id
        out = tmp / "bundle.zip"
        export_bundle(ws, aid, out, queue=False)
    with zipfile.ZipFile(out) as zf:
        names = set(zf.namelist())
        return {name: json.loads(zf.read(name)) for name in JSON_MEMBERS if name in names}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeat", type=int, default=200)
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench-schemas-"))
    isolate_this_process(tmp / "home")
    import fastjsonschema
    import jsonschema

    from resilience_desktop.bundle import format as fmt
    members = _members(tmp)
    sizes = {n: len(json.dumps(v, ensure_ascii=False).encode()) for n, v in members.items()}

    t0 = time.perf_counter()
    fast = {n: fastjsonschema.compile({**fmt.schema(fmt.JSON_MEMBERS[n]), "$schema": "http://json-schema.org/draft-07/schema#"})
            for n in members}
    compile_fast = (time.perf_counter() - t0) * 1000
    t0 = time.perf_counter()
    slow = {n: jsonschema.Draft202012Validator(fmt.schema(fmt.JSON_MEMBERS[n])) for n in members}
    for n, v in members.items():  # the first validation builds jsonschema's lazy state (refs)
        slow[n].is_valid(v)
    compile_slow = (time.perf_counter() - t0) * 1000

    engines = {
        "fastjsonschema": lambda n, v: fast[n](v),
        "jsonschema is_valid": lambda n, v: slow[n].is_valid(v),
        "jsonschema iter_errors": lambda n, v: list(slow[n].iter_errors(v)),
    }
    per_member: dict[str, dict[str, dict]] = {}
    per_bundle: dict[str, list[float]] = {e: [] for e in engines}
    for engine, run in engines.items():
        for n, v in members.items():
            assert not list(slow[n].iter_errors(v)), f"{n} is not valid: the benchmark needs a valid bundle"
            run(n, v)
        for _ in range(args.repeat):
            total = 0.0
            for n, v in members.items():
                t0 = time.perf_counter()
                run(n, v)
                dt = (time.perf_counter() - t0) * 1000
                total += dt
                per_member.setdefault(engine, {}).setdefault(n, []).append(dt)  # type: ignore[arg-type]
            per_bundle[engine].append(total)
    info = machine()
    print(machine_line(info))
    print(f"members: {', '.join(f'{n} ({sizes[n] / 1024:.1f} KiB)' for n in members)}")
    rows = [(e, summary(per_bundle[e])["p50"], summary(per_bundle[e])["p90"], summary(per_bundle[e])["max"])
            for e in engines]
    print(table(["engine", "ms per bundle p50", "p90", "max"], rows))
    print(table(["member", *engines], [(n, *(summary(per_member[e][n])["p50"] for e in engines))
                                         for n in members]))
    print(f"build all validators: fastjsonschema {compile_fast:.1f} ms, jsonschema {compile_slow:.1f} ms")
    path = write_results("schemas", {"machine": info, "sizes": sizes, "repeat": args.repeat,
                                     "per_bundle": {e: summary(v) for e, v in per_bundle.items()},
                                     "per_member_p50": {e: {n: summary(x)["p50"] for n, x in m.items()}
                                                        for e, m in per_member.items()},
                                     "compile_ms": {"fastjsonschema": compile_fast, "jsonschema": compile_slow}})
    print(f"results: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
