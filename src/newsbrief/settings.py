"""Every setting, declared once: name, default, help. A test checks each is in the README."""

from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class Setting:
    name: str
    default: str
    help: str

    def get(self) -> str:
        return os.environ.get(self.name, self.default)


SETTINGS = (
    Setting("NEWSBRIEF_DB", "newsbrief.db", "Path of the SQLite store used when --db is not given."),
    Setting("NEWSBRIEF_DATA", "../shared/data", "Folder of the evaluation data sets (benchmarks, data tests)."),
    Setting("NEWSBRIEF_WORDS", "150", "Default length of the summary paragraph in words (--words)."),
    Setting("NEWSBRIEF_SCORER", "news", "Default sentence scorer of the brief writer (--scorer)."),
    Setting("NEWSBRIEF_NLP", "auto", "Facts extractor: auto (spaCy when installed), rules, or spacy."),
    Setting("NEWSBRIEF_USER_AGENT", "newsbrief/0.1 (+https://example.invalid/newsbrief)",
            "User-Agent sent when fetching feeds and pages."),
    Setting("NEWSBRIEF_FETCH_TIMEOUT", "20", "Seconds to wait for a server to connect or send (a whole response: 3x)."),
    Setting("NEWSBRIEF_HOST_CONCURRENCY", "2", "Requests at once to one host when fetching feeds and pages."),
)
BY_NAME = {s.name: s for s in SETTINGS}

# Larger inputs are refused: real articles are under 1 MB; a 100 MB "page" is a dump or an attack.
# One limit for files, records and fetched bodies alike (readers and the fetcher both use it).
MAX_BYTES = 20 * 1024 * 1024


def get(name: str) -> str:
    """The value of a declared setting (environment first, then its default)."""
    return BY_NAME[name].get()
