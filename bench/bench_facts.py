"""Key facts: precision and recall of who/where/when mentions against hand annotations, with and
without the spaCy extra, and the time facts add to a brief.

Gold: bench/facts_gold.json (article ids, annotated windows, [start, end, label] offsets; no text)
over 40 articles of clusters-dev.jsonl: 30 ``dev`` (their errors were looked at while writing the
rules) and 10 ``test`` (annotated afterwards, scored once: the honest figure). A predicted mention counts when it overlaps a gold mention
of the same label inside the window (``overlap``), or has exactly its offsets (``exact``).
Run: ``python bench/bench_facts.py [DATA_DIR]``.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from collections import defaultdict
from datetime import datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from bench.common import data_dir, read_jsonl  # noqa: E402
from newsbrief.models import Article  # noqa: E402

LABELS = ("who", "where", "when")


def _article(r: dict) -> Article:
    published = datetime.fromisoformat(r["published"]) if r.get("published") else None
    return Article(id=r["id"], text=r["text"], url=r.get("url", ""), outlet=r.get("source", ""), published=published)


def predicted(facts: dict, window: tuple[int, int]) -> list[tuple[int, int, str]]:
    """Mentions (start, end, label) of a facts dict inside ``window``."""
    out = []
    for label in LABELS:
        for e in facts[label]:
            for s in e["sources"]:
                a, b = s["span"]
                if window[0] <= a and b <= window[1]:
                    out.append((a, b, label))
    return sorted(set(out))


def score(pairs: list[tuple[list, list]]) -> dict:
    """P/R/F1 per label over (gold, predicted) mention lists, by overlap and by exact offsets."""
    c: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for gold, pred in pairs:
        for label in LABELS:
            g = [x for x in gold if x[2] == label]
            p = [x for x in pred if x[2] == label]
            c[label]["gold"] += len(g)
            c[label]["pred"] += len(p)
            c[label]["tp_p"] += sum(any(a < gb and ga < b for ga, gb, _ in g) for a, b, _ in p)
            c[label]["tp_r"] += sum(any(a < gb and ga < b for a, b, _ in p) for ga, gb, _ in g)
            c[label]["exact"] += len({(a, b) for a, b, _ in p} & {(a, b) for a, b, _ in g})
    out = {}
    for label in LABELS:
        k = c[label]
        p = k["tp_p"] / max(1, k["pred"])
        r = k["tp_r"] / max(1, k["gold"])
        ep, er = k["exact"] / max(1, k["pred"]), k["exact"] / max(1, k["gold"])
        out[label] = {"precision": round(p, 3), "recall": round(r, 3), "f1": round(2 * p * r / max(1e-9, p + r), 3),
                      "exact_precision": round(ep, 3), "exact_recall": round(er, 3),
                      "gold": k["gold"], "predicted": k["pred"]}
    return out


def mode_result(mode: str, gold: list[dict], recs: dict[str, dict], events: list[list[dict]]) -> dict:
    """Scores and timings of one extraction mode (``rules`` or ``spacy``)."""
    from newsbrief.briefing import BriefWriter
    from newsbrief.facts import attach_facts, facts_of_articles

    pairs: dict[str, list] = defaultdict(list)
    per_article = []
    attach_facts(BriefWriter().write([_article(recs[gold[0]["id"]])]), nlp=mode)  # load the model once
    for g in gold:
        r = recs[g["id"]]
        t = time.perf_counter()
        f = facts_of_articles([_article(r)], nlp=mode)
        per_article.append(time.perf_counter() - t)
        pairs[g.get("split", "dev")].append(([tuple(x) for x in g["spans"]], predicted(f, tuple(g["window"]))))
    writer = BriefWriter()
    per_brief = []
    for arts in events:
        b = writer.write([_article(r) for r in arts])
        t = time.perf_counter()
        attach_facts(b, nlp=mode)
        per_brief.append(time.perf_counter() - t)
    return {**{split: score(p) for split, p in sorted(pairs.items())}, "ms_per_article_all_sentences": round(1000 * statistics.mean(per_article), 1),
            "ms_per_brief": round(1000 * statistics.mean(per_brief), 1),
            "ms_per_brief_p95": round(1000 * sorted(per_brief)[int(0.95 * (len(per_brief) - 1))], 1),
            "briefs": len(per_brief)}


def run(data: Path | None = None) -> dict:
    """Both modes (spaCy only when installed); ``skipped`` without the data."""
    data = data or data_dir()
    if data is None or not (data / "clusters-dev.jsonl").exists():
        return {"skipped": "no evaluation data (clusters-dev.jsonl)"}
    gold = json.loads((HERE / "facts_gold.json").read_text(encoding="utf-8"))["articles"]
    rows = read_jsonl(data / "clusters-dev.jsonl")
    recs = {r["id"]: r for r in rows}
    by_event: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        by_event[r["event_id"]].append(r)
    # story briefs: each gold event's articles (at most 7, as a story brief would pool them)
    events = [v[:7] for v in by_event.values()]
    out: dict = {"articles": len(gold), "gold_mentions": sum(len(g["spans"]) for g in gold),
                 "rules": mode_result("rules", gold, recs, events)}
    from newsbrief.facts.nlp import load_model

    if load_model() is not None:
        out["spacy"] = mode_result("spacy", gold, recs, events)
    else:
        out["spacy"] = {"skipped": "spaCy extra not installed (make install-nlp)"}
    return out


if __name__ == "__main__":
    print(json.dumps(run(Path(sys.argv[1]) if len(sys.argv) > 1 else None), indent=2))
