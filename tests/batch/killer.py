"""A worker plugin that kills its own worker process (SIGKILL, no clean-up) the first time a task
whose key starts with a prefix begins to execute; a flag file makes it happen once per test."""

from __future__ import annotations

import os
import signal

from distributed.diagnostics.plugin import WorkerPlugin


class KillOnce(WorkerPlugin):
    name = "kill-once"

    def __init__(self, prefix: str, flag: str) -> None:
        self.prefix = prefix
        self.flag = flag

    def transition(self, key, start, finish, **kwargs) -> None:  # noqa: ANN001 - the plugin's signature
        if finish != "executing" or not str(key).startswith(self.prefix):
            return
        try:
            fd = os.open(self.flag, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
        except FileExistsError:
            return
        os.write(fd, str(os.getpid()).encode())
        os.close(fd)
        os.kill(os.getpid(), signal.SIGKILL)
