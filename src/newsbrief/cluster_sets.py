"""The labelled sets story clustering is measured and tuned on, read as Articles plus gold labels.

* ``clusters-dev.jsonl`` (Giveme5W1H news_cluster: dated, titled, events spanning months),
* ``ecbplus-dev.jsonl`` (ECB+ odd topics: two same-kind events a topic, no dates or titles, kept
  in file order),
* the Wikinews 2019-2020 articles with the hand labels of ``tests/fixtures/wikinews-events``.

Every loader returns ``None`` when its file is missing, so callers can skip visibly.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from newsbrief.models import Article

WIKINEWS = "redistributable/wikinews-2019-2020"


@dataclass(frozen=True)
class LabelledSet:
    """Articles in the order they are to be clustered, and each article id's gold event."""

    name: str
    articles: tuple[Article, ...]
    gold: dict[str, str]


def _jsonl(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def _time(value: object) -> datetime | None:
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        return datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None


def labelled_jsonl(path: Path, name: str | None = None, gold_field: str = "event_id") -> LabelledSet | None:
    """Any labelled JSONL file (``id``, ``text``, ``event_id``; ``title``, ``published``, ``outlet``
    or ``source`` optional), in file order."""
    if not path.exists():
        return None
    rows = [r for r in _jsonl(path) if r.get(gold_field) is not None]
    arts = tuple(Article(id=str(r["id"]), text=r.get("text") or "", title=r.get("title") or "",
                         url=r.get("url") or "", outlet=r.get("outlet") or r.get("source") or "",
                         published=_time(r.get("published") or r.get("date"))) for r in rows)
    return LabelledSet(name or path.stem, arts, {str(r["id"]): str(r[gold_field]) for r in rows})


def read_labels(path: Path) -> list[tuple[str, str, str]]:
    """(id, date, event_id) rows of a labels TSV (``#`` lines are comments)."""
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip() and not line.startswith("#"):
                rid, date, ev = line.rstrip("\n").split("\t")
                out.append((rid, date, ev))
    return out


def wikinews_events(data: Path, labels: Path) -> LabelledSet | None:
    """The labelled Wikinews articles (texts from the shared CSVs), oldest first."""
    folder = data / WIKINEWS
    files = sorted(folder.glob("wikinews_*.csv"))
    if not files or not labels.exists():
        return None
    rows: dict[str, dict[str, str]] = {}
    for f in files:
        with open(f, encoding="utf-8", newline="") as fh:
            for r in csv.DictReader(fh):
                rows[r["url"].split("/wiki/")[-1]] = r
    arts, gold = [], {}
    for rid, date, ev in read_labels(labels):
        row = rows.get(rid)
        if row is None:
            continue
        arts.append(Article(id=rid, text=row["text"], title=row["title"], url=row["url"], outlet="Wikinews",
                            published=_time(date + "T12:00:00+00:00")))
        gold[rid] = ev
    return LabelledSet("wikinews-events", tuple(arts), gold)


def wikinews_records(data: Path, labels: Path) -> list[dict]:
    """The labelled Wikinews set as JSONL-ready records (id, title, published, text, event_id)."""
    s = wikinews_events(data, labels)
    if s is None:
        return []
    return [{"id": a.id, "title": a.title, "published": a.published.isoformat() if a.published else None,
             "text": a.text, "event_id": s.gold[a.id]} for a in s.articles]


def dev_sets(data: Path, labels: Path) -> list[LabelledSet]:
    """Every dev set whose data is present: clusters-dev, ecbplus-dev, wikinews-events."""
    found = [labelled_jsonl(data / "clusters-dev.jsonl", "clusters-dev"),
             labelled_jsonl(data / "ecbplus-dev.jsonl", "ecbplus-dev"),
             wikinews_events(data, labels)]
    return [s for s in found if s is not None]


# Column names of a clustering score table (the plain table right-aligns each in 10 characters:
# "articles_per_s" used to run into "clusters").
COLUMNS = {"bcubed_p": "B3 P", "bcubed_r": "B3 R", "bcubed_f1": "B3 F1", "pair_p": "pair P", "pair_r": "pair R",
           "pair_f1": "pair F1", "clusters": "stories", "articles_per_s": "art/s"}


def score_table(results: dict[str, dict]) -> str:
    """``{system: bcubed() scores (+ articles_per_s)}`` as a plain text table."""
    from newsbrief.evaluate import table

    return table([(name, {COLUMNS[k]: v for k, v in r.items() if k in COLUMNS}) for name, r in results.items()],
                 list(COLUMNS.values()))
