"""Lines and passages that recur verbatim across the documents of a run.

## What it does
Looks at the whole run (a corpus-level rule: it runs only when selected, for
example with `--extend-select boilerplate`) and finds text that several documents
share word for word, whatever the packs know:

- **Template lines** (warning): short lines (a dozen words or fewer) that stand
  on their own line and recur in otherwise unrelated documents: a publisher's
  "skip past newsletter promotion", a footer, a widget's heading, a block of
  sidebar links. A line is reported when at least `min-documents` documents
  share it, or when it belongs to a block of at least `block-lines` consecutive
  recurring lines that another document holds whole while sharing less than a
  tenth of its prose with this one. Consecutive template lines (with the blank
  lines, dates and times between them) are one finding, which says how many
  documents share them and names one.
- **Shared passages** (info): sentences of prose that recur in other documents,
  such as the paragraphs of a wire story that several outlets ran. Consecutive
  shared sentences are one finding naming the document that shares most of them.

Lines are compared after folding case, punctuation and white space, and sentences
are compared one by one, so a paragraph that another outlet split differently or
quoted with other marks still matches. Lines that are only numbers, dates, times
or function words are ignored, and so is text another selected rule already
reports (select this rule with the others, and it adds only what they miss).
Documents that share 40% or more of their prose (versions of one article) do not
count for each other's template lines, and passages shared only with copies (80%
or more) are left to the `duplicate` rule.

## Why it matters
A line that many pages repeat is the site, not the story. Removing template lines
is how large text corpora are cleaned, and repeated passages over-weight one text
when a model is trained on the corpus.

## Example
```text
Police said the road would reopen on Monday.
skip past newsletter promotion
The council apologised for the delays.
```
(with the line "skip past newsletter promotion" in two other documents of the run)

Use instead:
```text
Police said the road would reopen on Monday.
The council apologised for the delays.
```

## Fix safety
Template lines come with a display-only suggestion that deletes them (with the
line breaks and the blank line around them, as the other deletion fixes do): the
suggestion is shown and written to reports, never applied by `--fix`, because a
corpus-level finding can only be confirmed by a person who knows the site. Shared
passages are content and have no fix.

## Options
- `min-documents` (default 3): how many documents must share a line for it to
  count as a template line on its own.
- `block-lines` (default 3): a block of at least this many consecutive recurring
  lines counts when two documents share it.
- `max-template-words` (default 12): longer lines are prose, not template lines.
- `min-passage-words` (default 15): shorter shared passages are not reported.
- `report-passages` (default true): report shared passages (info) at all.
- `include-reported` (default false): also report lines and passages that other
  selected rules already report (they still count towards how many documents
  share a line either way).

Memory grows with the run: an 8-byte hash and its offsets for every line and
sentence, never the text itself.

## Known false positives
Lines a newsroom repeats on purpose (a venue and broadcast line under every match
preview, a team list, a standing correction, a one-word subheading such as
"Analysis") are reported once they recur in `min-documents` documents. Raise
`min-documents` for corpora built from a few sources with fixed formats.
"""

from __future__ import annotations

import bisect
import hashlib
import itertools
import re
import zlib
from array import array
from collections import Counter, defaultdict
from collections.abc import Sequence

from newslint import CorpusRule, Diagnostic, Edit, Fix, FixAvailability, Option, Severity, hookimpl
from newslint.textedit import removal_span

# A unit ends at a line break, or after sentence-final punctuation (with closing
# quotes or brackets) followed by spaces. Splitting only needs to be the same in
# every document, so abbreviations ("Mr. Smith") may split: they split everywhere.
_BOUNDARY = re.compile(r"([\n.!?\u2026](?:(?<=\n)|[.!?\u2026]*[\"'\u201d\u2019)\]]*[ \t\u00a0]+(?=\S)))")
# ASCII, Latin-1 and general punctuation, arrows and symbols: folded to spaces.
_PUNCTUATION = re.compile("[!-/:-@\\[-`{-~\u00a1-\u00bf\u00d7\u00f7\u2010-\u205f\u2190-\u23ff\u25a0-\u27bf"
                          "\u3000-\u303f\ufe10-\ufe6f\uff01-\uff0f]")

