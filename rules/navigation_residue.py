"""Page-furniture label left on a line of its own: "Read more:", "Source link", share bars, comment widgets.

## What it does
Finds lines that are nothing but a label from the page around the article: skip
links ("Skip to main content", "skip past newsletter promotion"), link stubs
("Read more:", "Read Entire Article", "Source link", "Politics latest:"), share
bars ("Share on Facebook Share on Twitter Share via Email", "Share this article"),
comment widgets ("Comments", "No comments yet...", "12 Comments"), tag boxes
("Hashtags", "Tags: Brexit, EU") and lone widget titles ("Most Read").
Consecutive label lines ("Comments" then "No comments yet...") are one finding.

A label counts only when it fills its whole line (bullets, pipes, arrows and a
trailing colon aside), so a sentence that merely starts with the same words
("Read more about the plan in the report.", "Share this article with a friend if
you found it useful.") is prose and left alone. A line such as
"Read more: Ministers reject pay offer" is a link to another story: the lead-in
must be followed by a colon and a headline (no full stop at the end).

## Why it matters
These labels are the clickable parts of the page the scraper flattened into the
text. They carry no content, break the flow between paragraphs and teach a
language model that articles end in "Source link".

## Example
```text
The minister said the plan would be published next week.

Read more:

Opposition parties called the delay unacceptable.
```
Use instead:
```text
The minister said the plan would be published next week.

Opposition parties called the delay unacceptable.
```

## Fix safety
The fix deletes the label's whole line (and one blank line when the label was a
paragraph of its own). It is safe for labels and share bars, which carry no text
of the article. It is unsafe for link lines ("Read more: <headline>"), whose
headline a person may want to keep as a note.

## Options
Extend the vocabulary with `extend-labels` (whole-line labels),
`extend-share-items` (share-bar buttons), `extend-lead-ins` (words that introduce
a link line before a colon), `extend-widget-titles` (titles of lists of other
stories, flagged only when no list follows) and `extend-patterns` (regular
expressions matched against the whole line, lower-cased, leading bullets
removed).

## Known false positives
A one-word subheading that happens to be a label ("Comments") is flagged.
"""

from __future__ import annotations

import re

from newslint import Edit, Fix, FixAvailability, PackField, Rule, hookimpl
from newslint.phrases import PhraseMatcher, normalise_phrase, trie_pattern
from newslint.rules.support.lines import (LINE_SPACE, LINE_SYMBOLS, compile_pattern, excerpt, first_word, is_symbol,
                                          leading_words, line_candidates, line_end, line_filter_words, line_form,
                                          line_trie, register_line_filter, required_words, words_ahead)
from newslint.textedit import removal_span

_MAX_LINE = 120  # longer lines are prose, not labels
# Decoration around a label: bullets, arrows, pipes, brackets, emoji.
_DECORATION = " \t\u00a0\u200b|•·»«›‹>*#_=~-–—→←↑↓▶►◀◄▸▹✓✔❯❮+[](){}<"
_TRAILING = _DECORATION + ":.…!"
_SEPARATORS = re.compile(r"[\s\u00a0|•·/,]+")
_HEADLINE_END = ".;,"
# A colon followed by the start of a sentence: where an inline "Read more:" may end.
_COLON_BEFORE_SENTENCE = re.compile(r":[ \t]+(?=[\"'\u201c\u2018]?[A-Z0-9])")
_LATEST = re.compile(r"[A-Z][a-z]+(?: [A-Za-z][a-z]+)? latest")
_SENTENCE_END = ".!?\u2026"
_CLOSERS = "\"'\u201d\u2019)]"
_TIME_AGO = re.compile(r"^(?:\d{1,2}|an?|one|a few) (?:min(?:ute)?s?|hours?|hrs?|days?|weeks?) ago$")


def _strip_decoration(line: str) -> str:
    stripped = line.strip(_TRAILING)
    while stripped and is_symbol(stripped[0]):
        stripped = stripped[1:].strip(_TRAILING)
    while stripped and is_symbol(stripped[-1]):
        stripped = stripped[:-1].strip(_TRAILING)
    return stripped


def normalise_line(line: str) -> str:
    """The lookup key of a line: decoration stripped, lower case, single spaces, straight apostrophes."""
    return " ".join(_strip_decoration(line).lower().replace("\u2019", "'").split())


def _headline_like(line: str) -> bool:
    """A short line that reads as a link to another story, not as a sentence."""
    stripped = line.strip()
    words = stripped.split()
    return 2 <= len(words) <= 20 and len(stripped) <= 160 and stripped[-1] not in _HEADLINE_END


