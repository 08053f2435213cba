"""Every clustering quality yardstick for one or more configurations, with the same-run peer.

clusters-dev, ecbplus-dev (file order, and mean/sd over N random orders with the paired
difference from the default), the hand-labelled Wikinews events and Wikipedia current events.
Run: ``python -m bench.cluster_all [N] [field=value[,field=value] ...]``; each argument is one
variant (comma-joined fields change together), compared with the default. Use ``nice``.
"""

from __future__ import annotations

import statistics
import sys
from dataclasses import replace

from bench.bench_cluster import CURRENT_EVENTS
from bench.cluster_orders import LABELS, _value, scores
from bench.common import data_dir, read_jsonl
from newsbrief.cluster import ClusterConfig, cluster_articles
from newsbrief.cluster_baseline import single_pass_tfidf
from newsbrief.cluster_sets import dev_sets
from newsbrief.evaluate import bcubed
from newsbrief.models import Article
from newsbrief.timeutil import parse_time


def _sets() -> list[tuple[str, list[Article], dict]]:
    data = data_dir()
    assert data is not None
    out = [(s.name, list(s.articles), s.gold) for s in dev_sets(data, LABELS)]
    rows = [r for f in sorted((data / CURRENT_EVENTS).glob("blurbs_*.jsonl")) for r in read_jsonl(f)]
    arts = [Article(id=r["id"], text=r["text"], published=parse_time(r["date"])) for r in rows]
    out.append(("current-events", arts, {r["id"]: " > ".join(r["story_path"]) for r in rows if r.get("story_path")}))
    return out


def _f1(labels: list[int], arts: list[Article], gold: dict) -> float:
    return bcubed({a.id: s for a, s in zip(arts, labels, strict=True) if a.id in gold}, gold)["bcubed_f1"]


def _config(arg: str) -> ClusterConfig:
    kw = {}
    for part in arg.split(","):
        field, _, text = part.partition("=")
        kw[field] = _value(field, text)
    return replace(ClusterConfig(), **kw)


def main(argv: list[str]) -> None:
    n = int(argv[0]) if argv and argv[0].isdigit() else 20
    args = argv[1:] if argv and argv[0].isdigit() else argv
    runs = {"default": ClusterConfig(), **{a: _config(a) for a in args}}
    sets = _sets()
    ecb = next(s for s in sets if s[0] == "ecbplus-dev")
    line = "baseline:"
    for name, arts, gold in sets:
        line += f" {name} {_f1(single_pass_tfidf(arts), arts, gold):.4f}"
    base = scores(ecb[1], ecb[2], n, single_pass_tfidf)
    print(line + f" | ecb {n} orders {statistics.mean(base):.4f}", flush=True)
    ref = None
    for label, cfg in runs.items():
        line = f"{label}:"
        for name, arts, gold in sets:
            line += f" {name} {_f1(cluster_articles(arts, cfg), arts, gold):.4f}"
        f = scores(ecb[1], ecb[2], n, lambda a, cfg=cfg: cluster_articles(a, cfg))
        line += f" | ecb {n} orders {statistics.mean(f):.4f} sd {statistics.pstdev(f):.4f}"
        if ref is None:
            ref = f
        else:
            d = [x - y for x, y in zip(f, ref, strict=True)]
            line += (f" diff {statistics.mean(d):+.4f} se {statistics.pstdev(d) / len(d) ** 0.5:.4f}"
                     f" {sum(x > 0 for x in d)}W/{sum(x < 0 for x in d)}L")
        print(line, flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
