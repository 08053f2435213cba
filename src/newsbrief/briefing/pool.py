"""The sentence pool of a story: every article's sentences, edited and vectorised once."""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

import numpy as np

from newsbrief.briefing.edits import Edited, edit_sentence, in_open_quote
from newsbrief.models import Article
from newsbrief.text import Span, split_sentences, tokens

# Sentences shorter than this are captions, datelines or fragments, not facts (CNN/DM dev).
MIN_WORDS = 5
# Photo captions and credits that read like sentences ("FILE - In this May 18, 2017 file photo, ...").
_CAPTION = re.compile(r"^(?:FILE\s*[-\u2013\u2014]|\(?(?:AP|AFP|Reuters|Getty)\s+Photo|In\s+this\s+(?:[\w,.]+\s+){0,6}?"
                      r"(?:file\s+)?(?:photo|image|picture)\b|Photo\s*:|Image\s*:|Pictured\s*:)", re.I)
# A quotation closed but never opened in the sentence ("Guaranteed to be fun,' Musk posted."): the
# splitter cut it from its opening; on its own it misreads as the narrator's words.
_HALF_DOUBLE = re.compile(r"""^[^"\u201c'\u2018]*?[\w,.!?][\u201d"]""")
_HALF_SINGLE = re.compile(r"""^[^\u2018'"\u201c]*?[,.!?]['\u2019]\s+(?:[\w.-]+\s+){1,4}"""
                          r"""(?:said|says|posted|wrote|added|told|tweeted|explained)\b""")


def _half_quote(text: str) -> bool:
    """Does ``text`` close a quotation it never opened? (Cheap character tests gate the patterns.)"""
    if ('"' in text or "\u201d" in text) and _HALF_DOUBLE.match(text):
        return True
    return (",'" in text or ".'" in text or ",\u2019" in text or ".\u2019" in text or "!'" in text or "?'" in text) \
        and bool(_HALF_SINGLE.match(text))
# Longer ones are run-ons (often a splitter miss on web noise): a reader gives up.
MAX_WORDS = 70


@dataclass(frozen=True, slots=True)
class Item:
    """One sentence of the pool: where it is, how it reads after the allowed edits, its tokens."""

    doc: int
    index: int
    span: Span
    edited: Edited
    toks: tuple[str, ...]
    nwords: int
    usable: bool

    @property
    def text(self) -> str:
        return self.span.text


# Pools this small (sentence pairs) multiply faster dense, built straight from the rows, than through
# scipy's sparse objects (one article: ~25 sentences, ~600 pairs; the cost is fixed overhead).
DENSE_PAIRS = 10_000


class Pool:
    """All sentences of a story's articles with a sparse TF-IDF matrix over them."""

    def __init__(self, articles: list[Article]) -> None:
        self.articles = articles
        self.items: list[Item] = []
        self.doc_sizes: list[int] = []
        for d, art in enumerate(articles):
            spans = split_sentences(art.text)
            self.doc_sizes.append(len(spans))
            texts = [s.text for s in spans]
            para_start = 0
            for i, sp in enumerate(spans):
                if i == 0 or sp.paragraph != spans[i - 1].paragraph:
                    para_start = sp.start
                ed = edit_sentence(sp.text, texts[max(0, i - 2):i], in_open_quote(art.text[para_start:sp.start]))
                n = len(sp.text.split())
                usable = (MIN_WORDS <= n <= MAX_WORDS and sp.text[-1:] in '.!?"\')\u201d\u2019'
                          and not _CAPTION.match(sp.text) and not sp.text[:1].islower()
                          and not _half_quote(sp.text))
                self.items.append(Item(d, i, sp, ed, tuple(tokens(sp.text)), n, usable))
        self._matrix: np.ndarray | None = None
        self._sim: np.ndarray | None = None
        # per-pool results other stages derive once (the fact groups): name -> object
        self.cache: dict[str, object] = {}

    def __len__(self) -> int:
        return len(self.items)

    @property
    def n_docs(self) -> int:
        return len(self.articles)

    def matrix(self):
        """Row-normalised TF-IDF (sublinear tf) as a scipy CSR matrix, one row per sentence."""
        if self._matrix is None:
            from scipy.sparse import csr_matrix

            vals, cols, indptr, nvocab = self._rows()
            self._matrix = csr_matrix((np.array(vals, dtype=float), np.array(cols, dtype=np.int32),
                                       np.array(indptr, dtype=np.int32)), shape=(len(self.items), nvocab))
        return self._matrix

    def _rows(self) -> tuple[list[float], list[int], list[int], int]:
        """The TF-IDF rows in CSR form: values, columns, row starts, and the vocabulary's size."""
        vocab: dict[str, int] = {}
        df: Counter[str] = Counter()
        for it in self.items:
            df.update(set(it.toks))
        n = max(1, len(self.items))
        idf = {t: math.log((1 + n) / (1 + c)) for t, c in df.items()}  # once per term, not per occurrence
        # CSR built directly (rows come in order, each term once a row): no COO conversion
        indptr, cols, vals = [0], [], []
        for it in self.items:
            tf = Counter(it.toks)
            weights = [(t, (1 + (math.log(c) if c > 1 else 0.0)) * idf[t] + 1e-9) for t, c in tf.items()]
            norm = math.sqrt(sum(w * w for _, w in weights)) or 1.0
            for t, w in weights:
                cols.append(vocab.setdefault(t, len(vocab)))
                vals.append(w / norm)
            indptr.append(len(cols))
        return vals, cols, indptr, max(1, len(vocab))

    def similarity(self) -> np.ndarray:
        """Cosine similarity between all pairs of sentences (dense; pools stay in the thousands).
        Computed once per pool (the scorer and the writer both need it); each caller gets its own copy."""
        if self._sim is None:
            n = len(self.items)
            if self._matrix is None and n * n <= DENSE_PAIRS:
                vals, cols, indptr, nvocab = self._rows()
                d = np.zeros((n, nvocab))
                d[np.repeat(np.arange(n), np.diff(indptr)), cols] = vals
                self._sim = d @ d.T
            else:
                m = self.matrix()
                self._sim = (m @ m.T).toarray()
        return self._sim.copy()

    def title_tokens(self, doc: int) -> list[str]:
        return tokens(self.articles[doc].title)
