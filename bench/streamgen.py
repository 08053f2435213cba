"""A realistic synthetic news stream for speed and growth benchmarks (real sentences, synthetic events).

Sentence material is read at run time from the redistributable data only (nothing is copied into
the repository): the Wikinews 2019-2020 articles (CC BY 2.5) and the Wikipedia current-events
items (CC BY-SA 4.0), under ``$NEWSBRIEF_DATA/redistributable``.

A synthetic event recombines real material: the lead and some sentences of a primary document (a
Wikinews article, or the items under one current-events story) and sentences of other documents,
its names swapped for others; events sharing a primary document look like related events, as in
real news. Each article of an event opens with the event's lead in some order, then samples the
event's pool, with a few off-topic sentences. Sizes and times
are heavy-tailed, as in real streams: many one-article events, a few with hundreds of articles;
most events last a day or two, some run for weeks. About 5% of articles are wire copies
(``duplicate_of`` set). ``python -m bench.streamgen N`` prints N articles as JSONL.
"""

from __future__ import annotations

import csv
import json
import math
import random
import re
import sys
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from newsbrief.models import Article, content_hash
from newsbrief.text import split_sentences

# A large aggregator sees on the order of a thousand articles a day: 10k articles span ~10 days,
# 100k ~100 days, so the density of simultaneous events is the same at both sizes.
PER_DAY = 1000
START = datetime(2025, 1, 1, tzinfo=UTC)
OUTLETS = ("Reuters", "AP", "AFP", "BBC News", "The Guardian", "Al Jazeera", "CNN", "NPR", "France 24",
           "Deutsche Welle", "The Independent", "ABC News", "CBS News", "NBC News", "Bloomberg", "Politico",
           "The Hill", "Sky News", "Euronews", "The Times of India", "Kyiv Independent", "Times of Israel",
           "South China Morning Post", "Japan Times", "Globe and Mail", "Sydney Morning Herald")


@dataclass(frozen=True)
class Material:
    """Source documents (each a list of sentences, lead first) and their titles."""

    docs: list[list[str]]
    titles: list[str]

    @property
    def sentences(self) -> int:
        return sum(len(d) for d in self.docs)


