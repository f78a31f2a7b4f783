"""The line index shared by the line rules, and helpers for rules that read a text line by line.

Several rules (navigation-residue, menu-run, promo-callout, related-tail) report whole lines
and recognise them by how they start: a label filling the line, a section link, a
call-out's first verb, a block title. A Python loop over every line costs seconds on pages
of many short lines, and a regular-expression scan from every line break costs a tenth of
a second per rule, so these rules share one scan of each document.

## Line filters
A *line filter* is the source of a regular expression that the scan tries in
``doc.lower`` where a line's text starts: after the line break, white space, bullets,
pipes, emoji and the other decoration in :data:`LINE_DECORATION`. It must let through
every line the rule may report (a superset: the rule then decides on each line with its
own exact test), and should let through little else. Build one from the phrases a line
can start with, in :func:`line_form`, with :func:`line_trie`; :func:`line_filter_words`
adds a look-ahead for a word the rest of the line needs. Filters see lower-case text and
must not match across the line break unless that only lets more lines through.

## Registering a filter
In ``setup``, a rule calls :func:`register_line_filter` with its filter, the phrases its
branches start with and whether a branch starts with a digit. Registering the same
filter twice (several instances of a rule) adds it once. The scan is compiled on first
use, once every rule has registered, so registering costs next to nothing at start-up::

    def setup(self):
        starts = [line_form(p) for p in self.vocabulary["labels"]]
        self.line_filter = line_trie((form, "") for form in starts) + f"[{LINE_SPACE}]*(?:\\n|\\Z)"
        register_line_filter(self.line_filter, starts)

## Reading the candidates
``line_candidates(doc, self.line_filter)`` returns, in order, the offsets in the document
where a line's text starts (its decoration skipped) for the lines that passed the filter;
``text.rfind("\\n", 0, pos) + 1`` is the start of such a line. The first call for a
document scans it once for every registered filter; the result is kept in ``doc.cache``.

The other helpers serve the same rules: :func:`required_words` reads from a pattern the
words one of which every match holds (a cheap literal test before the pattern),
:func:`leading_words` the words it can start with, and :class:`LineMemo` remembers a
per-line result by the line's text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from newslint.phrases import normalise_phrase

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


def is_symbol(char: str) -> bool:
    """Emoji and pictographs used as bullets (👉, 📧, ➡)."""
    code = ord(char)
    return 0x2190 <= code <= 0x2BFF or 0x1F000 <= code <= 0x1FAFF or code in (0xFE0F, 0x200D)


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
    while form and (form[0].isspace() or form[0] in LINE_DECORATION or is_symbol(form[0])):
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
    :func:`required_words`), to be tried right after one of the words ``leading`` that
    ``source`` starts with (and a word boundary); "" when that cannot be told."""
    leading = set(leading)
    words = required_words(source, leading)
    if not words or any(word in lead for word in words for lead in leading):
        return ""  # the word may be the leading word itself, already behind
    return words_ahead(words, ignore_case)


def words_ahead(words: set[str], ignore_case: bool) -> str:
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


# ---- what a pattern needs ----------------------------------------------------------------

_LEADING_ALTERNATIVES = re.compile(r"\(\?:((?:[a-z]+(?: [a-z]+)*\|)*[a-z]+(?: [a-z]+)*)\)")
_LEADING_WORD = re.compile(r"[a-z]+(?=[ :\\(?*{]|$)")


def leading_words(source: str) -> list[str] | None:
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


def first_word(phrase: str) -> str:
    """A phrase's or a line's first word, lower case, without trailing punctuation."""
    words = phrase.split(None, 1)
    return words[0].lower().strip(":,.!?\u2026").replace("\u2019", "'") if words else ""


def required_words(source: str, avoid: set[str] = frozenset(), exact_spaces: bool = False) -> set[str] | None:
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


def compile_pattern(source: str, ignore_case: bool = False):
    """``source`` compiled by ``re``, or by the ``regex`` module when ``re`` cannot read it."""
    try:
        return re.compile(source, re.IGNORECASE if ignore_case else 0)
    except re.error:
        import regex

        return regex.compile(source, (regex.IGNORECASE if ignore_case else 0) | regex.V0)


# ---- reading lines -----------------------------------------------------------------------

def line_end(text: str, a: int) -> tuple[int, int]:
    """The line break after the line starting at ``a`` (-1 for the last line) and the line's
    end (before the line break and a carriage return, as ``Document.lines``)."""
    nl = text.find("\n", a)
    b = len(text) if nl < 0 else nl
    if b > a and text[b - 1] == "\r":
        b -= 1
    return nl, b


def excerpt(text: str, start: int, end: int) -> str:
    """A finding's text for its message: white space folded, cut to 60 characters."""
    shown = " ".join(text[start:end].split())
    return shown if len(shown) <= 60 else shown[:57] + "..."


class LineMemo:
    """A function of a line's text, remembered by that text.

    Boilerplate lines repeat across the pages of a site, so a rule whose verdict on a line
    depends on the line's text alone (not on its neighbours) asks once per distinct line.
    ``function(line)`` returns a span inside ``line`` or None; calling the memo with
    ``(text, a, b)`` returns that span shifted to offsets in ``text``.
    """

    def __init__(self, function: Callable[[str], tuple[int, int] | None], size: int = 4096) -> None:
        self.function = function
        self.size = size  # a bound on memory: the memo starts afresh when full
        self.found: dict[str, tuple[int, int] | None] = {}

    def __call__(self, text: str, a: int, b: int) -> tuple[int, int] | None:
        line = text[a:b]
        memo = self.found
        if line in memo:
            found = memo[line]
        else:
            found = self.function(line)
            if len(memo) >= self.size:
                memo.clear()
            memo[line] = found
        return None if found is None else (a + found[0], a + found[1])


# ---- sentences addressed to the reader ---------------------------------------------------

_QUOTES = "\"\u201c\u201d"
_SPEECH = re.compile(r"\b(?:said|says|told|tells|wrote|writes|added|explained)\b")


def quoted(sentence: str, lower: str) -> bool:
    """Whether a sentence is quoted (opens with a quotation mark) or is quoted speech (holds a
    quotation mark and a verb of saying, looked for in ``lower``, its lower-cased form)."""
    if sentence[:1] in _QUOTES or sentence[:1] == "\u2018":
        return True
    return any(q in sentence for q in _QUOTES) and _SPEECH.search(lower) is not None