# Lines made only of numbers and the words of dates, times and "n hours ago" stamps,
# or only of function words ("and", "by the"), are trivial: neither template nor content.
_TIME_WORDS = """a an ago am pm gmt bst utc cet cest et est edt pt pst pdt ist aest
    second seconds sec secs minute minutes min mins hour hours hr hrs day days week weeks
    month months year years today yesterday updated published posted last
    january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec
    monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs fri sat sun
    st nd rd th""".split()
_FUNCTION_WORDS = """a an and are as at be but by for from has have he her his i in is it its of on or our she so
    than that the their them they this to was we were who will with you your""".split()
_TRIVIAL = re.compile(
    r"(?:(?:\d+(?:am|pm|st|nd|rd|th|h|m|s)?|%s)(?: |$))+|(?:(?:%s)(?: |$))+" % (
        "|".join(sorted(_TIME_WORDS, key=len, reverse=True)),
        "|".join(sorted(_FUNCTION_WORDS, key=len, reverse=True)),
    )
)

# Unit flags.
_WHOLE_LINE = 1      # the unit is its line (nothing else on the line)
_EXPLAINED = 2       # another rule already reports (most of) this unit
_PROSE = 4           # a prose sentence: at least _PROSE_WORDS words, not a short line of its own

_PROSE_WORDS = 8
# Posting lists longer than this are template-sized: they say nothing about
# whether two documents are copies of each other, so pair counting skips them.
_PAIR_CAP = 50
_TOUCHING = 0.1      # share of the smaller document's prose two documents share: touching
                     # (a block two documents share is a template only if they are not touching)
_RELATED = 0.4       # ... related (they do not count for each other's template lines)
_COPIES = 0.8        # ... copies (shared passages are left to the duplicate rule)


class _Doc:
    """What the rule keeps of one document: hashes and offsets, never text."""

    __slots__ = ("path", "record", "length", "hashes", "starts", "ends", "words", "flags",
                 "line_starts", "line_flags", "prose_words", "_skeleton")

    def __init__(self, path: str, record: int | None, length: int):
        self.path = path
        self.record = record
        self.length = length
        self.hashes = array("Q")
        self.starts = array("I")
        self.ends = array("I")
        self.words = array("H")
        self.flags = bytearray()
        self.line_starts: array | None = None
        self.line_flags: bytearray | None = None  # bit 0: blank, bit 1: ends with \r\n
        self.prose_words = 0
        self._skeleton: str | None = None

    @property
    def key(self) -> tuple[str, int]:
        return (self.path, -1 if self.record is None else self.record)

    @property
    def label(self) -> str:
        return self.path if self.record is None else f"{self.path}[{self.record}]"

    def line_col(self, offset: int) -> tuple[int, int]:
        index = bisect.bisect_right(self.line_starts, offset) - 1
        return index + 1, offset - self.line_starts[index] + 1

    def skeleton(self) -> str:
        """A stand-in for the text with its line structure, for :func:`removal_span`.

        Blank lines are spaces, other lines are "x", line breaks are kept. Built
        once, on first use.
        """
        if self._skeleton is None:
            starts, flags = self.line_starts, self.line_flags
            ends = [start - 1 for start in starts[1:]] + [self.length]
            pieces = [(" " if flag & 1 else "x") * (end - start - (flag >> 1)) + ("\r\n" if flag & 2 else "\n")
                      for start, end, flag in zip(starts, ends, flags)]
            pieces[-1] = pieces[-1][:-1]  # the last line has no line break
            self._skeleton = "".join(pieces)
        return self._skeleton

    def line_span(self, offset: int) -> tuple[int, int]:
        """Start and end (before the line break) of the line holding ``offset``."""
        index = bisect.bisect_right(self.line_starts, offset) - 1
        end = self.line_starts[index + 1] - 1 if index + 1 < len(self.line_starts) else self.length
        return self.line_starts[index], end - (self.line_flags[index] >> 1)

    def release(self) -> None:
        self._skeleton = None


