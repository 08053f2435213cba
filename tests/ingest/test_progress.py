"""Progress: a Rich bar on a terminal, plain log lines otherwise; errors always one line each."""

from __future__ import annotations

import io

from newsbrief import progress as progress_mod
from newsbrief.progress import Progress


def test_plain_lines_without_a_terminal(monkeypatch):
    monkeypatch.setattr(progress_mod, "LOG_EVERY_ITEMS", 3)
    out = io.StringIO()
    with Progress(tty=False, stream=out) as p:
        p.source("feed.xml")
        for _ in range(4):
            p.advance()
        p.error("feed.xml", "malformed XML: no element found")
        p.warn("big.xml", "10000 items")
        p.source("empty.txt")
        p.finish()
    lines = out.getvalue().splitlines()
    assert "newsbrief: ingest: 3 items" in lines[0] and "0 errors" in lines[0]
    assert lines[1] == "newsbrief: error: feed.xml: malformed XML: no element found"
    assert lines[2] == "newsbrief: warning: big.xml: 10000 items"
    assert lines[3] == "newsbrief: ingest: feed.xml: 4 items read" and len(lines) == 4  # empty.txt gave none


def test_rich_bar_on_a_terminal():
    out = io.StringIO()
    with Progress(tty=True, stream=out) as p:
        p.source("https://example.org/" + "x" * 100)
        p.advance(5)
        p.error("a.txt", "binary data, not text")
        p.finish()
    assert "newsbrief: error: a.txt: binary data, not text" in out.getvalue()
