"""A gap where a link's text was dropped: a word that needs a complement followed by punctuation.

## What it does
Finds an article, a determiner, a preposition or a conjunction followed directly by
a comma, a full stop, a colon or a semicolon ("the board asked for a , as the
law requires", "a model built by the , which maps the galaxy"). No sentence puts a comma after "a"
or "the": the words in between (usually the text of a hyperlink or an embedded
name) were lost when the page was turned into text.

Only lower-case function words count, so labels such as "Group A, which" are left
alone.

## Why it matters
The sentence no longer says what it said, and nothing can repair it without the
source page: such documents need re-scraping or a person's review, and language
models should not learn "asked for a , as" as English.

## Example
```text
The board asked for a , as the law requires.
```
Use instead:
```text
The board asked for a public hearing, as the law requires.
```

## Options
Extend the vocabulary with `extend-function-words`: lower-case words that can
never stand right before a comma or a full stop.

## Known false positives
Quoted fragments that end on a function word on purpose ("the word 'the' ,
spaced") are rare but possible.
"""

from __future__ import annotations

from newslint import FixAvailability, PackField, Rule, hookimpl
from newslint.rules.support.gaps import spaced_marks

_MARKS = ",.;:"
class DroppedLinkText(Rule):
    code = "PUN002"
    name = "dropped-link-text"
    category = "punctuation"
    fix_availability = FixAvailability.NONE
    pack_fields = {
        "function_words": PackField("words", "Words that always need a word after them ('a', 'the', 'of')."),
    }

    def setup(self) -> None:
        self.words = frozenset(self.vocabulary["function_words"])

    def check(self, doc):
        text = doc.text
        seen = set()
        gaps = spaced_marks(doc)
        if not gaps:
            return
        for mark in _MARKS:
            for pos in gaps:
                if text[pos + 1] != mark or text[pos] != " ":
                    continue
                found = self._at(text, pos)
                if found is not None and found[0] not in seen:
                    seen.add(found[0])
                    start, end, word = found
                    yield self.report(start, end, f"Text is missing after {word!r}: a link's text was probably "
                                                  f"dropped here")

    def _at(self, text: str, pos: int):
        mark_at = pos + 1
        after = text[mark_at + 1:mark_at + 2]
        if after and not after.isspace():
            return None  # ".5", "...", ".com"
        gap_start = pos
        while gap_start > 0 and text[gap_start - 1] in " \t":
            gap_start -= 1
        word_start = gap_start
        while word_start > 0 and text[word_start - 1].isalpha():
            word_start -= 1
        word = text[word_start:gap_start]
        if word not in self.words:
            return None
        if word_start > 0 and (text[word_start - 1].isalnum() or text[word_start - 1] in "'\u2019-_"):
            return None
        return word_start, mark_at + 1, word


@hookimpl
def newslint_register_rules():
    return [DroppedLinkText]
