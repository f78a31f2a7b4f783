"""A progress bar on stderr for long runs: only on a terminal, never in CI or when piped."""

from __future__ import annotations

import os
import sys
import time
from typing import TextIO

_DELAY = 0.5  # seconds before the bar appears: short runs never show it
_INTERVAL = 0.1


def progress_wanted(stream: TextIO, setting: str = "auto") -> bool:
    if setting in ("always", "never"):
        return setting == "always"
    if os.environ.get("CI") or os.environ.get("NEWSLINT_NO_PROGRESS") or os.environ.get("TERM") == "dumb":
        return False
    return hasattr(stream, "isatty") and stream.isatty()


class ProgressBar:
    """``[#######.......]  412/2,223 files  3.1 MB/s``, redrawn in place."""

    def __init__(self, total: int, stream: TextIO = sys.stderr, enabled: bool = True, width: int = 30,
                 delay: float = _DELAY):
        self.total = total
        self.stream = stream
        self.enabled = enabled and total > 1
        self.width = width
        self.done = 0
        self.bytes = 0
        self.started = time.monotonic()
        self.last_draw = 0.0
        self.drawn = False
        self.delay = delay

    def advance(self, nbytes: int = 0) -> None:
        self.done += 1
        self.bytes += nbytes
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self.started < self.delay or (now - self.last_draw < _INTERVAL and self.done < self.total):
            return
        self.last_draw = now
        filled = int(self.width * self.done / self.total)
        rate = self.bytes / max(now - self.started, 1e-6) / 1e6
        self.stream.write(f"\r[{'#' * filled}{'.' * (self.width - filled)}] {self.done:,}/{self.total:,} files"
                          f"  {rate:.1f} MB/s ")
        self.stream.flush()
        self.drawn = True

    def close(self) -> None:
        if self.drawn:
            self.stream.write("\r" + " " * (self.width + 40) + "\r")
            self.stream.flush()
