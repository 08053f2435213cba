"""`make bench`: every benchmark in bench/, each next to its peer measured in the same run.

Each module bench/bench_*.py has ``run(data_dir) -> dict``. Results are printed and written to
bench/results/latest.json. Benchmarks whose data is missing report ``skipped``.
"""

from __future__ import annotations

import importlib
import json
import sys
import time
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from bench.common import data_dir  # noqa: E402


def main(names: list[str]) -> int:
    mods = names or sorted(p.stem for p in HERE.glob("bench_*.py"))
    data = data_dir()
    results: dict[str, object] = {}
    failed = 0
    for name in mods:
        name = name if name.startswith("bench_") else f"bench_{name}"
        t = time.perf_counter()
        print(f"== {name}", flush=True)
        try:
            res = importlib.import_module(f"bench.{name}").run(data)
        except Exception as exc:  # noqa: BLE001 - one broken bench must not hide the others
            traceback.print_exc()
            res = {"error": f"{type(exc).__name__}: {exc}"}
            failed += 1
        res = dict(res) if isinstance(res, dict) else {"result": res}
        res["seconds"] = round(time.perf_counter() - t, 1)
        results[name] = res
        print(json.dumps(res, indent=2, default=str), flush=True)
    out = HERE / "results"
    out.mkdir(exist_ok=True)
    (out / "latest.json").write_text(json.dumps(results, indent=2, default=str))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
