"""Options and error handling shared by every command."""

from __future__ import annotations

import functools
import os
import sys
import traceback
from collections.abc import Callable
from typing import Any

import click

from newsbrief import settings
from newsbrief.errors import NewsbriefError

FORMAT = click.option("--format", "fmt", type=click.Choice(["text", "markdown", "json"]), default="text",
                      show_default=True, help="Output format.")
DB = click.option("--db", "db_path", type=click.Path(dir_okay=False), default=None,
                  help="SQLite store (default: $NEWSBRIEF_DB or ./newsbrief.db).")


# What each extra of pyproject.toml brings: a command that needs a missing one names the extra to install.
EXTRAS = {"fastapi": "web", "starlette": "web", "uvicorn": "web", "jinja2": "web", "httptools": "web",
          "dask": "batch", "distributed": "batch", "pandas": "batch", "pyarrow": "batch",
          "rouge_score": "eval", "sklearn": "eval", "spacy": "nlp"}


def missing_extra(exc: ModuleNotFoundError) -> str | None:
    """``<command> needs the <extra> extra: pip install ...`` when ``exc`` is an extra not installed."""
    extra = EXTRAS.get((exc.name or "").split(".")[0])
    if extra is None:
        return None
    ctx = click.get_current_context(silent=True)
    names = []
    while ctx is not None and ctx.parent is not None:
        names.append(ctx.info_name or "")
        ctx = ctx.parent
    command = " ".join(reversed(names)) or "this command"
    return f"{command} needs the {extra} extra: pip install 'newsbrief[{extra}]'"


def db_path(value: str | None) -> str:
    """The store's path (``--db``, else ``$NEWSBRIEF_DB``); NewsbriefError naming the folder when
    the folder it would be in does not exist (SQLite says only "unable to open database file")."""
    path = value or settings.get("NEWSBRIEF_DB")
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder):
        raise NewsbriefError(path, f"the folder {os.path.dirname(path) or folder} does not exist (create it first)")
    return path


def existing_db(value: str | None) -> str:
    """``db_path`` for a command that only reads: the store must exist (a mistyped ``--db``
    would otherwise create an empty store and report nothing)."""
    path = db_path(value)
    if not os.path.exists(path):
        raise NewsbriefError(path, "no store here (check --db or $NEWSBRIEF_DB; `newsbrief ingest` creates one)")
    return path


def plural(n: int, word: str) -> str:
    """``1 article``, ``2 articles``."""
    return f"{n} {word}{'' if n == 1 else 's'}"


def error(item: str, message: str) -> None:
    """One line on stderr: ``newsbrief: error: <input>: <what went wrong>``."""
    where = f"{item}: " if item else ""
    click.echo(f"newsbrief: error: {where}{message}", err=True)


def handle_errors(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Turn NewsbriefError into one line and exit 1; unexpected errors too, unless --debug."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except NewsbriefError as exc:
            error(exc.item, exc.message)
            sys.exit(1)
        except (click.exceptions.Exit, click.ClickException, SystemExit, KeyboardInterrupt):
            raise
        except BrokenPipeError:
            sys.exit(1)
        except Exception as exc:  # noqa: BLE001 - the last line of defence for the user
            if isinstance(exc, ModuleNotFoundError) and (why := missing_extra(exc)):
                error("", why)
                sys.exit(1)
            ctx = click.get_current_context(silent=True)
            if ctx and ctx.find_root().obj and ctx.find_root().obj.get("debug"):
                traceback.print_exc()
            error("", f"unexpected {type(exc).__name__}: {exc} (rerun with --debug for a traceback)")
            sys.exit(1)

    return wrapper


def read_paths(paths: tuple[str, ...]) -> tuple[list, int]:
    """Read every PATH ('-' is stdin) into an Article; a bad one gets its error line and is
    counted, the rest are still read. Exits 1 when none could be read."""
    from newsbrief.ingest import read_path

    if not paths:
        raise click.UsageError("give at least one PATH (or - for stdin)")
    stdin = sys.stdin.buffer.read() if "-" in paths else None
    articles, failed = [], 0
    for p in paths:
        try:
            _refuse_records(p, stdin)
            articles.append(read_path(p, stdin))
        except NewsbriefError as exc:
            error(exc.item, exc.message)
            failed += 1
    if not articles:
        sys.exit(1)
    return articles, failed


def _refuse_records(path: str, stdin: bytes | None) -> None:
    """A file of records given as one article: name it and say what reads it."""
    from newsbrief.ingest.sources import record_kind

    try:
        if path == "-":
            head = (stdin or b"")[:65536]
        else:
            with open(path, "rb") as f:
                head = f.read(65536)
    except OSError:
        return  # the reader reports it
    kind = record_kind("" if path == "-" else path, head)
    if kind in ("JSONL", "JSON"):
        raise NewsbriefError(path, f"a {kind} file of records, not an article: use `brief --jsonl {path}` "
                                   f"(a brief per record) or `newsbrief ingest {path}`")
    if kind:
        raise NewsbriefError(path, f"a {kind} file of records, not an article: `newsbrief ingest {path}` "
                                   "reads it (`brief --jsonl` takes JSONL)")
