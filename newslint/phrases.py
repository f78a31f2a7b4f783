"""Fast matching of phrase lists on lower-cased text.

A phrase list compiles to one trie-shaped regular expression: phrases sharing a
prefix share its branch, so the engine walks the text once whatever the list's
length. The expression has no leading look-behind (that would defeat the regular
expression engine's literal prefix scan); word boundaries are checked on the few
candidates instead. Inside a phrase, a space matches any run of white space and an
apostrophe matches both ``'`` and ``’``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

_END = ""


def normalise_phrase(phrase: str) -> str:
    """Lower case, single spaces, straight apostrophes: the form phrases are stored in."""
    return " ".join(phrase.lower().replace("\u2019", "'").split())


def trie_pattern(phrases: Iterable[str]) -> str:
    """The source of a trie-shaped alternation matching any of ``phrases`` (lower case)."""
    trie: dict = {}
    for phrase in phrases:
        node = trie
        for char in normalise_phrase(phrase):
            node = node.setdefault(char, {})
        node[_END] = {}
    return _node_pattern(trie)


def _char_pattern(char: str) -> str:
    if char == " ":
        return r"\s+"
    if char == "'":
        return "['\u2019]"
    return re.escape(char)


def _node_pattern(node: dict) -> str:
    branches = [_char_pattern(char) + _node_pattern(child) for char, child in sorted(node.items()) if char != _END]
    if not branches:
        return ""
    if len(branches) == 1 and _END not in node:
        return branches[0]
    body = "|".join(branches)
    return f"(?:{body})?" if _END in node else f"(?:{body})"


def _is_word_char(char: str) -> bool:
    return char.isalnum() or char == "_"


class PhraseMatcher:
    """Find whole-word occurrences of any phrase of a list in lower-cased text."""

    __slots__ = ("phrases", "_pattern")

    def __init__(self, phrases: Iterable[str]):
        self.phrases = sorted({normalise_phrase(p) for p in phrases if p.strip()})
        self._pattern = re.compile(trie_pattern(self.phrases)) if self.phrases else None

    def __bool__(self) -> bool:
        return self._pattern is not None

    def finditer(self, lower: str, start: int = 0, end: int | None = None) -> Iterator[tuple[int, int]]:
        """(start, end) of every whole-word match in ``lower[start:end]``, left to right."""
        if self._pattern is None:
            return
        end = len(lower) if end is None else end
        search = self._pattern.search
        pos = start
        while pos < end:
            match = search(lower, pos, end)
            if match is None:
                return
            a, b = match.span()
            if b == a:
                pos = a + 1
                continue
            starts_word = a == 0 or not _is_word_char(lower[a - 1]) or not _is_word_char(lower[a])
            ends_word = b >= len(lower) or not _is_word_char(lower[b]) or not _is_word_char(lower[b - 1])
            if starts_word and ends_word:
                yield a, b
                pos = b
            else:
                pos = a + 1

    def search(self, lower: str, start: int = 0, end: int | None = None) -> tuple[int, int] | None:
        """The first whole-word match, or None."""
        return next(self.finditer(lower, start, end), None)
