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
_FILLER = ("Readers can subscribe to the morning newsletter for more coverage.",
           "This article was updated with additional details after publication.",
           "Weather in the region is expected to stay mild through the weekend.")


def _name(rng: random.Random) -> str:
    return "".join(rng.choice(_SYL) for _ in range(rng.randint(2, 3))).capitalize()


def _event(rng: random.Random) -> dict:
    person, place, body = _name(rng), _name(rng), _name(rng) + " Council"
    noun = rng.choice(_NOUNS)
    pool = []
    for _ in range(14):
        pool.append(rng.choice((
            f"{person}, the {rng.choice(_ROLES)} of {place}, said the {noun} would be {rng.choice(_VERBS)} "
            f"within {rng.randint(2, 40)} days.",
            f"The {body} {rng.choice(_VERBS)} the {noun} plan after {rng.randint(3, 900)} residents signed a petition.",
            f"Officials in {place} estimated the {noun} would cost {rng.randint(2, 90)} million crowns.",
            f"{person} told reporters in {place} that the {noun} had been {rng.choice(_VERBS)} twice before.",
            f"Critics of the {body} argued that the {noun} in {place} was {rng.choice(_VERBS)} without a vote.",
            f"Work on the {noun} near {place} began in {rng.randint(1990, 2024)}, according to {person}.",
        )))
    return {"person": person, "place": place, "noun": noun, "pool": pool}


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
                title = f"{ev['place']} {ev['noun']} {rng.choice(_VERBS)} as {ev['person']} speaks"
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
