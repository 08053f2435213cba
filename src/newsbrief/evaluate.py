"""Scores: ROUGE (Google's rouge-score, stemming, F1 x 100, Lsum on newline-separated sentences)
and BCubed / pairwise clustering scores. Used by ``newsbrief eval`` and ``bench/``."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence

from newsbrief.text import split_sentences

_scorer = None


def rouge(cands: Sequence[str], refs: Sequence[str]) -> dict[str, float]:
    """Mean ROUGE-1/2/Lsum F1 x100 of candidates against references (newline = sentence)."""
    global _scorer
    from rouge_score import rouge_scorer

    if _scorer is None:
        _scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeLsum"], use_stemmer=True)
    tot: defaultdict[str, float] = defaultdict(float)
    for c, r in zip(cands, refs, strict=True):
        s = _scorer.score(r, c)
        for k in ("rouge1", "rouge2", "rougeLsum"):
            tot[k] += s[k].fmeasure
    n = max(1, len(cands))
    return {"R1": 100 * tot["rouge1"] / n, "R2": 100 * tot["rouge2"] / n, "RLsum": 100 * tot["rougeLsum"] / n}


def sentences_of(text: str) -> str:
    """Newline-separated sentences, the form ROUGE-Lsum wants."""
    return "\n".join(s.text for s in split_sentences(text, clean=False))


def lead(text: str, n: int = 3) -> str:
    """The first ``n`` sentences (the Lead-n baseline), raw, as the peer computes it."""
    return "\n".join(s.text for s in split_sentences(text, clean=False)[:n])


def lead_multi(docs: Sequence[str], words: int) -> str:
    """Round-robin first sentences of each document up to ``words`` words (the multi-doc Lead)."""
    split = [[s.text for s in split_sentences(d)] for d in docs]
    out, total, i = [], 0, 0
    while total < words and any(i < len(s) for s in split):
        for s in split:
            if i < len(s) and total < words:
                out.append(s[i])
                total += len(s[i].split())
        i += 1
    return "\n".join(out)


def bcubed(pred: dict[str, object], gold: dict[str, object]) -> dict[str, float]:
    """BCubed and pairwise precision/recall/F1 of a clustering against gold labels."""
    ids = [i for i in gold if i in pred]
    # From the contingency counts (predicted, gold) -> shared items: linear in the items, where
    # intersecting every pair of clusters took minutes at 100,000 articles.
    cells = Counter((pred[i], gold[i]) for i in ids)
    psize, gsize = Counter(pred[i] for i in ids), Counter(gold[i] for i in ids)
    n = max(1, len(ids))
    p = sum(c * c / psize[k] for (k, _), c in cells.items()) / n
    r = sum(c * c / gsize[g] for (_, g), c in cells.items()) / n
    f = 2 * p * r / (p + r) if p + r else 0.0
    tp = sum(c * (c - 1) / 2 for c in cells.values())
    pp = sum(s * (s - 1) / 2 for s in psize.values())
    gp = sum(s * (s - 1) / 2 for s in gsize.values())
    pairp = tp / pp if pp else 1.0
    pairr = tp / gp if gp else 1.0
    pairf = 2 * pairp * pairr / (pairp + pairr) if pairp + pairr else 0.0
    return {"bcubed_p": p, "bcubed_r": r, "bcubed_f1": f, "pair_p": pairp, "pair_r": pairr, "pair_f1": pairf,
            "clusters": len(psize), "gold_clusters": len(gsize), "n": len(ids)}


def table(rows: Iterable[tuple[str, dict[str, float]]], cols: Sequence[str]) -> str:
    """A plain text table: one row per system."""
    rows = list(rows)
    width = max([len("system")] + [len(name) for name, _ in rows])
    head = "system".ljust(width) + "".join(c.rjust(10) for c in cols)
    lines = [head, "-" * len(head)]
    for name, vals in rows:
        lines.append(name.ljust(width) + "".join(_fmt(vals.get(c)).rjust(10) for c in cols))
    return "\n".join(lines)


def _fmt(v: object) -> str:
    if isinstance(v, float):
        return f"{v:.3f}" if v <= 1.0 else f"{v:.2f}"
    return str(v) if v is not None else "-"
