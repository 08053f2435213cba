"""Shared types of the fact extractor: the sentences it reads and the mentions it finds."""

from __future__ import annotations

import re
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Sent:
    """One sentence to read: ``start``/``end`` are offsets into its article's text."""

    article_id: str
    index: int
    start: int
    end: int
    text: str
    published: object = None  # datetime | None: the article's date, for relative dates
    title: bool = False  # a headline (title case): only gazetteer names are trusted there

    def source(self) -> dict:
        """The citation of this sentence, as facts carry it."""
        return {"article_id": self.article_id, "sentence": self.index, "start": self.start, "end": self.end}


@dataclass(slots=True)
class Mention:
    """A name in a sentence. ``start``/``end`` are offsets into the sentence text.

    ``label`` is ``who`` or ``where``; ``kind`` is person, org, country, place or name (unknown);
    ``key`` is what it is merged under (a country for "Moscow" used as an actor).
    """

    start: int
    end: int
    text: str
    label: str
    kind: str
    key: str
    role: str = ""
    of: str = ""  # "President Volodymyr Zelensky of Ukraine" -> "Ukraine"
    via: str = "rules"
    extra: dict = field(default_factory=dict)


WORD = re.compile(r"[A-Za-z\u00C0-\u024F0-9][\w'\u2019.\-]*")


def clean_span(text: str) -> str:
    """A phrase as it should be shown: single spaces, no surrounding punctuation."""
    return " ".join(text.split()).strip(" ,;:-\u2014\u2013\"'\u201c\u201d\u2018\u2019")


def trim_words(text: str, limit: int) -> str:
    """At most ``limit`` words, with an ellipsis when cut."""
    w = text.split()
    return " ".join(w) if len(w) <= limit else " ".join(w[:limit]) + " \u2026"