class SharedBoilerplate(CorpusRule):
    code = "BPL001"
    name = "shared-boilerplate"
    category = "boilerplate"
    severity = Severity.WARNING
    fix_availability = FixAvailability.SOMETIMES
    options = {
        "min-documents": Option(3, "Documents that must share a line for it to count as a template line."),
        "block-lines": Option(3, "Consecutive recurring lines that count as a template block when two "
                                 "documents share them."),
        "max-template-words": Option(12, "Lines with more words are prose, not template lines."),
        "min-passage-words": Option(15, "Shared passages with fewer words are not reported."),
        "report-passages": Option(True, "Report passages of prose shared with other documents (info)."),
        "include-reported": Option(False, "Also report text that other selected rules already report."),
    }

    def setup(self) -> None:
        for key in ("min-documents", "block-lines", "max-template-words", "min-passage-words"):
            if self.settings[key] < 1:
                raise ValueError(f"option {key!r} must be at least 1")
        self.min_documents = max(2, self.settings["min-documents"])
        self.block_lines = self.settings["block-lines"]
        self.max_template_words = self.settings["max-template-words"]
        self.min_passage_words = self.settings["min-passage-words"]
        self.report_passages = self.settings["report-passages"]
        self.docs: list[_Doc] = []
        self.document_counts: Counter = Counter()

    # ---- observe ----------------------------------------------------------

    def observe(self, doc, diagnostics: Sequence[Diagnostic]) -> None:
        text, lower = doc.text, doc.lower
        # Punctuation becomes a space (same length, so offsets hold); case is folded.
        norm = _PUNCTUATION.sub(" ", lower)
        parts = _BOUNDARY.split(lower)  # unit, separator, unit, ..., unit
        offsets = list(itertools.accumulate(map(len, parts), initial=0))
        units, seps = parts[0::2], parts[1::2]
        seps.append("\n")  # the end of the text ends a line
        unit_starts, unit_ends = offsets[0::2], offsets[1::2]
        all_keys = [" ".join(norm[a:b].split()) for a, b in zip(unit_starts, unit_ends)]
        spans: list[tuple[int, int]] = []
        keys: list[str] = []
        whole_lines: set[int] = set()  # indexes into spans of units that are a line of their own
        previous = "\n"
        for k, key in enumerate(all_keys):
            sep = seps[k]
            if key:
                unit = units[k]
                start = unit_starts[k] + len(unit) - len(unit.lstrip())
                if sep == "\n":
                    end = unit_ends[k] - len(unit) + len(unit.rstrip())
                    if previous == "\n":
                        whole_lines.add(len(spans))
                else:
                    end = unit_ends[k] + len(sep.rstrip())  # the sentence's closing punctuation
                spans.append((start, end))
                keys.append(key)
            previous = sep
        word_counts = [key.count(" ") + 1 for key in keys]
        keep = [i for i, (key, count) in enumerate(zip(keys, word_counts))
                if not (count <= 10 and (len(key) < 3 or _TRIVIAL.fullmatch(key)))]
        data = [keys[i].encode("utf-8") for i in keep]
        digests = [zlib.crc32(item) << 32 | zlib.adler32(item) for item in data]
        max_template = self.max_template_words
        flags = bytearray(_WHOLE_LINE | (_PROSE if word_counts[i] > max_template else 0) if i in whole_lines
                          else _PROSE if word_counts[i] >= _PROSE_WORDS else 0 for i in keep)
        explained = _merged_spans(diagnostics) if not self.settings["include-reported"] else []
        if explained:
            for position, i in enumerate(keep):
                if _covered(explained, *spans[i]):
                    flags[position] |= _EXPLAINED
        kept = _Doc(doc.path, doc.record, len(text))
        kept.hashes = array("Q", digests)
        kept.starts = array("I", [spans[i][0] for i in keep])
        kept.ends = array("I", [spans[i][1] for i in keep])
        kept.words = array("H", [min(word_counts[i], 65535) for i in keep])
        kept.flags = flags
        prose = {digest: word_counts[i] for digest, i, value in zip(digests, keep, flags) if value & _PROSE}
        kept.prose_words = sum(prose.values())
        self.document_counts.update(set(digests))
        kept.line_starts = array("I", doc.line_starts)
        if any(word_counts[i] <= max_template and i in whole_lines for i in keep):
            # Blank lines and line breaks, for deletion suggestions.
            lines = text.split("\n")
            line_flags = bytearray(not line.strip() for line in lines)
            if "\r" in text:
                for index, line in enumerate(lines):
                    if line.endswith("\r") and index + 1 < len(lines):
                        line_flags[index] |= 2
            kept.line_flags = line_flags
        self.docs.append(kept)

    # ---- finish -----------------------------------------------------------

    def finish(self):
        counts = self.document_counts
        docs = sorted(self.docs, key=lambda d: d.key)  # independent of the order of observation
        postings: dict[int, list[int]] = defaultdict(list)
        for index, kept in enumerate(docs):
            for digest in set(kept.hashes):
                if counts[digest] > 1:
                    postings[digest].append(index)
        touching, related, copies = self._relations(docs, postings)
        out = []
        for index, kept in enumerate(docs):
            if not any(counts[h] > 1 for h in kept.hashes):
                continue
            out.extend(self._report(index, kept, docs, postings, touching[index], related[index], copies[index]))
            kept.release()
        self.docs, self.document_counts = [], Counter()
        return out

    def _relations(self, docs: list[_Doc], postings: dict[int, list[int]]):
        """Pairs of documents that share prose: touching (>= 10%), related (>= 40%) and copies (>= 80%)."""
        shared: dict[tuple[int, int], int] = defaultdict(int)
        words_of: dict[int, int] = {}
        for kept in docs:
            for digest, words, flags in zip(kept.hashes, kept.words, kept.flags):
                if flags & _PROSE:
                    words_of.setdefault(digest, words)
        for digest, holders in postings.items():
            words = words_of.get(digest)
            if words is None or len(holders) > _PAIR_CAP:
                continue
            for a, b in itertools.combinations(holders, 2):
                shared[a, b] += words
        touching: list[set[int]] = [set() for _ in docs]
        related: list[set[int]] = [set() for _ in docs]
        copies: list[set[int]] = [set() for _ in docs]
        for (a, b), words in shared.items():
            smaller = min(docs[a].prose_words, docs[b].prose_words)
            for share, pairs in ((_TOUCHING, touching), (_RELATED, related), (_COPIES, copies)):
                if smaller and words >= share * smaller:
                    pairs[a].add(b)
                    pairs[b].add(a)
        return touching, related, copies

    def _report(self, index, kept, docs, postings, touching, related, copies):
        counts = self.document_counts
        hashes, flags, words = kept.hashes, kept.flags, kept.words
        size = len(hashes)

        def sharing(position: int, exclude: set[int]) -> tuple[int, list[int]]:
            """How many other documents share a unit, and (some of) which."""
            holders = postings[hashes[position]]
            if len(holders) > _PAIR_CAP:  # template-sized: copies do not change the count much
                return len(holders) - 1, [j for j in holders[:2] if j != index][:1]
            others = [j for j in holders if j != index and j not in exclude]
            return len(others), others

        findings = []
        used = bytearray(size)
        # Template runs: consecutive recurring short lines (blank and trivial lines between them are part of the run).
        position = 0
        while position < size:
            run, others = [], []
            while position < size and flags[position] & _WHOLE_LINE and not flags[position] & _EXPLAINED \
                    and words[position] <= self.max_template_words and counts[hashes[position]] > 1:
                shared = sharing(position, related)
                if not shared[0]:
                    break
                run.append(position)
                others.append(shared)
                position += 1
            if not run:
                position += 1
                continue
            most = max(count for count, _ in others)
            if most + 1 >= self.min_documents or self._block_evidence(run, others, touching):
                for i in run:
                    used[i] = 1
                findings.append(self._template_finding(kept, docs, run, others, most))
        # Shared passages: consecutive recurring sentences, starting and ending with prose.
        if self.report_passages:
            position = 0
            while position < size:
                run, others = [], []
                while position < size and not used[position] and not flags[position] & _EXPLAINED \
                        and counts[hashes[position]] > 1:
                    shared = sharing(position, copies)
                    if not shared[0]:
                        break
                    run.append(position)
                    others.append(shared)
                    position += 1
                if not run:
                    position += 1
                    continue
                while run and not flags[run[-1]] & _PROSE:
                    run.pop()
                    others.pop()
                while run and not flags[run[0]] & _PROSE:
                    run.pop(0)
                    others.pop(0)
                total = sum(words[i] for i in run)
                if run and total >= self.min_passage_words:
                    findings.append(self._passage_finding(kept, docs, run, others, total))
        seen: dict[str, int] = defaultdict(int)
        out = []
        for diagnostic in sorted(findings, key=lambda d: (d.start_offset, d.end_offset)):
            seen[diagnostic.fingerprint] += 1
            diagnostic.occurrence = seen[diagnostic.fingerprint]
            out.append((kept.path, kept.record, diagnostic))
        return out

    def _block_evidence(self, run: list[int], others, touching: set[int]) -> bool:
        """Whether a document that shares no real prose with this one holds the whole block."""
        if len(run) < self.block_lines:
            return False
        tally: dict[int, int] = defaultdict(int)
        for _, holders in others:
            for j in holders:
                tally[j] += 1
        return any(lines >= self.block_lines and j not in touching for j, lines in tally.items())

    @staticmethod
    def _named(docs, others: list[tuple[int, list[int]]]) -> str:
        """The other document that shares most of a run (ties: the first by path)."""
        tally: dict[int, int] = defaultdict(int)
        for _, holders in others:
            for j in holders:
                tally[j] += 1
        best = min(tally, key=lambda j: (-tally[j], docs[j].key))
        return docs[best].label

    def _template_finding(self, kept: _Doc, docs, run: list[int], others, most: int) -> Diagnostic:
        start, end = kept.starts[run[0]], kept.ends[run[-1]]
        twin = self._named(docs, others)
        lines = len(run)
        if lines == 1:
            where = f"in {twin}" if most == 1 else f"in {most} other documents (e.g. {twin})"
            message = f"Template line: it recurs verbatim {where}"
        else:
            where = f"in {twin}" if most == 1 else f"in up to {most} other documents (e.g. {twin})"
            message = f"Template block of {lines} lines: they recur verbatim {where}"
        fix = None
        if kept.line_flags is not None:
            # Whole lines: from the start of the first to the end of the last (the
            # skeleton only knows which lines are blank, which is all that matters).
            fix_start, fix_end = removal_span(kept.skeleton(), kept.line_span(start)[0], kept.line_span(end)[1])
            fix = Fix.display_only("Delete the template lines" if lines > 1 else "Delete the template line",
                                   Edit.deletion(fix_start, fix_end))
            start, end = fix_start, fix_end
        diagnostic = Diagnostic(self.code, self.name, self.category, self.severity, message, start, end, fix)
        self._locate(diagnostic, kept, [kept.hashes[i] for i in run])
        return diagnostic

    def _passage_finding(self, kept: _Doc, docs, run: list[int], others, words: int) -> Diagnostic:
        start, end = kept.starts[run[0]], kept.ends[run[-1]]
        twin = self._named(docs, others)
        count = max(n for n, _ in others)
        sentences = len(run)
        what = "sentence" if sentences == 1 else f"passage of {sentences} sentences"
        more = f" and {count - 1} other document{'s' if count > 2 else ''}" if count > 1 else ""
        message = f"Shared text: this {what} ({words} words) also appears in {twin}{more}"
        diagnostic = Diagnostic(self.code, self.name, self.category, Severity.INFO, message, start, end)
        self._locate(diagnostic, kept, [kept.hashes[i] for i in run])
        return diagnostic

    def _locate(self, diagnostic: Diagnostic, kept: _Doc, hashes: list[int]) -> None:
        diagnostic.line, diagnostic.column = kept.line_col(diagnostic.start_offset)
        diagnostic.end_line, diagnostic.end_column = kept.line_col(diagnostic.end_offset)
        content = self.code + ":" + ",".join(f"{h:016x}" for h in hashes)
        diagnostic.fingerprint = hashlib.sha256(content.encode("ascii")).hexdigest()[:20]


def _merged_spans(diagnostics: Sequence[Diagnostic]) -> list[tuple[int, int]]:
    spans = sorted((d.start_offset, d.end_offset) for d in diagnostics if d.end_offset > d.start_offset)
    merged: list[list[int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(a, b) for a, b in merged]


def _covered(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether the findings' spans cover at least half of ``start:end``."""
    index = bisect.bisect_right(spans, (start, float("inf"))) - 1
    index = max(index, 0)
    covered = 0
    while index < len(spans) and spans[index][0] < end:
        a, b = spans[index]
        covered += max(0, min(b, end) - max(a, start))
        index += 1
    return covered * 2 >= end - start


@hookimpl
def newslint_register_rules():
    return [SharedBoilerplate]
