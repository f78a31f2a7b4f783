"""Function word written twice in a row: "the the", "of of", "is is".

## What it does
Finds a word from the pack's list typed twice with only spaces between ("in the
the end", "a rise of of 4%", "and and"). Only words that English does not
double are listed: articles, prepositions, conjunctions, possessives and
auxiliaries. Words that can meet themselves in good prose carry their
exceptions in the pack: "what it is is", "sworn in in 1999", "waiting for for
years", "said that that was wrong" ("that that" counts only before a word such as
"the" or "we"), "free will will"; "had had", "this this", "her her" and content
words ("very very", "bye bye", "Walla Walla") are not listed at all.

A pair is left alone when the second copy is capitalised ("the The Hague
Convention", band and show titles), when the first is capitalised in the middle
of a sentence ("grade A a"), when a hyphen joins either copy to another word
("break-in in 1999", "in in-person classes") and when the copies sit on
different lines. A pair right after an opening quotation mark or bracket
('"the the') is not looked for: that rare position would cost another pass over
the text.

## Why it matters
Doubled words are the most common typing and editing slip in scraped news and
survive spell-checkers. They read badly, and they skew word statistics and
language-model training.

## Example
```text
The deal was signed at the the end of the year.
```
Use instead:
```text
The deal was signed at the end of the year.
```

## Fix safety
The fix deletes the second copy and the space before it. It is safe for the
words in `words` (a doubled "the" or "of" is never meant) and unsafe for the
words in `contextual`, whose doubling is sometimes right in a context the
exceptions do not foresee.

## Options
Extend the vocabulary with `extend-words` (lower-case words whose doubling is
always a slip) and `extend-contextual` (tables with `word` and optional
`not-before` / `not-after` / `unless` regular expressions on the lower-cased
text: the text before the pair must not end with `not-before`, the text after it
must not start with `not-after`, and no match of `unless` may cover the pair
(`"sworn in in (?:\\d|january)"`); `before` / `after` restrict the pair to a
context; `fix` is `unsafe` unless set to `safe` or `display-only`). Word lists
the patterns share go in `extend-lists` (tables with `name` and `words`) and are
named in a pattern as `<name>`.

## Known false positives
Transcribed speech can double a word on purpose: "the thing is is that" is left
alone, other spoken patterns are not.
"""

from __future__ import annotations

import re

from newslint import Edit, FixAvailability, PackField, Rule, hookimpl
from newslint.phrases import trie_pattern
from newslint.rules.support.typo_patterns import FIX_MAKERS, WORD_LISTS_FIELD, compile_pattern, expand_lists, word_lists

_WINDOW = 120
_SENTENCE_END = ".!?\u2026:;"
_PATTERN_KEYS = ("before", "after", "not-before", "not-after", "unless")
_OPENERS = "\"'\u201c\u2018([\u2014\u2013-"


class _Context:
    __slots__ = ("before", "after", "not_before", "not_after", "unless", "make_fix")

    def __init__(self, entry: dict, where: str, lists: dict[str, str] | None = None):
        entry = {key: expand_lists(value, lists or {}, f"{where}.{key}") if key in _PATTERN_KEYS else value
                 for key, value in entry.items()}
        self.before = compile_pattern(entry.get("before"), where, r"\Z")
        self.after = compile_pattern(entry.get("after"), where)
        self.not_before = compile_pattern(entry.get("not-before"), where, r"\Z")
        self.not_after = compile_pattern(entry.get("not-after"), where)
        self.unless = compile_pattern(entry.get("unless"), where)
        fix = entry.get("fix", "unsafe")
        if fix not in FIX_MAKERS:
            raise ValueError(f"{where}: 'fix' must be one of {', '.join(FIX_MAKERS)}, not {fix!r}")
        self.make_fix = FIX_MAKERS[fix]

    def holds(self, lower: str, start: int, end: int) -> bool:
        window = max(0, start - _WINDOW)
        if self.after is not None and self.after.match(lower, end) is None:
            return False
        if self.not_after is not None and self.not_after.match(lower, end):
            return False
        if self.before is not None and self.before.search(lower, window, start) is None:
            return False
        if self.not_before is not None and self.not_before.search(lower, window, start):
            return False
        if self.unless is not None:
            for match in self.unless.finditer(lower, window, min(len(lower), end + _WINDOW)):
                if match.start() <= start and match.end() >= end:
                    return False  # the pair is part of a phrase where it is right
        return True


_ALWAYS = _Context({"fix": "safe"}, "words")


