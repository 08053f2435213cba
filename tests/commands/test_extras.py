"""A command whose extra is not installed says which one in one line (exit 1), never a traceback.

Each case runs the CLI in a subprocess where the extra's modules cannot be imported, as in a core
install (``pip install newsbrief``), whatever this venv has."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import FIXTURES

EXTRA_MODULES = {
    "web": ["fastapi", "starlette", "uvicorn", "jinja2", "httptools", "uvloop"],
    "batch": ["dask", "distributed", "pandas", "pyarrow"],
    "eval": ["rouge_score", "sklearn"],
}


def run_without(extras: list[str], args: list[str]) -> subprocess.CompletedProcess:
    blocked = [m for e in extras for m in EXTRA_MODULES[e]]
    code = ("import sys\n"
            f"for m in {blocked!r}: sys.modules[m] = None  # import fails: not installed\n"
            "from newsbrief.cli import main\n"
            f"sys.argv = ['newsbrief', *{args!r}]\n"
            "main()\n")
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("extra,args,command", [
    ("web", ["serve", "--db", "{db}"], "serve"),
    ("batch", ["batch", "{records}", "--out", "{tmp}/out"], "batch"),
    ("batch", ["load", "{tmp}", "--db", "{db}"], "load"),
    ("eval", ["eval", "summaries", "{records}"], "eval summaries"),
])
def test_missing_extra_is_one_line(tmp_path, extra, args, command):
    records = tmp_path / "r.jsonl"
    text = (FIXTURES / "brief" / "talks.txt").read_text(encoding="utf-8")
    records.write_text(json.dumps({"id": "x", "text": text, "reference": "Dock workers ended a strike."}) + "\n")
    (tmp_path / "nb.db").touch()
    args = [a.format(db=tmp_path / "nb.db", records=records, tmp=tmp_path) for a in args]
    r = run_without([extra], args)
    want = f"newsbrief: error: {command} needs the {extra} extra: pip install 'newsbrief[{extra}]'"
    assert r.returncode == 1 and r.stderr.strip().splitlines() == [want], r.stderr


def test_core_commands_need_no_extra(tmp_path):
    r = run_without(list(EXTRA_MODULES), ["brief", str(FIXTURES / "brief" / "talks.txt")])
    assert r.returncode == 0 and r.stdout.startswith("Harbour workers"), r.stderr
