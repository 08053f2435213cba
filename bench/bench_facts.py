"""Key facts: who/where/when against people's 5W1H annotations (facts5w1h-dev.jsonl) next to spaCy's
NER first-mention baseline in the same run; precision and recall of who/where/when mentions against
hand annotations, with and without the spaCy extra; and the time facts take (a brief, a 50-article story).

5W1H scoring is the acceptance check's (``../shared/acceptance/facts-5w1h``): an answer matches an
annotated phrase when they share a content word (case-folded), a ``when`` answer also when its date
equals the annotation's parsed date; P@1 (the top answer matches) and R@3 (share of annotated phrases
matched by one of the top three), over all 48 articles and over two fixed halves (even and odd lines
of the file: the rules were tuned looking at both, so the halves show spread, not a held-out figure).
The baseline: spaCy ``en_core_web_sm`` entities of the headline and text in order of first mention,
PERSON/ORG/NORP for who, GPE/LOC/FAC for where, DATE/TIME for when.

Gold: bench/facts_gold.json (article ids, annotated windows, [start, end, label] offsets; no text)
over 40 articles of clusters-dev.jsonl: 30 ``dev`` (their errors were looked at while writing the
rules) and 10 ``test`` (annotated afterwards, scored once: the honest figure). A predicted mention counts when it overlaps a gold mention
of the same label inside the window (``overlap``), or has exactly its offsets (``exact``).
Run: ``python bench/bench_facts.py [DATA_DIR]``.
"""

from __future__ import annotations

import json
import re
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
    """Mentions (start, end, label) of a facts dict inside ``window``: names only, as the gold marks
    them (a who that is a noun phrase, kind ``group``, such as "A gunman", is no name mention)."""
    out = []
    for label in LABELS:
        for e in facts[label]:
            if e.get("kind") == "group":
                continue
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


_STOP = set("a an the of in on at to for and or by with from his her their its he she they it is was were be been "
            "this that these those who which as s mr mrs ms dr".split())
QUESTIONS = ("who", "where", "when")
SPACY_LABELS = {"who": ("PERSON", "ORG", "NORP"), "where": ("GPE", "LOC", "FAC"), "when": ("DATE", "TIME")}


def _words(s: str | None) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", (s or "").lower()) if w not in _STOP}


def _match(a: dict, g: dict, q: str) -> bool:
    text = " ".join(str(a.get(k) or "") for k in ("name", "text", "date") if a.get(k)) + " " + " ".join(a.get("also") or [])
    if _words(text) & _words(g.get("text")):
        return True
    return q == "when" and bool(a.get("date")) and str(a.get("date"))[:10] == str(g.get("parsed") or "")[:10]


def score_5w1h(rows: list[dict], answers: list[dict | None]) -> dict:
    """P@1 and R@3 per question (the acceptance check's scoring); ``answers[i]`` is row i's facts
    (``{"who": [...], ...}``) or None when the article gave none."""
    st = {q: [0, 0, 0, 0] for q in QUESTIONS}  # top hits, questions, phrases matched@3, phrases
    for r, f in zip(rows, answers, strict=True):
        for q in QUESTIONS:
            gold = [g for g in r["gold"].get(q, []) if g.get("text")]
            if not gold:
                continue
            ans = list((f or {}).get(q) or [])
            st[q][1] += 1
            st[q][0] += bool(ans) and any(_match(ans[0], g, q) for g in gold)
            st[q][3] += len(gold)
            st[q][2] += sum(any(_match(a, g, q) for a in ans[:3]) for g in gold)
    p = {q: round(s[0] / max(1, s[1]), 3) for q, s in st.items()}
    return {"p_at_1": p, "r_at_3": {q: round(s[2] / max(1, s[3]), 3) for q, s in st.items()},
            "mean_p_at_1": round(sum(p.values()) / 3, 3), "no_facts": sum(f is None for f in answers)}


def _record_article(r: dict) -> Article:
    from newsbrief.timeutil import parse_time

    return Article(id=r["id"], text=r["text"], title=r.get("title", ""), outlet=r.get("outlet", ""),
                   published=parse_time(r.get("published")))


