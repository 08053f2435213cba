"""The Parquet result of a batch run, written by the workers (one file per task), and read back.

Layout of ``--out DIR``::

    articles/part-NNNNN.parquet  one per input partition, sorted by ``rank`` (publication order):
                                 the article's fields, ``story_id``, ``duplicate_of``, ``rank``
    stories/part-NNNNN.parquet   one per briefing bucket: story_id ("s<n>", as in the store),
                                 first_seen, last_seen (ISO UTC), articles, outlets, article_ids
                                 (publication order), brief_article_ids, headline
    briefs/part-NNNNN.parquet    story_id, version, headline, headline_source, key_points,
                                 summary, brief (the JSON of ``Brief.to_dict()``, with sources)
    sources/part-NNNNN.parquet   one row per citation: story_id, kind, point, article_id,
                                 outlet, sentence, start, end, edits
    errors/part-NNNNN.parquet    records that could not be read: item, error
    cluster_state.json.gz        the clustering engine's final state (``StoryClusterer.state()``)
    _manifest.json               written last, by the client: a run without it is incomplete

Every file is written to a temporary name and renamed, so a task retried after its worker died
overwrites a whole file, never a half-written one.
"""

from __future__ import annotations

import json
import os
import uuid
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

MANIFEST = "_manifest.json"
STATE_FILE = "cluster_state.json.gz"
TABLES = ("articles", "stories", "briefs", "sources", "errors")
FORMAT_VERSION = 1


def part_path(out: str | os.PathLike[str], table: str, n: int) -> Path:
    """The file of task ``n`` in ``table``: ``OUT/TABLE/part-NNNNN.parquet``."""
    return Path(out) / table / f"part-{n:05d}.parquet"


def write_table(df: pd.DataFrame, path: Path, schema: pa.Schema | None = None) -> None:
    """Write a frame as one Parquet file, atomically (temporary name, then rename)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    table = pa.Table.from_pandas(df, schema=schema, preserve_index=False)
    pq.write_table(table, tmp, compression="zstd")
    os.replace(tmp, path)


def prepare(out: str | os.PathLike[str]) -> None:
    """Make ``out`` ready for a run: created, and cleared of an earlier run's tables."""
    root = Path(out)
    if root.exists() and not root.is_dir():
        raise NotADirectoryError(str(root))
    (root / MANIFEST).unlink(missing_ok=True)
    (root / STATE_FILE).unlink(missing_ok=True)
    for table in TABLES:
        d = root / table
        if d.is_dir():
            for f in d.iterdir():
                if f.name.endswith((".parquet", ".tmp")):
                    f.unlink()
    root.mkdir(parents=True, exist_ok=True)


def write_manifest(out: str | os.PathLike[str], manifest: dict) -> None:
    """Write ``_manifest.json`` (last: its presence says the run finished), atomically."""
    path = Path(out) / MANIFEST
    tmp = path.with_name(f".{MANIFEST}.tmp")
    tmp.write_text(json.dumps({"format": FORMAT_VERSION, **manifest}, indent=2, default=str), encoding="utf-8")
    os.replace(tmp, path)


def read_manifest(out: str | os.PathLike[str]) -> dict | None:
    """The run's manifest, or None when the run did not finish (or ``out`` is no batch result)."""
    path = Path(out) / MANIFEST
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def table_files(out: str | os.PathLike[str], table: str) -> list[Path]:
    """The Parquet files of one table, in task order."""
    d = Path(out) / table
    return sorted(d.glob("part-*.parquet")) if d.is_dir() else []


def read_table(out: str | os.PathLike[str], table: str, columns: list[str] | None = None) -> pd.DataFrame:
    """A whole table as one frame (empty when the run wrote none of it)."""
    files = table_files(out, table)
    if not files:
        return pd.DataFrame(columns=columns or [])
    return pd.concat([pq.read_table(f, columns=columns).to_pandas() for f in files], ignore_index=True)
