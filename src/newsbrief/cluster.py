"""Online story clustering: each article, in publication order, joins a story or opens one.

The engine (Miranda et al. 2018, simplified to what our data rewards):

* **Features.** One sparse vector per article: stemmed title and lead tokens (the title counts
  ``title_weight`` times) and capitalised phrases (named entities, cheaply) as their own block,
  both TF-IDF weighted with ``1 + log tf``. IDF comes from the documents seen so far, so nothing
  has to be fitted in advance and a stream can start empty.
* **Similarity.** Cosine between the article and each candidate story's centroid (the sum of
  its members' unit vectors), minus a gentle, bounded penalty for the time since the story's
  last article: time is a feature, not a cut-off, since real events run for months.
* **Candidates.** An inverted index from an article's most distinctive features (rare terms
  and entities) to the stories that carry them, capped per feature, so the cost per article
  does not grow with the number of stories.
* **Wire copies** (``duplicate_of`` set, or the same content hash) join their original's
  story and count once: they move neither the centroid nor the document frequencies.

The whole state is plain data (:meth:`StoryClusterer.state`), so a store can save it and
resume with only the new articles (:meth:`StoryClusterer.from_state`).
"""

from __future__ import annotations

import math
import re
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import asdict, dataclass, fields
from datetime import UTC, datetime

from newsbrief.models import Article, content_hash
from newsbrief.text import STOPWORDS, stem

DAY = 86400.0


@dataclass(frozen=True)
class ClusterConfig:
    """The engine's knobs. Defaults tuned on clusters-dev only (see ``bench/bench_cluster.py``)."""

    # Join the best story when the similarity reaches this; otherwise open a new story.
    # Swept 0.10-0.40 on clusters-dev; 0.20 keeps precision at ~1.0 while recall climbs.
    threshold: float = 0.15
    # Title tokens count this many times: titles name the event; leads wander into background.
    title_weight: float = 3.0
    # Share of the vector's weight given to the capitalised-phrase (entity) block.
    entity_weight: float = 0.3
    # Share of the vector's weight given to the title-only block (titles name the event even
    # when a scraped body is mostly page furniture).
    title_share: float = 0.0
    # Only the lead is read: it carries the event; tails drift into related coverage and
    # boilerplate (and reading less keeps the engine fast).
    body_chars: int = 2500
    # Largest penalty subtracted for time since the story's last article, reached slowly
    # (1 - exp(-gap / time_scale_days)): small enough that a months-long event survives.
    time_weight: float = 0.03
    time_scale_days: float = 30.0
    # Features of an article used to query the inverted index, and indexed for its story.
    query_features: int = 30
    # Stories kept per feature in the inverted index (the most recently updated ones).
    posting_cap: int = 50
    # Candidate stories scored exactly per article (the best by index overlap).
    candidates: int = 40
    # A centroid keeps its heaviest terms only, pruned when it grows past twice this.
    centroid_terms: int = 400
    # Two stories whose centroids are this similar are one story told twice: merge them.
    merge_threshold: float = 1.01
    entity_filter: bool = True
    # An article keeps only its heaviest features (after TF-IDF weighting), renormalised.
    article_features: int = 10_000

    def replace(self, **kw: float) -> ClusterConfig:
        d = asdict(self)
        d.update(kw)
        return ClusterConfig(**d)


# -- features ---------------------------------------------------------------------------------
_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
# Capitalised words in a row ("North Korea", "Kim Jong Un", "NASA"), allowing "of"/"de" inside.
_PHRASE = re.compile(r"(?:[A-Z][\w'\u2019.&-]*)(?:\s+(?:(?:of|de|al|bin|van|von|the|and)\s+)?[A-Z][\w'\u2019.&-]*)*")
_STEMS: dict[str, str] = {}
_ENTITY_STOP = STOPWORDS | frozenset(
    """monday tuesday wednesday thursday friday saturday sunday january february march april may june
    july august september october november december today yesterday tomorrow read click photo video
    getty images ap reuters afp cnn image copyright""".split()
)


def _stem(word: str) -> str:
    s = _STEMS.get(word)
    if s is None:
        s = _STEMS[word] = "" if word in STOPWORDS or len(word) < 2 else stem(word)
        if len(_STEMS) > 500_000:  # a stream of junk tokens must not grow memory without bound
            _STEMS.clear()
    return s


