"""Stray advertisement marker left between sentences or on its own line.

## What it does
Finds the labels that ad slots leave in scraped text: "Advertisement",
"ADVERTISEMENT", "Story continues below advertisement", "Skip Advertisement",
"- Advertisement -", "Sponsored content" and the like, when they stand on a line
of their own or between two sentences. A run of markers ("Advertisement
Advertisement") is one finding.

A marker word counts only where prose could not put it: capitalised, after the end
of a sentence (or at the start of a line) and before the start of the next sentence
(or the end of the line). So "the advertisement campaign" and "Advertisement
revenue rose 4%." are left alone.

## Why it matters
Ad labels split sentences, inflate token counts with a word that carries no
meaning, and teach language models that "Advertisement" is something articles say
between sentences.

## Example
```text
The policy may sound good. Advertisement But the union's self-interest makes reform impossible.
```
Use instead:
```text
The policy may sound good. But the union's self-interest makes reform impossible.
```

## Fix safety
Safe: the fix deletes only the marker and one space next to it (or the marker's
whole line), leaving the sentences on either side as they were.

## Options
Extend the vocabulary with `extend-markers` (single words, matched when
capitalised), `extend-phrases` (multi-word labels, matched in any case) and
`extend-exceptions` (phrases starting with a marker that are prose, such as
"advertisement standards").
"""

from __future__ import annotations

from newslint import Edit, Fix, FixAvailability, PackField, Rule, hookimpl
from newslint.phrases import PhraseMatcher, normalise_phrase
from newslint.textedit import removal_span

_SENTENCE_END = ".!?\u2026"
_CLOSERS = "\"'\u201d\u2019)]"
_OPENERS = "\"'\u201c\u2018"
_DECORATION = "-\u2013\u2014*\u2022|[]()"


class StrayAdvertisement(Rule):
    code = "ADV001"
    name = "stray-advertisement"
    category = "advertisement"
    fix_availability = FixAvailability.ALWAYS
    pack_fields = {
        "markers": PackField("phrases", "Single words that label an ad slot when capitalised and standing alone."),
        "phrases": PackField("phrases", "Multi-word ad labels, residue in any case."),
        "exceptions": PackField("phrases", "Phrases beginning with a marker that are prose, not a label."),
    }

    def setup(self) -> None:
        self.markers = {normalise_phrase(p) for p in self.vocabulary["markers"]}
        self.phrases = {normalise_phrase(p) for p in self.vocabulary["phrases"]}
        self.matcher = PhraseMatcher(self.markers | self.phrases)
        self.exceptions = PhraseMatcher(self.vocabulary["exceptions"])

    def check(self, doc):
        text, lower = doc.text, doc.lower
        runs = self._runs(text, lower)
        for start, end in runs:
            line_start = text.rfind("\n", 0, start) + 1
            line_end = text.find("\n", end)
            line_end = len(text) if line_end < 0 else line_end
            start, end = _widen_decoration(text, start, end, line_start, line_end)
            before = text[line_start:start].rstrip()
            after = text[end:line_end].strip()
            if before and not _ends_sentence(before):
                continue
            if after and not (after[0].isupper() or after[0] in _OPENERS):
                continue
            fix_start, fix_end = removal_span(text, start, end)
            marker = " ".join(text[start:end].split())
            yield self.report(fix_start, fix_end, f"Stray advertisement marker {marker!r} in the text",
                              Fix.safe("Remove the advertisement marker", Edit.deletion(fix_start, fix_end)))

    def _runs(self, text: str, lower: str) -> list[tuple[int, int]]:
        """Marker spans that pass the case test, merged when only spaces or dashes separate them."""
        runs: list[list[int]] = []
        for a, b in self.matcher.finditer(lower):
            found = " ".join(lower[a:b].split())
            exception = self.exceptions.search(lower, a, min(len(lower), a + 80)) if self.exceptions else None
            if exception is not None and exception[0] == a:
                continue
            if found in self.markers and found not in self.phrases:
                original = text[a:b]
                if not (original[0].isupper() and (original[1:].islower() or original.isupper())):
                    continue
            if runs and not text[runs[-1][1]:a].strip(" \t" + _DECORATION):
                runs[-1][1] = b
            else:
                runs.append([a, b])
        return [(a, b) for a, b in runs]


def _widen_decoration(text: str, start: int, end: int, line_start: int, line_end: int) -> tuple[int, int]:
    """Take in dashes and brackets around a marker: "- Advertisement -", "[Advertisement]"."""
    left = start
    while left > line_start and text[left - 1] in " \t":
        left -= 1
    if left > line_start and text[left - 1] in _DECORATION and (left - 1 == line_start or text[left - 2] in " \t"):
        start = left - 1
    right = end
    while right < line_end and text[right] in " \t":
        right += 1
    if right < line_end and text[right] in _DECORATION and (right + 1 == line_end or text[right + 1] in " \t\r"):
        end = right + 1
    return start, end


def _ends_sentence(before: str) -> bool:
    stripped = before.rstrip(_CLOSERS)
    return bool(stripped) and stripped[-1] in _SENTENCE_END


@hookimpl
def newslint_register_rules():
    return [StrayAdvertisement]
