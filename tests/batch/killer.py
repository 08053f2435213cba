"""A worker plugin that kills its own worker process (SIGKILL, no clean-up) when the n-th task
whose key matches a pattern begins to execute there; a flag file makes it happen once per test."""

from __future__ import annotations

import os
import re
import signal

from distributed.diagnostics.plugin import WorkerPlugin


class KillOnce(WorkerPlugin):
    name = "kill-once"

    def __init__(self, pattern: str, flag: str, nth: int = 1) -> None:
        self.pattern = pattern
        self.flag = flag
        self.nth = nth  # the n-th such task started on this worker (not counting across workers)
        self.seen = 0

    def transition(self, key, start, finish, **kwargs) -> None:  # noqa: ANN001 - the plugin's signature
        if finish != "executing" or not re.fullmatch(self.pattern, str(key)):
            return
        self.seen += 1
        if self.seen < self.nth:
            return
        try:
            fd = os.open(self.flag, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
        except FileExistsError:
            return
        os.write(fd, str(key).encode())  # which task it was, for the test to check
        os.close(fd)
        os.kill(os.getpid(), signal.SIGKILL)
