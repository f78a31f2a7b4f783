"""Document that is a near-copy of another document in the run.

## What it does
Compares every document of the run with every other (a corpus-level rule: it runs
only when selected, for example with `--extend-select duplicate`) and reports the
ones that share most of their text with another document: the same wire story run
by several outlets, an article scraped twice, a page that embeds a whole story
from elsewhere. The finding (info) names the closest twin and says how much of
each text the other holds.

Two measures decide, on word sequences (five words in a row, case, punctuation
and quotation marks folded; those that start with a long word are sampled):

- **containment**: the share of one document's sequences found in the other, so
  a short wire story inside a longer page counts (`min-containment`);
- **resemblance** (Jaccard): the share of all their sequences the two have in
  common (`min-jaccard`).

A pair counts when either reaches its threshold. Text that other selected rules
already report (a related-stories tail, a navigation block) is left out before
comparing, so two pages do not look alike because they share a site's furniture.

## Why it matters
Duplicates skew counts in media monitoring and over-weight one text in a training
corpus. Most pipelines keep one copy per story: the finding says which documents
belong together.

## Example
```text
Officials said the bridge would stay closed until the inspection ends, ...
```
(with another document of the run carrying the same story)

Use instead:
```text
Officials said the bridge would stay closed until the inspection ends, ...
```
(kept once: drop or merge the other copies)

## Options
- `min-containment` (default 0.4): share of the smaller document's word
  sequences that must appear in the other.
- `min-jaccard` (default 0.7): share of the two documents' sequences they have in
  common.
- `min-words` (default 50): shorter documents are not compared.

Each document is summarised by the 512 smallest hashes of its sampled word
sequences (a bottom-k sketch, at most 2 KB a document, never the text): estimates
are exact on the sample for documents of up to about 1,500 words and within a few
points for longer ones. Candidate pairs come from an index of the
sketches, so the run is not compared pair by pair.

## Known false positives
Follow-up reports that repeat long background paragraphs from an earlier story
can share 40% or more of their text with it; raise `min-containment` to report
only copies of one story.
"""

from __future__ import annotations

import bisect
import hashlib
import itertools
import zlib
from array import array
from collections import Counter, defaultdict
from collections.abc import Sequence

from newslint import CorpusRule, Diagnostic, Option, Severity, hookimpl

_SHINGLE = 5            # words per sequence
_ANCHOR_BYTES = 6       # sequences that start with a word this long are sampled
_SKETCH = 512           # hashes kept per document (at most 2 KB)
_FULL_RANGE = 1 << 32   # crc32 values lie below this
_SMALL_POSTING = 50     # posting lists up to this size give every pair as a candidate ...
_ANCHORS = 3            # ... longer ones pair each holder with the first few only
_MIN_SHARED = 3         # candidates share at least this many indexed hashes
_INDEX_LIMIT = _FULL_RANGE // 4
_MIN_SAMPLE = 8         # a containment estimate needs this many of the document's hashes

# Bytes of punctuation that fold to a space; letters (and every byte of non-ASCII
# UTF-8, which belongs to letters once the marks below are replaced) stay.
_ASCII_FOLD = bytes(b if (48 <= b <= 57 or 97 <= b <= 122 or b >= 128) else 32 for b in range(256))
_UNICODE_MARKS = [mark.encode("utf-8") for mark in
                  "\u2018\u2019\u201a\u201b\u201c\u201d\u201e\u201f\u2013\u2014\u2015\u2026\u00ab\u00bb\u00a0"
                  "\u00b7\u2022\u2032\u2033\u2039\u203a"]


class _Sketch:
    """What the rule keeps of one document: its sequence count and smallest hashes."""

    __slots__ = ("path", "record", "size", "values", "start", "end", "where", "digest")

    def __init__(self, path, record, size, values, start, end, where, digest):
        self.path = path
        self.record = record
        self.size = size
        self.values = values
        self.start = start
        self.end = end
        self.where = where
        self.digest = digest

    @property
    def key(self) -> tuple[str, int]:
        return (self.path, -1 if self.record is None else self.record)

    @property
    def label(self) -> str:
        return self.path if self.record is None else f"{self.path}[{self.record}]"

    @property
    def threshold(self) -> int:
        """Every sequence hash of the document below this is in ``values``."""
        return self.values[-1] if len(self.values) >= _SKETCH else _FULL_RANGE


def sequence_hashes(text: str) -> tuple[int, set[int]]:
    """The number of words, and hashes (crc32) of a sample of the five-word sequences.

    Case and punctuation are folded. The sample is the sequences that start with a
    word of six bytes or more (about a third of them in English news): it depends
    only on the words, so two documents sample the same sequences wherever they
    share them, and it spares most of the hashing.
    """
    data = text.lower().encode("utf-8")
    if not data.isascii():
        for mark in _UNICODE_MARKS:
            if mark in data:
                data = data.replace(mark, b" ")
    words = data.translate(_ASCII_FOLD).split()
    last = len(words) - _SHINGLE
    starts = [i for i, size in enumerate(map(len, words)) if size >= _ANCHOR_BYTES and i <= last]
    return len(words), set(map(zlib.crc32, [b" ".join(words[i:i + _SHINGLE]) for i in starts]))


def compare(a: _Sketch, b: _Sketch) -> tuple[float, float, float, int, int]:
    """(share of a in b, share of b in a, Jaccard, sample of a, sample of b) from two sketches."""
    limit = min(a.threshold, b.threshold)
    left = a.values if limit >= a.threshold else a.values[:bisect.bisect_right(a.values, limit)]
    right = b.values if limit >= b.threshold else b.values[:bisect.bisect_right(b.values, limit)]
    if not left or not right:
        return 0.0, 0.0, 0.0, len(left), len(right)
    shared = len(set(left).intersection(right))
    union = len(left) + len(right) - shared
    return shared / len(left), shared / len(right), shared / union, len(left), len(right)


