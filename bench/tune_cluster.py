"""How the clustering constants are chosen: one grid, all dev sets together, a rule fixed in advance.

Sets: clusters-dev, ecbplus-dev and the hand-labelled Wikinews events (``cluster_sets.dev_sets``).
Rule: take the configuration whose *worst* set is best, measured as the margin of BCubed F1 over
that set's goal (clusters-dev 0.96, ecbplus-dev 0.92, wikinews-events 0.90), so no set is traded
away for another. Check: leave one set out, choose on the other two by the same rule and score
the set left out: how the choice carries to data it was not chosen on.

Run: ``python -m bench.tune_cluster [--json OUT]`` (a few minutes: every grid point clusters all
three sets; run it with ``nice`` on a shared machine).
"""

from __future__ import annotations

import itertools
import json
import sys
from collections.abc import Callable
from pathlib import Path

from bench.common import ROOT, data_dir
from newsbrief.cluster import ClusterConfig, cluster_articles
from newsbrief.cluster_sets import LabelledSet, dev_sets
from newsbrief.evaluate import bcubed

LABELS = ROOT / "tests" / "fixtures" / "wikinews-events" / "labels.tsv"
GOALS = {"clusters-dev": 0.96, "ecbplus-dev": 0.92, "wikinews-events": 0.90}
# The grid: the event-identity knobs (threshold at no gap; its rise with the gap and the time
# scale of that rise; its rise without a date; the name block's share). Lead length (1,200
# characters) and the number block's share (0.1) were fixed by an earlier sweep on the same
# three sets, where 1,200 beat 2,500 on each. An earlier, larger run of this grid also tried a
# rise squared in the gap and one stretched by the story's span: neither won on the worst set.
# A learned decision (logistic regression over the parts of the similarity, the gap, no date,
# shortness and story size, trained on article-vs-story pairs of all three sets, p > 0.5) lost
# on every set but Wikinews and fell to 0.34-0.58 on clusters-dev left out (README: clustering).
# The protagonist check (ClusterConfig.protagonists, 0 or 3) was run through this grid once: the
# rule takes it on (rows with it beat rows without on every set left out: clusters-dev 0.932 vs
# 0.931, ecbplus-dev 0.871 vs 0.854, Wikinews 0.862 vs 0.816) and with it late_days 5 (clusters-dev
# 0.956, ecbplus-dev 0.920, Wikinews 0.920); late_days stays 2, since at 5 the Wikipedia current
# events (not in the rule) fall from 0.695 to 0.652, with or without the check.
GRID = {
    "threshold": [0.10, 0.12, 0.14],
    "late_threshold": [0.10, 0.15, 0.20, 0.25, 0.30],
    "late_days": [2.0, 5.0],
    "undated_threshold": [0.06, 0.08, 0.10, 0.12],
    "entity_weight": [0.3, 0.4],
}
# Knobs that cannot change a set's result: an undated set ignores the time knobs, a dated one
# the undated rise; each (set, relevant knobs) is clustered once.
TIME_KNOBS = ("late_threshold", "late_days")


def f1(s: LabelledSet, config: ClusterConfig) -> float:
    labels = cluster_articles(list(s.articles), config)
    return bcubed({a.id: lab for a, lab in zip(s.articles, labels, strict=True)}, s.gold)["bcubed_f1"]


def choose(rows: list[dict], names: list[str]) -> dict:
    """The row whose worst margin over ``names`` (F1 minus goal) is largest; ties go to the best
    mean margin. Ties are common: the undated ecbplus-dev ignores the time knobs and is the worst
    set of many rows, and Python's ``max`` alone would take the first in grid order. (Added with
    the distinctive-names rule, after seeing that the tie decides: worst-then-first picks
    late_threshold 0.20, lexicographic margins 0.25 over 5 days, worst-then-mean 0.25 over 2
    days; README: clustering lists all three.)"""
    def key(r: dict) -> tuple[float, float]:
        margins = [r["f1"][n] - GOALS[n] for n in names]
        return min(margins), sum(margins) / len(margins)
    return max(rows, key=key)


def _relevant(s: LabelledSet, kw: dict) -> tuple:
    dated = any(a.published is not None for a in s.articles)
    if dated:
        return tuple((k, v) for k, v in kw.items() if k != "undated_threshold")
    # Undated: the time knobs do not matter. (The threshold and the undated rise both do, each
    # on its own: the rise is also what a protagonist or report conflict adds again.)
    return tuple((k, v) for k, v in kw.items() if k not in TIME_KNOBS)


def run(data: Path) -> dict:
    sets = dev_sets(data, LABELS)
    rows = []
    cache: dict[tuple, float] = {}
    for values in itertools.product(*GRID.values()):
        kw = dict(zip(GRID, values, strict=True))
        cfg = ClusterConfig().replace(**kw)
        scores = {}
        for s in sets:
            key = (s.name, _relevant(s, kw))
            if key not in cache:
                cache[key] = f1(s, cfg)
            scores[s.name] = cache[key]
        rows.append({"config": kw, "f1": scores})
    return {"grid": GRID, "goals": GOALS, **decide(rows, [s.name for s in sets])}


def decide(rows: list[dict], names: list[str]) -> dict:
    """The rows, the all-sets choice and, for each set left out, the choice on the others and
    its score on the set left out (how the choice carries to data it was not chosen on)."""
    out: dict = {"rows": rows, "chosen": choose(rows, names), "leave_one_out": {}}
    for held in names:
        pick = choose(rows, [n for n in names if n != held])
        out["leave_one_out"][held] = {"config": pick["config"], "held_out_f1": pick["f1"][held],
                                      "all_sets_choice_f1": out["chosen"]["f1"][held]}
    return out


def main(run_grid: Callable[[Path], dict], show_off: bool = False) -> None:
    """The command line of a tuning grid: run it on the data, write ``--json OUT``, print the
    choice (and the first row, the mechanism off, when ``show_off``) and leave-one-set-out."""
    d = data_dir()
    if d is None:
        sys.exit("no evaluation data (set NEWSBRIEF_DATA)")
    res = run_grid(d)
    if "--json" in sys.argv:
        Path(sys.argv[sys.argv.index("--json") + 1]).write_text(json.dumps(res, indent=1))
    if show_off:
        print("off:", {k: round(v, 4) for k, v in res["rows"][0]["f1"].items()})
    print("chosen:", res["chosen"]["config"], {k: round(v, 4) for k, v in res["chosen"]["f1"].items()})
    for held, r in res["leave_one_out"].items():
        print(f"left out {held}: chosen on the others {r['config']} -> {r['held_out_f1']:.4f} "
              f"(all-sets choice {r['all_sets_choice_f1']:.4f})")


if __name__ == "__main__":
    main(run)
