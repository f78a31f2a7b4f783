"""Publication dates, view counters and section breadcrumbs left in the article text.

## What it does
Finds the page furniture that records when and where an article appeared, when a
scraper keeps it as text:

- lines that are nothing but a timestamp, a relative time, a counter or a reading
  time ("Posted On: Wed, Mar 4th, 2026", "5 hours ago 12", "Lisbon Desk | 1,204
  views", "• 4 min read", "2026-01-30T14:05:22+01:00"), possibly with a short name
  in capitals ("By Marta Kowalski - 02/14/26 10:30 AM EST"); a run of such lines
  is one finding;
- a timestamp glued to the start of a paragraph, with no sentence around it
  ("date 2026-02-11 Ministers met...", "Feb. 3, 2026 7:15 am ET The storm...");
- a section breadcrumb: glued to the end of a headline ("... the harbour report |
  Business | News") or on a line of its own ("Home > News > Science").

A line counts only when every word in it is a date, a time, a label ("Published",
"Updated on"), a counter or a separator, apart from at most five capitalised
words (a name or a section). A date inside a sentence ("on 16 June 2025 the report
said") is prose and is left alone, as are lines with lower-case words.

## Why it matters
Timestamps and counters are not part of the story: they turn up as the first
"sentence" of an article, split headlines from text, and teach models that news
begins with "5 hours ago 12".

## Example
```text
Council approves new bus routes

5 hours ago 12

The council approved three new routes on Monday.
```
Use instead:
```text
Council approves new bus routes

The council approved three new routes on Monday, 2 March 2026.
```

## Fix safety
The fix deletes the metadata (the whole line, or the glued words and the space
after them). It is safe for lines made only of dates, times, labels and counters;
it is unsafe where the line also holds names or section words, or where the
metadata was glued to a paragraph, since a person may want to keep a byline or
check where the paragraph really starts.

## Options
Extend the vocabulary with `extend-months`, `extend-weekdays`, `extend-timezones`,
`extend-labels` ("Posted on"), `extend-counters` ("views"), `extend-units`
("hours"), `extend-crumbs` ("Home") and `extend-patterns` (whole timestamps a site
writes its own way, as regular expressions).

## Known false positives
A headline made only of capitalised words and a full date ("Election Day November
3, 2020") on a line of its own reads as a dateline.
"""

from __future__ import annotations

import bisect
import functools
import re
from itertools import accumulate

from newslint import Edit, Fix, FixAvailability, PackField, Rule, hookimpl
from newslint.rules.support.text_bytes import ascii_folds, utf8_bytes
from newslint.phrases import trie_pattern
from newslint.rules.support.literals import gates_pass as _gates_pass, required_literals as _necessary_literals
from newslint.textedit import removal_span

_MAX_LINE = 160  # longer lines are prose, never a metadata line
_MAX_FREE = 5  # capitalised words (names, sections) a metadata line may hold
_SENTENCE_END = ".!?\u2026"
_QUOTES = "\"'\u201c\u2018\u201d\u2019"
_FREE_WORD = re.compile(r"[^\s|\u00b7\u2022,;/()\[\]]+")
_SPACE = re.compile(r"\s*")
_ANY = re.compile(r"\S")
_WORD_HEAD = re.compile(r"[^\W\d_][\w-]*")  # the letters a word starts with ("Nov" in "Nov.", "quinta-feira")
_DIGIT = re.compile(r"[0-9]")
_YEAR = re.compile(r"(?:19|20)\d\d")
_JOINERS = frozenset("at on by and & de do da em el le la à às am um von por par the of admin staff".split())
_BREADCRUMB_SEPARATOR = re.compile(r"\s+(?:>|»|›|/|\|)\s+")
_PIPE = " | "
_DASHES = "-\u2013\u2014"

