"""Page extraction against trafilatura's own real-world tests (its ``tests/realworld_tests.py``
and ``tests/cache/``, fetched outside this repository: nothing of them is stored here).

Each ``assert`` of ``test_extract`` (split at ``and``) is one check that a string is, or is not,
in the extracted text. They are run on the text newsbrief stores (``parse_document``: our
decoding, trafilatura with ``EXTRACT_SETTINGS``, the title line taken off) for each candidate
setting, and on trafilatura's ``extract()`` with its defaults, the peer, in the same run.

``python -m bench.bench_extraction PATH/TO/trafilatura/tests [PATH/TO/newspaper/tests/data]`` prints
one JSON object; with the second path also the share of newspaper's expected words kept.
"""

from __future__ import annotations

import ast
import json
import logging
import re
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from newsbrief.errors import NewsbriefError
from newsbrief.ingest import document

CANDIDATES: dict[str, dict[str, bool]] = {
    "precision, no comments, no tables (before)": {"include_comments": False, "include_tables": False,
                                                   "favor_precision": True},
    "defaults, no comments (now)": {"include_comments": False, "include_tables": True, "favor_precision": False},
    "defaults, no comments, no tables": {"include_comments": False, "include_tables": False,
                                         "favor_precision": False},
    "defaults": {"include_comments": True, "include_tables": True, "favor_precision": False},
}


_WORD = re.compile(r"\w+")


class _Checks(ast.NodeTransformer):
    """``assert A and B`` -> ``_check(lambda: A); _check(lambda: B)`` (a failing or raising check
    is counted, never stops the function)."""

    def visit_Assert(self, node: ast.Assert) -> list[ast.stmt]:  # noqa: N802 - the ast API
        parts = node.test.values if isinstance(node.test, ast.BoolOp) and isinstance(node.test.op, ast.And) \
            else [node.test]
        out = []
        for part in parts:
            call = ast.Call(func=ast.Name("_check", ast.Load()),
                            args=[ast.Lambda(ast.arguments([], [], None, [], [], None, []), part)], keywords=[])
            out.append(ast.copy_location(ast.Expr(call), node))
        return out


def _load(tests: Path) -> dict:
    tree = ast.parse((tests / "realworld_tests.py").read_text(encoding="utf-8"))
    tree = ast.fix_missing_locations(_Checks().visit(tree))
    ns: dict = {"__file__": str(tests / "realworld_tests.py"), "__name__": "realworld"}
    exec(compile(tree, "realworld_tests.py", "exec"), ns)  # noqa: S102 - the peer's own test file
    logging.disable(logging.WARNING)  # the test module turns on DEBUG logging, to stdout
    return ns


def _score(ns: dict, extract: Callable[[str], str]) -> tuple[int, int]:
    passed = total = 0

    def check(fn: Callable[[], object]) -> None:
        nonlocal passed, total
        total += 1
        try:
            passed += bool(fn())
        except Exception:  # noqa: BLE001 - e.g. ``in None`` when nothing was extracted
            pass

    ns["_check"] = check
    ns["load_mock_page"] = lambda url, **_kw: extract(url)
    ns["test_extract"](False, False)
    return passed, total


def run(tests: Path) -> dict:
    ns = _load(tests)
    pages = {url: (tests / "cache" / name).read_bytes() for url, name in ns["MOCK_PAGES"].items()
             if (tests / "cache" / name).exists()}
    out: dict[str, dict] = {}

    def stored(url: str) -> str:
        try:
            return document.parse_document(pages[url], "page.html", url).text
        except NewsbriefError:
            return ""

    for name, settings in CANDIDATES.items():
        document.EXTRACT_SETTINGS = settings
        t = time.perf_counter()
        passed, total = _score(ns, stored)
        out[f"newsbrief: {name}"] = {"passed": passed, "checks": total, "seconds": round(time.perf_counter() - t, 1)}
    import trafilatura

    def peer(url: str) -> str:
        return trafilatura.extract(ns["load_mock_page_meta"](url), url) or ""

    def peer_no_comments(url: str) -> str:
        return trafilatura.extract(ns["load_mock_page_meta"](url), url, include_comments=False) or ""

    for name, fn in (("trafilatura extract() defaults (peer)", peer),
                     ("trafilatura extract() defaults, no comments", peer_no_comments)):
        t = time.perf_counter()
        passed, total = _score(ns, fn)
        out[name] = {"passed": passed, "checks": total, "seconds": round(time.perf_counter() - t, 1)}
    return out


def newspaper(data: Path) -> dict:
    """newspaper's fixtures (``tests/data/html/X.html`` and the expected ``tests/data/text/X.txt``):
    the share of the expected words (bag of words, all pages pooled) the extracted text keeps."""
    import trafilatura

    pairs = [(h, data / "text" / (h.stem + ".txt")) for h in sorted((data / "html").glob("*.html"))]
    pairs = [(h, t) for h, t in pairs if t.exists()]

    def stored(raw: bytes) -> str:
        try:
            return document.parse_document(raw, "page.html").text
        except NewsbriefError:
            return ""

    def peer(raw: bytes) -> str:
        return trafilatura.extract(raw) or ""

    out = {}
    for name, fn in (("newsbrief", stored), ("trafilatura extract() defaults (peer)", peer)):
        kept = total = 0
        for h, t in pairs:
            want = Counter(_WORD.findall(t.read_text(encoding="utf-8", errors="replace").lower()))
            got = Counter(_WORD.findall(fn(h.read_bytes()).lower()))
            kept += sum(min(n, got[w]) for w, n in want.items())
            total += sum(want.values())
        out[name] = {"words_kept": round(100 * kept / max(1, total), 1), "pages": len(pairs)}
    return out


if __name__ == "__main__":
    result = run(Path(sys.argv[1]))
    if len(sys.argv) > 2:
        result["newspaper fixtures"] = newspaper(Path(sys.argv[2]))
    print(json.dumps(result, indent=2))
