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

import re

from newslint import Edit, Fix, FixAvailability, PackField, Rule, hookimpl
from newslint.phrases import PhraseMatcher, normalise_phrase, trie_pattern
from newslint.rules.support.needles import NEEDLES
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
        self.plan = _CandidatePlan.build(self.matcher.phrases, self.markers, self.phrases) if self.matcher else None
        if self.plan is not None:
            NEEDLES.add(self.plan.needles)

    def check(self, doc):
        text = doc.text
        if self.plan is not None:
            matches = self.plan.matches(doc)
            if not matches:
                return
            lower = doc.lower
        else:
            lower = doc.lower
            matches = self.matcher.finditer(lower)
        runs = self._runs(text, lower, matches)
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

    def _runs(self, text: str, lower: str, matches) -> list[tuple[int, int]]:
        """Marker spans that pass the case test, merged when only spaces or dashes separate them."""
        runs: list[list[int]] = []
        for a, b in matches:
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


class _CandidatePlan:
    """Where a marker or label can start, found without scanning the text with the phrase matcher.

    The matcher's trie has no literal to start from, so scanning a whole text with it is
    slow. Every match that can become a finding starts at a place found cheaply instead:

    - a multi-word label (matched in any case) holds one of its words, a *needle*,
      found with the group's :data:`NEEDLES`; the label starts at most as many words
      before the needle as the needle's place in the label;
    - a marker word counts only when capitalised, so a long one is a needle of its own
      (its case is checked later) and a short one ("ad", everywhere inside words) is
      looked for in the original text, capitalised or in capitals only.

    At each such place the matcher's own expression decides what matches, with the same
    whole-word test, and matches are taken left to right without overlaps, as the
    matcher's scan takes them. Matches of lower-case marker words are the only ones
    skipped: they never become findings, and as single words they hide no other match.
    """

    def __init__(self, needles: dict[str, int], capitals, entries: list[str]):
        #: needle -> how many words before it a label holding it may start
        self.back = needles
        self.needles = tuple(sorted(needles))
        #: capitalised forms of short markers, in the original text (a compiled pattern, or None)
        self.capitals = capitals
        #: the phrase matcher's expression (the same source, so the same matches)
        self.pattern = re.compile(trie_pattern(entries))
        # where a match can start inside a stretch: one of the entries' first characters, at the
        # start of a word if it is a word character (the matcher's whole-word test)
        firsts = {entry[0] for entry in entries}
        if "'" in firsts:
            firsts.add("\u2019")
        word = "".join(re.escape(c) for c in sorted(firsts) if _is_word_char(c))
        other = "".join(re.escape(c) for c in sorted(firsts) if not _is_word_char(c))
        self.word_start = re.compile("|".join(([f"(?<!\\w)[{word}]"] if word else []) + ([f"[{other}]"] if other else [])))

    @classmethod
    def build(cls, entries: list[str], markers: set[str], phrases: set[str]) -> _CandidatePlan | None:
        """The plan for the matcher of ``entries`` (markers and phrases), or None when it cannot be made."""
        designated: dict[str, list[tuple[str, int]]] = {}  # entry -> [(needle, word index)]
        short_markers = []
        for entry in entries:
            words = entry.split(" ")
            cased = entry in markers and entry not in phrases and "'" not in entry
            if cased:
                if not all(ch.isalnum() or ch == "_" for ch in entry):
                    return None  # a marker that is not one word could hide another match
                if len(entry) <= 3:
                    short_markers.append(entry)
                    continue
                designated[entry] = [(entry, 0)]
                continue
            options = [(word, i) for i, word in enumerate(words) if len(word) >= 3 and "'" not in word]
            if not options:
                return None
            designated[entry] = sorted(options, key=lambda o: (-len(o[0]), o[1]))
        # one needle per entry, shared as much as possible: start from each entry's longest word and
        # drop the needles (shortest first) that no entry needs
        chosen = {options[0][0] for options in designated.values()}
        for needle in sorted(chosen, key=lambda n: (len(n), n)):
            others = chosen - {needle}
            if all(any(word in others for word, _ in options) for options in designated.values()):
                chosen = others
        # a needle that begins with another one is found with it ("continues" with "continue")
        shortest = {n: min((m for m in chosen if n.startswith(m)), key=len) for n in chosen}
        back: dict[str, int] = {}
        for options in designated.values():
            word, index = min((o for o in options if o[0] in chosen), key=lambda o: o[1])
            needle = shortest[word]
            back[needle] = max(back.get(needle, 0), index)
        capitals = None
        if short_markers:
            forms = sorted({f for m in short_markers for f in (m[:1].upper() + m[1:], m.upper())})
            capitals = re.compile("|".join(map(re.escape, forms)))
        return cls(back, capitals, entries)

    def matches(self, doc) -> list[tuple[int, int]]:
        """The whole-word matches of the phrase matcher that can become findings, left to right, without overlaps."""
        starts: set[int] = set()
        if self.capitals is not None:
            starts.update(m.start() for m in self.capitals.finditer(doc.text))
        found = NEEDLES.find(doc, self.needles)
        lower = None
        for needle, back in self.back.items():
            hits = found.get(needle)
            if not hits:
                continue
            if back == 0:
                starts.update(hits)
                continue
            lower = doc.lower
            word_start = self.word_start.finditer
            for hit in hits:
                # back to the start of the hit's word, then ``back`` words (and the space between) more
                pos = hit
                for step in range(back + 1):
                    while pos > 0 and not lower[pos - 1].isspace():
                        pos -= 1
                    if step == back:
                        break
                    while pos > 0 and lower[pos - 1].isspace():
                        pos -= 1
                starts.update(m.start() for m in word_start(lower, pos, hit + 1))
        if not starts:
            return []
        lower = doc.lower
        match = self.pattern.match
        out = []
        last_end = 0
        size = len(lower)
        for pos in sorted(starts):
            if pos < last_end:
                continue
            if pos > 0 and _is_word_char(lower[pos - 1]) and _is_word_char(lower[pos]):
                continue
            found_match = match(lower, pos)
            if found_match is None:
                continue
            a, b = found_match.span()
            if b == a:
                continue
            if b < size and _is_word_char(lower[b]) and _is_word_char(lower[b - 1]):
                continue
            out.append((a, b))
            last_end = b
        return out


def _is_word_char(char: str) -> bool:
    return char.isalnum() or char == "_"


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