# the ASCII digits and line feeds of a text's UTF-8 bytes, every digit written "0" (what finds the lines
# holding a digit)
_NOT_DIGIT_OR_LINE_FEED = bytes(sorted(set(range(256)) - set(b"0123456789\n")))
_DIGITS_AS_ZERO = bytes.maketrans(b"0123456789", b"0" * 10)
_ZERO_RUN = re.compile(rb"00+")
_BREADCRUMB_MARKS = (">", "\u00bb", "\u203a", "/", "|")

# token kinds
_STRONG = {"date", "rel", "count", "read", "pattern"}
_META = {"date", "rel", "count", "read", "pattern", "time", "monthyear", "label", "weekday", "tz", "year", "num",
         "sep", "joiner"}


def _alternation(words) -> str:
    """An expression matching any of ``words``, the longest first (a space matches any white space).

    Written as a trie: words sharing a start share a branch, and a word that starts a longer one is
    an optional end of its branch, tried after the longer ones, so the engine tries the same words
    in the same order as with the flat list "longest first" but skips the branches whose first
    character does not fit at once.
    """
    unique = {w.strip().lower() for w in words if w.strip()}
    trie: dict = {}
    for word in unique:
        node = trie
        for char in word:
            node = node.setdefault(r"\s+" if char == " " else re.escape(char), {})
        node[""] = {}
    return _trie_source(trie) or "(?!)"


def _trie_source(node: dict) -> str:
    branches = [unit + _trie_source(child) for unit, child in sorted(node.items()) if unit]
    if not branches:
        return ""
    if len(branches) == 1 and "" not in node:
        return branches[0]
    body = "|".join(branches)
    return f"(?:{body})?" if "" in node else f"(?:{body})"


