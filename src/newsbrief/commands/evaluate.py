"""``newsbrief eval``: score briefs and clusterings against references, next to baselines."""

from __future__ import annotations

import json
import statistics
from typing import Any

import click

from newsbrief.commands.common import handle_errors
from newsbrief.errors import NewsbriefError


@click.group("eval")
def eval_group() -> None:
    """Score newsbrief against references (ROUGE, BCubed) next to the standard baselines."""


def _read(path: str) -> list[tuple[str, dict[str, Any]]]:
    """``(item, record)`` of every line of a JSONL file; the first bad line stops the run."""
    from newsbrief.ingest.records import iter_jsonl

    try:
        with open(path, "rb") as f:
            rows = list(iter_jsonl(f, path))
    except OSError as exc:
        raise NewsbriefError(path, exc.strerror or str(exc)) from None
    out = []
    for item, rec in rows:
        if isinstance(rec, NewsbriefError):
            raise NewsbriefError(rec.item, f"not JSONL: {rec.message}")
        out.append((item, rec))
    return out


@eval_group.command("summaries")
@click.argument("path")
@click.option("--words", type=int, default=None, help="Summary budget for stories (default: mean reference length).")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@handle_errors
def summaries(path: str, words: int | None, as_json: bool) -> None:
    """Score briefs of PATH's records (text or documents, and reference).

    Single articles: the three key points against the reference, next to Lead-3.
    Stories (documents): the summary at --words against the reference, next to round-robin Lead.
    """
    from newsbrief.briefing import BriefWriter
    from newsbrief.evaluate import lead, lead_multi, rouge, sentences_of, table
    from newsbrief.ingest.records import record_articles

    rows = [r for _, r in _read(path) if r.get("reference")]
    if not rows:
        raise NewsbriefError(path, "no records with a 'reference'")
    multi = "documents" in rows[0]
    budget = words or round(statistics.mean(len(r["reference"].split()) for r in rows)) if multi else (words or 150)
    writer = BriefWriter(words=budget)
    mine, base, refs = [], [], []
    for n, r in enumerate(rows):
        rid = str(r.get("id", n))
        b = writer.write(record_articles(r, rid), story_id=rid)
        if multi:
            mine.append(sentences_of(b.summary_text))
            base.append(lead_multi([d if isinstance(d, str) else d["text"] for d in r["documents"]], budget))
        else:
            mine.append("\n".join(p.text for p in b.key_points))
            base.append(lead(r["text"]))
        refs.append(r["reference"])
    result = {"newsbrief": rouge(mine, refs), ("lead" if multi else "lead-3"): rouge(base, refs)}
    if as_json:
        click.echo(json.dumps({"n": len(rows), "words": budget if multi else None, "scores": result}, indent=2))
    else:
        click.echo(f"{len(rows)} {'stories' if multi else 'articles'}"
                   + (f", summary budget {budget} words" if multi else ", key points vs reference"))
        click.echo(table(result.items(), ["R1", "R2", "RLsum"]))


@eval_group.command("clusters")
@click.argument("path")
@click.option("--gold", "gold_field", default="event_id", show_default=True, help="Field holding the gold story label.")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@handle_errors
def clusters(path: str, gold_field: str, as_json: bool) -> None:
    """Score story clustering of PATH's articles against their gold labels (BCubed and pairwise
    P/R/F1, cluster counts), next to the single-pass TF-IDF centroid baseline (cosine 0.20)."""
    import time

    from newsbrief.cluster import cluster_articles
    from newsbrief.cluster_baseline import single_pass_tfidf
    from newsbrief.commands.cluster import record_article
    from newsbrief.evaluate import bcubed, table

    rows = [(item, r) for item, r in _read(path) if r.get(gold_field) is not None]
    if not rows:
        raise NewsbriefError(path, f"no records with a {gold_field!r}")
    arts = [record_article(r, item) for item, r in rows]
    gold = {a.id: r[gold_field] for a, (_, r) in zip(arts, rows, strict=True)}
    result, speed = {}, {}
    for name, fn in (("newsbrief", cluster_articles), ("single-pass tf-idf 0.20", single_pass_tfidf)):
        t = time.perf_counter()
        labels = fn(arts)
        speed[name] = len(arts) / max(time.perf_counter() - t, 1e-9)
        result[name] = bcubed({a.id: s for a, s in zip(arts, labels, strict=True)}, gold)
        result[name]["articles_per_s"] = speed[name]
    if as_json:
        click.echo(json.dumps({"n": len(arts), "scores": result}, indent=2))
        return
    click.echo(f"{len(arts)} articles, {result['newsbrief']['gold_clusters']} gold stories ({gold_field})")
    cols = ["bcubed_p", "bcubed_r", "bcubed_f1", "pair_p", "pair_r", "pair_f1", "clusters", "articles_per_s"]
    click.echo(table(result.items(), cols))
