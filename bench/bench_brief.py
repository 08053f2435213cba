"""Brief quality and speed on the dev sets, each next to its peer computed in the same run.

CNN/DM key points vs Lead-3; Multi-News summaries vs pooled LexRank and round-robin Lead;
DUC 2006 summaries (generic and focused) and DUC 2007 update summaries vs the first words of the latest
article (NIST's lead baseline) and the same writer without the new signal; headlines (title withheld)
vs the first sentence; seed key points vs Lead-3; speed vs sumy LexRank.
"""

from __future__ import annotations

import json
import re
import statistics
import subprocess
import sys
import time

from bench.common import ROOT, dangling, data_dir, pysbd_sentences, read_jsonl, verbatim
from newsbrief.briefing import BriefWriter
from newsbrief.errors import NewsbriefError
from newsbrief.evaluate import rouge
from newsbrief.models import Article


def _art(i: str, text: str, title: str = "") -> Article:
    return Article(id=i, text=text, title=title)


def cnndm(data) -> dict:
    rows = read_jsonl(data / "cnndm-dev.jsonl")
    w = BriefWriter()
    mine, leads, refs, dang, bad, n = [], [], [], 0, 0, 0
    for r in rows:
        pts = [p.text for p in w.write([_art(r["id"], r["text"])]).key_points]
        n += len(pts)
        dang += sum(dangling(p) for p in pts)
        bad += sum(not verbatim(p, r["text"]) for p in pts)
        mine.append("\n".join(pts))
        lead = pysbd_sentences(r["text"])[:3]
        leads.append("\n".join(lead))
        refs.append(r["reference"])
    lead_dang = sum(dangling(s) for t in leads for s in t.split("\n"))
    return {"newsbrief": rouge(mine, refs), "lead3": rouge(leads, refs), "dangling_pct": 100 * dang / max(1, n),
            "lead3_dangling_pct": 100 * lead_dang / (3 * len(rows)), "unfaithful": bad, "points": n}


def multinews(data) -> dict:
    """Multi-News at the mean reference length vs LexRank and the position-led writer (no concepts), same run."""
    import newsbrief.briefing.concepts as concepts

    rows = read_jsonl(data / "multinews-dev.jsonl")
    budget = round(statistics.mean(len([w for w in r["reference"].split() if any(c.isalnum() for c in w)])
                                   for r in rows))
    refs = [r["reference"] for r in rows]

    def summaries(writer: BriefWriter) -> list[str]:
        out = []
        for r in rows:
            arts = [_art(f"{r['id']}/{i}", d) for i, d in enumerate(r["documents"]) if d.strip()]
            out.append("\n".join(pysbd_sentences(writer.write(arts).summary_text)))
        return out

    t = time.perf_counter()
    mine = summaries(BriefWriter(words=budget))
    dt = time.perf_counter() - t
    cover, concepts.COVER = concepts.COVER, 0.0
    try:  # the peers choose by their sentence scores alone (no concept coverage)
        lexrank = summaries(BriefWriter(scorer="lexrank", words=budget))
        position = summaries(BriefWriter(words=budget))
    finally:
        concepts.COVER = cover
    return {"newsbrief": rouge(mine, refs), "lexrank_same_selector": rouge(lexrank, refs),
            "position_only": rouge(position, refs), "budget": budget, "stories_per_s": len(rows) / dt}


# Published DUC figures on these dev files (../shared/data/README.md), for the report next to the run's own.
BEST_DUC2006 = 9.29  # peer 24, R-2 recall, 25 dev topics
CLASSY04_DUC2007_UPDATE = 8.76  # peer 58, B and C units