def _words(text: str) -> list[str]:
    return [s for s in map(_stem, _TOKEN.findall(text.lower())) if s]


def _entities(text: str, common: set[str] | frozenset[str] = frozenset()) -> list[str]:
    """Capitalised phrases, lower-cased. A single word that the text also uses in lower case
    ("Scores of people ...", "... scores") is a sentence-initial common word, not a name."""
    out = []
    for m in _PHRASE.finditer(text):
        phrase = m.group(0).rstrip(".-&'\u2019").replace("\u2019", "'")
        if phrase.endswith("'s"):
            phrase = phrase[:-2]
        low = phrase.lower()
        if " " not in low:
            if low in _ENTITY_STOP or len(low) < 2 or low in common:
                continue
            out.append(low)
            continue
        words = [w for w in low.split() if w not in _ENTITY_STOP]
        if not words:
            continue
        out.append(" ".join(words))
        # The last word alone ("Obama" for "President Barack Obama") links later short mentions.
        out.append(words[-1])
    return out


def _title_case(title: str) -> bool:
    """Is every longer word capitalised ("Scores Die in Nice as Truck Plows Into Crowd")?"""
    longer = [w for w in title.split() if len(w) > 3 and w[0].isalpha()]
    return len(longer) >= 3 and sum(w[0].isupper() for w in longer) >= 0.8 * len(longer)


def _counts(items: Iterable[str], weight: float, into: dict[str, float], prefix: str) -> None:
    for it in items:
        key = prefix + it
        into[key] = into.get(key, 0.0) + weight


def article_terms(title: str, text: str, cfg: ClusterConfig) -> dict[str, float]:
    """Raw (weighted) term counts of an article: ``w:`` tokens and ``e:`` entity phrases."""
    body = text[: cfg.body_chars]
    if title and body.startswith(title):  # many bodies repeat the title as their first line
        body = body[len(title):]
    tok: dict[str, float] = {}
    _counts(_words(title), cfg.title_weight, tok, "w:")
    _counts(_words(body), 1.0, tok, "w:")
    common = set(_TOKEN.findall(body)) if cfg.entity_filter else frozenset()
    if cfg.entity_filter and _title_case(title):
        # A title-case title is one long capitalised "phrase": take its words that the body
        # also capitalises instead.
        named = set(_entities(body, common))
        title_ents = [w for w in _entities(title.lower().title(), common) if w in named]
    else:
        title_ents = _entities(title, common)
    _counts(title_ents, cfg.title_weight, tok, "e:")
    _counts(_entities(body, common), 1.0, tok, "e:")
    if cfg.title_share:
        _counts(_words(title), 1.0, tok, "t:")
    return tok


def _timestamp(published: datetime | None) -> float | None:
    if published is None:
        return None
    if published.tzinfo is None:
        published = published.replace(tzinfo=UTC)
    return published.timestamp()


# -- the engine ---------------------------------------------------------------------------------
class _Story:
    __slots__ = ("centroid", "norm2", "n", "first", "last")

    def __init__(self) -> None:
        self.centroid: dict[str, float] = {}
        self.norm2 = 0.0
        self.n = 0
        self.first: float | None = None
        self.last: float | None = None


