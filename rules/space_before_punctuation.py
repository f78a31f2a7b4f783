"""Space before a comma, a full stop or a closing bracket, left where a link or tag ended.

## What it does
Finds a space between a word and the comma, full stop or closing bracket after it
("the fares went up after the council vote . It was"), and a space after an
opening bracket ("( £15,000)"). Scrapers that join a page's inline elements with
spaces leave this after every link that ends a clause, so the rule reports a
document only when it shows the fault at least three times (see `min-per-document`):
one or two spaces before a comma are more often the writer's own slips.

Left alone: ellipses spaced out as ". . .", decimals split by a space ("5 . 2"),
space before `?`, `!`, `:` and `;` (French typography puts a space there), a
dash between spaces, sign-up and consent small print (the rules that remove it
cover it), and a function word before the mark ("there will be a , as
planned"), where text is missing and `dropped-link-text` reports it.

## Why it matters
The stray space is read as a token of its own by tokenisers, breaks sentence
splitting, and shows readers that the text was taken apart and glued back.

## Example
```text
The row was stoked by the Home Office , the police and the council . It grew online , fast.
Ministers said on Monday that the review, which began in May, would report in June. Critics,
including two former judges, said it was too slow. The union, the party and the charity welcomed it.
```
Use instead:
```text
The row was stoked by the Home Office, the police and the council. It grew online, fast.
Ministers said on Monday that the review, which began in May, would report in June. Critics,
including two former judges, said it was too slow. The union, the party and the charity welcomed it.
```

## Fix safety
Safe: the fix deletes only the white space before the mark (or after the opening
bracket); no word is touched.

A document that spaces a large share of its commas and full stops this way (more
than `max-share`) is following a convention of its own (tokenised text, a
publisher's markup that always pads links), not showing scattered gaps; it is
left alone, as French spacing before `?` and `!` is.

## Options
- `min-per-document` (default 3): how many such spaces a document must show before
  any is reported. Set it to 1 to report every one.
- `max-share` (default 0.25): above this share of the document's commas and full
  stops, the spacing is taken as the document's convention and not reported.

Extend the vocabulary with `extend-furniture`: phrases of page small print in
whose sentences spacing is not reported.
"""

from __future__ import annotations

from newslint import Edit, Fix, FixAvailability, Option, PackField, Rule, hookimpl
from newslint.rules.support.gaps import spaced_marks

