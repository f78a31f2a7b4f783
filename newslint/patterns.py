"""Regular expressions compiled the first time they are used.

A rule compiles its patterns in ``setup``, and a run over one file (a pre-commit hook)
pays for every one of them, although most are needed only for texts that hold what the
rule looks for. :class:`LazyPattern` takes the source at setup and compiles it on the
first call, so a rule can declare all its patterns up front and pay only for those a
document needs.
"""

from __future__ import annotations

import re
from collections.abc import Iterator


class LazyPattern:
    """A regular expression (Python's ``re``) compiled on first use.

    ``where`` names the pattern's origin (a pack entry) in the ``ValueError`` raised when it
    does not compile; patterns from packs newslint does not ship are checked when loaded.
    """

    __slots__ = ("source", "flags", "where", "_compiled")

    def __init__(self, source: str, flags: int = 0, where: str = "pattern"):
        self.source = source
        self.flags = flags
        self.where = where
        self._compiled: re.Pattern | None = None

    @property
    def compiled(self) -> re.Pattern:
        compiled = self._compiled
        if compiled is None:
            try:
                compiled = self._compiled = re.compile(self.source, self.flags)
            except re.error as exc:
                raise ValueError(f"{self.where}: pattern does not compile with Python's re: {exc}") from None
        return compiled

    @property
    def pattern(self) -> str:
        return self.source

    def match(self, string: str, *span: int) -> re.Match | None:
        return self.compiled.match(string, *span)

    def search(self, string: str, *span: int) -> re.Match | None:
        return self.compiled.search(string, *span)

    def finditer(self, string: str, *span: int) -> Iterator[re.Match]:
        return self.compiled.finditer(string, *span)
