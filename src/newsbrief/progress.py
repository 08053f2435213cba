"""Progress of a long run: a Rich bar (items, rate, errors) on a terminal, plain log lines otherwise.

Errors always go out as one line each, ``newsbrief: error: <input>: <reason>``, on stderr.
"""

from __future__ import annotations

import sys
import time
from typing import Any, TextIO

# Without a terminal, one progress line per this many items (or seconds): a log, not a flood.
LOG_EVERY_ITEMS = 5000
LOG_EVERY_SECONDS = 30.0


class Progress:
    """Report items, errors and notes. ``tty=None`` asks stderr whether it is a terminal."""

    def __init__(self, tty: bool | None = None, stream: TextIO | None = None, label: str = "ingest") -> None:
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty() if tty is None else tty
        self.label = label
        self.items = 0
        self.errors = 0
        self._start = time.monotonic()
        self._last_log = (0, self._start)
        self._bar: Any = None  # a rich Progress while a bar is shown
        self._task: Any = None
        self._source = ""
        self._source_items = 0

    def __enter__(self) -> Progress:
        if self.tty:
            from rich.console import Console
            from rich.progress import Progress as Bar
            from rich.progress import SpinnerColumn, TextColumn, TimeElapsedColumn

            self._bar = Bar(SpinnerColumn(), TextColumn("{task.description}"),
                            TextColumn("{task.completed} items · {task.fields[rate]}/s · {task.fields[errors]} errors"),
                            TimeElapsedColumn(), console=Console(file=self.stream), transient=True)
            self._bar.start()
            self._task = self._bar.add_task(self.label, total=None, rate="0", errors=0)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None

    def _print(self, line: str) -> None:
        if self._bar is not None:
            from rich.text import Text

            self._bar.console.print(Text(line), soft_wrap=True)
        else:
            print(line, file=self.stream, flush=True)

    def source(self, name: str) -> None:
        """Now reading ``name`` (a command-line source)."""
        self._end_source()
        self._source, self._source_items = name, self.items
        if self._bar is not None:
            self._bar.update(self._task, description=_shorten(name))  # type: ignore[arg-type]

    def _end_source(self) -> None:
        new = self.items - self._source_items
        if self._source and new and not self.tty:
            self._print(f"newsbrief: {self.label}: {self._source}: {new} item{'s' if new != 1 else ''} read")
        self._source = ""

    def advance(self, n: int = 1) -> None:
        self.items += n
        now = time.monotonic()
        if self._bar is not None:
            rate = self.items / max(now - self._start, 1e-6)
            self._bar.update(self._task, completed=self.items, rate=f"{rate:,.0f}", errors=self.errors)  # type: ignore[arg-type]
        elif self.items - self._last_log[0] >= LOG_EVERY_ITEMS or now - self._last_log[1] >= LOG_EVERY_SECONDS:
            self._last_log = (self.items, now)
            rate = self.items / max(now - self._start, 1e-6)
            self._print(f"newsbrief: {self.label}: {self.items} items, {rate:,.0f}/s, {self.errors} errors")

    def error(self, item: str, message: str) -> None:
        self.errors += 1
        self._print(f"newsbrief: error: {item}: {message}" if item else f"newsbrief: error: {message}")
        if self._bar is not None:
            self._bar.update(self._task, errors=self.errors)  # type: ignore[arg-type]

    def warn(self, item: str, message: str) -> None:
        self._print(f"newsbrief: warning: {item}: {message}")

    def info(self, message: str) -> None:
        self._print(f"newsbrief: {message}")

    def finish(self) -> None:
        """End the last source's log line."""
        self._end_source()


def _shorten(name: str, width: int = 48) -> str:
    return name if len(name) <= width else "…" + name[-(width - 1):]
