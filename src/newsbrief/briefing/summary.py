"""How a brief's summary paragraph is chosen: concept coverage on top of the position-led score.

The summary tells what the key points do not: it takes no key point's sentence and no near-copy of
one (a sentence whose content words the key point already holds), but it may take a fuller
sentence of the same fact. For a reader who has already read ``seen``, it briefs only what is new;
with a ``focus``, it leans toward the reader's question. Sentences stay as the sources wrote them
(edits recorded by the writer) and a sentence leaning on the one before comes only right after it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from newsbrief.briefing.concepts import Concepts, cover, focus_terms
from newsbrief.briefing.edits import anchored
from newsbrief.briefing.pool import Pool

# A word has a letter or a digit: a lone dash or quotation mark prints but says nothing (and neither
# ROUGE nor a reader's word count counts it).
_WORDLIKE = re.compile(r"\S*\w\S*")
# Two sentences this similar (TF-IDF cosine) say the same thing: keep one. 0.3 is the key points'
# distinct-fact test (writer.KEY_REDUNDANT); it won the max-min-margin rule over DUC 2006 (generic,
# focus), DUC 2007 update and Multi-News dev (worst margin -0.02 vs -0.15 for 0.4 and -0.20 for 0.25).
REDUNDANT = 0.3
# But sentences of one event share its names, so a LATER day's report that restates the place and
# actors ("The bridge near Inverness will reopen ..." after "A ship struck the bridge near Inverness
# ...") is a development, not a repeat: against an earlier day's sentence, only the summary's former
# bound (0.4) counts as the same thing. Undated articles (Multi-News) never take this path.
REDUNDANT_LATER = 0.4
# A near-copy of a key point adds no content word to it (wire copies, a shorter echo): all of its
# content words are in the key point. Only that direction: a fuller sentence of the fact is welcome.
# (The natural point, not tuned; 0.8 measured 0.05-0.12 lower on DUC 2006 / Multi-News dev.)
NEAR_COPY = 1.0


def choose_summary(pool: Pool, scores: np.ndarray, sim: np.ndarray, words: int, keys: Sequence[int] = (),
                   seen: Sequence[str] = (), focus: str = "") -> list[int]:
    """Indices of the summary's sentences in ``pool``, in source order (article, then position)."""
    items = pool.items
    keyset = set(keys)
    key_toks = [set(items[j].toks) for j in keys]
    fresh = [k not in keyset and not _repeats(set(it.toks), key_toks) for k, it in enumerate(items)]
    usable = [bool(it.usable and it.toks) and fresh[k] for k, it in enumerate(items)]
    if not any(usable):  # short or fragmentary texts: whatever sentences there are
        usable = [bool(it.toks) and fresh[k] for k, it in enumerate(items)]
    if not any(usable):
        usable = [bool(it.toks) for it in items]
    con = Concepts.build([(it.doc, it.text) for it in items], seen=seen, focus=focus_terms(focus))
    position = {(it.doc, it.index): k for k, it in enumerate(items)}
    days = [a.published.date().isoformat() if a.published else "" for a in pool.articles]

    def blocked(k: int, chosen: list[int]) -> bool:
        it = items[k]
        if it.edited.dangling and position.get((it.doc, it.index - 1)) not in chosen:
            return True  # may come in later, right after its antecedent
        day = days[it.doc]
        return any(sim[k, j] >= (REDUNDANT_LATER if day and day > days[items[j].doc] else REDUNDANT)
                   for j in chosen)

    slack = max(10, words // 8)
    chosen = cover(con, scores, printed_words(pool, usable), usable, words, slack, blocked)
    if not chosen:  # nothing fits the budget: take the best sentence anyway
        ranked = [int(k) for k in np.argsort(-scores, kind="stable") if usable[k]]
        chosen = ranked[:1] or [0]
    return sorted(chosen, key=lambda k: (items[k].doc, items[k].index))


def printed_words(pool: Pool, which: Sequence[bool] | None = None) -> list[int]:
    """Each sentence's length as the brief prints it: after the allowed edits (a dropped opener, a
    bracketed name) and with the anchors its relative dates get ("On Wednesday [18 Dec 2019]"), so
    the chosen sentences fit the budget as printed. (A sentence right after its antecedent prints
    unedited, a word or two longer: the cover's slack absorbs it.) ``which``: only these sentences
    are counted so; the others keep their source length (they cannot be chosen)."""
    out = []
    for k, it in enumerate(pool.items):
        if which is not None and not which[k]:
            out.append(it.nwords)
            continue
        art = pool.articles[it.doc]
        text = it.edited.text
        if art.published is not None:
            text, _ = anchored(text, art.published, art.published_estimated)
        out.append(len(_WORDLIKE.findall(text)))
    return out


def _repeats(sa: set[str], keys: list[set[str]]) -> bool:
    return any(_inside(sa, kb) for kb in keys)


def _inside(sa: set[str], sb: set[str]) -> bool:
    """Are the content words ``sa`` (nearly) all in ``sb``? Then the first sentence repeats the second."""
    return bool(sa) and len(sa & sb) / len(sa) >= NEAR_COPY
