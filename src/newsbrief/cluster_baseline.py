"""The peer every clustering score is reported next to: single-pass TF-IDF centroid clustering.

As in the data README's anchor table (0.968 / 0.898 / 0.932 BCubed P/R/F1 on clusters-dev):
scikit-learn TF-IDF of title + text (English stop words, sublinear tf, IDF fitted on the whole
set), articles taken in publication order, each joining the story whose centroid is most similar
when the cosine reaches 0.20, else opening a new story.
"""

from __future__ import annotations

import numpy as np

from newsbrief.cluster import publication_order
from newsbrief.models import Article

BASELINE_THRESHOLD = 0.20


def single_pass_tfidf(articles: list[Article], threshold: float = BASELINE_THRESHOLD) -> list[int]:
    """Story numbers for ``articles`` (input order) from single-pass TF-IDF centroid clustering."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    if not articles:
        return []
    order = publication_order(articles)
    docs = [f"{articles[i].title}\n{articles[i].text}" for i in order]
    try:
        x = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(docs).tocsr()
    except ValueError:  # nothing but stop words: one story each
        return list(range(len(articles)))
    dim = x.shape[1]
    cents = np.zeros((16, dim))
    norms = np.zeros(16)
    k = 0
    out = [0] * len(articles)
    for row, i in enumerate(order):
        lo, hi = x.indptr[row], x.indptr[row + 1]
        idx, val = x.indices[lo:hi], x.data[lo:hi]
        best = -1
        if k:
            sims = cents[:k, idx] @ val / np.maximum(norms[:k], 1e-12)
            j = int(np.argmax(sims))
            if sims[j] >= threshold:
                best = j
        if best < 0:
            if k == len(cents):  # grow by doubling
                cents = np.vstack([cents, np.zeros_like(cents)])
                norms = np.append(norms, np.zeros_like(norms))
            best, k = k, k + 1
        cents[best, idx] += val
        norms[best] = np.linalg.norm(cents[best])
        out[i] = best
    return out
