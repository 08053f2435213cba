"""Shared by the benchmarks: where the data is, how to read it, the acceptance's own yardsticks."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def data_dir() -> Path | None:
    d = Path(os.environ.get("NEWSBRIEF_DATA", ROOT.parent / "shared" / "data"))
    return d if d.is_dir() else None


def read_jsonl(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def pysbd_sentences(text: str) -> list[str]:
    """Sentences as the published anchors split them (pysbd, line by line)."""
    import pysbd

    seg = pysbd.Segmenter(language="en", clean=False)
    out: list[str] = []
    for line in text.split("\n"):
        if line.strip():
            out.extend(s.strip() for s in seg.segment(line.strip()) if s.strip())
    return out


PRONOUNS = {"he", "she", "it", "they", "his", "her", "their", "its", "this", "these", "those", "them", "him"}
CONNECTIVES = ("however", "but", "also", "meanwhile", "moreover", "in addition", "yet", "still", "instead",
               "and", "so", "as a result", "furthermore", "nevertheless", "that")


def dangling(point: str) -> bool:
    """A key point opening with a pronoun or connective that leans on text left out."""
    if point.lstrip().startswith("["):
        return False
    words = re.findall(r"[A-Za-z']+", point.lower())
    if not words:
        return False
    head = " ".join(words[:3])
    return words[0] in PRONOUNS or any(head == c or head.startswith(c + " ") for c in CONNECTIVES)


def verbatim(point: str, source: str) -> bool:
    """Up to a bracketed name, a dropped opener and a recapitalised letter, a span of the source."""
    norm = lambda s: re.sub(r"\s+", " ", s).strip()  # noqa: E731
    p = re.sub(r"^\[[^\]]{1,60}\]\s*", "", norm(point))
    return len(p) >= 8 and p[1:] in norm(source)
