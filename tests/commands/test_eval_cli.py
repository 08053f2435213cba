import json

from tests.conftest import FIXTURES


def test_eval_summaries_single_documents(cli, tmp_path):
    text = open(FIXTURES / "brief" / "talks.txt", encoding="utf-8").read()
    ref = "Dock workers ended a nine-day strike.\nWages rise 6 percent this year."
    f = tmp_path / "s.jsonl"
    f.write_text(json.dumps({"id": "x", "text": text, "reference": ref}) + "\n")
    r = cli(["eval", "summaries", str(f)])
    assert r.exit_code == 0 and "newsbrief" in r.stdout and "lead-3" in r.stdout
    d = json.loads(cli(["eval", "summaries", str(f), "--json"]).stdout)
    assert 0 < d["scores"]["newsbrief"]["R1"] <= 100


def test_eval_summaries_stories(cli, tmp_path):
    docs = [open(FIXTURES / "brief" / n, encoding="utf-8").read() for n in ("talks.txt", "talks2.txt")]
    f = tmp_path / "m.jsonl"
    f.write_text(json.dumps({"id": "x", "documents": docs, "reference": "Dockers accepted a raise."}) + "\n")
    d = json.loads(cli(["eval", "summaries", str(f), "--json", "--words", "50"]).stdout)
    assert set(d["scores"]) == {"newsbrief", "lead"} and d["words"] == 50


def test_eval_missing_file(cli):
    r = cli(["eval", "summaries", "/nonexistent.jsonl"])
    assert r.exit_code == 1 and "nonexistent.jsonl" in r.stderr
