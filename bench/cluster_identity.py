"""Do two versions of the clusterer give the same stories? For speed work that must change no output.

``dump OUT [N]`` writes, for the engine on ``PYTHONPATH``, the story label of every article of
clusters-dev, ecbplus-dev, the Wikinews events, the Wikipedia current-events items and (with
``N``) the synthetic ``N``-article stream (``bench/streamgen.py``, seed 0), with each set's
BCubed F1; ``cmp A B`` says, per set, whether the two dumps' partitions are identical (labels
relabelled by first appearance) and exits 1 if any differs. Only ids' labels are written.

Run it from each checkout (e.g. a ``git worktree`` of main next to the branch)::

    cd ../base && PYTHONPATH=src:. python -m bench.cluster_identity dump /tmp/base.json 10000
    cd ../mine && PYTHONPATH=src:. python -m bench.cluster_identity dump /tmp/mine.json 10000
    python -m bench.cluster_identity cmp /tmp/base.json /tmp/mine.json
"""

from __future__ import annotations

import json
import sys

from bench.bench_cluster import CURRENT_EVENTS, WIKINEWS_LABELS
from bench.common import data_dir, read_jsonl


def _canonical(labels: list) -> list[int]:
    first: dict = {}
    return [first.setdefault(x, len(first)) for x in labels]


def dump(out: str, n: int = 0) -> dict:
    from newsbrief.cluster import StoryClusterer, cluster_articles
    from newsbrief.cluster_sets import dev_sets
    from newsbrief.evaluate import bcubed
    from newsbrief.models import Article
    from newsbrief.timeutil import parse_time

    data = data_dir()
    assert data is not None, "no evaluation data (set NEWSBRIEF_DATA)"
    res: dict = {}

    def keep(name: str, arts: list[Article], labels: list[int], gold: dict) -> None:
        pred = {a.id: s for a, s in zip(arts, labels, strict=True) if a.id in gold}
        res[name] = {"labels": labels, "f1": bcubed(pred, gold)["bcubed_f1"]}

    for s in dev_sets(data, WIKINEWS_LABELS):
        arts = list(s.articles)
        keep(s.name, arts, cluster_articles(arts), s.gold)
    rows = [r for f in sorted((data / CURRENT_EVENTS).glob("blurbs_*.jsonl")) for r in read_jsonl(f)]
    if rows:
        arts = [Article(id=r["id"], text=r["text"], published=parse_time(r["date"])) for r in rows]
        keep("current-events", arts, cluster_articles(arts),
             {r["id"]: " > ".join(r["story_path"]) for r in rows if r.get("story_path")})
    if n:
        from bench.streamgen import generate, load_material

        pairs = list(generate(n, load_material(data), seed=0))
        eng = StoryClusterer()
        keep(f"stream-{n}", [a for a, _ in pairs], [eng.add(a) for a, _ in pairs], {a.id: e for a, e in pairs})
    with open(out, "w", encoding="utf-8") as f:
        json.dump(res, f)
    return res


def compare(a: dict, b: dict) -> bool:
    same = True
    for name in sorted(a.keys() | b.keys()):
        if name not in a or name not in b:
            print(f"{name}: only in one dump")
            same = False
            continue
        ok = _canonical(a[name]["labels"]) == _canonical(b[name]["labels"])
        same &= ok
        print(f"{name}: {'identical' if ok else 'DIFFERENT'} (F1 {a[name]['f1']:.4f} / {b[name]['f1']:.4f})")
    return same


if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[1] == "dump":
        for k, v in dump(sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 0).items():
            print(f"{k}: F1 {v['f1']:.4f}")
    elif len(sys.argv) == 4 and sys.argv[1] == "cmp":
        with open(sys.argv[2], encoding="utf-8") as fa, open(sys.argv[3], encoding="utf-8") as fb:
            sys.exit(0 if compare(json.load(fa), json.load(fb)) else 1)
    else:
        sys.exit(__doc__)
