"""What a new user hit on the command line: a mistyped --db, a missing folder, an empty folder,
Ctrl-C, plurals, records and PDFs given to `brief`, and records with nested sources."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from newsbrief.commands.common import plural
from newsbrief.ingest.records import record_articles
from newsbrief.ingest.sources import record_kind
from newsbrief.store import Store

TEXT = "The harbour bridge reopened on Monday after three months of repairs. Traffic resumed at noon, the council said."


@pytest.mark.parametrize("args", [["stories"], ["articles"], ["search", "bridge"], ["story", "s1"],
                                  ["storyline", "l1"], ["feeds", "list"]])
def test_read_only_commands_on_a_missing_store_create_nothing(cli, tmp_path, args):
    typo = tmp_path / "typo.db"
    r = cli([*args, "--db", str(typo)])
    assert r.exit_code == 1 and "no store here" in r.stderr and str(typo) in r.stderr
    assert not typo.exists() and list(tmp_path.iterdir()) == []


def test_db_in_a_missing_folder_names_the_folder(cli, tmp_path):
    (tmp_path / "a.txt").write_text("Bridge reopens\n\n" + TEXT)
    r = cli(["ingest", str(tmp_path / "a.txt"), "--db", str(tmp_path / "nowhere" / "nb.db")])
    assert r.exit_code == 1 and f"the folder {tmp_path / 'nowhere'} does not exist" in r.stderr
    assert "unable to open" not in r.stderr


def test_an_empty_folder_is_said_to_be_empty(cli, tmp_path):
    (tmp_path / "empty").mkdir()
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "logo.png").write_bytes(b"\x89PNG")
    db = tmp_path / "nb.db"
    r = cli(["ingest", str(tmp_path / "empty"), str(tmp_path / "images"), "--db", str(db)])
    assert r.exit_code == 1 and "2 failed" in r.stdout
    assert "empty: the folder holds no files to read (it is empty)" in r.stderr
    assert "images: the folder holds no files to read (1 hidden or of other kinds skipped)" in r.stderr


def test_plural():
    assert (plural(1, "article"), plural(2, "outlet"), plural(0, "outlet")) == ("1 article", "2 outlets", "0 outlets")


def test_stories_say_one_article_one_outlet(cli, tmp_path):
    (tmp_path / "a.jsonl").write_text(json.dumps({"id": "a", "title": "Bridge reopens", "outlet": "Gazette",
                                                  "text": TEXT + " " + TEXT.replace("Monday", "Tuesday")}) + "\n")
    db = str(tmp_path / "nb.db")
    assert cli(["ingest", str(tmp_path / "a.jsonl"), "--db", db]).exit_code == 0
    assert cli(["cluster", "--db", db]).exit_code == 0
    out = cli(["stories", "--db", db]).stdout
    assert "1 article, 1 outlet" in out and "1 articles" not in out and "1 outlets" not in out


@pytest.mark.skipif(sys.platform == "win32", reason="needs SIGINT")
def test_ctrl_c_during_ingest_exits_130_and_a_rerun_continues(tmp_path):
    src = tmp_path / "big.jsonl"
    with open(src, "w", encoding="utf-8") as f:
        for i in range(20000):
            f.write(json.dumps({"id": f"b{i}", "title": f"Item {i}", "text": f"Word {i} is said here. " * 30}) + "\n")
    db = tmp_path / "big.db"
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2] / "src")}
    cmd = [sys.executable, "-m", "newsbrief", "ingest", str(src), "--db", str(db)]
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and (not db.exists() or db.stat().st_size < 200_000):
        time.sleep(0.1)  # until it is writing
    p.send_signal(signal.SIGINT)
    out, err = p.communicate(timeout=60)
    if p.returncode == 0:
        pytest.skip("the ingest finished before the signal arrived")
    assert p.returncode == 130 and "Aborted" not in err and "Traceback" not in err
    line = next(ln for ln in err.splitlines() if "interrupted:" in ln)
    stored = int(line.split("interrupted: ")[1].split()[0])
    with Store(db) as s:
        assert s.conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == stored
    assert line.endswith("stored; rerun to continue")
    again = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=300)
    assert again.returncode == 0 and f"{20000 - stored} added" in again.stdout


REC = json.dumps({"id": "a", "title": "Bridge", "text": TEXT})


@pytest.mark.parametrize("name,content,what", [
    ("items.jsonl", REC + "\n", "a JSONL file of records"),
    ("export.txt", REC + "\n" + json.dumps({"id": "b", "text": "x"}) + "\n", "a JSONL file of records"),
    ("list.json", f"[{REC}]", "a JSON file of records"),
    ("items.csv", f"id,text\na,{TEXT}\n", "a CSV file of records"),
    ("report.pdf", "%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n", "a PDF document"),
])
def test_brief_names_records_and_pdfs(cli, tmp_path, name, content, what):
    p = tmp_path / name
    p.write_text(content)
    r = cli(["brief", str(p)])
    assert r.exit_code == 1 and what in r.stderr and not r.stdout.lstrip().startswith("{")
    if "JSON" in what:
        assert "--jsonl" in r.stderr and "ingest" in r.stderr
    if "CSV" in what:
        return  # on stdin a CSV cannot be told from text with commas
    r = cli(["brief", "-"], input=content.encode())
    assert r.exit_code == 1 and ("PDF" in r.stderr or "records" in r.stderr)


def test_a_text_opening_with_a_bracket_is_still_an_article(cli, tmp_path):
    p = tmp_path / "update.txt"
    p.write_text("[Update] Bridge reopens\n\n" + TEXT)
    assert record_kind(str(p), p.read_bytes()) == ""
    r = cli(["brief", str(p)])
    assert r.exit_code == 0 and "harbour bridge" in r.stdout


def test_nested_sources_give_outlet_and_url(cli, tmp_path):
    rec = {"id": "ce-9", "date": "2025-05-01", "text": TEXT,
           "sources": [{"outlet": "Harbour Gazette", "url": "https://gazette.example/bridge-2025-05-01"},
                       {"outlet": "Valley Courier", "url": "https://courier.example/b"}]}
    (a,) = record_articles(rec, "x:1")
    assert (a.outlet, a.url, a.id) == ("Harbour Gazette", "https://gazette.example/bridge-2025-05-01", "ce-9")
    (b,) = record_articles({"text": TEXT, "sources": [{"name": "Wire"}, "junk"]}, "x:2")
    assert b.outlet == "Wire" and b.url == ""
    (c,) = record_articles({"text": TEXT, "outlet": "Own", "sources": [{"outlet": "Other", "url": "ftp://x/"}]}, "x:3")
    assert c.outlet == "Own" and c.url == ""
    src = tmp_path / "ce.jsonl"
    src.write_text(json.dumps(rec) + "\n")
    db = str(tmp_path / "nb.db")
    assert cli(["ingest", str(src), "--db", db]).exit_code == 0
    (row,) = json.loads(cli(["articles", "--db", db, "--format", "json"]).stdout)
    assert row["outlet"] == "Harbour Gazette" and row["url"].startswith("https://gazette.example/")