def _ours(rows: list[dict], mode: str) -> tuple[list[dict | None], float]:
    """Facts as ``brief --facts`` gives them (the acceptance check's path); seconds per article."""
    from newsbrief.briefing import BriefWriter
    from newsbrief.errors import NewsbriefError
    from newsbrief.facts import attach_facts

    out: list[dict | None] = []
    writer = BriefWriter()
    t = time.perf_counter()
    for r in rows:
        try:
            out.append(attach_facts(writer.write([_record_article(r)], story_id=r["id"]), nlp=mode).facts)
        except NewsbriefError:
            out.append(None)
    return out, (time.perf_counter() - t) / max(1, len(rows))


def _spacy_baseline(rows: list[dict], nlp) -> list[dict | None]:
    """spaCy NER, first mention first: the entities of headline and text, deduplicated by text."""
    out: list[dict | None] = []
    for r in rows:
        doc = nlp((r.get("title") or "") + "\n\n" + r["text"])
        f: dict[str, list[dict]] = {q: [] for q in QUESTIONS}
        for ent in doc.ents:
            for q, labels in SPACY_LABELS.items():
                if ent.label_ in labels and ent.text not in {a["text"] for a in f[q]}:
                    f[q].append({"text": ent.text})
        out.append(f)
    return out


def run_5w1h(data: Path) -> dict:
    """Ours (rules; rules + spaCy when installed) and the spaCy NER baseline on the 5W1H articles."""
    path = data / "facts5w1h-dev.jsonl"
    if not path.exists():
        return {"skipped": "no facts5w1h-dev.jsonl"}
    rows = read_jsonl(path)
    halves = {"all": range(len(rows)), "half_even": range(0, len(rows), 2), "half_odd": range(1, len(rows), 2)}
    systems: dict[str, list[dict | None]] = {}
    timing: dict[str, float] = {}
    systems["rules"], timing["rules"] = _ours(rows, "rules")
    from newsbrief.facts.nlp import load_model

    nlp = load_model()
    if nlp is not None:
        systems["rules+spacy"], timing["rules+spacy"] = _ours(rows, "spacy")
        systems["spacy_ner_baseline"] = _spacy_baseline(rows, nlp)
    out: dict = {"articles": len(rows), "ms_per_article": {k: round(1000 * v, 1) for k, v in timing.items()}}
    for name, answers in systems.items():
        out[name] = {h: score_5w1h([rows[i] for i in idx], [answers[i] for i in idx]) for h, idx in halves.items()}
    if nlp is None:
        out["spacy_ner_baseline"] = {"skipped": "spaCy extra not installed (make install-nlp)"}
    return out


def story_speed(data: Path, n: int = 50, repeat: int = 5) -> dict:
    """Seconds for the facts of one ``n``-article story brief (rules), best and median of ``repeat``."""
    from newsbrief.briefing import BriefWriter
    from newsbrief.facts import attach_facts

    rows = read_jsonl(data / "facts5w1h-dev.jsonl") + read_jsonl(data / "clusters-dev.jsonl")
    arts = [_record_article({**r, "id": f"s{i}"}) for i, r in enumerate(rows[:n])]
    brief = BriefWriter().write(arts, story_id="speed")
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        attach_facts(brief, nlp="rules")
        times.append(time.perf_counter() - t)
    from newsbrief.facts import facts_of_articles

    t = time.perf_counter()
    facts_of_articles(arts, nlp="rules")  # every sentence of every article (``newsbrief facts``), for scale
    return {"articles": len(arts), "brief_facts_best_s": round(min(times), 3),
            "brief_facts_median_s": round(statistics.median(times), 3), "goal_s": 0.2,
            "all_sentences_s": round(time.perf_counter() - t, 3)}


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
    out: dict = {"5w1h": run_5w1h(data), "story_50_articles": story_speed(data),
                 "articles": len(gold), "gold_mentions": sum(len(g["spans"]) for g in gold),
                 "rules": mode_result("rules", gold, recs, events)}
    from newsbrief.facts.nlp import load_model

    if load_model() is not None:
        out["spacy"] = mode_result("spacy", gold, recs, events)
    else:
        out["spacy"] = {"skipped": "spaCy extra not installed (make install-nlp)"}
    return out


if __name__ == "__main__":
    print(json.dumps(run(Path(sys.argv[1]) if len(sys.argv) > 1 else None), indent=2))
