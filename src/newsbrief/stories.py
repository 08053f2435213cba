"""Stories in the store: cluster new articles, re-brief grown stories (keeping old versions),
link stories into storylines, and read them back for the CLI, the web site and the Atom feeds.

(Started by the lead engineer on top of ``cluster.StoryClusterer``; the read side lives in
``newsbrief.stories_read`` and is re-exported here.)

One update (:func:`update_stories`):

1. reads the articles stored after the saved cursor (``Store.iter_articles_after``) and clusters
   them in publication order with the saved engine state (so only new articles cost anything);
   a wire copy (``duplicate_of``) joins its original's story without moving its centroid;
2. commits the assignments, the recounted stories and the engine state in one short transaction,
   checking that no other update moved the cursor meanwhile;
3. re-briefs every story that changed (each its own transaction: ingest never waits long), as a
   new version: the old ones stay in ``briefs``;
4. links each changed story without a storyline to the storyline of the most similar story.
"""

from __future__ import annotations

import json
import time
import zlib
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass

from newsbrief import story_tables as tables
from newsbrief.briefing import BriefWriter
from newsbrief.cluster import StoryClusterer, publication_order
from newsbrief.errors import NewsbriefError
from newsbrief.models import Article
from newsbrief.store import Store
from newsbrief.stories_read import (  # noqa: F401 - the public read API, re-exported
    ArticleRef,
    BriefVersion,
    StoryDetail,
    Storyline,
    StorylineStory,
    StoryView,
    changes,
    get_story,
    get_storyline,
    iso,
    list_stories,
    reported_by,
    score,
    story_articles,
    story_id,
    story_number,
)
from newsbrief.timeutil import iso as _iso
from newsbrief.timeutil import utcnow

# A story brief reads at most this many articles (newest originals first): a 40-outlet story
# says nothing more at 200 articles, and the brief must stay well under a second.
MAX_BRIEF_ARTICLES = 30
# Two stories whose centroids (the clustering engine's TF-IDF sums) have this cosine are about
# one ongoing subject: one storyline (e.g. successive rounds of peace talks). The story
# threshold is 0.14 per article; 0.3 between centroids links subjects, not events. Checked on
# the Wikipedia current-events items against their top-level story (BCubed F1 0.63 -> 0.64; 0.2
# and 0.4 do worse): there is no storyline gold in clusters-dev.
STORYLINE_LINK = 0.3


@dataclass(frozen=True)
class UpdateReport:
    """What one update did: articles clustered, stories opened and grown, briefs written,
    stories put on a storyline, and the seconds it took."""

    articles: int
    new_stories: int
    grown_stories: int
    merged_stories: int
    briefs: int
    storylines: int
    seconds: float

    def to_dict(self) -> dict[str, int | float]:
        """The JSON form (``--format json``)."""
        return asdict(self)


def load_engine(store: Store) -> tuple[StoryClusterer, int]:
    """The saved clustering engine (a new one for a new store) and the article cursor."""
    raw = tables.get_state(store, "engine")
    if isinstance(raw, bytes):  # zlib-compressed JSON (see _save_engine)
        raw = zlib.decompress(raw).decode("utf-8")
    engine = StoryClusterer.from_state(json.loads(raw)) if raw else StoryClusterer()
    return engine, tables.cursor(store)


def _save_engine(store: Store, engine: StoryClusterer, cursor: int) -> None:
    # Compressed (level 1: fast): the state of a 10,000-article store is ~15 MB of JSON, ~4 MB so.
    blob = zlib.compress(json.dumps(engine.state(recent=False), separators=(",", ":")).encode("utf-8"), 1)
    tables.save_state(store, blob, cursor)