def load_material(data_dir: Path) -> Material:
    """Documents from the redistributable Wikinews CSVs and current-events items (by story path)."""
    red = Path(data_dir) / "redistributable"
    docs: list[list[str]] = []
    titles: list[str] = []
    csv.field_size_limit(10**8)
    for f in sorted((red / "wikinews-2019-2020").glob("*.csv")):
        with open(f, encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                text = row.get("text") or ""
                # The data README: drop the TEST PAGE rows and the two 10,000+ word interviews.
                if "TEST PAGE" in (row.get("title") or "") or len(text.split()) > 10_000:
                    continue
                sents = [s.text for s in split_sentences(text) if len(s.text.split()) >= 5]
                if len(sents) >= 3:
                    docs.append(sents)
                    titles.append(row.get("title") or sents[0])
    groups: dict[str, list[str]] = defaultdict(list)
    for f in sorted((red / "wikipedia-current-events-2025H1").glob("blurbs_*.jsonl")):
        with open(f, encoding="utf-8") as fh:
            for line in fh:
                rec = json.loads(line)
                # Items under one top-level story (e.g. "Gaza war") make one document.
                key = (rec.get("story_path") or [rec["id"]])[0]
                groups[key].extend(s.text for s in split_sentences(rec["text"]) if len(s.text.split()) >= 5)
    for key, sents in groups.items():
        if len(sents) >= 2:
            docs.append(sents)
            titles.append(sents[0] if key.startswith("cep-") else key)
    if not docs:
        raise FileNotFoundError(f"no redistributable text under {red}")
    return Material(docs, titles)


def _event_size(rng: random.Random) -> int:
    # Pareto tail (alpha 1.1): ~45% singletons, mean ~8, a few events of hundreds of articles.
    return min(400, int(rng.paretovariate(1.1)))


def plan(n: int, seed: int = 0, per_day: int = PER_DAY) -> list[tuple[float, int, int]]:
    """``(time in days, event, k-th article of the event)`` for ``n`` articles, in time order."""
    rng = random.Random(seed)
    days = max(1.0, n / per_day)
    out: list[tuple[float, int, int]] = []
    event = 0
    while len(out) < n:
        size = min(_event_size(rng), n - len(out))
        start = rng.uniform(0, days)
        # Median duration ~1 day; a long tail of events followed for weeks.
        dur = math.exp(rng.gauss(0.0, 1.2))
        times = sorted(start + rng.expovariate(1.0 / dur) * (k > 0) for k in range(size))
        out.extend((t, event, k) for k, t in enumerate(times))
        event += 1
    out.sort()
    return out


def generate(n: int, material: Material, seed: int = 0, per_day: int = PER_DAY) -> Iterator[tuple[Article, int]]:
    """``n`` articles in publication order, each with its gold event number; built lazily, so a
    stream of 100,000 articles never sits in memory at once (only each live event's pool)."""
    rng = random.Random(seed + 1)
    names = _names(material)
    events: dict[int, _Event] = {}
    schedule = plan(n, seed, per_day)
    sizes: dict[int, int] = defaultdict(int)
    for _, ev, _ in schedule:
        sizes[ev] += 1
    for t, ev, k in schedule:
        e = events.get(ev)
        if e is None:
            e = events[ev] = _new_event(rng, material, names, sizes[ev])
        r = random.Random(hash((seed, ev, k)))
        published = START + timedelta(days=t)
        aid = f"e{ev}-{k}"
        if e.first is not None and r.random() < 0.05:  # a wire copy of the event's first article
            copy = replace(e.first, id=aid, outlet=r.choice(OUTLETS), published=published,
                           url=f"https://example.invalid/{aid}", duplicate_of=e.first.id)
        else:
            copy = None
        a = copy or _article(r, aid, published, e, material.docs)
        if e.first is None:
            e.first = a
        e.left -= 1
        if e.left <= 0:
            del events[ev]
        yield a, ev


def event_articles(material: Material, n: int = 50, seed: int = 0) -> list[Article]:
    """``n`` articles of one synthetic event, an hour apart (a story to brief)."""
    rng = random.Random(seed)
    e = _new_event(rng, material, _names(material), n)
    return [_article(random.Random(seed * 100_003 + k), f"s{seed}-{k}", START + timedelta(hours=k), e, material.docs)
            for k in range(n)]


@dataclass
class _Event:
    lead: list[str]
    pool: list[str]
    title: str
    left: int
    first: Article | None = None


_CAP = re.compile(r"(?<=[a-z,] )[A-Z][a-z]{3,}\b")


def _names(material: Material) -> list[str]:
    """Capitalised words seen mid-sentence (names of people, places, bodies): swap material."""
    seen: dict[str, None] = {}
    for d in material.docs:
        for sent in d:
            seen.update(dict.fromkeys(_CAP.findall(sent)))
    return sorted(seen)


def _new_event(rng: random.Random, material: Material, names: list[str], size: int) -> _Event:
    """An event: part of one document (its topic and lead) and sentences of others (its details),
    with every mid-sentence name swapped for another, consistently within the event, so that two
    events made from one document differ in who and where, as two real events of one kind do."""
    docs = material.docs
    i = rng.randrange(len(docs))
    primary = docs[i]
    # A few sentences of the primary document give the event its topic (events that share one are
    # related events, as in real news); most come from elsewhere, so that a stream of 100,000
    # articles (18,000 events from ~700 documents) is as separable as one of 10,000.
    rest = primary[2:]
    pool = rng.sample(rest, min(len(rest), 3))
    while len(pool) < 20:
        d = docs[rng.randrange(len(docs))]
        pool.append(d[rng.randrange(len(d))])
    lead = [primary[0], pool.pop()]  # the document's first sentence and one of the event's own
    seen = {w for sent in lead + pool for w in _CAP.findall(sent)}
    swap = {w: rng.choice(names) for w in sorted(seen)}
    lead = [_swap(s, swap) for s in lead]
    pool = [_swap(s, swap) for s in pool]
    return _Event(lead, pool, _swap(material.titles[i], swap), left=size)


def _swap(sentence: str, swap: dict[str, str]) -> str:
    if not swap:
        return sentence
    return re.sub(r"\b(" + "|".join(map(re.escape, swap)) + r")\b", lambda m: swap[m.group(1)], sentence)


def _article(r: random.Random, aid: str, published: datetime, e: _Event, docs: list[list[str]]) -> Article:
    length = max(4, min(24, int(math.exp(r.gauss(math.log(18), 0.4)))))  # ~18 sentences, ~450 words
    lead = list(e.lead)
    r.shuffle(lead)
    body = lead + r.sample(e.pool, min(len(e.pool), max(0, length - len(lead))))
    for _ in range(r.randint(0, 2)):  # off-topic lines: related links, boilerplate, background
        d = docs[r.randrange(len(docs))]
        body.insert(r.randrange(len(body) + 1), d[r.randrange(len(d))])
    headline = e.title if r.random() < 0.3 else " ".join(r.choice(body[:3]).split()[:14])
    text = "\n\n".join(body)
    return Article(id=aid, title=headline, text=text, outlet=r.choice(OUTLETS), published=published,
                   url=f"https://example.invalid/{aid}", content_hash=content_hash(text))


if __name__ == "__main__":
    from bench.common import data_dir

    d = data_dir()
    if d is None:
        sys.exit("no data folder (set NEWSBRIEF_DATA)")
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    for art, ev in generate(count, load_material(d)):
        sys.stdout.write(json.dumps({"id": art.id, "title": art.title, "text": art.text, "source": art.outlet,
                                     "url": art.url, "published": art.published.isoformat() if art.published else None,
                                     "event_id": ev}) + "\n")