def duc_recall(candidate: str, references: list[str], words: int) -> float:
    """DUC's ROUGE-2 recall x100: cut to ``words``, stemmed, pooled over references, jackknifed."""
    from collections import Counter

    from rouge_score import tokenizers

    tok = tokenizers.DefaultTokenizer(use_stemmer=True)
    grams = lambda t: Counter(zip(t, t[1:], strict=False))  # noqa: E731
    cand = grams(tok.tokenize(" ".join(candidate.split()[:words])))
    refs = [grams(tok.tokenize(r)) for r in references]
    folds = [refs[:k] + refs[k + 1:] for k in range(len(refs))] if len(refs) > 1 else [refs]
    score = 0.0
    for fold in folds:
        n = sum(sum(r.values()) for r in fold)
        score += sum(sum((cand & r).values()) for r in fold) / n if n else 0.0
    return 100 * score / len(folds)


def _duc_articles(uid: str, docs: list[dict]) -> list[Article]:
    return [Article(id=f"{uid}/{d['id']}", text=d["text"], title=d.get("title") or "", outlet=d.get("outlet") or "")
            for d in docs if d["text"].strip()]


def _first_words(docs: list[dict], words: int) -> str:
    """NIST's lead baseline, as the README measures it: the first words of the latest article."""
    return " ".join(docs[-1]["text"].split()[:words])


def duc2006(data, focus: bool = False) -> dict:
    """DUC 2006 dev at 250 words: the summary vs the latest article's lead and the position-only writer."""
    import newsbrief.briefing.concepts as concepts

    rows = read_jsonl(data / "duc2006-dev.jsonl")
    w = BriefWriter(words=250)
    mine, position, lead = [], [], []
    t = time.perf_counter()
    for r in rows:
        arts = _duc_articles(r["id"], r["documents"])
        mine.append(duc_recall(w.write(arts, focus=r["narrative"] if focus else "").summary_text,
                               r["references"], 250))
    dt = time.perf_counter() - t
    cover, concepts.COVER = concepts.COVER, 0.0
    try:
        for r in rows:
            arts = _duc_articles(r["id"], r["documents"])
            position.append(duc_recall(w.write(arts).summary_text, r["references"], 250))
    finally:
        concepts.COVER = cover
    for r in rows:
        lead.append(duc_recall(_first_words(r["documents"], 250), r["references"], 250))
    mean = lambda xs: round(statistics.mean(xs), 2)  # noqa: E731
    return {"newsbrief_R2": mean(mine), "position_only_R2": mean(position), "latest_lead_R2": mean(lead),
            "best_duc_system_R2_published": BEST_DUC2006, "focus": focus, "stories_per_s": len(rows) / dt}


def duc2006_focus(data) -> dict:
    return duc2006(data, focus=True)


def duc2007_update(data) -> dict:
    """DUC 2007 update dev at 100 words (B given A, C given A and B) vs ignoring what was read."""
    w = BriefWriter(words=100)
    mine, blind, lead = [], [], []
    for r in read_jsonl(data / "duc2007-update-dev.jsonl"):
        seen: list[str] = []
        for s in r["subsets"]:
            if s["name"] != "A":
                arts = _duc_articles(f"{r['id']}-{s['name']}", s["documents"])
                mine.append(duc_recall(w.write(arts, seen=seen).summary_text, s["references"], 100))
                blind.append(duc_recall(w.write(arts).summary_text, s["references"], 100))
                lead.append(duc_recall(_first_words(s["documents"], 100), s["references"], 100))
            seen += [d["text"] for d in s["documents"]]
    mean = lambda xs: round(statistics.mean(xs), 2)  # noqa: E731
    return {"newsbrief_R2": mean(mine), "without_seen_R2": mean(blind), "latest_lead_R2": mean(lead),
            "classy04_R2_published": CLASSY04_DUC2007_UPDATE, "units": len(mine)}


def headlines(data) -> dict:
    from rouge_score import rouge_scorer

    sc = rouge_scorer.RougeScorer(["rouge1", "rougeL"], use_stemmer=True)
    w = BriefWriter()
    out = {}
    for name in ("bbc100.jsonl", "clusters-dev.jsonl"):
        rows = read_jsonl(data / name)
        mine, first = 0.0, 0.0
        for r in rows:
            body = r["text"][len(r["title"]):].lstrip() if r["text"].startswith(r["title"]) else r["text"]
            try:
                h = w.write([_art(r["id"], body)]).headline
            except NewsbriefError:  # a page of furniture only: no headline, scored as an empty one
                h = ""
            mine += sc.score(r["title"], h)["rouge1"].fmeasure
            first += sc.score(r["title"], (pysbd_sentences(body) or [""])[0])["rouge1"].fmeasure
        out[name] = {"newsbrief_R1": 100 * mine / len(rows), "first_sentence_R1": 100 * first / len(rows)}
    return out


