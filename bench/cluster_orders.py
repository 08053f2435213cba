"""How much a dev score owes to the order of its articles: the sets' file order is one draw.

ECB+ has no dates, so its articles arrive in file order (itself a shuffle of the topics); an
online clusterer's result depends on that order. This clusters an undated set (by default
ecbplus-dev) in ``N`` random orders (seeds 0..N-1), under the default configuration and under
each variant given, and prints each one's mean, spread and worst BCubed F1, and its paired
difference from the default over the same orders (mean, standard error, wins/losses): a change
is real when the paired mean clears a few standard errors, whatever the file order says.

Run: ``python -m bench.cluster_orders [N] [SET] [field=value ...]`` (e.g. ``report_names=False``
``protagonists=0``); each variant is one field=value, compared with the default. Use ``nice``.
"""

from __future__ import annotations

import random
import statistics
import sys
from dataclasses import fields, replace

from bench.common import ROOT, data_dir
from newsbrief.cluster import ClusterConfig, cluster_articles
from newsbrief.cluster_baseline import single_pass_tfidf
from newsbrief.cluster_sets import dev_sets
from newsbrief.evaluate import bcubed

LABELS = ROOT / "tests" / "fixtures" / "wikinews-events" / "labels.tsv"


def _value(field: str, text: str) -> object:
    kind = {f.name: f.type for f in fields(ClusterConfig)}[field]
    if "bool" in str(kind):
        return text.lower() in ("1", "true", "yes")
    if "int" in str(kind):
        return int(text)
    if "float" in str(kind):
        return float(text)
    return text


def scores(articles: list, gold: dict, n: int, cluster) -> list[float]:
    out = []
    for seed in range(n):
        arts = list(articles)
        random.Random(seed).shuffle(arts)
        labels = cluster(arts)
        out.append(bcubed({a.id: lab for a, lab in zip(arts, labels, strict=True)}, gold)["bcubed_f1"])
    return out


def main(argv: list[str]) -> None:
    n = int(argv[0]) if argv else 30
    name = argv[1] if len(argv) > 1 else "ecbplus-dev"
    data = data_dir()
    assert data is not None
    sets = {s.name: s for s in dev_sets(data, LABELS)}
    s = sets[name]
    arts = list(s.articles)
    runs = {"default": ClusterConfig()}
    for arg in argv[2:]:
        field, _, text = arg.partition("=")
        runs[arg] = replace(ClusterConfig(), **{field: _value(field, text)})
    ref = None
    base = scores(arts, s.gold, n, single_pass_tfidf)
    print(f"{name}, {n} orders; tf-idf baseline mean {statistics.mean(base):.4f} sd {statistics.pstdev(base):.4f}")
    for label, cfg in runs.items():
        f = scores(arts, s.gold, n, lambda a, cfg=cfg: cluster_articles(a, cfg))
        line = f"{label}: mean {statistics.mean(f):.4f} sd {statistics.pstdev(f):.4f} worst {min(f):.4f}"
        if ref is None:
            ref = f
        else:
            d = [x - y for x, y in zip(f, ref, strict=True)]
            se = statistics.pstdev(d) / len(d) ** 0.5
            line += (f" | vs default {statistics.mean(d):+.4f} (se {se:.4f}, "
                     f"{sum(x > 0 for x in d)} wins / {sum(x < 0 for x in d)} losses)")
        print(line, flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
