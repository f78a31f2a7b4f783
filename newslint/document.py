"""The document model: one text to lint, its positions and its segments.

A document is a plain-text file or one record of a JSONL file. Its ``text`` is
exactly what was read (newlines as in the file, a leading byte-order mark removed),
so offsets are code points into that text. Segments (lines, paragraphs, sentences)
and the lower-cased text are computed on first use and shared by every rule.
"""

from __future__ import annotations

import bisect
import re

# A sentence ends at . ! ? or … (possibly several), optionally followed by closing
# quotes or brackets, then white space, then something that can start a sentence.
_SENTENCE_END = re.compile(r"[.!?\u2026]+[\"'\u201d\u2019)\]]*[ \t]+(?=[\"'\u201c\u2018(\[]?[A-Z0-9\u00c0-\u00de])")
# Words whose trailing full stop does not end a sentence.
_ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof st sr jr gen col lt capt sgt rev hon gov sen rep pres insp supt cllr
    jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat sun
    no nos vs v etc inc ltd co corp plc bros dept est approx fig vol ch pp op al mt ft ave
    u.s u.k u.n e.g i.e a.m p.m""".split()
)
_WORD_BEFORE = re.compile(r"([\w.]+)$")
_NEWLINE = re.compile("\n")


class Document:
    """A text to lint, with lazily computed views shared by all rules."""

    __slots__ = ("text", "path", "record", "record_id", "_lower", "_line_starts", "_lines", "_paragraphs",
                 "_sentences", "cache")

    def __init__(self, text: str, path: str = "<text>", record: int | None = None, record_id: str | None = None):
        self.text = text
        self.path = path
        self.record = record
        self.record_id = record_id
        self._lower: str | None = None
        self._line_starts: list[int] | None = None
        self._lines: list[tuple[int, int]] | None = None
        self._paragraphs: list[tuple[int, int]] | None = None
        self._sentences: list[tuple[int, int]] | None = None
        #: Free space for rules to share derived data (key it by rule name).
        self.cache: dict = {}

    def __repr__(self) -> str:
        where = self.path if self.record is None else f"{self.path}#{self.record}"
        return f"<Document {where} ({len(self.text)} chars)>"

    def __len__(self) -> int:
        return len(self.text)

    # ---- text views -------------------------------------------------------

    @property
    def lower(self) -> str:
        """The text lower-cased, with the same length (offsets stay valid)."""
        if self._lower is None:
            lowered = self.text.lower()
            if len(lowered) != len(self.text):  # e.g. "İ" lower-cases to two code points
                lowered = "".join(ch if len(ch.lower()) != 1 else ch.lower() for ch in self.text)
            self._lower = lowered
        return self._lower

    # ---- positions --------------------------------------------------------

    @property
    def line_starts(self) -> list[int]:
        if self._line_starts is None:
            starts = [0]
            starts.extend(match.end() for match in _NEWLINE.finditer(self.text))
            self._line_starts = starts
        return self._line_starts

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based line and column (in code points) of an offset."""
        starts = self.line_starts
        index = bisect.bisect_right(starts, offset) - 1
        return index + 1, offset - starts[index] + 1

    def line_span(self, line: int) -> tuple[int, int]:
        """Start and end offsets of a 1-based line, without its line break."""
        starts = self.line_starts
        start = starts[line - 1]
        end = starts[line] - 1 if line < len(starts) else len(self.text)
        if end > start and self.text[end - 1] == "\r":
            end -= 1
        return start, end

    # ---- segments ---------------------------------------------------------

    def lines(self) -> list[tuple[int, int]]:
        """(start, end) of every line, line breaks excluded."""
        if self._lines is None:
            starts = self.line_starts
            text = self.text
            ends = [start - 1 for start in starts[1:]]
            ends.append(len(text))
            if "\r" in text:
                ends = [end - 1 if end > start and text[end - 1] == "\r" else end for start, end in zip(starts, ends)]
            self._lines = list(zip(starts, ends))
        return self._lines

    def paragraphs(self) -> list[tuple[int, int]]:
        """(start, end) of every run of non-blank lines."""
        if self._paragraphs is None:
            spans, start, end = [], None, None
            text = self.text
            for a, b in self.lines():
                if b > a and not text[a:b].isspace():
                    if start is None:
                        start = a
                    end = b
                elif start is not None:
                    spans.append((start, end))
                    start = None
            if start is not None:
                spans.append((start, end))
            self._paragraphs = spans
        return self._paragraphs

    def sentences(self) -> list[tuple[int, int]]:
        """(start, end) of every sentence; a line break always ends a sentence."""
        if self._sentences is None:
            spans: list[tuple[int, int]] = []
            text = self.text
            for a, b in self.lines():
                spans.extend(split_sentences(text, a, b))
            self._sentences = spans
        return self._sentences

    def sentence_index_at(self, offset: int) -> int:
        """Index into :meth:`sentences` of the sentence holding ``offset`` (or the next one)."""
        sentences = self.sentences()
        return bisect.bisect_right(sentences, (offset, float("inf"))) - 1 if sentences else -1


def split_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans inside ``text[start:end]`` (one line), stripped of white space."""
    spans = []
    cursor = start
    for match in _SENTENCE_END.finditer(text, start, end):
        stop = match.end() - len(match.group()) + len(match.group().rstrip(" \t"))
        if text[match.start()] == ".":
            before = _WORD_BEFORE.search(text, max(cursor, match.start() - 12), match.start())
            if before and (before.group(1).lower() in _ABBREVIATIONS or _is_initial(before.group(1))):
                continue  # "Mr. Smith", "U.S. officials", "J. Smith"
        _append_stripped(spans, text, cursor, stop)
        cursor = match.end()
    _append_stripped(spans, text, cursor, end)
    return spans


def _is_initial(word: str) -> bool:
    """A single letter before a full stop is an initial ("J. Smith"); "6-3." ends a sentence."""
    return len(word) == 1 and word.isalpha()


def _append_stripped(spans: list, text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        spans.append((start, end))