class DoubledWord(Rule):
    code = "TYP002"
    name = "doubled-word"
    category = "typo"
    fix_availability = FixAvailability.ALWAYS
    pack_fields = {
        "words": PackField("words", "Words whose doubling is always a slip (safe fix)."),
        "contextual": PackField(
            "table",
            "Words whose doubling is a slip except in some contexts: `word`, optional `before`, `after`, "
            "`not-before`, `not-after`, `unless` patterns and `fix`.",
            keys={"word": str, "before": str, "after": str, "not-before": str, "not-after": str, "unless": str,
                  "fix": str},
            required=("word",),
            pattern_keys=("before", "after", "not-before", "not-after", "unless"),
        ),
        "lists": WORD_LISTS_FIELD,
    }

    def setup(self) -> None:
        self.contexts: dict[str, list[_Context]] = {}
        for word in self.vocabulary["words"]:
            self.contexts.setdefault(word.strip().lower(), []).append(_ALWAYS)
        lists = word_lists(self.vocabulary["lists"])
        for index, entry in enumerate(self.vocabulary["contextual"]):
            word = entry["word"].strip().lower()
            if not word or not re.fullmatch(r"[^\W\d_]+(?:['\u2019][^\W\d_]+)?", word):
                raise ValueError(f"contextual[{index}]: 'word' must be one word, not {entry['word']!r}")
            context = _Context(entry, f"contextual[{index}] ({word!r})", lists)
            entries = self.contexts.setdefault(word, [])
            if _ALWAYS in entries:  # a contextual entry overrides the plain list
                entries.remove(_ALWAYS)
            entries.append(context)
        self.patterns = ()
        if self.contexts:
            words = trie_pattern(self.contexts)
            tail = r"[ \t]+\1(?![\w'\u2019-])"
            # Each pattern starts with a literal (a space, a line break), so the scan stays fast; a pair
            # right after an opening quote or bracket is not looked for (one more pass for a rare case).
            self.patterns = (re.compile(f" ({words}){tail}"), re.compile(f"\\n({words}){tail}"))
            self.start = re.compile(f"({words}){tail}")
            self.fast = None
            if all(re.fullmatch("[a-z]+", word) for word in self.contexts):
                # Without tabs only spaces separate the copies, so after a space the next run of at
                # most the listed length of anything but a space is captured, possessively, and the
                # word list checked in Python: that costs less than walking the list's trie after
                # every space of the text (a listed word ends at a space, so the run is the word).
                size = max(map(len, self.contexts))
                tail = " ++\\1(?![\\w'\u2019-])"
                self.fast = ((re.compile(f" ([^ ]{{1,{size}}}+){tail}"), re.compile(f"\\n([a-z]{{1,{size}}}+){tail}")),
                             re.compile(f"([a-z]{{1,{size}}}+){tail}"))

    def check(self, doc):
        if not self.patterns:
            return
        text, lower = doc.text, doc.lower
        if self.fast is not None and "\t" not in lower:
            patterns, start = self.fast
            contexts = self.contexts
            matches = [m for pattern in patterns for m in pattern.finditer(lower) if m.group(1) in contexts]
            first_match = start.match(lower)
            if first_match is not None and first_match.group(1) in contexts:
                matches.append(first_match)
        else:
            matches = [m for pattern in self.patterns for m in pattern.finditer(lower)]
            first_match = self.start.match(lower)
            if first_match is not None:
                matches.append(first_match)
        for match in sorted(matches, key=lambda m: m.start(1)):
            first, second = match.span(1), (match.end() - (match.end(1) - match.start(1)), match.end())
            finding = self._judge(text, lower, first, second)
            if finding is not None:
                yield finding

    def _judge(self, text: str, lower: str, first: tuple[int, int], second: tuple[int, int]):
        written_first, written_second = text[first[0]:first[1]], text[second[0]:second[1]]
        if not written_second.islower():
            return None  # "the The Hague", "Oh What a Can Can Do"
        if not written_first.islower() and not _sentence_start(text, first[0]):
            return None  # "grade A a", "said The the"
        start, end = first[0], second[1]
        for context in self.contexts.get(lower[first[0]:first[1]], ()):
            if context.holds(lower, start, end):
                fix = context.make_fix(f"Delete the second '{written_second}'", Edit.deletion(first[1], second[1]))
                return self.report(start, end, f"'{written_first} {written_second}': the word is doubled", fix)
        return None


def _sentence_start(text: str, start: int) -> bool:
    """Whether only opening quotes or brackets stand between ``start`` and a sentence end or line start."""
    position = start - 1
    while position >= 0 and text[position] in " \t" + _OPENERS:
        position -= 1
    return position < 0 or text[position] in "\n\r" + _SENTENCE_END + "\u201d\u2019\"'"


@hookimpl
def newslint_register_rules():
    return [DoubledWord]