def update_stories(store: Store, writer: BriefWriter | None = None,
                   assign: Mapping[str, int] | None = None) -> UpdateReport:
    """Cluster the articles added since the last run, re-brief every story that changed, link
    storylines; what it did.

    ``assign`` ({article id: story number}) forces those articles' stories instead of clustering
    them: a clustering made elsewhere (``newsbrief load`` of a batch run) goes in exactly as an
    update would have made it, engine state included.
    """
    t0 = time.perf_counter()
    writer = writer or BriefWriter()
    engine, start = load_engine(store)
    cursor = start
    new: list[Article] = []
    for seq, art in store.iter_articles_after(start):
        cursor = seq
        new.append(art)
    known = tables.story_of(store, [a.id for a in new])
    new = [a for a in new if a.id not in known]  # a revision keeps its story
    originals = sorted({a.duplicate_of for a in new if a.duplicate_of})
    story_of: dict[str, int] = {a: story_number(s) for a, s in tables.story_of(store, originals).items()}
    assigned: list[tuple[str, str]] = []
    for i in publication_order(new):
        a = new[i]
        forced = assign.get(a.id) if assign else None
        n = engine.add(a, duplicate_story=story_of.get(a.duplicate_of or ""), story=forced)
        story_of[a.id] = n
        assigned.append((a.id, story_id(n)))
    engine.retire(engine.config.active_stories)
    changed = sorted({s for _, s in assigned}, key=story_number)
    now = _iso(utcnow())
    with store.transaction():
        if tables.cursor(store) != start:
            raise NewsbriefError(store.path, "another update clustered these articles meanwhile; run it again")
        before = tables.existing(store, changed)
        tables.add_members(store, changed, assigned, now)
        recount(store, changed, now)
        _save_engine(store, engine, cursor)
    briefs = rebrief_dirty(store, writer)
    with store.transaction():
        lines = link_storylines(store, changed, engine)
    return UpdateReport(articles=len(assigned), new_stories=len(set(changed) - before),
                        grown_stories=len(set(changed) & before), merged_stories=0, briefs=briefs,
                        storylines=lines, seconds=round(time.perf_counter() - t0, 3))


def import_stories(store: Store, story_of: Mapping[str, int], writer: BriefWriter | None = None) -> UpdateReport:
    """Take a clustering made elsewhere ({article id: story number}, e.g. a batch run) for the
    store's new articles: the same stories, briefs and storylines as :func:`update_stories`."""
    return update_stories(store, writer, assign=story_of)


def recount(store: Store, sids: Iterable[str], now: str) -> None:
    """Recompute the stored counts and times of these stories and mark them for a new brief."""
    tables.count_stories(store, sids, now)


def rebrief_dirty(store: Store, writer: BriefWriter) -> int:
    """Write a new brief version of every story marked dirty (grown since its last brief, or
    left so by an interrupted update); returns how many were written."""
    written = 0
    for sid in sorted(tables.dirty(store), key=story_number):
        with store.transaction():
            written += _rebrief(store, sid, writer, _iso(utcnow()))
    return written


def brief_articles(articles: list[Article]) -> list[Article]:
    """The articles a story's brief is written from: the newest ``MAX_BRIEF_ARTICLES`` originals
    (wire copies left out unless there is nothing else), oldest first, ties by id. The store
    path and the batch path both use it, so identical stories get identical briefs."""

    def key(a: Article) -> tuple[str, str]:
        return iso(a.published) or "", a.id

    arts = sorted(articles, key=key)
    originals = [a for a in arts if not a.duplicate_of] or arts
    return sorted(originals[-MAX_BRIEF_ARTICLES:], key=key)


def _rebrief(store: Store, sid: str, writer: BriefWriter, now: str) -> int:
    arts = story_articles(store, sid)
    chosen = brief_articles(arts)
    version = tables.next_version(store, sid)
    try:
        b = writer.write(chosen, story_id=sid)
    except NewsbriefError:  # no complete sentence in any article: nothing to brief (yet)
        tables.mark_unbriefable(store, sid, next((a.title for a in arts if a.title), ""))
        return 0
    d = b.to_dict()
    d["version"] = version
    tables.add_brief(store, tables.BriefRow(sid, version, now, b.headline, d, tuple(a.id for a in chosen)))
    return 1


def link_storylines(store: Store, changed: list[str], engine: StoryClusterer | None = None) -> int:
    """Put each changed story that has no storyline yet on the storyline of the most similar
    other story (opening one with that story when it has none): a story's centroid settles as
    it grows, so a story is looked at again each time it grows. Returns how many were linked."""
    if engine is None:
        engine = load_engine(store)[0]
    lined = tables.lined(store, list(changed))
    linked, touched = 0, set()
    for sid in sorted(set(changed) - lined, key=story_number):
        best = next(((o, s) for o, s in engine.related(story_number(sid)) if s >= STORYLINE_LINK), None)
        if best is None:
            continue
        # a new storyline is named after the earlier of its first two stories
        line = tables.join_storyline(store, sid, story_id(best[0]), "l" + str(min(best[0], story_number(sid))))
        if line is None:
            continue
        touched.add(line)
        linked += 1
    tables.span_storylines(store, touched)
    return linked
