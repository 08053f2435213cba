"""A small synthetic news corpus for the batch tests: made-up events, names and sentences (no real
text), with wire copies, near-copies and a few broken records, written as mixed shards."""

from __future__ import annotations

import gzip
import json
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

_SYL = ("ka", "lo", "ren", "vi", "dar", "mos", "tel", "qua", "ber", "nis", "zor", "pel", "gan", "ust", "fi", "ro")
_NOUNS = ("bridge", "harbour", "budget", "election", "reservoir", "railway", "hospital", "treaty", "festival",
          "factory", "airport", "museum", "vaccine", "pipeline", "stadium", "satellite", "orchard", "ferry")
_VERBS = ("approved", "delayed", "inspected", "expanded", "suspended", "funded", "opened", "questioned",
          "rebuilt", "blocked", "announced", "reviewed")
_ROLES = ("minister", "mayor", "spokesperson", "engineer", "judge", "governor", "director", "inspector")
_OUTLETS = ("Northern Ledger", "Valley Post", "Coast Radio", "Daily Meridian", "Harbor Times", "Civic Wire")
_COMMON = tuple("""river market winter council vote power water school road price family night summer
border police court union coast health energy farmers budget report village office north south
plan workers traffic mountain museum station bank tax crowd village island forest storm""".split())
_FILLER = ("Readers can subscribe to the morning newsletter for more coverage.",
           "This article was updated with additional details after publication.",
           "Weather in the region is expected to stay mild through the weekend.")


def _name(rng: random.Random) -> str:
    return "".join(rng.choice(_SYL) for _ in range(rng.randint(2, 3))).capitalize()


def _word(rng: random.Random) -> str:
    return "".join(rng.choice(_SYL) for _ in range(3))


def _event(rng: random.Random) -> dict:
    """An event: its own people, place, body and topic words (made up), so that two events share
    little more than common words, as two real events do; a pool of 24 sentences to draw from."""
    person, place, body = _name(rng), _name(rng), _name(rng) + " Council"
    noun = rng.choice(_NOUNS)
    topic = [_word(rng) for _ in range(8)]
    pool = []
    for _ in range(24):
        words = [rng.choice(topic if rng.random() < 0.5 else _COMMON) for _ in range(rng.randint(7, 12))]
        who = rng.choice((person, f"The {body}", f"The {rng.choice(_ROLES)} of {place}"))
        pool.append(f"{who} {rng.choice(_VERBS)} the {noun} {' '.join(words)} in {place}, "
                    f"{rng.choice(('officials said', 'according to ' + person, 'reports said'))}.")
    return {"person": person, "place": place, "noun": noun, "topic": topic, "pool": pool}


def records(n_events: int = 14, seed: int = 7) -> list[dict]:
    """Articles in no particular order (each with a unique publication time), ~5% copies."""
    rng = random.Random(seed)
    start = datetime(2025, 3, 1, tzinfo=UTC)
    out: list[dict] = []
    serial = 0
    for e in range(n_events):
        ev = _event(rng)
        t0 = start + timedelta(hours=rng.uniform(0, 24 * 20))
        first = None
        for k in range(rng.choice((1, 2, 4, 6, 9, 12))):
            serial += 1
            published = t0 + timedelta(hours=rng.expovariate(1 / 18.0) * (k > 0), seconds=serial)
            if first is not None and rng.random() < 0.2:  # a wire copy, or a lightly edited one
                text = first["text"]
                if rng.random() < 0.5:
                    text = text.replace(". ", ". Reporting continued on the story. ", 1)
                rec = {**first, "text": text, "source": rng.choice(_OUTLETS)}
            else:
                sents = rng.sample(ev["pool"], rng.randint(5, 9))
                if rng.random() < 0.3:
                    sents.insert(rng.randrange(len(sents)), rng.choice(_FILLER))
                title = f"{ev['place']} {rng.choice(ev['topic'])} {ev['noun']} {rng.choice(_VERBS)}, {ev['person']} says"
                rec = {"title": title, "text": " ".join(sents[:3]) + "\n\n" + " ".join(sents[3:]),
                       "source": rng.choice(_OUTLETS)}
            rec = {**rec, "id": f"ev{e}-a{k}", "url": f"https://news.example.invalid/ev{e}/{k}",
                   "published": published.isoformat(), "event": e}
            first = first or rec
            out.append(rec)
    rng.shuffle(out)
    return out


def write_shards(recs: list[dict], folder: Path, broken: bool = True) -> list[Path]:
    """Four shards: plain JSONL (with two broken lines when ``broken``), gzipped JSONL, Parquet, JSONL."""
    import pandas as pd

    folder.mkdir(parents=True, exist_ok=True)
    chunks = [recs[i::4] for i in range(4)]
    lines = [json.dumps(r) + "\n" for r in chunks[0]]
    if broken:
        lines.insert(2, "{not json\n")
        lines.insert(5, json.dumps({"id": "no-text", "title": "Nothing here"}) + "\n")
    paths = [folder / "a.jsonl", folder / "b.jsonl.gz", folder / "c.parquet", folder / "d.jsonl"]
    paths[0].write_text("".join(lines), encoding="utf-8")
    with gzip.open(paths[1], "wt", encoding="utf-8") as f:
        f.writelines(json.dumps(r) + "\n" for r in chunks[1])
    pd.DataFrame(chunks[2]).to_parquet(paths[2], row_group_size=max(1, len(chunks[2]) // 2))
    paths[3].write_text("".join(json.dumps(r) + "\n" for r in chunks[3]), encoding="utf-8")
    return paths


def in_input_order(recs: list[dict]) -> list[dict]:
    """The records in the order the shards present them (shard by shard)."""
    return [r for i in range(4) for r in recs[i::4]]
