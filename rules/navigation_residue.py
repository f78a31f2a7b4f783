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
from collections.abc import Iterable

from newslint import Edit, Fix, FixAvailability, PackField, Rule, hookimpl
from newslint.phrases import PhraseMatcher, normalise_phrase, trie_pattern
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
    while stripped and _is_symbol(stripped[0]):
        stripped = stripped[1:].strip(_TRAILING)
    while stripped and _is_symbol(stripped[-1]):
        stripped = stripped[:-1].strip(_TRAILING)
    return stripped


def _is_symbol(char: str) -> bool:
    """Emoji and pictographs used as bullets (👉, 📧, ➡)."""
    code = ord(char)
    return 0x2190 <= code <= 0x2BFF or 0x1F000 <= code <= 0x1FAFF or code in (0xFE0F, 0x200D)


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
            words = _leading_words(source)
            if words is None:
                free.append(source)
            for word in words or ():
                by_word.setdefault(word, []).append(source)
        self.word_patterns = {word: _compile("|".join(f"(?:{p})" for p in sources))
                              for word, sources in by_word.items()}
        # A line can be furniture only if its first word starts some label, button, lead-in,
        # widget title or pattern: a cheap test before any normalisation.
        self.first_words = set(by_word)
        for phrases in (self.labels, self.widget_titles, self.share_words, self.lead_ins):
            self.first_words.update(_first_word(p) for p in phrases)
        self.pattern = _compile("|".join(f"(?:{p})" for p in free)) if free else None
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
            needed = [_required_words(source) for source in free]
            branches.append("\\d" + (_words_ahead(set().union(*needed), True) if all(needed) else ""))
        return "|".join(branches)

    # ---- classification of one line ----------------------------------------

    def plausible(self, stripped: str) -> bool:
        """Cheap test: can this (stripped) line be furniture at all?"""
        head = stripped.lstrip(_DECORATION)
        if self.any_start or not head or head[0].isdigit() or _is_symbol(head[0]):
            return True
        return _first_word(head[:30]) in self.first_words or (
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
            nl = text.find("\n", a)
            b = len(text) if nl < 0 else nl
            if b > a and text[b - 1] == "\r":
                b -= 1
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
            shown = " ".join(text[start:end].split())
            if len(shown) > 60:
                shown = shown[:57] + "..."
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


def _first_word(phrase: str) -> str:
    words = phrase.split(None, 1)
    return words[0].lower().strip(":,.!?\u2026").replace("\u2019", "'") if words else ""
_LEADING_ALTERNATIVES = re.compile(r"\(\?:((?:[a-z]+(?: [a-z]+)*\|)*[a-z]+(?: [a-z]+)*)\)")
_LEADING_WORD = re.compile(r"[a-z]+(?=[ :\\(?*{]|$)")


def _leading_words(source: str) -> list[str] | None:
    """The words a pattern can start with, or None when that cannot be told from its text."""
    alternatives = _LEADING_ALTERNATIVES.match(source)
    if alternatives:
        if source[alternatives.end():alternatives.end() + 1] in ("?", "*", "{"):
            return None  # an optional group: the pattern may start with something else
        return sorted({alt.split()[0] for alt in alternatives.group(1).split("|")})
    word = _LEADING_WORD.match(source)
    if not word or source[word.end():word.end() + 1] in ("?", "*", "{", "("):
        return None
    return [word.group()]


def _required_words(source: str, avoid: set[str] = frozenset(), exact_spaces: bool = False) -> set[str] | None:
    """Words (runs of ASCII letters) one of which every match of ``source`` holds, or None.

    Read from the parsed expression: a literal run, or one group or alternation every
    branch of which needs a word; the choice whose shortest word is longest wins (a word
    inside one of ``avoid``, the words a line filter already tests, counts as empty), then
    the one with fewer words. With ``exact_spaces`` (text matched without folding white
    space) a literal run is kept whole, spaces included.
    """
    try:
        from re import _constants as sre_constants, _parser as sre_parse
    except ImportError:  # Python < 3.11
        import sre_constants
        import sre_parse
    try:
        parsed = sre_parse.parse(source)
    except Exception:
        return None
    repeats = {sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT}
    repeats.update(getattr(sre_constants, name) for name in ("POSSESSIVE_REPEAT",) if hasattr(sre_constants, name))

    def words_of(run: list[str]) -> set[str] | None:
        literal = "".join(run)
        if not literal.isascii() or not re.search("[a-zA-Z]", literal):
            return None
        if exact_spaces:
            return {literal.lower()}
        return {max(re.findall("[a-z]+", literal.lower()), key=len)}

    def strength(words: set[str]) -> tuple[int, int]:
        return min(0 if any(w.strip() in a for a in avoid) else len(w.strip()) for w in words), -len(words)

    def needed(items) -> set[str] | None:
        options: list[set[str]] = []
        run: list[str] = []
        for op, av in items:
            if op is sre_constants.LITERAL:
                run.append(chr(av))
                continue
            if run:
                found = words_of(run)
                if found:
                    options.append(found)
                run = []
            sub = None
            if op is sre_constants.SUBPATTERN:
                sub = needed(av[-1])
            elif op is sre_constants.BRANCH:
                subs = [needed(branch) for branch in av[1]]
                sub = None if not subs or any(not x for x in subs) else set().union(*subs)
            elif op in repeats and av[0] >= 1:
                sub = needed(av[2])
            if sub:
                options.append(sub)
        if run:
            found = words_of(run)
            if found:
                options.append(found)
        return max(options, key=strength) if options else None

    return needed(parsed)


def _ends_sentence(before: str) -> bool:
    stripped = before.rstrip().rstrip(_CLOSERS)
    return bool(stripped) and stripped[-1] in _SENTENCE_END


def _compile(source: str):
    try:
        return re.compile(source, re.IGNORECASE)
    except re.error:
        import regex

        return regex.compile(source, regex.IGNORECASE | regex.V0)


_NEWLINE = re.compile("\n")


# ---- the line index shared by the line rules -------------------------------------------
#
# NAV001, NAV002, PRO001 and REL001 look at lines by how they start: a label filling the
# line, a section link, a call-out's first verb, a block title. A Python loop over every
# line costs seconds on pages of many short lines, and a regular-expression scan from every
# line break costs a tenth of a second per rule, so the rules share one scan: each
# registers a *line filter*, an expression matched in ``doc.lower`` where a line's text
# starts (after white space, bullets, pipes, emoji and other decoration) that lets through
# every line the rule may report (a superset: the rule then decides on each line with its
# own exact test). ``line_candidates(doc, source)`` gives the offsets where a line passed
# the filter ``source``; one scan per document serves every registered filter, and its
# result is kept in ``doc.cache``.

# White space (str.isspace) except the line break, spelt out: a class with "\s" would run
# across blank lines, and a scan starting at every line break would then cost the square of
# a run of blank lines.
LINE_SPACE = "\\t\\x0b\\x0c\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000"
# Emoji, arrows and pictographs used as bullets.
LINE_SYMBOLS = "\\u2190-\\u2bff\\ufe0f\\u200d\\U0001f000-\\U0001faff"
# Skipped before a filter is tried: white space, pictographs, and every decoration and
# punctuation the line rules strip from the start of a line before their tests.
LINE_DECORATION = "\u200b|\u2022\u00b7\u00bb\u00ab\u203a\u2039>*#_=~-\u2013\u2014+[](){}<:,.!?\u2026"
_LINE_SKIP = "[" + LINE_SPACE + LINE_SYMBOLS + re.escape(LINE_DECORATION) + "]*+"
# Where a line's text starts 20 characters or more after the line's start (a rule that
# cuts a line's head short may then see a word cut short too).
LINE_FAR = "(?<=[" + LINE_SPACE + LINE_SYMBOLS + re.escape(LINE_DECORATION) + "]{20})"
_LINES_CACHE = "line-rules:candidates"


class _LineIndex:
    sources: list[str] = []
    compiled_sources: list[str] = []
    words: set[str] = set()  # the first words of every filter's branches
    digits = False  # whether a filter has a branch starting with a digit
    open = False  # whether a filter has a branch that may start with anything
    bounded = True  # whether every filter needs a non-letter after its first word
    search = None  # "\n", the skipped decoration, then which filters pass there


def line_form(phrase: str) -> str:
    """A phrase as a line filter meets it: lower case, without the decoration the scan skips."""
    form = normalise_phrase(phrase)
    while form and (form[0].isspace() or form[0] in LINE_DECORATION or _is_symbol(form[0])):
        form = form[1:]
    return form


def register_line_filter(source: str, starts: Iterable[str], digits: bool = False, bounded: bool = True) -> None:
    """Add a rule's line filter to the shared scan (once per distinct filter).

    ``starts`` are the phrases (in line form) the filter's branches start with, and
    ``digits`` says whether a branch starts with a digit, ``bounded`` whether every branch
    needs a non-letter after its first word (but on a line whose text starts 20 characters
    in or more, see :data:`LINE_FAR`): the scan first tests the line against the first
    words of every registered filter at once (one trie), so most lines cost one quick test
    whatever the number of filters.
    """
    if source in _LineIndex.sources:
        return
    re.compile(source)  # fails here, in setup, rather than on the first document
    words = {phrase.split()[0] for phrase in starts if phrase.split()}
    if any(not phrase.split() for phrase in starts):
        _LineIndex.open = True  # a branch may start anywhere: no first-word test
    _LineIndex.words |= words
    _LineIndex.digits = _LineIndex.digits or digits
    _LineIndex.bounded = _LineIndex.bounded and bounded
    _LineIndex.sources = [*_LineIndex.sources, source]
    _LineIndex.search = None  # compiled on first use, once every rule has registered


def _compile_index() -> None:
    sources = _LineIndex.sources
    flags = "".join(f"(?:(?={s})()|)" for s in sources)
    passed = "(?!)"
    for number in range(len(sources), 0, -1):
        passed = f"(?({number})|{passed})"
    gate = ""
    if not _LineIndex.open:
        words = line_trie((word, "") for word in _LineIndex.words) if _LineIndex.words else "(?!)"
        if _LineIndex.bounded:
            words = f"{LINE_FAR}|(?:{words})(?![a-z])"
        gate = "|".join([words] + (["\\d"] if _LineIndex.digits else []))
        gate = f"(?={gate})"
    _LineIndex.search = re.compile(f"\n{_LINE_SKIP}{gate}{flags}{passed}")
    _LineIndex.compiled_sources = sources


def line_candidates(doc, source: str) -> list[int]:
    """Offsets in ``doc`` (where the line's text starts) of the lines that pass ``source``."""
    if _LineIndex.search is None:
        _compile_index()
    cached = doc.cache.get(_LINES_CACHE)
    if cached is None or cached[0] is not _LineIndex.search:
        search = _LineIndex.search
        found: list[list[int]] = [[] for _ in _LineIndex.compiled_sources]
        lower = doc.lower
        # the first line has no line break before it: try it on a copy that has one
        nl = lower.find("\n")
        first = search.match("\n" + (lower if nl < 0 else lower[:nl + 1]))
        for matches, shift in (((first,) if first else (), -1), (search.finditer(lower), 0)):
            for m in matches:
                pos = m.end() + shift
                for index, flag in enumerate(m.groups()):
                    if flag is not None:
                        found[index].append(pos)
        cached = (search, dict(zip(_LineIndex.compiled_sources, found)))
        doc.cache[_LINES_CACHE] = cached
    return cached[1][source]


def line_filter_words(source: str, leading: Iterable[str] = (), ignore_case: bool = False) -> str:
    """A look-ahead for the rest of a line holding a word ``source`` needs (see
    :func:`_required_words`), to be tried right after one of the words ``leading`` that
    ``source`` starts with (and a word boundary); "" when that cannot be told."""
    leading = set(leading)
    words = _required_words(source, leading)
    if not words or any(word in lead for word in words for lead in leading):
        return ""  # the word may be the leading word itself, already behind
    return _words_ahead(words, ignore_case)


def _words_ahead(words: set[str], ignore_case: bool) -> str:
    """A look-ahead for one of ``words`` (lower case) in the rest of the line, in ``doc.lower``.

    With ``ignore_case`` (the words come from a pattern matched case-insensitively), the
    characters that such a pattern also matches in lower-case text are allowed too
    ("ſ" for s, "ı" and "İ" for i, the Kelvin sign for k).
    """
    def spelled(word: str) -> str:
        if not ignore_case:
            return re.escape(word)
        return "".join(_FOLDED.get(char, re.escape(char)) for char in word)

    alternatives = "|".join(sorted(spelled(word) for word in words))
    return f"(?=[^\\n]*(?:{alternatives}))"


_FOLDED = {"i": "[i\u0130\u0131]", "k": "[k\u212a]", "s": "[s\u017f]"}


def line_trie(entries: Iterable[tuple[str, str]]) -> str:
    """One expression for phrases each followed by its own continuation.

    ``entries`` are (phrase, continuation) pairs; phrases sharing a prefix share its
    branch (as in :func:`newslint.phrases.trie_pattern`: a space matches a run of white
    space, an apostrophe both ' and \u2019), so a line that starts with
    none of the phrases fails at once, and one that does tries only its phrase's
    continuations.
    """
    root: dict = {}
    for phrase, continuation in entries:
        node = root
        for char in phrase:
            node = node.setdefault(char, {})
        node.setdefault("", []).append(continuation)
    return _trie_node(root) or "(?!)"


# Letters by how often they start a line of English text: an alternation is tried in order,
# so the usual first letters come first.
_LETTER_ORDER = {letter: rank for rank, letter in enumerate("tsacpbmwfhirdelgnouvkjyqzx")}


def _char_order(item: tuple[str, dict]) -> tuple[int, str]:
    return _LETTER_ORDER.get(item[0], len(_LETTER_ORDER)), item[0]


def _trie_node(node: dict) -> str:
    branches = []
    for char, child in sorted(((k, v) for k, v in node.items() if k), key=_char_order):
        if char == " ":
            head = "\\s+"  # may run across a line break: only lets more through
        elif char == "'":
            head = "['\u2019]"
        else:
            head = re.escape(char)
        branches.append(head + _trie_node(child))
    if "" in node:
        ends = sorted(set(node[""]))
        branches.append(ends[0] if len(ends) == 1 else "(?:" + "|".join(ends) + ")")
    if not branches:
        return ""
    return branches[0] if len(branches) == 1 and "" not in node else "(?:" + "|".join(branches) + ")"


@hookimpl
def newslint_register_rules():
    return [NavigationResidue]