_CLOSERS = ",.)"
_BEFORE_OK = "\"'\u201d\u2019)]%"
_SENTENCE_END = ".!?"
_FUNCTION_WORDS = frozenset("a an the of and or nor but via into onto with from its their our your my per than".split())
class SpaceBeforePunctuation(Rule):
    code = "PUN001"
    name = "space-before-punctuation"
    category = "punctuation"
    fix_availability = FixAvailability.ALWAYS
    options = {
        "min-per-document": Option(3, "Spaces before punctuation a document must show before any is reported.", int),
        "max-share": Option(0.25, "Share of spaced commas and full stops above which spacing is the document's "
                                  "own convention.", float),
    }
    pack_fields = {
        "furniture": PackField("phrases", "Phrases of page small print whose sentences are left to other rules."),
    }

    def setup(self) -> None:
        self.min_count = max(1, self.settings["min-per-document"])
        self.max_share = self.settings["max-share"]
        self.furniture = tuple(sorted({" ".join(p.lower().split()) for p in self.vocabulary["furniture"]}))

    def check(self, doc):
        text = doc.text
        candidates = []
        closing, opening = self._closing, self._opening
        # " ,", " .", " )", "\t," and "\t.": one scan, shared with dropped-link-text
        for pos in spaced_marks(doc):
            mark = text[pos + 1]
            if mark in ",." or mark == ")" and text[pos] == " ":
                found = closing(text, pos)
                if found is not None:
                    candidates.append(found)
        find = text.find
        pos = find("(")
        while pos >= 0:
            if text[pos + 1:pos + 2] == " ":
                found = opening(text, pos)
                if found is not None:
                    candidates.append(found)
            pos = find("(", pos + 1)
        if len(candidates) < self.min_count:
            return
        spaced = sum(1 for candidate in candidates if candidate[4] in ",.")
        if spaced > self.max_share * max(1, text.count(",") + text.count(".")):
            return  # the document's own convention, not scattered gaps
        lower = doc.lower
        for start, end, gap_start, gap_end, mark, reportable in sorted(candidates):
            if not reportable or self._in_furniture(lower, gap_start):
                continue
            yield self.report(start, end, f"Space before {mark!r}" if mark != "(" else "Space after '('",
                              Fix.safe("Remove the space", Edit.deletion(gap_start, gap_end)))

    def _closing(self, text: str, pos: int):
        """A space run ending at ``pos + 1`` before a closing mark; None if it is not a candidate."""
        mark_at = pos + 1
        mark = text[mark_at]
        gap_start = pos
        while gap_start > 0 and text[gap_start - 1] in " \t":
            gap_start -= 1
        if gap_start == 0:
            return None
        before = text[gap_start - 1]
        if not (before.isalnum() or before in _BEFORE_OK):
            return None
        after = text[mark_at + 1:mark_at + 2]
        if mark in ",." and after and not after.isspace():
            if not (mark == "." and after in "\"'\u201d\u2019"):
                return None  # "5 .2", "...", ".com"
        if mark == "." and text.startswith(" .", mark_at + 1):
            return None  # ". . ." spaced ellipsis
        if mark == "." and before == "." or mark == "," and before == ",":
            return None
        if before.isdigit() and text[mark_at + 2:mark_at + 3].isdigit():
            return None
        word_start = gap_start
        while word_start > 0 and (text[word_start - 1].isalnum() or text[word_start - 1] in "'\u2019-"):
            word_start -= 1
        word = text[word_start:gap_start]
        if mark == ")":
            line_start = text.rfind("\n", 0, gap_start) + 1
            if text.rfind("(", max(line_start, gap_start - 300), gap_start) < 0:
                return None  # "a ) first option": a list marker, not a bracket
        reportable = word not in _FUNCTION_WORDS  # "the ,": text is missing, dropped-link-text reports it
        token_start = gap_start - 1
        while token_start > max(0, gap_start - 30) and not text[token_start - 1].isspace():
            token_start -= 1
        return (token_start, mark_at + 1, gap_start, mark_at, mark, reportable)

    def _opening(self, text: str, pos: int):
        gap_end = pos + 1
        while gap_end < len(text) and text[gap_end] in " \t":
            gap_end += 1
        if gap_end >= len(text) or not (text[gap_end].isalnum() or text[gap_end] in "\u00a3$\u20ac\"'\u201c\u2018"):
            return None
        line_end = text.find("\n", gap_end)
        line_end = len(text) if line_end < 0 else line_end
        if text.find(")", gap_end, min(line_end, gap_end + 300)) < 0:
            return None
        word_end = gap_end
        while word_end < len(text) and not text[word_end].isspace() and text[word_end] not in ",.;:)":
            word_end += 1
        return (pos, word_end, pos + 1, gap_end, "(", True)

    def _in_furniture(self, lower: str, at: int) -> bool:
        if not self.furniture:
            return False
        line_start = lower.rfind("\n", 0, at) + 1
        line_end = lower.find("\n", at)
        line_end = len(lower) if line_end < 0 else line_end
        start = max(line_start, at - 200)
        for end_mark in _SENTENCE_END:
            found = lower.rfind(end_mark + " ", start, at - 1)
            if found >= 0:
                start = max(start, found + 1)
        end = min(line_end, at + 200)
        for end_mark in _SENTENCE_END:
            found = lower.find(end_mark + " ", at + 2, end)
            if found >= 0:
                end = min(end, found + 1)
        sentence = lower[start:end]
        return any(phrase in sentence for phrase in self.furniture)


@hookimpl
def newslint_register_rules():
    return [SpaceBeforePunctuation]