class GluedMetadata(Rule):
    code = "MET001"
    name = "glued-metadata"
    category = "metadata"
    fix_availability = FixAvailability.ALWAYS
    pack_fields = {
        "months": PackField("words", "Month names and abbreviations."),
        "weekdays": PackField("words", "Weekday names and abbreviations."),
        "timezones": PackField("words", "Time-zone abbreviations written after a clock time."),
        "labels": PackField("phrases", "Labels that introduce a timestamp: 'published on', 'updated'."),
        "counters": PackField("words", "Nouns counted next to an article: 'views', 'comments'."),
        "units": PackField("words", "Units of a relative time: 'hours' in '5 hours ago'."),
        "crumbs": PackField("words", "First crumb of a breadcrumb trail: 'home'."),
        "patterns": PackField("patterns", "Whole timestamps a site writes its own way."),
    }

    def setup(self) -> None:
        v = self.vocabulary
        month = rf"(?:{_alternation(v['months'])})\.?"
        weekday = rf"(?:{_alternation(v['weekdays'])})\.?,?"
        ordinal = r"\d{1,2}(?:st|nd|rd|th)?"
        year = r"(?:19|20)\d\d"
        date = (rf"{month}\s*{ordinal}(?:,?\s*{year})?(?!\d)"
                rf"|{ordinal}\.?\s+(?:de\s+)?{month}(?:,?\s+(?:de\s+)?{year})?(?!\d)"
                rf"|{year}-\d\d-\d\d(?:[t ]\d\d:\d\d(?::\d\d)?(?:\.\d+)?(?:z|[+-]\d\d:?\d\d)?)?"
                rf"|\d{{1,2}}[/.]\d{{1,2}}[/.](?:{year}|\d\d)(?![\d/.])")
        time = r"\d{1,2}[:.h]\d\d(?::\d\d)?\s*(?:[ap]\.?\s?m\b\.?)?|\d{1,2}\s*[ap]\.?m\b\.?"
        units = _alternation(v["units"])
        counters = _alternation(v["counters"])
        parts = [
            ("date", date),
            ("monthyear", rf"{month}\s+{year}"),
            ("rel", rf"(?:\d+|an?|one)\s*(?:{units})\s+ago|just\s+now"),
            ("read", r"\d+\s*(?:min(?:ute)?s?|m)\.?\s+read"),
            ("count", rf"\d[\d,.]*\s*[km]?\s+(?:{counters})|(?:{counters}):?\s*\d[\d,.]*[km]?"),
            ("time", time),
            ("label", rf"(?:{_alternation(v['labels'])})\s*:?"),
            ("weekday", weekday),
            ("tz", rf"\(?(?:{_alternation(v['timezones'])})\)?"),
            ("year", year),
            ("num", r"\d{1,5}"),
            ("sep", r"[|\u00b7\u2022,;/@()\[\]:\-\u2013\u2014]+"),
        ]
        # the token pattern, matched case-sensitively in doc.lower: every word of the vocabulary is lower-cased
        # (see _alternation) and the rest of the pattern is lower case, so in a text without the letters
        # ascii_folds looks for (doc.lower then has the text's length and holds each letter lower-cased) it
        # finds what the case-insensitive pattern finds in the text, at the same places, nearly twice as fast.
        # The case-insensitive one, for the other texts, is compiled on first use (see token).
        self.token_source = "|".join(f"(?P<{kind}>{source})" for kind, source in parts)
        self.lower_token = re.compile(self.token_source)
        self.extra = None
        if v["patterns"]:
            import regex

            self.extra = regex.compile("|".join(f"(?:{p})" for p in v["patterns"]), regex.I | regex.V0)
        self.crumbs = {w.lower() for w in v["crumbs"]}
        # first words of everything the token pattern can match that starts with a letter
        starters = {w.split()[0].lower() for key in ("months", "weekdays", "labels", "counters", "timezones")
                    for w in v[key] if w.strip()}
        self.starters = frozenset(starters | {"a", "an", "one", "just"})
        self.crumb_starts = tuple(sorted(self.crumbs)) or ("\0",)
        # Lines holding a digit, "ago" or "now" that can be a metadata line or start with metadata (see
        # _worth_a_look): words that can stand at the start of a token or inside one, or join tokens; a
        # line with another word starting in lower case after white space cannot be all metadata
        inside = {w.lower() for key in ("months", "weekdays", "counters", "units", "timezones") for w in v[key]}
        inside |= {word.lower() for label in v["labels"] for word in label.split()}
        inside |= {"de", "ago", "now", "just", "read", "min", "mins", "minute", "minutes", "m", "k", "a", "p", "am",
                   "pm"}
        allowed = trie_pattern(inside | self.starters | _JOINERS)
        self.prose_word = re.compile(rf"(?<!\S)(?=[a-z])(?!(?i:{allowed})(?![\w-]))")
        # what a strong metadata line holds (lower-cased): a relative time, a count, a reading time, a label,
        # a year, a clock time
        hints = trie_pattern({"ago", "now", "read"} | {w.split()[0].lower() for w in v["counters"] if w.strip()}
                             | {w.split()[0].lower() for w in v["labels"] if w.strip()})
        self.strong_hint = re.compile(rf"\d(?:[:.h]\d\d|\s*[ap]\.?m)|(?:19|20)\d\d|{hints}")
        # what glued metadata holds besides (a weekday: "Tuesday, March 3 Ministers met...")
        weekdays = trie_pattern({w.split()[0].lower() for w in v["weekdays"] if w.strip()})
        self.glued_hint = re.compile(rf"{self.strong_hint.pattern}|{weekdays}" if weekdays else self.strong_hint.pattern)
        # strings a match of the site's own patterns holds (None: unknown, any line may hold one)
        # and a string of the first clause of each gate: what a text must hold for any gate to pass.
        # The gates are looked for in the lower-cased text, so they are used only when every string is
        # lower-case ASCII: a case-insensitive match then shows as the string in doc.lower (the letters that
        # match an ASCII one without lower-casing to it are what ascii_folds looks for)
        self.pattern_gates = self.gate_hint = None
        if v["patterns"]:
            gates = [_necessary_literals(p) for p in v["patterns"]]
            if all(gates) and all(s.isascii() and s == s.lower() for gate in gates for clause in gate for s in clause):
                self.pattern_gates = gates
                self.gate_hint = re.compile("|".join(sorted({re.escape(s) for gate in gates for s in gate[0]})))

    @functools.cached_property
    def token(self):
        """The token pattern, case-insensitive, for texts with the letters ascii_folds looks for."""
        return re.compile(self.token_source, re.I)

    # ---- tokens -----------------------------------------------------------

    def _tokens(self, text: str, start: int, end: int, max_free: int, lower: str | None):
        """(kind, start, end) of each token of ``text[start:end]``.

        Stops after a lower-case word or the ``max_free + 1``-th capitalised word (prose);
        the second value says whether the whole span was read. ``lower`` is doc.lower when the text
        has none of the letters ascii_folds looks for (the token pattern is then matched in it, see
        lower_token), else None.
        """
        tokens = []
        pos = _SPACE.match(text, start, end).end()
        free = 0
        extra, starters = self.extra, self.starters
        match_token, source = (self.token.match, text) if lower is None else (self.lower_token.match, lower)
        while pos < end:
            kind = None
            m = None
            char = text[pos]
            if not char.isalpha() or _WORD_HEAD.match(text, pos, end).group().lower() in starters:
                # only digits, separators and words that begin a date, label or counter need the big pattern
                m = match_token(source, pos, end)
                if m is not None and m.end() > pos:
                    b = m.end()
                    if b >= end or not (text[b].isalnum() and text[b - 1].isalnum()):
                        kind = m.lastgroup
                if kind is None and extra is not None:
                    m = extra.match(text, pos, end)
                    if m is not None and m.end() > pos:
                        kind = "pattern"
            elif pos == start and extra is not None:
                m = extra.match(text, pos, end)
                if m is not None and m.end() > pos:
                    kind = "pattern"
            if kind is None:
                m = _FREE_WORD.match(text, pos, end) or _ANY.match(text, pos, end)
                word = m.group()
                if word.lower() in _JOINERS:
                    kind = "joiner"
                else:
                    kind = "free"
                    free += 1
                    if free > max_free or not _capitalised(word):
                        tokens.append((kind, m.start(), m.end()))
                        return tokens, False
            tokens.append((kind, m.start(), m.end()))
            pos = _SPACE.match(text, m.end(), end).end()
        return tokens, True

    # ---- checks -----------------------------------------------------------

    def check(self, doc):
        text, lower = doc.text, doc.lower
        lines = doc.lines()
        # only the lines that can be metadata or glued metadata are read (see _candidate_lines), unless the
        # text holds letters that case-insensitive matching reads otherwise than lower-casing ("ſ", "ı")
        folds = ascii_folds(doc)
        indexes = range(len(lines)) if folds else self._candidate_lines(doc)
        # where the token pattern is matched (see _tokens)
        tokens_lower = None if folds else lower
        kinds: dict[int, tuple | None] = {}
        strong = []
        for index in indexes:
            kind, found = self._line(text, lower, lines, index, tokens_lower)
            if found is not None:
                yield found
            if kind is not None and _aggregator_card(text, lines, index):
                kind = None
            kinds[index] = kind
            if kind is not None and kind[1]:
                strong.append(index)

        def meta(index):
            """The kind of a metadata line (not one of an aggregator's cards), else None."""
            if index not in kinds:
                kind = None
                if not self._not_metadata(text, lower, lines[index]):
                    kind = self._line(text, lower, lines, index, tokens_lower)[0]
                kinds[index] = None if kind is None or _aggregator_card(text, lines, index) else kind
            return kinds[index]

        # a run of metadata lines is one finding when one of them is strong: grow each strong line's run
        last = -1
        for index in strong:
            if index <= last:
                continue
            first = index
            while first > 0 and meta(first - 1) is not None:
                first -= 1
            last = index
            while last + 1 < len(lines) and meta(last + 1) is not None:
                last += 1
            a, b = lines[first]
            line = text[a:b]
            lo = a + len(line) - len(line.lstrip())
            a, b = lines[last]
            hi = a + len(text[a:b].rstrip())
            safe = all(kinds[i][0] for i in range(first, last + 1))
            start, end = removal_span(text, lo, hi)
            shown = " ".join(text[lo:hi].split())
            if len(shown) > 60:
                shown = shown[:57] + "..."
            make = Fix.safe if safe else Fix.unsafe
            yield self.report(start, end, f"Page metadata in the text: {shown!r}",
                              make("Remove the metadata line", Edit.deletion(start, end)))

    def _line(self, text: str, lower: str, lines, index: int, tokens_lower: str | None):
        """(kind, finding) of one line: kind (safe, strong) for a metadata line, else None; the finding
        a line that is not metadata may hold (glued metadata, a breadcrumb after a headline).
        ``tokens_lower``: as ``lower`` of _tokens."""
        a, b = lines[index]
        if b == a:
            return None, None
        short = b - a <= _MAX_LINE
        e = b if short else min(b, a + 120)
        # every timestamp holds a digit, or is "an hour ago" / "just now"
        if not (_DIGIT.search(lower, a, e) or lower.find(" ago", a, e) >= 0 or lower.find("just now", a, e) >= 0):
            # no digit, "ago" or "now": no timestamp here; only a breadcrumb, or a lone label
            # ("Updated") that joins the timestamp next to it
            if short and self._breadcrumb_line(text, a, b):
                return (False, True), None
            if b - a <= 30:
                kind = self._label_line(text, a, b, tokens_lower)
                if kind:
                    return kind, None
            return None, self._breadcrumb_suffix(text, a, b)
        if short and self._breadcrumb_line(text, a, b):
            return (False, True), None
        tokens, complete = self._tokens(text, a, b if short else min(b, a + 120), _MAX_FREE if short else 0,
                                        tokens_lower)
        kind = self._line_kind(text, a, b, tokens) if short and complete and tokens else None
        if kind is None:
            return None, self._glued_prefix(text, a, b, tokens) or self._breadcrumb_suffix(text, a, b)
        return kind, None

    # ---- where to look ----------------------------------------------------

    def _candidate_lines(self, doc) -> list[int]:
        """Indexes, in order, of every line that may be a strong metadata line or hold a finding of its
        own (glued metadata, a breadcrumb after a headline); the metadata lines next to them are read
        when the runs are grown.

        - breadcrumbs: a short line starting with a crumb and holding a separator (">", "|"...);
        - a breadcrumb after a headline: " | " in the line;
        - timestamps, counters, glued metadata: lines holding a digit, " ago" or "just now" (found in
          one pass over the text's digits), read further only if _worth_a_look says so.
        """
        text, lower = doc.text, doc.lower
        lines = doc.lines()
        starts = doc.line_starts
        found = set()
        find = text.find
        for mark in _BREADCRUMB_MARKS:
            pos = find(mark)
            while pos >= 0:
                index = bisect.bisect_right(starts, pos) - 1
                a, b = lines[index]
                if b - a <= _MAX_LINE and lower.startswith(self.crumb_starts, _SPACE.match(text, a, b).end()):
                    found.add(index)
                elif mark == "|" and b - a <= 250 and _PIPE in text[a:b]:
                    found.add(index)
                pos = find(mark, b)
        worth = self._worth_a_look
        for index in self._timestamp_lines(doc):
            a, b = lines[index]
            if worth(text, lower, a, b):
                found.add(index)
        return sorted(found)

    def _timestamp_lines(self, doc) -> list[int]:
        """Indexes of the lines holding an ASCII digit, " ago" or "just now" (perhaps beyond where the
        line is read for them: _line checks)."""
        digits = utf8_bytes(doc).translate(_DIGITS_AS_ZERO, _NOT_DIGIT_OR_LINE_FEED)
        # the digits of a line are side by side in this view, after the line feeds that end the lines
        # before it: with each run of them one "0", the pieces between the zeros are those line feeds,
        # and their running count is the index of each line holding a digit (the last piece follows the
        # last such line)
        pieces = _ZERO_RUN.sub(b"0", digits).split(b"0")
        found = list(accumulate(map(len, pieces[:-1])))
        lower = doc.lower
        more = []
        for word in (" ago", "just now"):
            pos = lower.find(word)
            while pos >= 0:
                more.append(pos)
                pos = lower.find(word, pos + 1)
        if more:
            starts = doc.line_starts
            found = sorted(set(found).union(bisect.bisect_right(starts, pos) - 1 for pos in more))
        return found

    def _not_metadata(self, text: str, lower: str, span) -> bool:
        """A quick answer for a line that cannot be a metadata line: too long, or (not a breadcrumb) with a
        word starting in lower case that no token is made of (see _worth_a_look)."""
        a, b = span
        if b - a > _MAX_LINE:
            return True  # a metadata line, a label line and a breadcrumb line are short
        if b == a or lower.startswith(self.crumb_starts, _SPACE.match(text, a, b).end()):
            return False
        if self._may_hold_pattern(lower, a, b):
            return False
        return bool(self.prose_word.search(text, a, b))

    def _may_hold_pattern(self, lower: str, a: int, e: int) -> bool:
        """Whether the site's own patterns may match in ``lower[a:e]``: the gates pass (no pattern: never;
        patterns without gates: always). The gate hint is a string every passing gate holds, one cheap
        search that spares the gates on most lines."""
        if self.extra is None:
            return False
        gates = self.pattern_gates
        return gates is None or (self.gate_hint.search(lower, a, e) is not None and _gates_pass(gates, lower[a:e]))

    def _worth_a_look(self, text: str, lower: str, a: int, b: int) -> bool:
        """Whether a line holding a digit (or "ago", "now") may be strong metadata or start with metadata.

        - glued metadata starts the line with a metadata token (not a bare number or year): the first
          token is read as _tokens reads it;
        - a metadata line (short) has no word starting in lower case after white space but those
          tokens are made of, and holds what makes it strong (a relative time, a count, a label, a
          year, a clock time), unless the site's own patterns may match in it.

        Only called for texts without the letters ascii_folds looks for (see lower_token). The tests
        run cheapest first, for most of these lines are prose holding a number.
        """
        short = b - a <= _MAX_LINE
        e = b if short else min(b, a + 120)
        if short and self._may_hold_pattern(lower, a, b):
            # both tests below accept such a line (the glued test's last clause when the line starts with
            # a metadata token, the test for a metadata line otherwise; the line holds a digit, "ago" or
            # "now", so it is not all white space): that cheap test comes first
            return True
        pos = a
        char = text[a]
        if char.isspace():
            pos = _SPACE.match(text, a, e).end()
            if pos >= e:
                return False
            char = text[pos]
        # whether a token can start the line: only digits, separators and words that begin a date, label or
        # counter need the token pattern (as in _tokens)
        opens = not char.isalpha() or _WORD_HEAD.match(lower, pos, e).group() in self.starters
        if short:
            # the site's patterns match nowhere in the line (their gates fail, tested above)
            if not opens:
                # no glued metadata: only a metadata line
                return not self.prose_word.search(text, a, b) and self.strong_hint.search(lower, a, b) is not None
            # either test wants the glued hint: the test for a metadata line wants strong_hint, a part of it,
            # the glued test a relative time (which holds "ago" or "now", both in strong_hint) or the hint
            if self.glued_hint.search(lower, a, b) is None:
                return False
            if not self.prose_word.search(text, a, b) and self.strong_hint.search(lower, a, b):
                return True
            m = self.lower_token.match(lower, pos, b)
            if m is None or m.end() == pos:
                return False
            end = m.end()
            return (end >= b or not (text[end].isalnum() and text[end - 1].isalnum())) and (
                m.lastgroup not in ("num", "sep", "year"))
        # a long line: only glued metadata
        kind = None
        if opens:
            m = self.lower_token.match(lower, pos, e)
            if m is not None and m.end() > pos:
                end = m.end()
                if end >= e or not (text[end].isalnum() and text[end - 1].isalnum()):
                    kind = m.lastgroup
            if kind is None and self.extra is not None:
                m = self.extra.match(text, pos, e)
                if m is not None and m.end() > pos:
                    kind = "pattern"
        elif pos == a and self.extra is not None:
            m = self.extra.match(text, pos, e)
            if m is not None and m.end() > pos:
                kind = "pattern"
        # glued metadata: a relative time, or a date or label with a clock time, a year, a weekday or a
        # label (a site's pattern counts as a date)
        return kind is not None and kind not in ("num", "sep", "year") and (
            kind in ("rel", "pattern") or self.glued_hint.search(lower, a, e) is not None
            or self._may_hold_pattern(lower, a, e))

    def _label_line(self, text: str, a: int, b: int, tokens_lower: str | None):
        tokens, complete = self._tokens(text, a, b, 0, tokens_lower)
        if complete and tokens and any(t[0] == "label" for t in tokens) and all(
                t[0] in ("label", "sep", "joiner", "weekday") for t in tokens):
            return (True, False)
        return None

    def _line_kind(self, text: str, a: int, b: int, tokens):
        """None, or (safe, strong) for a line made only of metadata tokens and a few capitalised words."""
        kinds = [t[0] for t in tokens]
        kind_set = set(kinds)
        line = text[a:b].strip()
        if line[:1] in _DASHES or "(@" in line:
            return None  # the signature of an embedded post: "— Name (@handle) October 9, 2018"
        if line[0] == "(" and line[-1] == ")":
            return None  # an editor's note in the article: "(Published Monday, Nov. 18, 2019)"
        has_year = _has_year(text, tokens, len(tokens) - 1)
        strong = bool(kind_set & {"rel", "count", "read", "pattern"}) or (
            "date" in kind_set and (has_year or kind_set & {"time", "label"})) or (
            kinds.count("weekday") == 1 and "time" in kind_set and "free" not in kind_set)
        if not strong:
            if kind_set <= {"label", "sep", "joiner", "time", "tz", "monthyear", "weekday", "date", "year"} and (
                    kind_set & {"label", "time", "monthyear", "date"}):
                return (True, False)  # "Published", "10 p.m.", "Tuesday, 1 March": only next to a timestamp
            return None
        if kinds.count("date") >= 2 and not kind_set & {"label", "time"}:
            return None  # a range: "29 November 2018 | 20 January 2019"
        if "free" not in kind_set:
            return (True, True)
        if line[-1] in _SENTENCE_END and kinds[-1] not in ("time", "date", "tz"):
            return None
        return (False, True)

    def _glued_prefix(self, text: str, a: int, b: int, tokens):
        """Metadata glued before the first sentence of a paragraph."""
        kinds: list[str] = []
        prefix_end = None
        for position, (kind, s, e) in enumerate(tokens):
            if kind == "free":
                break
            kinds.append(kind)
            if kind not in ("sep", "joiner"):
                prefix_end = position
        if prefix_end is None or len(kinds) == len(tokens) or kinds[0] in ("num", "sep", "joiner", "year"):
            return None
        meta = set(kinds[:prefix_end + 1])
        has_date = "date" in meta or "pattern" in meta
        if not ("rel" in meta
                or ("label" in meta and (has_date or "time" in meta or "monthyear" in meta))
                or (has_date and ("time" in meta or "weekday" in meta or _has_year(text, tokens, prefix_end)))):
            return None
        if kinds[0] == "rel" and not text[tokens[0][1]].isdigit():
            return None  # "A year ago The..." is rare; "a year ago" starts prose too often
        start = tokens[0][1]
        end = tokens[prefix_end][2]
        following = next((t for t in tokens[prefix_end + 1:] if t[0] != "sep"), None)
        if following is None:
            return None
        rest = text[following[1]:b]
        if text[end:following[1]].strip(" \t|-\u2013\u2014\u2022\u00b7"):
            return None  # "Today (Nov. 18), NASA said": the date belongs to the sentence
        first_word = rest.split(None, 1)[0]
        if not (rest[0].isupper() or rest[0] in _QUOTES) or first_word in ("I", "I'm", "I\u2019m"):
            return None
        if len(rest.split(None, 4)) < 4:
            return None
        if text[end - 1] == "." and kinds[prefix_end] not in ("date", "time", "monthyear", "weekday"):
            return None
        fix_start, fix_end = removal_span(text, start, end)
        shown = " ".join(text[start:end].split())
        return self.report(fix_start, fix_end, f"Page metadata glued to the start of a paragraph: {shown!r}",
                           Fix.unsafe("Remove the glued metadata", Edit.deletion(fix_start, fix_end)))

    def _breadcrumb_line(self, text: str, a: int, b: int) -> bool:
        """'Home > News > Politics' on a line of its own."""
        line = text[a:b].strip()
        if not line.lower().startswith(self.crumb_starts):
            return False
        parts = _BREADCRUMB_SEPARATOR.split(line)
        if len(parts) < 2 or parts[0].lower() not in self.crumbs:
            return False
        return all(0 < len(p.split()) <= 5 and _capitalised(p.split()[0]) for p in parts)

    def _breadcrumb_suffix(self, text: str, a: int, b: int):
        """' | Business | News' glued to the end of a headline."""
        if b - a > 250 or _PIPE not in text[a:b]:
            return None
        line = text[a:b].rstrip()
        if not line or line[-1] in _SENTENCE_END + ",;:" + _QUOTES:
            return None
        parts = line.split(_PIPE)
        if len(parts) < 3:
            return None
        head = parts[0]
        crumbs = parts[1:]
        if len(head.split()) < 3 or any(c.strip() != c or not c for c in crumbs):
            return None
        for crumb in crumbs:
            words = crumb.split()
            if not 1 <= len(words) <= 3 or len(crumb) > 25:
                return None
            if not all(_capitalised(w) or w in ("&", "and") for w in words):
                return None
        start = a + len(head)
        fix_start, fix_end = removal_span(text, start, a + len(line))
        return self.report(fix_start, fix_end,
                           f"Section breadcrumb glued to a headline: {text[start:a + len(line)].strip()!r}",
                           Fix.unsafe("Remove the breadcrumb", Edit.deletion(fix_start, fix_end)))


def _has_year(text: str, tokens, last: int) -> bool:
    return any(kind in ("date", "year") and _YEAR.search(text, s, e) for kind, s, e in tokens[:last + 1])


def _capitalised(word: str) -> bool:
    word = word.lstrip("\"'\u201c\u2018(")
    return bool(word) and (word[0].isupper() or word[0] in "&@#")


def _aggregator_card(text: str, lines, index: int) -> bool:
    """A timestamp inside an aggregator's story card ('Outlet / 2 hours ago / - Outlet'): not ours."""
    if index + 1 < len(lines):
        a, b = lines[index + 1]
        nxt = text[a:b]
        if nxt[:2] in ("- ", "\u2013 ", "\u2014 ") and len(nxt) <= 60:
            return True
    return False


@hookimpl
def newslint_register_rules():
    return [GluedMetadata]
