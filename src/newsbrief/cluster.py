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
* **Protagonists.** Two reports of one event put the same names first; where an article and a
  story each put first names the other lacks, the time evidence counts again (see
  ``cluster_evidence``); a one-article story is one report, so there the two reports' names are
  compared (``report_names``).
* **Wire copies** (``duplicate_of`` set, or the same content hash) join their original's
  story and count once: they move neither the centroid nor the document frequencies.

The whole state is plain data (:meth:`StoryClusterer.state`), so a store can save it and
resume with only the new articles (:meth:`StoryClusterer.from_state`).
"""

from __future__ import annotations

import math
from array import array
from collections import Counter, OrderedDict
from dataclasses import asdict, fields
from datetime import UTC, datetime
from itertools import chain, repeat
from operator import add, mul
from typing import cast

import numpy as np

from newsbrief.cluster_config import ClusterConfig
from newsbrief.cluster_evidence import (
    Match,
    conflict,
    member_similarity,
    protagonists,
    report_conflict,
    support,
)
from newsbrief.cluster_features import article_features
from newsbrief.models import Article, content_hash

DAY = 86400.0
# Vocabulary size above which features seen only once are forgotten (see _prune_df).
DF_LIMIT = 300_000
# Recent articles remembered (by id and by content hash) to send wire copies to their original's
# story: copies come within days, ~25,000 articles at 1,000 a day.
RECENT = 50_000
STATE_VERSION = 1


def _timestamp(published: datetime | None) -> float | None:
    if published is None:
        return None
    if published.tzinfo is None:
        published = published.replace(tzinfo=UTC)
    return published.timestamp()


class _Story:
    __slots__ = ("centroid", "norm2", "n", "first", "last", "seen", "heads", "lead", "members", "indexed")

    def __init__(self) -> None:
        self.centroid: dict[str, float] = {}
        self.norm2 = 0.0
        self.n = 0
        self.first: float | None = None
        self.last: float | None = None
        self.seen = 0  # the engine's document count when the story last grew (its recency)
        self.heads: dict[str, int] = {}  # its members' protagonists, counted (cluster_evidence.protagonists)
        self.lead: list[str] | None = None  # its own protagonists (see cluster_evidence.story_heads), cached until it grows
        self.members: list[dict[str, float]] = []  # exemplar member vectors (first, most recent)
        # The index features it was added under (some since trimmed away): what retire() visits.
        self.indexed: list[str] = []


class StoryClusterer:
    """Single-pass, incremental story clustering. Feed articles in publication order to :meth:`add`.

    Story ids are positive integers, never reused. ``stories``, ``df`` and ``postings`` are the
    state; :meth:`state` / :meth:`from_state` save and restore it.
    """

    def __init__(self, config: ClusterConfig | None = None) -> None:
        self.config = config or ClusterConfig()
        self.stories: dict[int, _Story] = {}
        self.df: Counter[str] = Counter()
        self.n_docs = 0
        self.next_id = 1
        # Feature -> its stories' ids as an int64 array: an article's hits are counted by one
        # np.unique over contiguous buffers, not by hashing ~300 scattered int objects (a cache
        # miss each: that cost per article tripled from 10k to 50k articles).
        self.postings: dict[str, array] = {}
        # Recent articles by id and by content hash, to send wire copies to their original's story.
        self.recent: OrderedDict[str, int] = OrderedDict()
        self._df_limit = DF_LIMIT

    # -- public API --------------------------------------------------------------------------
    def add(self, article: Article, duplicate_story: int | None = None, story: int | None = None,
            features: tuple[dict, dict] | None = None, titled: bool | None = None) -> int:
        """Assign ``article`` to a story (existing or new) and return the story id.

        A wire copy (``article.duplicate_of`` set, a repeated content hash, or a known
        ``duplicate_story``) joins its original's story without counting twice. ``story``
        forces the assignment (to rebuild the state of a clustering done elsewhere).
        ``features`` are the article's :func:`article_features`, when already computed, and
        ``titled`` whether it has a title, when ``article`` stands in for one without its text
        (default: its own ``title``).
        """
        h = article.content_hash or (content_hash(article.text) if article.text.strip() else "")
        sid = duplicate_story
        if sid is None and article.duplicate_of:
            sid = self.recent.get("i:" + article.duplicate_of)
        if sid is None and h:
            sid = self.recent.get("h:" + h)
        if sid is not None and sid in self.stories and story in (None, sid):
            self._remember(article.id, h, sid)
            return sid
        cfg = self.config
        feats = features or article_features(article.title, article.text, cfg.body_chars, cfg.title_weight)
        vec, top = self.vector(article, feats)
        heads = self.article_heads(article, vec, feats[1], titled)
        ts = _timestamp(article.published)
        sid = story
        if sid is None:
            sid = self.best_story(vec, top, ts, self._threshold(len(vec)), heads, joins_only=True).story
        if sid is None:
            sid = self.next_id
        if sid not in self.stories:
            self.next_id = max(self.next_id, sid + 1)
            self.stories[sid] = _Story()
        self._join(sid, vec, top, ts, heads)
        self._remember(article.id, h, sid)
        if len(self.stories) > self.config.active_stories * 1.1:  # amortised: every 10%
            self.retire(self.config.active_stories)
        return sid

    def vector(self, article: Article, features: tuple[dict, dict] | None = None
               ) -> tuple[dict[str, float], list[str]]:
        """The article's unit TF-IDF vector and its heaviest features; counts it in the IDF."""
        cfg = self.config
        words, ents = features or article_features(article.title, article.text, cfg.body_chars, cfg.title_weight)
        self.n_docs += 1
        # The year of publication, written in the text ("the 2020 primaries" in 2020), says no
        # more than the date, which the time gap already weighs; as a number it joined unrelated
        # stories of one year (Wikinews 0.888 -> 0.896; clusters-dev, ecbplus-dev unchanged:
        # ECB+ has no dates, and there a year is what tells two same-kind events apart).
        year = f"n:{article.published.year}" if article.published is not None else ""
        names = [k for k in ents if k[0] == "e"]
        numbers = [k for k in ents if k[0] != "e" and k != year]
        keys = [*words, *names, *numbers]
        if not keys:
            return {}, []
        df = self.df
        df.update(keys)
        if len(df) > self._df_limit:
            self._prune_df()
        nw, ne = len(words), len(words) + len(names)
        tf = np.fromiter(chain(words.values(), map(ents.__getitem__, names), map(ents.__getitem__, numbers)),
                         float, len(keys))
        dfs = np.fromiter(map(df.__getitem__, keys), float, len(keys))
        w = (1.0 + np.log(tf)) * (math.log(self.n_docs + 1) - np.log(dfs + 1.0) + 1.0)
        # Each block gets its share of the unit vector (renormalised when one is empty).
        for lo, hi, share in ((0, nw, 1.0 - cfg.entity_weight - cfg.number_weight), (nw, ne, cfg.entity_weight),
                              (ne, len(keys), cfg.number_weight)):
            if hi > lo:
                part = w[lo:hi]
                part *= math.sqrt(max(share, 0.0)) / float(np.sqrt(part @ part))
        w /= float(np.sqrt(w @ w)) or 1.0
        q = cfg.query_features
        idx = np.argpartition(-w, q)[:q] if len(w) > q else range(len(w))
        return dict(zip(keys, w.tolist(), strict=True)), [keys[i] for i in idx]

    def article_heads(self, article: Article, vec: dict[str, float], ents: dict[str, float],
                      titled: bool | None = None) -> list[str]:
        """The :func:`~newsbrief.cluster_evidence.protagonists` of ``article`` (its vector and
        name counts given). A short
        text without a title (a one-line item of a live blog or a news ticker) is its own
        headline: every name in it is one it is about."""
        cfg = self.config
        blurb = not (article.title if titled is None else titled) and len(vec) < cfg.short_features
        return protagonists(vec, ents, cfg.protagonists, 1.0 if blurb else cfg.title_weight)

    def _prune_df(self) -> None:
        """Forget the features seen once (most of a stream's vocabulary: typos, one-off names).
        Seen again, such a feature counts as new: its weight barely changes (df 1 vs 2)."""
        self.df = Counter({k: n for k, n in self.df.items() if n > 1})
        self._df_limit = max(DF_LIMIT, 2 * len(self.df))

    def _threshold(self, n_features: int) -> float:
        """The similarity an article needs to join a story. Chance overlap between sparse vectors
        grows like 1/sqrt(features), so a short text (a one-line item, a stub) must match
        better: below ``short_features`` features the threshold rises by sqrt(short/n)."""
        cfg = self.config
        if n_features >= cfg.short_features or n_features == 0:
            return cfg.threshold
        return cfg.threshold * math.sqrt(cfg.short_features / n_features)

    def best_story(self, vec: dict[str, float], top: list[str], ts: float | None,
                   threshold: float | None = None, heads: list[str] | None = None,
                   joins_only: bool = False) -> Match:
        """The candidate story the article joins (the most similar of those similar enough for
        their time gap), or, when none is, a Match with ``story`` None and the best scores seen.
        ``heads`` are the article's :meth:`article_heads` (None: no protagonist or report check).
        ``joins_only``: candidates that provably cannot join are not scored in full (the same
        story is chosen; the best scores seen then cover only the others)."""
        best: Match | None = None
        near = Match(None, -1.0, 0.0, None, self.config.threshold if threshold is None else threshold)
        stories = self.stories
        for sid in self._candidates(top):
            if sid not in stories:  # retired
                continue
            m = self._match(vec, sid, ts, threshold, heads, joins_only)
            if m is None:
                continue
            if m.joins:
                if best is None or m.decision > best.decision:
                    best = m
            elif m.decision - m.needed > near.decision - near.needed:
                near = m
        return best if best is not None else Match(None, near.similarity, near.names, near.gap_days, near.needed,
                                                   near.member, near.score)

    def match(self, vec: dict[str, float], sid: int, ts: float | None, threshold: float | None = None,
              heads: list[str] | None = None) -> Match:
        """How article vector ``vec`` compares with story ``sid`` (see :class:`Match`)."""
        return cast(Match, self._match(vec, sid, ts, threshold, heads))

    def _match(self, vec: dict[str, float], sid: int, ts: float | None, threshold: float | None = None,
               heads: list[str] | None = None, prune: bool = False) -> Match | None:
        """:meth:`match`; with ``prune``, None for a story that cannot join."""
        st = self.stories[sid]
        cfg = self.config
        base = cfg.threshold if threshold is None else threshold
        gap = abs(ts - st.last) / DAY if ts is not None and st.last is not None else None
        if gap is None:
            rise = 0.0
            needed = base + cfg.undated_threshold
        else:
            rise = 1.0 - math.exp(-gap / cfg.late_days)
            needed = base + cfg.late_threshold * rise
        if st.norm2 <= 0:
            return Match(sid, 0.0, 0.0, gap, needed)
        c = st.centroid
        # Intersect the keys in C: only the shared features (a few dozen) are multiplied.
        shared = vec.keys() & c.keys()
        norm = math.sqrt(st.norm2)
        sim = sum(map(mul, map(vec.__getitem__, shared), map(c.__getitem__, shared))) / norm
        # 7 in 10 candidates fall short of ``floor``, a bar nothing below can lower (the own-names
        # relief takes back at most the time rise; the protagonist checks only raise it) while
        # the score stays <= sim (the gate caps it): add() skips them (1e-12: rounding).
        floor = needed if gap is None else base + min(0.0, cfg.late_threshold * rise)
        if prune and sim < floor - 1e-12:
            return None
        names = [k for k in shared if k[0] != "w"]
        name_part = sum(map(mul, map(vec.__getitem__, names), map(c.__getitem__, names))) / norm
        if gap is not None and cfg.distinctive_names and sim > 0:
            own = self._distinctive(names, st.n)
            if own:
                own_part = sum(map(mul, map(vec.__getitem__, own), map(c.__getitem__, own))) / norm
                needed -= cfg.late_threshold * (1.0 - math.exp(-gap / cfg.late_days)) * min(1.0, own_part / sim)
        again = cfg.undated_threshold if gap is None else cfg.late_threshold * rise
        # Checked when the caller gives the article's protagonists (even none: ``heads`` None
        # skips it); it can only raise the bar, so joins only.
        if heads is not None and sim >= needed and again > 0 and cfg.protagonists:
            # The time evidence counts again, scaled by how far the protagonists differ: no new
            # constant, and nothing at no gap (new names the same hour are new details). A
            # one-article story is one report: the two reports' names are compared instead.
            if st.n == 1 and cfg.report_names:
                needed += report_conflict(vec, st.centroid) * again
            elif heads and st.heads:
                cf = conflict(vec, heads, st, cfg.protagonists)
                if cf and cfg.consensus:  # the story's reports agree against it: up to twice
                    cf *= 1.0 + support(vec, st)
                needed += cf * again
        gate = cfg.member_gate
        if cfg.member_exemplars and st.members and gate > 0:
            if cfg.member_gate_age:
                # Drift needs time: the gate grows with the story's age at this article (none undated).
                age = (ts - st.first) / DAY if ts is not None and st.first is not None else None
                gate = 0.0 if age is None else gate * (1.0 - math.exp(-max(age, 0.0) / cfg.late_days))
            # A gate only lowers the score, so members are compared only when the centroid joins
            # and the gate can bind (a lone member is the centroid: it passes any gate <= 1).
            if gate > 0 and sim >= needed and (len(st.members) > 1 or gate > 1):
                mem = member_similarity(vec, st.members)
                score = min(sim, mem / gate) if needed > 0 else sim
                return Match(sid, sim, name_part, gap, needed, mem, score)
        return Match(sid, sim, name_part, gap, needed)

    def _distinctive(self, names: list[str], story_size: int) -> list[str]:
        """The shared names and numbers that are the story's own: seen so far in no more
        documents than the story and this article hold, so every mention may be this story's
        (a rule, not a fitted cut: "Trump" or "COVID-19" in a stream are in many more documents
        than any one story has articles; a company's name in its breach story is not)."""
        df = self.df
        limit = story_size + 1
        return [k for k in names if df.get(k, 1) <= limit]

    def similarity(self, vec: dict[str, float], sid: int, ts: float | None) -> float:
        """Cosine of a unit article vector with story ``sid``'s centroid."""
        return self.match(vec, sid, ts).similarity

    # -- internals ---------------------------------------------------------------------------
    def _candidates(self, top: list[str]) -> list[int]:
        """The stories most often indexed under ``top`` (at most ``candidates``), most hits
        first, ties in order of first appearance (as ``Counter.most_common`` ranks them)."""
        postings = self.postings
        buf = b"".join([postings.get(k, b"") for k in top])
        if not buf:
            return []
        sids, first, hits = np.unique(np.frombuffer(buf, np.int64), return_index=True, return_counts=True)
        ranked = np.lexsort((first, -hits))[:self.config.candidates]
        # A story sharing few of the article's distinctive features next to one sharing many
        # cannot win the exact comparison: skip it.
        floor = hits[ranked[0]] * self.config.candidate_floor
        return sids[ranked[hits[ranked] >= floor]].tolist()

    def _join(self, sid: int, vec: dict[str, float], top: list[str], ts: float | None,
              heads: list[str] | None = None) -> None:
        st = self.stories[sid]
        if heads:
            h = st.heads
            for k in heads:
                h[k] = h.get(k, 0) + 1
        st.lead = None
        c = st.centroid
        shared = vec.keys() & c.keys()
        dot = sum(map(mul, map(vec.__getitem__, shared), map(c.__getitem__, shared)))

        keys = vec.keys()
        c.update(zip(keys, map(add, map(c.get, keys, repeat(0.0)), vec.values()), strict=True))  # c += vec, in C
        st.norm2 += 2.0 * dot + 1.0
        st.n += 1
        if ts is not None:
            st.first = ts if st.first is None else min(st.first, ts)
            st.last = ts if st.last is None else max(st.last, ts)
        cap = self.config.centroid_terms
        if len(c) > cap + cap // 2:
            keep = sorted(c, key=c.__getitem__, reverse=True)[:cap]
            st.centroid = {k: c[k] for k in keep}
            st.norm2 = sum(w * w for w in st.centroid.values())
            # Protagonists pruned from the centroid cannot count (bounds the story's state too).
            st.heads = {k: n for k, n in st.heads.items() if k in st.centroid}
        st.seen = self.n_docs
        k_ex = self.config.member_exemplars
        if k_ex > 0:
            st.members.append(vec)
            if len(st.members) > k_ex:  # keep the first and the most recent
                del st.members[1 if k_ex > 1 else 0]
        post_cap = self.config.posting_cap
        postings = self.postings
        indexed = st.indexed
        for k in top:
            p = postings.get(k)
            if p is None:
                postings[k] = array("q", (sid,))
                indexed.append(k)
            elif p[-1] != sid and sid not in p:  # (a growing story is mostly the last one indexed)
                p.append(sid)
                indexed.append(k)
                if len(p) >= 2 * post_cap:  # trim (amortised) to the most recently updated stories
                    stories = self.stories
                    recent = sorted(p, key=lambda s: stories[s].seen if s in stories else -1)[-post_cap:]
                    postings[k] = array("q", recent)

    def _remember(self, article_id: str, h: str, sid: int) -> None:
        r = self.recent
        r["i:" + article_id] = sid
        if h:
            r["h:" + h] = sid
        while len(r) > RECENT:
            r.popitem(last=False)

    def related(self, sid: int, limit: int = 10) -> list[tuple[int, float]]:
        """Other stories most like story ``sid`` (centroid cosine, no time penalty), best first:
        candidates come from the inverted index, so the cost does not grow with the store."""
        st = self.stories.get(sid)
        if st is None or st.norm2 <= 0:
            return []
        norm = math.sqrt(st.norm2)
        unit = {k: w / norm for k, w in st.centroid.items()}
        q = self.config.query_features
        top = sorted(unit, key=unit.__getitem__, reverse=True)[:q]
        sims = [(o, self.match(unit, o, None).similarity) for o in self._candidates(top) if o != sid and o in self.stories]
        return sorted(sims, key=lambda x: -x[1])[:limit]

    def retire(self, keep: int) -> list[int]:
        """Forget all but the ``keep`` most recently grown stories (they stop attracting
        articles; the store keeps them): bounds the state of a store that runs for years."""
        if len(self.stories) <= keep:
            return []
        # One-article stories go first once they are older than the newest quarter: most
        # never grow, and an event that does is usually back within days.
        # (Each story read once: sort keys that looked stories up again cost more than the sorts.)
        seen = [st.seen for st in self.stories.values()]
        cut = sorted(seen)[-max(1, keep // 4)]
        rank = {s: (st.n > 1 or t >= cut, t) for (s, st), t in zip(self.stories.items(), seen, strict=True)}
        order = sorted(rank, key=rank.__getitem__)
        gone = order[: len(order) - keep]
        dead = set(gone)
        # Only the postings the retired stories were added under can hold them (scanning all of
        # them cost ~0.1 s a call at 50k articles, growing with the vocabulary).
        touched = dict.fromkeys(k for s in gone for k in self.stories[s].indexed)
        for s in gone:
            del self.stories[s]
        postings = self.postings
        for k in touched:
            p = postings.get(k)
            if p is None or dead.isdisjoint(p):
                continue
            p = array("q", [s for s in p if s not in dead])
            if p:
                postings[k] = p
            else:
                del postings[k]
        return gone

    # -- persistence ---------------------------------------------------------------------------
    def state(self, recent: bool = True) -> dict:
        """The whole engine state as JSON-ready plain data (without the recent-article map
        when ``recent`` is false: a store resolves wire copies from its own tables)."""
        return {
            "version": STATE_VERSION,
            "config": asdict(self.config),
            "n_docs": self.n_docs,
            "next_id": self.next_id,
            "df": dict(self.df),
            # The exemplar members, when kept, follow as an eighth field (a state saved without
            # them loads with none: they fill again as the stories grow).
            "stories": {str(s): [st.centroid, st.norm2, st.n, st.first, st.last, st.seen, st.heads,
                                 *([st.members] if st.members else [])]
                        for s, st in self.stories.items()},
            "postings": {k: list(p) for k, p in self.postings.items()},
            "recent": list(self.recent.items()) if recent else [],
        }

    @classmethod
    def from_state(cls, state: dict, config: ClusterConfig | None = None) -> StoryClusterer:
        """Rebuild an engine saved with :meth:`state` (``config`` overrides the saved one)."""
        if state.get("version") != STATE_VERSION:
            raise ValueError(f"cluster state version {state.get('version')!r}, expected {STATE_VERSION}")
        names = {f.name for f in fields(ClusterConfig)}
        saved = ClusterConfig(**{k: v for k, v in state.get("config", {}).items() if k in names})
        eng = cls(config or saved)
        eng.n_docs = int(state["n_docs"])
        eng.next_id = int(state["next_id"])
        eng.df = Counter(state["df"])
        for s, (centroid, norm2, n, first, last, seen, *rest) in state["stories"].items():
            st = _Story()
            st.centroid, st.norm2, st.n, st.first, st.last, st.seen = dict(centroid), norm2, n, first, last, seen
            # A state saved before protagonists were kept has none: its stories skip the check.
            st.heads = dict(rest[0]) if rest else {}
            st.members = [dict(m) for m in rest[1]] if len(rest) > 1 else []
            eng.stories[int(s)] = st
        eng.postings = {k: array("q", p) for k, p in state["postings"].items()}
        for k, p in eng.postings.items():
            for s in p:
                if s in eng.stories:
                    eng.stories[s].indexed.append(k)
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
    return out
