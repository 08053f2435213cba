"""`newsbrief brief`: formats, stdin, JSONL batch, bad inputs, exit codes. In-process and, for the
exit-code and no-traceback promises, as a real subprocess."""

import json
import os
import subprocess
import sys

import pytest

from tests.conftest import FIXTURES

TALKS = str(FIXTURES / "brief" / "talks.txt")
TALKS2 = str(FIXTURES / "brief" / "talks2.txt")
PAGE = str(FIXTURES / "brief" / "page.html")


def test_text_form(cli):
    r = cli(["brief", TALKS])
    assert r.exit_code == 0
    lines = r.stdout.rstrip("\n").split("\n")
    assert len(lines) == 5 and all(x.startswith("- ") for x in lines[1:4])
    assert r.stderr == ""


def test_stdin(cli):
    r = cli(["brief", "-"], input=open(TALKS, encoding="utf-8").read())
    assert r.exit_code == 0 and r.stdout.startswith("Harbour workers end strike after pay deal\n")


def test_markdown(cli):
    r = cli(["brief", TALKS, "--format", "markdown"])
    assert r.stdout.startswith("# Harbour workers") and "\n- " in r.stdout


def test_json_and_words(cli):
    r = cli(["brief", TALKS, TALKS2, "--format", "json", "--words", "60"])
    d = json.loads(r.stdout)
    assert len(d["key_points"]) == 3 and len(d["articles"]) == 2
    assert len(d["summary"]["text"].split()) <= 100


def test_html_page(cli):
    d = json.loads(cli(["brief", PAGE, "--format", "json"]).stdout)
    assert d["headline"] == "Harbour workers end strike after pay deal"
    assert d["articles"][0]["outlet"] == "Portville Post"
    assert "Follow us" not in d["summary"]["text"]


def test_seed_form_file_ignores_its_bullets(cli, tmp_path):
    body = open(TALKS, encoding="utf-8").read().split("\n", 2)[2]
    f = tmp_path / "seedform.txt"
    f.write_text("Harbour strike ends\n- a bullet that is not body text.\n- second.\n- third.\n" + body)
    d = json.loads(cli(["brief", str(f), "--format", "json"]).stdout)
    assert d["headline"] == "Harbour strike ends"
    assert "bullet" not in json.dumps(d)


def test_jsonl_batch_keeps_order_and_reports_bad_records(cli):
    text = open(TALKS, encoding="utf-8").read()
    lines = [json.dumps({"id": "a", "text": text}), "not json", json.dumps({"id": "b", "text": ""}),
             json.dumps({"id": "c", "documents": [text, open(TALKS2, encoding="utf-8").read()]}),
             json.dumps({"id": "d"})]
    r = cli(["brief", "--jsonl", "-"], input="\n".join(lines) + "\n")
    out = [json.loads(x) for x in r.stdout.splitlines()]
    assert [o["id"] for o in out] == ["a", None, "b", "c", "d"]
    assert "error" in out[1] and "error" in out[2] and "error" in out[4]
    assert out[0]["key_points"] and len(out[3]["articles"]) == 2
    assert r.exit_code == 1


def test_jsonl_all_good_exits_zero(cli):
    r = cli(["brief", "--jsonl", "-"], input=json.dumps({"id": 1, "text": open(TALKS).read()}) + "\n")
    assert r.exit_code == 0 and json.loads(r.stdout)["id"] == 1


def test_usage_errors_exit_2(cli):
    assert cli(["brief"]).exit_code == 2
    assert cli(["brief", TALKS, "--format", "pdf"]).exit_code == 2
    assert cli(["brief", TALKS, "--scorer", "nope"]).exit_code == 2


@pytest.fixture
def bad_inputs(tmp_path):
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "binary.bin").write_bytes(bytes(range(256)) * 20)
    (tmp_path / "latin1.txt").write_bytes("Caf\xe9 owners said the strike was over.".encode("latin-1"))
    (tmp_path / "dir").mkdir()
    huge = tmp_path / "huge.txt"
    with open(huge, "wb") as f:  # sparse: 100 MB without writing 100 MB
        f.truncate(100 * 1024 * 1024)
    return {
        "empty.txt": "empty", "binary.bin": "binary", "latin1.txt": "UTF-8", "dir": "directory",
        "huge.txt": "too large", "missing.txt": "no such file",
        str(FIXTURES / "brief" / "empty.html"): "no article text",
    }


def test_each_bad_input_gets_one_clear_line(bad_inputs, tmp_path):
    env = dict(os.environ)
    for name, what in bad_inputs.items():
        path = name if os.path.isabs(name) else str(tmp_path / name)
        r = subprocess.run([sys.executable, "-m", "newsbrief", "brief", path], capture_output=True, text=True,
                           env=env, timeout=60)
        assert r.returncode == 1, (name, r.stderr)
        assert r.stdout == ""
        err = r.stderr.strip().splitlines()
        assert len(err) == 1 and err[0].startswith("newsbrief: error: ") and path in err[0], err
        assert what.lower() in err[0].lower(), err
        assert "Traceback" not in r.stderr


def test_bad_input_next_to_good_ones_still_briefs(bad_inputs, tmp_path, cli):
    r = cli(["brief", TALKS, str(tmp_path / "empty.txt")])
    assert r.exit_code == 1
    assert r.stdout.startswith("Harbour workers")
    assert "empty.txt" in r.stderr


def test_cli_start_up_stays_light():
    """Heavy libraries load when a command needs them, not at start-up (brief speed depends on it)."""
    code = ("import sys, newsbrief.cli; heavy = {'scipy', 'datasketch', 'fastapi', 'dask', 'trafilatura', "
            "'sklearn', 'spacy', 'feedparser', 'httpx', 'distributed', 'pandas', 'pyarrow', "
            "'rouge_score', 'uvicorn', 'jinja2'}; print(sorted(heavy & set(sys.modules)))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