class NearDuplicate(CorpusRule):
    code = "DUP001"
    name = "near-duplicate"
    category = "duplicate"
    severity = Severity.INFO
    options = {
        "min-containment": Option(0.4, "Share of the smaller document's word sequences found in the other."),
        "min-jaccard": Option(0.7, "Share of the two documents' word sequences they have in common."),
        "min-words": Option(50, "Documents with fewer words are not compared."),
    }

    def setup(self) -> None:
        for key in ("min-containment", "min-jaccard"):
            if not 0.0 < self.settings[key] <= 1.0:
                raise ValueError(f"option {key!r} must be above 0 and at most 1")
        if self.settings["min-words"] < _SHINGLE:
            raise ValueError(f"option 'min-words' must be at least {_SHINGLE}")
        self.min_containment = float(self.settings["min-containment"])
        self.min_jaccard = float(self.settings["min-jaccard"])
        self.min_words = self.settings["min-words"]
        self.sketches: list[_Sketch] = []

    def observe(self, doc, diagnostics: Sequence[Diagnostic]) -> None:
        text = doc.text
        spans = sorted((d.start_offset, d.end_offset) for d in diagnostics if d.end_offset > d.start_offset)
        if spans:  # leave out what other rules already report
            pieces, cursor = [], 0
            for start, end in spans:
                if start > cursor:
                    pieces.append(text[cursor:start])
                pieces.append("\n")
                cursor = max(cursor, end)
            pieces.append(text[cursor:])
            text = "".join(pieces)
        words, hashes = sequence_hashes(text)
        if words < self.min_words or not hashes:
            return
        if len(hashes) > 2 * _SKETCH:  # keep the smallest: sort only the likely ones
            cutoff = int(_FULL_RANGE * 2 * _SKETCH / len(hashes))
            likely = [value for value in hashes if value < cutoff]
            values = array("I", sorted(likely if len(likely) >= _SKETCH else hashes)[:_SKETCH])
        else:
            values = array("I", sorted(hashes)[:_SKETCH])
        start = len(doc.text) - len(doc.text.lstrip())
        end = len(doc.text.rstrip())
        where = (*doc.line_col(start), *doc.line_col(end))
        digest = hashlib.sha256(values.tobytes() + str(len(hashes)).encode()).hexdigest()[:20]
        self.sketches.append(_Sketch(doc.path, doc.record, len(hashes), values, start, end, where, digest))

    def finish(self):
        sketches = sorted(self.sketches, key=lambda s: s.key)  # independent of the order of observation
        self.sketches = []
        # Candidates come from the hashes below a quarter of the range (all of a long
        # document's sketch, at least 16 of a short one's): a pair that shares a good
        # part of its text shares some of them.
        indexed = [s.values[:max(bisect.bisect_left(s.values, _INDEX_LIMIT), 16)] for s in sketches]
        frequency = Counter(itertools.chain.from_iterable(indexed))
        repeated = {value for value, count in frequency.items() if count > 1}
        del frequency
        postings: dict[int, list[int]] = defaultdict(list)
        for index, values in enumerate(indexed):
            for value in repeated.intersection(values):
                postings[value].append(index)
        del repeated
        small = (holders for holders in postings.values() if len(holders) <= _SMALL_POSTING)
        shared = Counter(itertools.chain.from_iterable(map(itertools.combinations, small, itertools.repeat(2))))
        for holders in postings.values():
            if len(holders) > _SMALL_POSTING:  # a phrase many documents use: pair with a few anchors only
                for anchor in holders[:_ANCHORS]:
                    shared.update((anchor, other) if anchor < other else (other, anchor)
                                  for other in holders if other != anchor)
        del postings
        indexed = [len(values) for values in indexed]
        partners: dict[int, list[tuple]] = defaultdict(list)
        for (a, b), count in shared.items():
            if count < min(_MIN_SHARED, indexed[a], indexed[b]):
                continue
            in_b, in_a, jaccard, sample_a, sample_b = compare(sketches[a], sketches[b])
            if (sample_a < _MIN_SAMPLE and sample_a < sketches[a].size) or \
                    (sample_b < _MIN_SAMPLE and sample_b < sketches[b].size):
                continue  # too few of a long document's hashes to estimate from
            if max(in_b, in_a) < self.min_containment and jaccard < self.min_jaccard:
                continue
            partners[a].append((max(in_b, in_a), jaccard, b, in_b, in_a))
            partners[b].append((max(in_b, in_a), jaccard, a, in_a, in_b))
        out = []
        for index, found in partners.items():
            sketch = sketches[index]
            found.sort(key=lambda item: (-item[0], -item[1], sketches[item[2]].key))
            _, jaccard, twin, here_there, there_here = found[0]
            twin_label = sketches[twin].label
            more = len(found) - 1
            message = (f"Near-duplicate of {twin_label}: {round(here_there * 100)}% of this document's text "
                       f"appears there and {round(there_here * 100)}% of that one's appears here "
                       f"(resemblance {jaccard:.2f})")
            if more:
                message += f"; {more} more near-duplicate{'s' if more > 1 else ''} in the run"
            diagnostic = Diagnostic(self.code, self.name, self.category, self.severity, message,
                                    sketch.start, sketch.end)
            diagnostic.line, diagnostic.column, diagnostic.end_line, diagnostic.end_column = sketch.where
            diagnostic.fingerprint = hashlib.sha256(f"{self.code}:{sketch.digest}".encode()).hexdigest()[:20]
            out.append((sketch.path, sketch.record, diagnostic))
        return out


@hookimpl
def newslint_register_rules():
    return [NearDuplicate]