def seed(data) -> dict:
    lines = open(data / "seed" / "000_e3d1573f0c87503e.txt", encoding="utf-8").read().strip().split("\n")
    bullets, body = [x[2:] for x in lines[1:4]], "\n".join(lines[4:])
    pts = [p.text for p in BriefWriter().write([_art("seed", body, lines[0])]).key_points]
    return {"newsbrief": rouge(["\n".join(pts)], ["\n".join(bullets)]),
            "lead3": rouge(["\n".join(pysbd_sentences(body)[:3])], ["\n".join(bullets)])}


def speed(data, copies: int = 16) -> dict:
    """Whole-process `brief --jsonl` vs in-process pysbd + sumy LexRank on the same articles."""
    rows = read_jsonl(data / "cnndm-dev.jsonl")
    recs = "".join(json.dumps({"id": f"{r['id']}-{k}", "text": r["text"]}) + "\n" for k in range(copies) for r in rows)
    exe = str(ROOT / ".venv" / "bin" / "newsbrief")
    t = time.perf_counter()
    subprocess.run([exe, "brief", "--jsonl", "-", "--format", "json"], input=recs, text=True, capture_output=True,
                   check=True)
    mine = copies * len(rows) / (time.perf_counter() - t)

    from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence
    from sumy.nlp.stemmers import Stemmer
    from sumy.summarizers.lex_rank import LexRankSummarizer
    from sumy.utils import get_stop_words

    class Tok:
        def to_words(self, s):
            return re.findall(r"\w+", s.lower())

    tok, lr = Tok(), LexRankSummarizer(Stemmer("english"))
    lr.stop_words = get_stop_words("english")
    t = time.perf_counter()
    for r in rows * 2:
        lr(ObjectDocumentModel([Paragraph([Sentence(s, tok) for s in pysbd_sentences(r["text"])])]), 3)
    peer = 2 * len(rows) / (time.perf_counter() - t)
    return {"newsbrief_articles_per_s": mine, "sumy_lexrank_articles_per_s": peer, "ratio": mine / peer}


def memory(data, sizes=(1_000, 10_000)) -> dict:
    """Peak RSS of `brief --jsonl` streaming 1,000 vs 10,000 articles: constant memory means equal."""
    rows = read_jsonl(data / "cnndm-dev.jsonl")
    exe = str(ROOT / ".venv" / "bin" / "newsbrief")
    out = {}
    for n in sizes:
        recs = "".join(json.dumps({"id": f"{k}", "text": rows[k % len(rows)]["text"]}) + "\n" for k in range(n))
        code = ("import resource, subprocess, sys; subprocess.run(sys.argv[1:], stdin=sys.stdin, "
                "stdout=subprocess.DEVNULL, check=True); "
                "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
        r = subprocess.run([sys.executable, "-c", code, exe, "brief", "--jsonl", "-"], input=recs, text=True,
                           capture_output=True, check=True)
        out[f"peak_rss_mb_{n}"] = round(int(r.stdout.strip()) / 1024, 1)
    return out


def run(data=None, parts=("cnndm", "multinews", "duc2006", "duc2006_focus", "duc2007_update", "headlines", "seed",
                          "speed", "memory")) -> dict:
    data = data or data_dir()
    if data is None:
        return {"skipped": "no evaluation data"}
    return {p: globals()[p](data) for p in parts}


if __name__ == "__main__":
    print(json.dumps(run(parts=tuple(sys.argv[1:]) or ("cnndm", "multinews", "duc2006", "duc2006_focus",
                                                       "duc2007_update", "headlines", "seed", "speed", "memory")),
                     indent=2))