class NavigationResidue(Rule):
    code = "NAV001"
    name = "navigation-residue"
    category = "navigation"
    fix_availability = FixAvailability.ALWAYS
    pack_fields = {
        "labels": PackField("phrases", "Labels that are page furniture when they fill a line."),
        "share_items": PackField("phrases", "Share-bar buttons; a line made only of them is a share bar."),
        "lead_ins": PackField("phrases", "Words that, before a colon and a headline, make a link line."),
        "widget_titles": PackField("phrases", "Titles of lists of other stories: flagged only when no list follows."),
        "patterns": PackField("patterns", "Regular expressions matched against a whole normalised line."),
    }

    def setup(self) -> None:
        self.labels = {normalise_phrase(p) for p in self.vocabulary["labels"]}
        self.widget_titles = {normalise_phrase(p) for p in self.vocabulary["widget_titles"]}
        self.share_items = PhraseMatcher(self.vocabulary["share_items"])
        self.share_words = {normalise_phrase(p) for p in self.vocabulary["share_items"]}
        self.lead_ins = {normalise_phrase(p) for p in self.vocabulary["lead_ins"]}
        # Patterns that start with known words are tried only on lines starting with one of them.
        by_word: dict[str, list[str]] = {}
        free: list[str] = []
        for source in self.vocabulary["patterns"]:
            words = leading_words(source)
            if words is None:
                free.append(source)
            for word in words or ():
                by_word.setdefault(word, []).append(source)
        self.word_patterns = {word: compile_pattern("|".join(f"(?:{p})" for p in sources), ignore_case=True)
                              for word, sources in by_word.items()}
        # A line can be furniture only if its first word starts some label, button, lead-in,
        # widget title or pattern: a cheap test before any normalisation.
        self.first_words = set(by_word)
        for phrases in (self.labels, self.widget_titles, self.share_words, self.lead_ins):
            self.first_words.update(first_word(p) for p in phrases)
        self.pattern = compile_pattern("|".join(f"(?:{p})" for p in free), ignore_case=True) if free else None
        # a free pattern that may start with a letter defeats the first-word test
        self.any_start = any(not p.startswith(("\\d", "[0-9]")) for p in free)
        self.share_first = {p.split()[0] for p in self.share_words if p.split()}
        # Lines are found through the shared line-head index (one scan of the text for the
        # line rules), unless a free pattern may start with any word.
        self.line_filter = None if self.any_start else self._line_filter(by_word, free)
        if self.line_filter is not None:
            register_line_filter(self.line_filter, self.line_starts, digits=bool(free))
        # an inline "Read more:" label ends with the last word of a lead-in, or with "latest"
        tails = {"latest"}
        for phrase in self.lead_ins:
            if phrase.split():
                tails.add(phrase.split()[-1])
        tails |= {t.replace("'", "\u2019") for t in tails}
        by_length: dict[int, list[str]] = {}
        for tail in sorted(tails):
            by_length.setdefault(len(tail), []).append(re.escape(tail + ":"))
        behind = "|".join(f"(?<={'|'.join(group)})" for _, group in sorted(by_length.items()))
        # colons after such a word or after white space: one scan serves the inline labels
        # and the "<Section> latest:" lines
        self.colons = re.compile(f":(?:{behind}|(?<=[{LINE_SPACE}]:))")

    def _line_filter(self, by_word: dict[str, list[str]], free: list[str]) -> str:
        """What :meth:`classify` can accept, as a line filter (see :func:`line_candidates`).

        A whole-line label or widget title; a line starting with a pattern's first word and
        holding a word the pattern needs; a line made of share buttons and separators; a
        lead-in before a colon; a number (the patterns that start with a digit). A superset:
        :meth:`classify` decides.
        """
        tail = "[" + LINE_SPACE + LINE_SYMBOLS + re.escape(_TRAILING) + "]*(?:\n|\\Z)"
        phrases = {line_form(p) for p in self.labels | self.widget_titles}
        items = {line_form(p) for p in self.share_words}
        phrases |= {form for form in items if form.startswith("share")}  # a lone "share ..." button
        branches = [f"{line_trie((phrase, '') for phrase in phrases)}{tail}"]
        sources: dict[str, set[str]] = {}
        for word, patterns in by_word.items():
            for source in patterns:
                sources.setdefault(source, set()).add(line_form(word))
        entries = [(form, "(?![a-z])" + line_filter_words(source, forms, ignore_case=True))
                   for source, forms in sources.items() for form in forms]
        if entries:
            branches.append(line_trie(entries))
        if items:
            separator = f"[{LINE_SPACE}\u00a0|\u2022\u00b7/,]*+"
            item = f"(?:{trie_pattern(items)})"
            branches.append(f"{item}(?:{separator}{item})+{separator}{tail}")
        lead_ins = {line_form(p) for p in self.lead_ins}
        if lead_ins:
            branches.append(f"{line_trie((phrase, '') for phrase in lead_ins)}[{LINE_SPACE}]*:")
        self.line_starts = sorted(phrases | items | lead_ins | {form for form, _ in entries})
        if free:
            # the free patterns start with a digit: a word each of them needs narrows the numbers
            needed = [required_words(source) for source in free]
            branches.append("\\d" + (words_ahead(set().union(*needed), True) if all(needed) else ""))
        return "|".join(branches)

    # ---- classification of one line ----------------------------------------

    def plausible(self, stripped: str) -> bool:
        """Cheap test: can this (stripped) line be furniture at all?"""
        head = stripped.lstrip(_DECORATION)
        if self.any_start or not head or head[0].isdigit() or is_symbol(head[0]):
            return True
        return first_word(head[:30]) in self.first_words or (
            head.endswith(":") and _LATEST_LINE.search(head) is not None)

    def classify(self, line: str, key: str | None = None) -> tuple[str, bool] | None:
        """(description, safe) when the whole line is page furniture, else None."""
        stripped = line.strip()
        if not stripped or len(stripped) > _MAX_LINE:
            return None
        if _LATEST_LINE.fullmatch(stripped.lstrip(_DECORATION)) and not stripped.lower().startswith("the "):
            return "label", True
        if key is None:
            key = normalise_line(stripped)
        if not key:
            return None
        if key in self.labels:
            return "label", True
        raw = " ".join(stripped.lstrip(_DECORATION).lower().replace("\u2019", "'").split())
        first = _FIRST_WORD.match(raw)
        word_pattern = self.word_patterns.get(first.group()) if first else None
        if word_pattern is not None and word_pattern.fullmatch(raw):
            return "label", True
        if self.pattern is not None and self.pattern.fullmatch(raw):
            return "label", True
        if key.split(None, 1)[0] in self.share_first and self._is_share_bar(key):
            return "share bar", True
        if ":" in stripped and self._is_link_line(stripped):
            return "link line", False
        return None

    def _is_share_bar(self, key: str) -> bool:
        if not self.share_items:
            return False
        pos, items, sharing = 0, 0, False
        for a, b in self.share_items.finditer(key):
            if _SEPARATORS.sub("", key[pos:a]):
                return False
            items += 1
            sharing = sharing or "share" in key[a:b] or key[a:b] in ("tweet", "email", "print")
            pos = b
        if _SEPARATORS.sub("", key[pos:]):
            return False
        return items >= 2 or (items == 1 and sharing and key in self.share_words and key.startswith("share"))

    def _is_link_line(self, stripped: str) -> bool:
        body = stripped.strip(_DECORATION)
        colon = body.find(":")
        if colon <= 0 or colon > 30:
            return False
        lead = " ".join(body[:colon].lower().replace("\u2019", "'").split())
        if lead not in self.lead_ins:
            return False
        rest = body[colon + 1:].strip().rstrip("]").strip()
        if not rest:
            return True
        if not _headline_like(rest) or rest[0].islower() and not rest[0].isdigit():
            return False
        # a quotation or a sentence after the colon is prose, not a link
        return not re.search(r"[.!?][\"'\u201d\u2019]?\s+[A-Z]", rest)

    # ---- the check ----------------------------------------------------------

    def check(self, doc):
        text = doc.text
        found: list[list] = []  # [start, end, description, safe, newline after the line]
        for a in self._candidate_lines(doc):
            nl, b = line_end(text, a)
            if b - a > _MAX_LINE + 20 or b == a:
                continue
            line = text[a:b]
            if not self.plausible(line.strip()):
                continue
            key = normalise_line(line)
            verdict = self.classify(line, key)
            if verdict is None:
                if key in self.widget_titles and not self._list_follows(text, nl):
                    verdict = ("widget title", True)
            if verdict is None:
                continue
            if self._aggregator_follows(text, nl):
                continue  # the header of a related-stories block: related-tail reports it
            start = a + (len(line) - len(line.lstrip()))
            end = b - (len(line) - len(line.rstrip()))
            if found and found[-1][4] >= 0 and found[-1][4] + 1 == a:
                found[-1][1] = end
                found[-1][3] = found[-1][3] and verdict[1]
                found[-1][4] = nl
            else:
                found.append([start, end, verdict[0], verdict[1], nl])
        spans = [(start, end, description, safe) for start, end, description, safe, _ in found]
        if ":" in text:
            spans.extend(self._inline_labels(doc, text, [(s[0], s[1]) for s in spans]))
            spans.sort()
        for start, end, description, safe in spans:
            fix_start, fix_end = removal_span(text, start, end)
            shown = excerpt(text, start, end)
            where = "between two sentences" if description == "link label" else "on a line of its own"
            message = f"Navigation residue ({description}) {shown!r} {where}"
            maker = Fix.safe if safe else Fix.unsafe
            yield self.report(fix_start, fix_end, message,
                              maker("Remove the navigation line", Edit.deletion(fix_start, fix_end)))

    def _candidate_lines(self, doc) -> list[int]:
        """Start offsets, in order, of the lines that may be furniture (a superset)."""
        text = doc.text
        if self.line_filter is None:
            return [0, *(m.end() for m in _NEWLINE.finditer(text))]
        rfind = text.rfind
        starts = {rfind("\n", 0, pos) + 1 for pos in line_candidates(doc, self.line_filter)}
        lower = doc.lower
        for colon in self._colons(doc):  # "Politics latest:", whatever its first word
            if lower.endswith("latest", 0, colon) or lower.endswith("latest ", 0, colon):
                starts.add(rfind("\n", 0, colon) + 1)
        return sorted(starts)

    def _colons(self, doc) -> list[int]:
        """Offsets of the colons that may end an inline label or a "latest:" line."""
        cached = doc.cache.get("navigation-residue:colons")
        if cached is None or cached[0] is not self.colons:
            cached = (self.colons, [m.start() for m in self.colons.finditer(doc.lower)] if ":" in doc.text else [])
            doc.cache["navigation-residue:colons"] = cached
        return cached[1]

    def _inline_labels(self, doc, text: str, taken: list[tuple[int, int]]):
        """Colon labels glued between two sentences: "... the data. Read more: She found ..."."""
        # Only a colon right after a lead-in's last word or "latest" (or after a space) can
        # end a label: found in C, then checked against the full expression.
        for colon in self._colons(doc):
            match = _COLON_BEFORE_SENTENCE.match(text, colon)
            if match is None:
                continue
            line_start = text.rfind("\n", 0, colon) + 1
            window = max(line_start, colon - 40)
            cut = max(text.rfind(". ", window, colon), text.rfind("! ", window, colon), text.rfind("? ", window, colon),
                      text.rfind("\u201d ", window, colon), text.rfind('" ', window, colon))
            if cut < 0:
                if line_start < window:
                    continue
                start = line_start
            else:
                start = cut + 2
                if not _ends_sentence(text[line_start:cut + 1]):
                    continue
            label = text[start:colon]
            lead = " ".join(label.lower().replace("\u2019", "'").split())
            if lead not in self.lead_ins and not _LATEST.fullmatch(label):
                continue
            if start == line_start and cut < 0 and lead not in self.lead_ins:
                continue
            end = match.end()
            if any(a < end and start < b for a, b in taken):
                continue
            yield start, end, "link label", True

    @staticmethod
    def _next_lines(text: str, nl: int, count: int) -> list[str]:
        """The next ``count`` non-blank lines (stripped) after the line break at ``nl``."""
        out = []
        while nl >= 0:
            a = nl + 1
            nl = text.find("\n", a)
            line = (text[a:] if nl < 0 else text[a:nl]).strip()
            if line:
                out.append(line)
                if len(out) == count:
                    break
        return out

    def _list_follows(self, text: str, nl: int) -> bool:
        following = self._next_lines(text, nl, 2)
        return len(following) == 2 and all(_headline_like(line) for line in following)

    def _aggregator_follows(self, text: str, nl: int) -> bool:
        following = self._next_lines(text, nl, 2)
        return len(following) == 2 and bool(_TIME_AGO.match(following[1].lower()))


_FIRST_WORD = re.compile(r"[a-z]+")
# "Politics latest:": a section's live-page link, alone on its line.
_LATEST_LINE = re.compile(r"[A-Za-z]+(?: [A-Za-z]+)? [Ll]atest ?:\s*$")


def _ends_sentence(before: str) -> bool:
    stripped = before.rstrip().rstrip(_CLOSERS)
    return bool(stripped) and stripped[-1] in _SENTENCE_END


_NEWLINE = re.compile("\n")


@hookimpl
def newslint_register_rules():
    return [NavigationResidue]
