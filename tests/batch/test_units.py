"""The batch pieces that need no cluster: partitions, order keys, bucket balance, candidate caps."""

from __future__ import annotations

import json
import math
import random
from datetime import UTC, datetime

import numpy as np
import pytest

from newsbrief.batch.clustering import balance
from newsbrief.batch.dedup import _later_earlier
from newsbrief.batch.read import expand_inputs, fill_times, plan_partitions, read_partition
from newsbrief.cluster import publication_order
from newsbrief.errors import NewsbriefError
from newsbrief.models import Article


@pytest.mark.parametrize("block", [7, 64, 100, 1000, 10**6])
def test_byte_ranges_read_every_line_once(tmp_path, block):
    rng = random.Random(block)
    recs = [{"id": f"r{i}", "text": "word " * rng.randint(1, 40)} for i in range(60)]
    path = tmp_path / "a.jsonl"
    path.write_text("".join(json.dumps(r) + ("\n" if i % 7 else "\n\n") for i, r in enumerate(recs)))
    parts = plan_partitions([str(path)], block)
    assert len(parts) == math.ceil(path.stat().st_size / block)
    ids = [i for p in parts for i in read_partition(p).articles["id"]]
    assert ids == [r["id"] for r in recs]


def test_errors_are_named_and_kept_apart(tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_text('{"id": "a", "text": "One sentence here."}\n{oops\n{"id": "b", "title": "no text"}\n')
    part = read_partition(plan_partitions([str(path)])[0])
    assert part.articles["id"].tolist() == ["a"]
    assert [e[0] for e in part.errors] == [f"{path}:2", f"{path}:3"]
    assert part.errors[0][1].startswith("not JSON")


def test_expand_inputs(tmp_path):
    (tmp_path / "d").mkdir()
    for name in ("x.jsonl", "y.jsonl.gz", "z.parquet", "notes.txt", ".hidden.jsonl"):
        (tmp_path / "d" / name).write_bytes(b"")
    found = expand_inputs([str(tmp_path / "d")])
    assert [p.rsplit("/", 1)[1] for p in found] == ["x.jsonl", "y.jsonl.gz", "z.parquet"]
    with pytest.raises(NewsbriefError):
        expand_inputs([str(tmp_path / "missing.jsonl")])


def test_fill_times_orders_as_publication_order():
    rng = random.Random(3)
    times = [None if rng.random() < 0.3 else datetime.fromtimestamp(rng.randint(0, 100), UTC) for _ in range(200)]
    arts = [Article(id=str(i), text="x", published=t) for i, t in enumerate(times)]
    ts = np.array([np.nan if t is None else t.timestamp() for t in times])
    # two partitions: the second inherits the last time of the first for its leading undated rows
    a, b = ts[:90], ts[90:]
    carry = a[~np.isnan(a)][-1]
    keys = np.concatenate([fill_times(a, -np.inf), fill_times(b, carry)])
    order = np.lexsort((np.arange(len(keys)), keys))
    assert order.tolist() == publication_order(arts)


def test_balance_is_lpt_and_deterministic():
    sizes = {1: 400, 2: 300, 3: 5, 4: 5, 5: 1, 6: 1}
    where = balance(sizes, 2)
    assert where[1] != where[2]  # the two big stories apart
    assert where == balance(dict(reversed(list(sizes.items()))), 2)


def test_candidate_pairs_capped_per_group():
    starts, sizes = np.array([0, 10]), np.array([6, 2])
    r, k = _later_earlier(starts, sizes, 3)
    pairs = set(zip(r.tolist(), k.tolist(), strict=True))
    assert pairs == {(i, j) for i in range(6) for j in range(min(i, 3))} | {(11, 10)}


def test_packed_features_give_back_what_article_features_gave():
    from newsbrief.batch.clustering import Features
    from newsbrief.batch.windows import _take
    from newsbrief.cluster import ClusterConfig
    from newsbrief.cluster_features import article_features

    cfg = ClusterConfig()
    titles = ["Harbour strike ends in Portville", "", "NASA Moon Mission Delayed Again"]
    texts = ["Dock workers in Portville ended a strike. Maria Okafor said 412 voted for it.",
             "A text with no title at all, about the Kagan Council.", "NASA said on Monday the moon mission..."]
    f = Features.of(titles, texts, cfg)
    want = [article_features(t, x, cfg.body_chars, cfg.title_weight) for t, x in zip(titles, texts, strict=True)]
    got = [f.get(r) for r in range(3)]
    assert [tuple(map(list, g)) for g in got] == [tuple(map(list, w)) for w in want]  # keys in the same order
    assert got == [tuple(map(dict, w)) for w in want]
    from newsbrief.batch.clustering import ClusterInput

    x = ClusterInput(0, ["a", "b", "c"], ["h1", "h2", "h3"], [None] * 3, np.zeros(3), np.zeros(3), f)
    sub = _take(x, np.array([2, 0]))
    assert sub.ids == ["c", "a"] and sub.features.get(0) == got[2] and sub.features.get(1) == got[0]
    # Whether each has a title travels too: a short untitled text is a blurb to the engine.
    assert f.titled.tolist() == [True, False, True] and sub.features.titled.tolist() == [True, True]


def test_batch_clustering_of_short_untitled_items_is_the_single_process_one():
    # The batch engine sees stand-in articles (features, no text): it must still know which had a
    # title, or every short item would count as a blurb there and not in one process.
    from datetime import UTC, datetime, timedelta

    from newsbrief.batch.clustering import ClusterInput, Features, cluster_all
    from newsbrief.cluster import ClusterConfig, StoryClusterer, publication_order
    from newsbrief.models import Article

    t0 = datetime(2025, 3, 1, tzinfo=UTC)
    texts = ["Three people are killed in flooding in Marlow County, Westland, Ostland.",
             "Three people are killed in a shooting in Pellham, Eastmark, Ostland.",
             "Flood waters recede in Marlow County, Westland, Ostland.",
             "Shooting suspect arrested in Pellham, Eastmark, Ostland."]
    titles = ["", "", "Marlow County floods", ""]
    times = [t0, t0 + timedelta(days=3), t0 + timedelta(days=4), t0 + timedelta(days=5)]
    arts = [Article(id=f"a{i}", title=t, text=x, published=p)
            for i, (t, x, p) in enumerate(zip(titles, texts, times, strict=True))]
    cfg = ClusterConfig()
    ts = np.array([p.timestamp() for p in times])
    x = ClusterInput(0, [a.id for a in arts], [a.content_hash or f"h{i}" for i, a in enumerate(arts)],
                     [None] * 4, ts, ts, Features.of(titles, texts, cfg))
    res = cluster_all([x], 1, cfg)
    single = StoryClusterer(cfg)
    labels = [single.add(arts[i]) for i in publication_order(arts)]
    assert res.slices[0].story.tolist() == labels  # in publication order = input order here
    assert res.engine is not None
    assert {s: st.heads for s, st in res.engine.stories.items()} == {s: st.heads for s, st in single.stories.items()}


@pytest.mark.parametrize("cap", [2, 200])
def test_dedup_shuffles_link_as_the_store_does(tmp_path, monkeypatch, cap):
    """The three dedup stages, run in-process over three partitions, give the store's links
    (articles stored in publication order), also when the candidate cap bites."""
    from newsbrief import dedup
    from newsbrief.batch import dedup as bd
    from newsbrief.batch.clustering import LinkKeys, resolve_links
    from newsbrief.store import Store
    from newsbrief.store_types import StoreItem

    monkeypatch.setattr(dedup, "MAX_CANDIDATES", cap)
    rng = random.Random(5)
    vocab = [f"w{i}" for i in range(300)]
    base = [rng.choice(vocab) for _ in range(80)]
    recs = []
    for i in range(40):  # variants of one text, each a few to many words away from it
        words = list(base)
        for _ in range(rng.randint(0, 30)):
            words[rng.randrange(len(words))] = rng.choice(vocab)
        recs.append({"id": f"a{i}", "text": " ".join(words) + ".", "published": 1_750_000_000 + 3600 * i})
    rng.shuffle(recs)
    paths = []
    for k in range(3):
        paths.append(tmp_path / f"p{k}.jsonl")
        paths[-1].write_text("".join(json.dumps(r) + "\n" for r in recs[k::3]))
    parts = [read_partition(p) for p in plan_partitions([str(p) for p in paths])]
    sigs = [bd.signatures(p.index, p.articles["text"].tolist(), p.articles["content_hash"].tolist(), p.ts)
            for p in parts]
    routes = [bd.route(s, 2) for s in sigs]
    buckets = [bd.bucket(3, *[r[b] for r in routes]) for b in range(2)]
    served = [bd.serve(sigs[q], 3, *[b[1][q] for b in buckets]) for q in range(3)]
    verified = [bd.verify(sigs[p], *[s[p] for s in served]) for p in range(3)]
    keys = [LinkKeys(p.articles["id"].tolist(), [None] * len(p), p.ts) for p in parts]
    links = resolve_links(keys, [b[0] for b in buckets], verified)
    got = {i: d for k, ls in zip(keys, links, strict=True) for i, d in zip(k.ids, ls, strict=True)}

    from newsbrief.ingest.records import record_articles

    arts = sorted((record_articles(r, r["id"])[0] for r in recs), key=lambda a: a.published)
    with Store(tmp_path / "s.db") as store:
        store.add_articles(StoreItem(a) for a in arts)
        want = {a.id: a.duplicate_of for a in store.articles()}
    assert got == want
    assert sum(v is not None for v in want.values()) == (10 if cap == 2 else 16)  # the cap bites