class StoryClusterer:
    """Single-pass, incremental story clustering. Feed articles in publication order to :meth:`add`."""

    def __init__(self, config: ClusterConfig | None = None) -> None:
        self.config = config or ClusterConfig()
        self.stories: dict[int, _Story] = {}
        self.df: dict[str, int] = {}
        self.n_docs = 0
        self.next_id = 1
        self.postings: dict[str, dict[int, None]] = {}
        # Recent articles by id and by content hash, to send wire copies to their original's story.
        self.recent: OrderedDict[str, int] = OrderedDict()
        self.alias: dict[int, int] = {}
        self.merges: list[tuple[int, int]] = []

    # -- public API --------------------------------------------------------------------------
    def add(self, article: Article, duplicate_story: int | None = None) -> int:
        """Assign ``article`` to a story (existing or new) and return the story id.

        A wire copy (``article.duplicate_of`` set, a repeated content hash, or a known
        ``duplicate_story``) joins its original's story without counting twice.
        """
        h = article.content_hash or content_hash(article.text)
        sid = duplicate_story
        if sid is None and article.duplicate_of:
            sid = self.recent.get("i:" + article.duplicate_of)
        if sid is None and article.text.strip():
            sid = self.recent.get("h:" + h)
        if sid is not None and sid in self.stories:
            self._remember(article.id, h, sid)
            return sid
        vec = self._vector(article_terms(article.title, article.text, self.config))
        ts = _timestamp(article.published)
        sid, _ = self.best_story(vec, ts)
        if sid is None:
            sid = self.next_id
            self.next_id += 1
            self.stories[sid] = _Story()
        self._join(sid, vec, ts)
        if self.config.merge_threshold <= 1.0:
            sid = self._maybe_merge(sid)
        self._remember(article.id, h, sid)
        return sid

    def resolve(self, sid: int) -> int:
        """The story a (possibly merged-away) story id now belongs to."""
        while sid in self.alias:
            sid = self.alias[sid]
        return sid

    def best_story(self, vec: dict[str, float], ts: float | None) -> tuple[int | None, float]:
        """The most similar candidate story and its score, or (None, score) below the threshold."""
        best, best_sim = None, -1.0
        for sid in self._candidates(vec):
            s = self.similarity(vec, sid, ts)
            if s > best_sim:
                best, best_sim = sid, s
        if best is None or best_sim < self.config.threshold:
            return None, best_sim
        return best, best_sim

    def similarity(self, vec: dict[str, float], sid: int, ts: float | None) -> float:
        """Cosine of a unit article vector with story ``sid``'s centroid, minus the time penalty."""
        st = self.stories[sid]
        if st.norm2 <= 0:
            return 0.0
        c = st.centroid
        # Intersect the keys in C first: only shared features (a few dozen) cost Python time.
        dot = sum([vec[k] * c[k] for k in vec.keys() & c.keys()])
        sim = dot / math.sqrt(st.norm2)
        cfg = self.config
        if ts is not None and st.last is not None and cfg.time_weight:
            gap = abs(ts - st.last) / DAY
            sim -= cfg.time_weight * (1.0 - math.exp(-gap / cfg.time_scale_days))
        return sim

    # -- internals ---------------------------------------------------------------------------
    def _vector(self, terms: dict[str, float]) -> dict[str, float]:
        """Unit TF-IDF vector of raw counts; updates the document frequencies first."""
        self.n_docs += 1
        df = self.df
        for k in terms:
            df[k] = df.get(k, 0) + 1
        n = self.n_docs + 1
        cfg = self.config
        shares = {"w": 1.0 - cfg.entity_weight - cfg.title_share, "e": cfg.entity_weight, "t": cfg.title_share}
        blocks: dict[str, dict[str, float]] = {"w": {}, "e": {}, "t": {}}
        for k, c in terms.items():
            blocks[k[0]][k] = (1.0 + math.log(c)) * (math.log(n / (df[k] + 1)) + 1.0)
        vec: dict[str, float] = {}
        for b, block in blocks.items():
            norm = math.sqrt(sum(w * w for w in block.values()))
            if norm > 0 and shares[b] > 0:
                f = math.sqrt(shares[b]) / norm
                for k, w in block.items():
                    vec[k] = w * f
        cap = cfg.article_features
        if len(vec) > cap:
            vec = {k: vec[k] for k in sorted(vec, key=vec.__getitem__, reverse=True)[:cap]}
        # Renormalise: a block may be empty, and the cap drops some weight.
        norm = math.sqrt(sum(w * w for w in vec.values())) or 1.0
        return {k: w / norm for k, w in vec.items()}

    def _top(self, vec: dict[str, float]) -> list[str]:
        q = self.config.query_features
        if len(vec) <= q:
            return list(vec)
        return sorted(vec, key=vec.__getitem__, reverse=True)[:q]

    def _candidates(self, vec: dict[str, float]) -> list[int]:
        hits: dict[int, float] = {}
        postings = self.postings
        for k in self._top(vec):
            p = postings.get(k)
            if p:
                w = vec[k]
                for sid in p:
                    sid = self.alias.get(sid, sid)
                    hits[sid] = hits.get(sid, 0.0) + w
        limit = self.config.candidates
        if len(hits) <= limit:
            return list(hits)
        return sorted(hits, key=hits.__getitem__, reverse=True)[:limit]

    def _join(self, sid: int, vec: dict[str, float], ts: float | None) -> None:
        st = self.stories[sid]
        c = st.centroid
        dot = 0.0
        for k, w in vec.items():
            old = c.get(k, 0.0)
            dot += old * w
            c[k] = old + w
        st.norm2 += 2.0 * dot + 1.0
        st.n += 1
        if ts is not None:
            st.first = ts if st.first is None else min(st.first, ts)
            st.last = ts if st.last is None else max(st.last, ts)
        cap = self.config.centroid_terms
        if len(c) > 2 * cap:
            keep = sorted(c, key=c.__getitem__, reverse=True)[:cap]
            st.centroid = {k: c[k] for k in keep}
            st.norm2 = sum(w * w for w in st.centroid.values())
        post_cap = self.config.posting_cap
        for k in self._top(vec):
            p = self.postings.get(k)
            if p is None:
                p = self.postings[k] = {}
            elif sid in p:
                del p[sid]  # re-insert as the most recent
            p[sid] = None
            if len(p) > post_cap:
                del p[next(iter(p))]

    def _maybe_merge(self, sid: int) -> int:
        st = self.stories[sid]
        norm = math.sqrt(st.norm2)
        unit = {k: w / norm for k, w in st.centroid.items()}
        best, best_sim = None, self.config.merge_threshold
        for other in self._candidates(unit):
            if other == sid or other not in self.stories:
                continue
            s = self.similarity(unit, other, st.last)
            if s >= best_sim:
                best, best_sim = other, s
        if best is None:
            return sid
        keep, gone = (best, sid) if self.stories[best].n >= st.n else (sid, best)
        a, b = self.stories[keep], self.stories.pop(gone)
        for k, w in b.centroid.items():
            a.centroid[k] = a.centroid.get(k, 0.0) + w
        a.norm2 = sum(w * w for w in a.centroid.values())
        a.n += b.n
        a.first = min(x for x in (a.first, b.first) if x is not None) if (a.first or b.first) else None
        a.last = max(x for x in (a.last, b.last) if x is not None) if (a.last or b.last) else None
        self.alias[gone] = keep
        self.merges.append((gone, keep))
        return keep

    def _remember(self, article_id: str, h: str, sid: int) -> None:
        r = self.recent
        r["i:" + article_id] = sid
        r["h:" + h] = sid
        while len(r) > 200_000:  # enough for wire copies, which arrive within days
            r.popitem(last=False)

    # -- persistence ---------------------------------------------------------------------------
    def state(self) -> dict:
        """The whole engine state as JSON-ready plain data."""
        return {
            "version": 1,
            "config": asdict(self.config),
            "n_docs": self.n_docs,
            "next_id": self.next_id,
            "df": self.df,
            "stories": {str(s): [st.centroid, st.norm2, st.n, st.first, st.last] for s, st in self.stories.items()},
            "postings": {k: list(p) for k, p in self.postings.items()},
            "recent": list(self.recent.items()),
        }

    @classmethod
    def from_state(cls, state: dict, config: ClusterConfig | None = None) -> StoryClusterer:
        """Rebuild an engine saved with :meth:`state` (``config`` overrides the saved one)."""
        names = {f.name for f in fields(ClusterConfig)}
        saved = ClusterConfig(**{k: v for k, v in state.get("config", {}).items() if k in names})
        eng = cls(config or saved)
        eng.n_docs = int(state["n_docs"])
        eng.next_id = int(state["next_id"])
        eng.df = dict(state["df"])
        for s, (centroid, norm2, n, first, last) in state["stories"].items():
            st = _Story()
            st.centroid, st.norm2, st.n, st.first, st.last = dict(centroid), norm2, n, first, last
            eng.stories[int(s)] = st
        eng.postings = {k: dict.fromkeys(p) for k, p in state["postings"].items()}
        eng.recent = OrderedDict((k, int(v)) for k, v in state.get("recent", []))
        return eng


def publication_order(articles: list[Article]) -> list[int]:
    """Indexes of ``articles`` in publication order (stable; an undated article keeps the
    time of the one before it in the input, so it stays where it was)."""
    keys: list[float] = []
    last = float("-inf")
    for a in articles:
        ts = _timestamp(a.published)
        last = ts if ts is not None else last
        keys.append(last)
    return sorted(range(len(articles)), key=keys.__getitem__)


def cluster_articles(articles: list[Article], config: ClusterConfig | None = None) -> list[int]:
    """Story ids for ``articles`` (in input order), clustering them in publication order."""
    eng = StoryClusterer(config)
    out = [0] * len(articles)
    for i in publication_order(articles):
        out[i] = eng.add(articles[i])
    return [eng.resolve(s) for s in out]
