"""Inputs -> partitions -> parsed articles (runs on the workers, one task per partition).

A partition is a byte range of an uncompressed JSONL file, a whole gzipped or CSV file, or one
row group of a Parquet file. Records are parsed and cleaned by the ingest module's record reader
(the same fields, aliases and ids as ``newsbrief ingest``), so that ``load`` stores what
``ingest`` would have stored.
"""

from __future__ import annotations

import glob
import gzip
import os
from collections.abc import Iterator
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from newsbrief.errors import NewsbriefError
from newsbrief.models import Article

JSONL_EXTS = (".jsonl", ".ndjson", ".jsonlines", ".json")
CSV_EXTS = (".csv", ".tsv")
PARQUET_EXTS = (".parquet", ".pq")
_ALL_EXTS = JSONL_EXTS + CSV_EXTS + PARQUET_EXTS
# An uncompressed JSONL file is cut into ranges of about this many bytes: ~15,000 articles of
# 2 KB, a task of a few seconds, so a big shard spreads over the workers while the scheduler's
# overhead per task (~1 ms) stays negligible.
BLOCK_BYTES = 32 * 2**20

ARTICLE_COLUMNS = ("id", "url", "outlet", "title", "published", "text", "lang", "authors", "content_hash",
                   "duplicate_of", "source")


@dataclass(frozen=True)
class Partition:
    """One unit of reading: ``kind`` is ``jsonl`` (bytes ``start``..``end``), ``records`` (a whole
    JSONL/CSV file, maybe gzipped) or ``parquet`` (row group ``start``)."""

    index: int
    path: str
    kind: str
    start: int = 0
    end: int = -1

    @property
    def name(self) -> str:
        """How errors name this partition's records: ``path`` or ``path@OFFSET`` for later blocks."""
        if self.kind == "jsonl" and self.start:
            return f"{self.path}@{self.start}"
        if self.kind == "parquet":
            return f"{self.path}#rowgroup{self.start}"
        return self.path


@dataclass
class Part:
    """A parsed partition: its articles (input order), their timestamps and what failed."""

    index: int
    articles: pd.DataFrame
    ts: np.ndarray  # float64 seconds since the epoch, NaN when undated
    errors: list[tuple[str, str]] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.articles)


def expand_inputs(inputs: list[str]) -> list[str]:
    """Files named by paths, folders (recursive, known extensions only) and globs, in the order
    given (sorted within a folder or glob). NewsbriefError when one names nothing."""
    out: list[str] = []
    for src in inputs:
        if os.path.isdir(src):
            found = sorted(p for p in glob.glob(os.path.join(src, "**", "*"), recursive=True)
                           if os.path.isfile(p) and _known(p) and not os.path.basename(p).startswith("."))
            if not found:
                raise NewsbriefError(src, "no JSONL, CSV or Parquet file in this folder")
            out += found
        elif os.path.isfile(src):
            out.append(src)
        elif glob.has_magic(src):
            found = sorted(p for p in glob.glob(src, recursive=True) if os.path.isfile(p))
            if not found:
                raise NewsbriefError(src, "no file matches this pattern")
            out += found
        else:
            raise NewsbriefError(src, "no such file or directory")
    return list(dict.fromkeys(out))


def _known(path: str) -> bool:
    low = path.lower().removesuffix(".gz")
    return low.endswith(_ALL_EXTS)


def plan_partitions(files: list[str], block_bytes: int = BLOCK_BYTES) -> list[Partition]:
    """Partitions of the files, in input order (reads only sizes and Parquet footers)."""
    parts: list[Partition] = []
    for path in files:
        low = path.lower()
        if low.endswith(PARQUET_EXTS):
            import pyarrow.parquet as pq

            try:
                groups = pq.ParquetFile(path).num_row_groups
            except Exception as exc:  # noqa: BLE001 - pyarrow raises several kinds on a bad file
                raise NewsbriefError(path, f"not a Parquet file ({exc})") from None
            parts += [Partition(len(parts) + g, path, "parquet", g) for g in range(groups)]
        elif low.endswith(".gz") or low.endswith(CSV_EXTS):
            parts.append(Partition(len(parts), path, "records"))
        else:
            size = os.path.getsize(path)
            for start in range(0, max(size, 1), block_bytes):
                parts.append(Partition(len(parts), path, "jsonl", start, min(size, start + block_bytes)))
    return parts


