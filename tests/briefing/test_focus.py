"""Focus: `brief --focus TEXT` and a record's "focus" lean the summary toward the reader's question."""

from __future__ import annotations

import json

from newsbrief.briefing import BriefWriter
from tests.briefing.summary_texts import FLOOD, articles

# Outlets that all carry two facts: the trains and the dam. Which one the summary gives depends on focus.
TWO_FACTS = [
    "Rail services between Marrow and the coast were suspended on Tuesday. "
    "Engineers said the old Kessel dam upstream held through the night.",
    "Engineers said the old Kessel dam upstream held through the night. "
    "Rail services between Marrow and the coast were suspended on Tuesday.",
    "Rail services between Marrow and the coast were suspended on Tuesday, the operator said. "
    "Engineers said the old Kessel dam upstream held through the night, officials added.",
]


def _summary(focus: str) -> str:
    return BriefWriter(words=12, points=0).write(articles(TWO_FACTS), focus=focus).summary_text


def test_focus_chooses_the_fact_the_reader_asks_about():
    assert "dam" in _summary("Did the Kessel dam hold?")
    assert "Rail" in _summary("What happened to rail services and trains?")


def test_focus_keeps_the_form_and_the_sources(cli, tmp_path):
    paths = []
    for i, t in enumerate(FLOOD):
        p = tmp_path / f"a{i}.txt"
        p.write_text(t, encoding="utf-8")
        paths.append(str(p))
    r = cli(["brief", *paths, "--focus", "What did the mayor do?"])
    assert r.exit_code == 0, r.output
    lines = r.stdout.rstrip("\n").split("\n")
    assert len(lines) == 5 and all(x.startswith("- ") for x in lines[1:4])


def test_record_focus_wins_over_the_command_line(cli):
    rec = {"id": "f1", "documents": TWO_FACTS, "focus": "Did the Kessel dam hold?"}
    r = cli(["brief", "--jsonl", "-", "--format", "json", "--words", "20", "--focus", "rail trains"],
            input=json.dumps(rec) + "\n")
    assert r.exit_code == 0, r.output
    assert "dam" in json.loads(r.stdout)["summary"]["text"]


def test_focus_must_be_text(cli):
    r = cli(["brief", "--jsonl", "-"], input=json.dumps({"id": "f2", "documents": TWO_FACTS, "focus": 3}) + "\n")
    assert json.loads(r.stdout) == {"id": "f2", "error": "'focus' must be a string"}