def _block_lines(path: str, start: int, end: int) -> Iterator[bytes]:
    """The lines of a file whose first byte lies in ``[start, end)`` (the last may run past end)."""
    with open(path, "rb") as f:
        if start:
            f.seek(start - 1)
            f.readline()  # the rest of a line that began in the previous block
        while f.tell() < end:
            line = f.readline()
            if not line:
                return
            yield line


def _records(part: Partition) -> Iterator[tuple[str, dict | NewsbriefError]]:
    from newsbrief.ingest.records import iter_records

    if part.kind == "jsonl":
        from newsbrief.ingest.records import iter_jsonl

        yield from iter_jsonl(_block_lines(part.path, part.start, part.end), part.name)
    elif part.kind == "records":
        opener = gzip.open if part.path.lower().endswith(".gz") else open
        with opener(part.path, "rb") as f:
            name = part.path[:-3] if part.path.lower().endswith(".gz") else part.path
            for item, rec in iter_records(f, name):  # type: ignore[arg-type]
                yield item.replace(name, part.path, 1), rec
    else:
        import pyarrow.parquet as pq

        table = pq.ParquetFile(part.path).read_row_group(part.start)
        for n, rec in enumerate(table.to_pylist(), 1):
            yield f"{part.name}:{n}", rec


def read_partition(part: Partition, field_map: dict[str, str] | None = None) -> Part:
    """Parse one partition into articles; a bad record is an error, never a stop."""
    from newsbrief.cluster import _timestamp
    from newsbrief.ingest.records import record_articles

    rows: list[Article] = []
    errors: list[tuple[str, str]] = []
    try:
        for item, rec in _records(part):
            if isinstance(rec, NewsbriefError):
                errors.append((rec.item, rec.message))
                continue
            try:
                arts = record_articles(rec, item, field_map, source=part.path, links=True)
            except NewsbriefError as exc:
                errors.append((exc.item, exc.message))
                continue
            rows += arts
    except (OSError, EOFError, ValueError) as exc:  # unreadable file, truncated gzip, bad Parquet
        errors.append((part.name, f"cannot read: {exc}"))
    ts = np.array([np.nan if (t := _timestamp(a.published)) is None else t for a in rows], dtype=np.float64)
    return Part(part.index, articles_frame(rows), ts, errors)


def articles_frame(rows: list[Article]) -> pd.DataFrame:
    """Articles as a DataFrame of :data:`ARTICLE_COLUMNS` (``published`` as UTC timestamps)."""
    cols: dict[str, object] = {c: [getattr(a, c) for a in rows] for c in ARTICLE_COLUMNS if c != "authors"}
    cols["authors"] = [list(a.authors) for a in rows]
    cols["published"] = pd.to_datetime(pd.Series(cols["published"], dtype=object), utc=True)
    return pd.DataFrame(cols, columns=list(ARTICLE_COLUMNS))


def frame_articles(df: pd.DataFrame) -> list[Article]:
    """The Articles of a frame made by :func:`articles_frame` (or read back from Parquet)."""
    out = []
    pub = df["published"]
    for rec, p in zip(df.to_dict("records"), pub, strict=True):
        out.append(Article(
            id=rec["id"], text=rec["text"], title=rec["title"] or "", url=rec["url"] or "", outlet=rec["outlet"] or "",
            published=None if pd.isna(p) else p.to_pydatetime(), lang=rec["lang"] or "en",
            content_hash=rec["content_hash"] or "", duplicate_of=rec["duplicate_of"] or None,
            authors=tuple(rec["authors"] if rec["authors"] is not None else ()), source=rec["source"] or ""))
    return out


def fill_times(ts: np.ndarray, carry: float) -> np.ndarray:
    """Publication-order keys: an undated article takes the time of the dated one before it in
    the input (``carry``: the last time of earlier partitions), as ``publication_order`` does."""
    out = ts.copy()
    missing = np.isnan(out)
    if missing.any():
        idx = np.where(~missing, np.arange(len(out)), -1)
        np.maximum.accumulate(idx, out=idx)
        out = np.where(idx >= 0, out[np.maximum(idx, 0)], carry)
    return out
