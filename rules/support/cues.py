"""Cue sentences: the machinery of the rules that find a run of sentences by the phrases in them
(reader-revenue appeals, captcha errors, bot walls).

A :class:`Cues` holds the phrases and patterns of one kind of sentence; :class:`WindowTests`
decides, from the needles found in a document, which windows of it are worth reading; the
functions below cut paragraphs into units, trim a run to its cues and group runs;
:class:`CueSentenceRule` (at the end) is the base of DON001 and CAP001, which read the same
kinds of pack fields and look for the same kind of paragraphs.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence

from newslint import Edit, Fix, Rule
from newslint.document import split_sentences
from newslint.phrases import PhraseMatcher, normalise_phrase, trie_pattern
from newslint.textedit import removal_span
from newslint.rules.support.literals import required_literals
from newslint.rules.support.needles import NEEDLES, NeedleIndex


NONE, WEAK, STRONG = 0, 1, 2

# Sentence starters that cannot follow a lower-case word inside a sentence, so text
# glued on without punctuation ("... an electric future At our newsroom, we ...")
# starts where one of them is capitalised.
OPENERS = frozenset("""a an are as at before become by can chip contribute do donate every for from get give help
    i if in independent join make our please since sign subscribe support thank thanks the there this to unlike
    we what when while why will with without yes you your""".split())

# Words that open a new sentence and cannot continue the one before: text glued on after
# the last cue of a run starts with one of them.
END_STARTERS = frozenset("""by click download follow get he i it listen privacy read related share she sign
    subscribe they this watch we you""".split())

_GLUE = re.compile(r"(?<=[a-z0-9%)\]:;_|\u2022\u00b7\u2013\u2014])\s+([A-Za-z][\w'\u2019]*)")
# Words too common in prose to make a good first test for a pattern.
_COMMON_WORDS = frozenset("""a about after all also an and are as at back be been before but by can could do does
    every for from get give give has have help here how i if in into is it its join just keep make me more most my
    new no not now of on once one only or our out over people please said says so some than that the their them
    then there these they this to up us was we were what when which while who will with would year you your""".split())

# Where a sentence can start inside a line (for patterns that begin with "^").
_SENTENCE_START = r"(?:^|(?<=[.!?\u2026:;]\s)|(?<=[.!?\u2026][\"'\u201d\u2019)]\s))"
_STOP = re.compile("[.!?\u2026][\"'\u201d\u2019)\\]]*\\s+")
_STOP_BEFORE = re.compile("[.!?\u2026][\"'\u201d\u2019)\\]]*\\s+$")
QUOTE_MARKS = re.compile("[\"\u201c\u201d]")
# Reported speech: a cue in it is somebody's words, not the page's.
_ATTRIBUTION = re.compile(r"\b(?:said|says|told|tells|according to|urged|urging|appealed|asked|wrote|added|tweeted)\b")
_WORD = re.compile(r"[\w$£€'\u2019]+")
_TERMINAL = ".!?\u2026"


def anchor_windows(lower: str, spans: list[tuple[int, int, str]],
                   reach: int = 160) -> tuple[list[list[int]], list[set[str]]]:
    """The windows of :func:`find_anchor_windows` from the anchors' (start, end, anchor) spans, in
    any order, as lists [window start, window end, line start, line end], with the anchors each holds."""
    spans.sort()
    find, rfind = lower.find, lower.rfind
    size = len(lower)
    windows: list[list[int]] = []
    held: list[set[str]] = []
    line_start = line_end = -1
    for a, b, anchor in spans:
        if not (line_start <= a < line_end and b <= line_end):  # not on the line of the anchor before
            line_start = rfind("\n", 0, a) + 1
            line_end = find("\n", b)
            if line_end < 0:
                line_end = size
        w0, w1 = max(line_start, a - reach), min(line_end, b + reach)
        if windows and windows[-1][2] == line_start and w0 <= windows[-1][1]:
            if w1 > windows[-1][1]:
                windows[-1][1] = w1
            held[-1].add(anchor)
        else:
            windows.append([w0, w1, line_start, line_end])
            held.append({anchor})
    return windows, held


def find_anchor_windows(lower: str, anchors: Iterable[str], reach: int = 160) -> list[tuple[int, int, int, int]]:
    """Stretches of text around the anchors: (window start, window end, line start, line end), sorted.

    A window reaches ``reach`` characters either side of an anchor, inside its line;
    overlapping windows merge. Every cue holds an anchor, so a cue near it lies in
    its window.
    """
    spans = []
    find = lower.find
    for anchor in anchors:
        pos = find(anchor)
        while pos >= 0:
            spans.append((pos, pos + len(anchor), anchor))
            pos = find(anchor, pos + 1)
    windows, _ = anchor_windows(lower, spans, reach)
    return [tuple(w) for w in windows]


def paragraph_of(text: str, line_start: int, line_end: int) -> tuple[int, int]:
    """The run of non-blank lines around one line (start of its first line, end of its last)."""
    start = line_start
    while start > 0:
        prev_start = text.rfind("\n", 0, start - 1) + 1
        if not text[prev_start:start - 1].strip():
            break
        start = prev_start
    end = line_end
    while end < len(text):
        next_end = text.find("\n", end + 1)
        if next_end < 0:
            next_end = len(text)
        if not text[end + 1:next_end].strip():
            break
        end = next_end
    if end > start and text[end - 1] == "\r":
        end -= 1
    return start, end


def units_of(text: str, start: int, end: int) -> list[tuple[int, int, int]]:
    """Sentences of ``text[start:end]`` as (start, end, line number within the span)."""
    units = []
    line_no = 0
    pos = start
    while pos <= end:
        line_end = text.find("\n", pos, end)
        if line_end < 0:
            line_end = end
        for a, b in split_sentences(text, pos, line_end):
            units.append((a, b, line_no))
        line_no += 1
        pos = line_end + 1
    return units


# A word that makes the next one part of its sentence ("the captcha", "your reCAPTCHA"): no glue there.
_DETERMINER_BEFORE = re.compile(r"(?<![\w'\u2019])(?:the|a|an|this|that|your|our|their|its|his|her|of|with|for|to|in|on|by|no)$",
                                re.IGNORECASE)


def trim_start(text: str, unit_start: int, cue_start: int, openers: frozenset = OPENERS,
               any_case: frozenset = frozenset()) -> int:
    """Where a run starts inside its first sentence: after text glued on without punctuation.

    That is the last capitalised opener (or a word of ``any_case`` written in lower
    case, such as "reCAPTCHA", unless a determiner or preposition stands before it) that follows a lower-case word or a number with no punctuation
    between them ("... an electric future At our newsroom"), or the cue
    itself when a full stop the sentence splitter did not take comes right before it
    ("... on the ring road. hCaptcha challenge expired.").
    """
    best = unit_start
    for match in _GLUE.finditer(text, unit_start, min(len(text), cue_start + 40)):
        word = match.group(1).lower().strip("'\u2019")
        first = match.group(1)[0]
        if match.start(1) <= cue_start and (first.isupper() and word in openers or first.islower() and word in any_case
                                            and not _DETERMINER_BEFORE.search(text, max(0, match.start() - 8), match.start())):
            best = match.start(1)
    if cue_start > best and _STOP_BEFORE.search(text, best, cue_start):
        best = cue_start
    return best


def trim_end(text: str, cue_end: int, unit_end: int, after_button: bool = False,
             starters: frozenset = END_STARTERS) -> int:
    """Where a run ends inside its last sentence: before text glued on after its last cue.

    The rest of the sentence goes when it starts with a capitalised word that opens a
    new sentence ("... ad blocker Get the latest headlines"), or when the last cue was
    a button label and the rest starts with a capital ("Remind me later Labour
    chooses Manchester", "Remind me later In a joint statement ...").
    """
    rest = text[cue_end:unit_end]
    if not rest[:1].isspace():
        return unit_end
    after = rest.lstrip()
    if not after or not after[0].isupper():
        return unit_end
    first = _WORD.match(after)
    if first and first.group().lower() in starters:
        return cue_end
    if after_button:
        return cue_end
    return unit_end


def inside_quote(text: str, pos: int) -> bool:
    """Whether ``pos`` lies between an opening quotation mark and its closing one on its line.

    A quotation left open at the end of the line (news style for a quotation that
    runs on into the next paragraph) does not count: text glued to the end of such a
    paragraph is not part of it.
    """
    line_start = text.rfind("\n", 0, pos) + 1
    line_end = text.find("\n", pos)
    if line_end < 0:
        line_end = len(text)
    at = max(text.rfind('"', line_start, pos), text.rfind("\u201c", line_start, pos),
             text.rfind("\u201d", line_start, pos))
    if at < 0:
        return False
    mark = text[at]
    if mark == "\u201d":
        return False
    if mark == '"':
        before = text[at - 1] if at > line_start else " "
        after = text[at + 1] if at + 1 < len(text) else " "
        if not ((before.isspace() or before in "([\u2014-") and not after.isspace()):
            return False
        return text.find('"', pos, line_end) >= 0
    return text.find("\u201d", pos, line_end) >= 0


def words(text: str) -> int:
    return len(_WORD.findall(text))


class Cues:
    """Phrases and patterns matched one lower-cased sentence (or line) at a time.

    Regular expressions are slow on whole documents (a large alternation behind a
    word boundary scans at well under 1 MB/s), so a rule first finds the lines that
    hold one of its *anchors* (word stems, found with ``str.find``), and each pattern
    is tried only where one of the anchors its source names is present and every
    literal string it needs is there too (``ad[- ]?block(?:er)?`` needs "block"; see
    :func:`required_literals`). A pattern that names no anchor is tried wherever an
    anchor is. Phrases compile to one trie-shaped expression. In a pattern, a
    leading ``^`` is the start of the sentence.
    """

    def __init__(self, phrases: Iterable[str], patterns: Iterable[str], anchors: Iterable[str] = ()):
        self.anchors = tuple(anchors)
        self.phrases = sorted({p for p in (normalise_phrase(p) for p in phrases) if p})
        self.phrase_re = None
        self.phrase_stems: frozenset[str] | None = None
        if self.phrases:
            self.phrase_re = re.compile(r"(?<!\w)(?:" + trie_pattern(self.phrases) + r")(?!\w)")
            if self.anchors and all(any(a in p for a in self.anchors) for p in self.phrases):
                self.phrase_stems = frozenset(a for a in self.anchors if any(a in p for p in self.phrases))
        # the longest word of every phrase: a text holding none of them holds no phrase
        self.phrase_words = tuple(sorted({max(p.replace("'", " ").split(), key=len) for p in self.phrases}))
        self.patterns = []
        self.line_patterns = []
        for source in patterns:
            clauses = required_literals(source, re.IGNORECASE if _spells_capitals(source) else 0)
            if clauses is not None:  # most selective first (longest shortest string)
                clauses = tuple(sorted(clauses, key=lambda c: (-_selectivity(c), len(c), sorted(c))))
            stems = None  # the anchors one of which every match holds (None: not known)
            for clause in clauses or ():
                named = [{a for a in self.anchors if a in item} for item in clause]
                if all(named):
                    found = frozenset().union(*named)
                    if stems is None or len(found) < len(stems):
                        stems = found
            compiled = _LazyPattern(source)
            self.patterns.append((compiled, clauses, stems))
            # on a whole line the pattern only has to be possible: a leading "^" (and "\W*") goes
            if source.startswith("^"):
                compiled = _LazyPattern(re.sub(r"^\^(?:\\W\*|\\s\*|\[\\W_\]\*)?", "", source))
            self.line_patterns.append((compiled, clauses, stems))
        self._by_stems: dict[frozenset, tuple[int, ...]] = {}

    def __bool__(self) -> bool:
        return self.phrase_re is not None or bool(self.patterns)

    def _stems(self, text: str) -> frozenset[str] | None:
        return frozenset(filter(text.__contains__, self.anchors)) if self.anchors else None

    def _run(self, table, text: str, first_only: bool) -> list[tuple[int, int]]:
        stems = self._stems(text)
        if stems is not None and not stems:
            return []
        out = []
        if self.phrase_re is not None and (self.phrase_stems is None or stems is None
                                           or not self.phrase_stems.isdisjoint(stems)) \
                and any(word in text for word in self.phrase_words):
            for match in self.phrase_re.finditer(text):
                out.append(match.span())
                if first_only:
                    return out
        for pattern, clauses, needs in table:
            if needs is not None and stems is not None and needs.isdisjoint(stems):
                continue
            if not _holds(text, clauses):
                continue
            for match in pattern.finditer(text):
                start, end = match.span()
                while start < end and not text[start].isalnum():
                    start += 1  # a cue starts at its first word ("^\W*support ..." in "___ Support")
                if end > start:
                    out.append((start, end))
                    if first_only:
                        return out
        out.sort()
        return out

    def spans(self, sentence: str) -> list[tuple[int, int]]:
        """(start, end) of every match in one lower-cased sentence, sorted."""
        return self._run(self.patterns, sentence, False)

    def search(self, sentence: str) -> bool:
        return bool(self._run(self.patterns, sentence, True))

    def line_search(self, line: str) -> bool:
        """Whether some phrase or pattern matches in a lower-cased line (patterns anchored at any sentence)."""
        return bool(self._run(self.line_patterns, line, True))

    def named_patterns(self, stems: frozenset[str]) -> tuple[int, ...]:
        """Indexes of the line patterns :meth:`_run` tries in a text holding these anchors."""
        named = self._by_stems.get(stems)
        if named is None:
            named = self._by_stems[stems] = tuple(
                i for i, (_, _, needs) in enumerate(self.line_patterns) if needs is None or not needs.isdisjoint(stems))
        return named

    def window_search(self, text: str, stems: frozenset[str], patterns, phrases, clause_order=None) -> bool:
        """:meth:`line_search` of a window, told which anchors it holds, which patterns to try (those
        :meth:`_run` would try whose trigger the window holds) and whether it can hold a phrase (True
        when it holds a word of one, or else the words to look for in it).

        The same answer for less work: the patterns left out cannot match, since the window
        lacks what they need. ``clause_order`` (index -> clauses) may give a pattern's clauses in
        the order to test them (the window holds the trigger's: those go last).
        """
        if phrases and self.phrase_re is not None \
                and (self.phrase_stems is None or not self.phrase_stems.isdisjoint(stems)) \
                and (phrases is True or any(word in text for word in phrases)) and self.phrase_re.search(text):
            # (a phrase match holds every word of the phrase, so this is :meth:`_run`'s test)
            return True
        line_patterns = self.line_patterns
        for index in patterns:
            pattern, clauses, _ = line_patterns[index]
            if not _holds(text, clause_order.get(index, clauses) if clause_order else clauses):
                continue
            for match in pattern.finditer(text):
                start, end = match.span()
                while start < end and not text[start].isalnum():
                    start += 1
                if end > start:
                    return True
        return False

    def button_row(self, sentence: str) -> bool:
        """Whether the sentence is made only of matches (and amounts, separators)."""
        rest = []
        cursor = 0
        for s, e in self.spans(sentence):
            if s >= cursor:
                rest.append(sentence[cursor:s])
            cursor = max(cursor, e)
        rest.append(sentence[cursor:])
        return not re.sub(r"[\s$\u00a3\u20ac\d.,/|\u00d7+\-\u2013\u2014:>\u00bb\u203a]+|\bor\b", "", "".join(rest))


class _LazyPattern:
    """A pack pattern compiled (with :func:`compile_lower`) the first time it is used.

    Most documents never get as far as most patterns, and compiling them all with the
    ``regex`` package (and importing it) made the rules slow to start on a single file.
    A pattern from a user's pack or configuration is compiled when it is read, so a bad
    one is still reported before any document (newslint's own are checked by its tests).
    """

    __slots__ = ("source", "_compiled")

    def __init__(self, source: str):
        self.source = source
        self._compiled = None

    def finditer(self, text: str):
        compiled = self._compiled
        if compiled is None:
            compiled = self._compiled = compile_lower(self.source)
        return compiled.finditer(text)


def compile_lower(source: str):
    """Compile a pack pattern for lower-cased text: case-insensitive only when it spells capitals.

    The ``regex`` package matches several times faster without IGNORECASE, and the
    text the rules search is lower-cased already.
    """
    import regex

    return regex.compile(source, regex.V0 | (regex.IGNORECASE if _spells_capitals(source) else 0))


def _spells_capitals(source: str) -> bool:
    """Whether a pattern names a capital letter (escapes such as ``\\W`` and ``\\p{Lu}`` aside)."""
    letters = re.sub(r"\\(?:[pPN]\{[^}]*\}|.)", "", source)
    return any(ch.isupper() for ch in letters)


def _holds(text: str, clauses) -> bool:
    """Whether ``text`` holds one string of every clause (always, when nothing is known)."""
    if clauses is None:
        return True
    for clause in clauses:
        for item in clause:
            if item in text:
                break
        else:
            return False
    return True


def _item_score(item: str) -> float:
    """How rare a string is in prose, roughly: its length (half that for one common word)."""
    size = len(item.strip())
    return size / 2 if item.strip() in _COMMON_WORDS else size


def _trigger_clause(clauses) -> frozenset[str] | None:
    """The clause whose strings are the rarest (roughly: the longest), to look for in a whole text.

    None when every clause has a string shorter than two characters (or a common word
    shorter than four).
    """
    best, best_score = None, 1.9
    for clause in clauses:
        clause_score = min(_item_score(item) for item in clause)
        if clause_score > best_score or clause_score == best_score and best is not None and len(clause) < len(best):
            best, best_score = clause, clause_score
    return best


def _selectivity(clause) -> int:
    """How rarely a clause holds in prose, roughly: for its commonest string, the length of its
    longest uncommon word (a string of symbols counts as rare, one of common words as 0)."""
    def score(item: str) -> int:
        item = item.strip()
        if item and not any(ch.isalnum() for ch in item):
            return 6
        return max((len(w) for w in re.findall(r"\w+", item) if w not in _COMMON_WORDS), default=0)
    return min(score(x) for x in clause)


def anchors_for(anchors: Iterable[str], phrases: Iterable[str]) -> tuple[str, ...]:
    """The anchors, plus every phrase that holds none of them (as its own anchor).

    Anchors are found with ``str.find`` in the lower-cased text, so an anchor with a
    straight apostrophe is looked for with a curly one too.
    """
    out = {normalise_phrase(a) for a in anchors if a.strip()}
    for phrase in phrases:
        phrase = normalise_phrase(phrase)
        if phrase and not any(a in phrase for a in out):
            out.add(phrase)
    out |= {a.replace("'", "\u2019") for a in out if "'" in a}
    # an anchor that contains another one adds nothing
    return tuple(sorted(a for a in out if not any(b != a and b in a for b in out)))


def fix_for(text: str, start: int, end: int, title: str) -> tuple[int, int, Fix]:
    """The deletion of ``text[start:end]``: safe when it fills its lines, else unsafe."""
    fix_start, fix_end = removal_span(text, start, end)
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    whole_lines = not text[line_start:start].strip() and not text[end:line_end].strip()
    edit = Edit.deletion(fix_start, fix_end)
    fix = Fix.safe(title, edit) if whole_lines else Fix.unsafe(title, edit)
    return fix_start, fix_end, fix


def excerpt(text: str, limit: int = 60) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[:limit - 1].rstrip() + "\u2026"


# ---- the rule --------------------------------------------------------------------------------


def guarded_cues(cues: Cues, anchors: Sequence[str], exceptions: PhraseMatcher, text: str, lower: str,
                 a: int, b: int) -> list[tuple[int, int]]:
    """Cue spans in ``text[a:b]``, or [] when it holds no anchor or is quoted or reported speech."""
    sentence = lower[a:b]
    if not any(anchor in sentence for anchor in anchors):
        return []
    spans = cues.spans(sentence)
    if not spans:
        return []
    out = []
    for s, e in spans:
        s, e = a + s, a + e
        # quoted or reported speech: a quotation mark before the cue in its sentence, the cue
        # inside a quotation, or an attribution verb near it (the sentence starts after the
        # last full stop before the cue, which the splitter may have missed: "he added. reCAPTCHA")
        start = a
        for stop in _STOP.finditer(text, a, s):
            start = stop.end()
        if QUOTE_MARKS.search(text, start, s) or inside_quote(text, s) or \
                _ATTRIBUTION.search(lower, start, min(b, e + 60)):
            continue
        if exceptions:
            hit = exceptions.search(lower, max(a, s - 40), min(b, e + 40))
            if hit is not None and hit[0] <= s < hit[1] + 20:
                continue
        out.append((s, e))
    return out


def marked_paragraphs(text: str, lower: str, anchors: Sequence[str], cues: Cues, strong_cues,
                      positions: dict[str, list[int]] | None = None,
                      tests: WindowTests | None = None) -> list[tuple[int, int]]:
    """Paragraphs holding at least one cue sentence, found from the stretches around the anchors.

    With ``positions`` (from :data:`NEEDLES`, for the needles of ``tests``) the anchors are not
    looked for again, and windows where no cue can match are passed over.
    """
    if positions is None or tests is None:
        windows = [(w, False) for w in find_anchor_windows(lower, anchors)]
    else:
        windows = tests.windows(lower, positions)
    out: list[tuple[int, int]] = []
    checked_line = -1
    for (w0, w1, line_start, line_end), test in windows:
        if test is None:
            continue
        if out and out[-1][0] <= line_start <= out[-1][1] or line_start == checked_line:
            continue
        if test is False:
            if not cues.line_search(lower[w0:w1]):
                continue
        elif not cues.window_search(lower[w0:w1], *test):
            continue
        checked_line = line_start
        for a, b in split_sentences(text, line_start, line_end):
            if strong_cues(text, lower, a, b):
                out.append(paragraph_of(text, line_start, line_end))
                break
    return out


class WindowTests:
    """For the windows of one document: the anchors each holds, and which of its cues can match.

    Each pattern gets a *trigger*: the clause of what it needs (:func:`required_literals`)
    whose strings are the rarest among those :data:`NEEDLES` can report with its keys (they
    are added to it, as optional needles, when the keys are chosen); a window is tried for the pattern only when it holds the trigger (as it must
    for :meth:`Cues._run` to try the pattern). A pattern without one is tried in every
    window. A phrase is looked for only in windows that hold one of its words (its longest
    that can be reported; or else its longest, looked for in the window itself).
    """

    def __init__(self, cues: Cues, index: NeedleIndex, keys: tuple[str, ...]):
        self.cues = cues
        self.anchors = cues.anchors
        self.keys = keys

        def indexed(item: str) -> bool:
            return index.indexed(item, keys)

        self.watched: dict[str, set[int]] = {}  # trigger string -> patterns it calls up
        self.always: set[int] = set()
        for i, (_, clauses, _) in enumerate(cues.line_patterns):
            clause = _trigger_clause(c for c in clauses or () if all(map(indexed, c)))
            if clause is None:
                self.always.add(i)
            else:
                for item in clause:
                    self.watched.setdefault(item, set()).add(i)
        # A phrase matches only where all its words are: one of them (one that is reported, the
        # longest) stands for it. The others' longest words are looked for in the window.
        watched_words, unwatched = set(), set()
        for phrase in cues.phrases if cues.phrase_re is not None else ():
            words = phrase.replace("'", " ").split()
            usable = [w for w in words if "'" not in w and indexed(w)]
            if usable:
                watched_words.add(max(usable, key=len))
            else:
                unwatched.add(max(words, key=len))
        self.phrase_words = tuple(sorted(watched_words))
        self.unwatched_words = tuple(sorted(unwatched))
        # patterns that need one of a few characters ("$", "£", "€"): a document without any is spared them
        self.char_clauses = {}
        for i, (_, clauses, _) in enumerate(cues.line_patterns):
            chars = [c for c in clauses or () if all(len(item) == 1 for item in c)]
            if chars:
                self.char_clauses[i] = chars
        self.chars = frozenset(char for clauses in self.char_clauses.values() for clause in clauses for char in clause)
        # a window tried for a pattern holds its trigger (or an anchor it names): test the other clauses first
        self.clause_order = {}
        for i, (_, clauses, needs) in enumerate(cues.line_patterns):
            if clauses:
                likely = {item for item, indexes in self.watched.items() if i in indexes} | set(needs or ())
                self.clause_order[i] = tuple(sorted(clauses, key=lambda c: any(a in x for x in c for a in likely)))
        self.needles = tuple(sorted(set(self.anchors) | set(self.watched) | set(self.phrase_words)))
        index.add(self.needles, optional=True)
        # what is not an anchor is placed in windows by its own positions
        self.watched_other = {item: frozenset(indexes) for item, indexes in self.watched.items()
                              if item not in self.anchors}
        self.words_other = frozenset(self.phrase_words) - frozenset(self.anchors)
        self._by_stems: dict[frozenset, tuple] = {}

    def windows(self, lower: str, positions: dict[str, list[int]]):
        """[(window, test)]: the windows around the anchors (as :func:`anchor_windows` makes them) and
        for each the arguments of :meth:`Cues.window_search` after the text, or None when no cue can match."""
        spans = []
        for anchor in self.anchors:
            found = positions.get(anchor)
            if found:
                size = len(anchor)
                spans += [(p, p + size, anchor) for p in found]
        if not spans:
            return []
        windows, held = anchor_windows(lower, spans)
        count = len(windows)
        called: list = [None] * count
        worded = [False] * count
        starts = None
        for item, found in positions.items():
            indexes = self.watched_other.get(item)
            word = item in self.words_other
            if indexes is None and not word:
                continue
            if starts is None:
                starts = [w[0] for w in windows]
            size = len(item)
            for p in found:
                i = bisect_right(starts, p) - 1
                if i >= 0 and p + size <= windows[i][1]:
                    if word:
                        worded[i] = True
                    if indexes is not None:
                        if called[i] is None:
                            called[i] = set(indexes)
                        else:
                            called[i] |= indexes
        absent = self._absent(lower) if self.char_clauses else ()
        out = []
        by_stems = self._by_stems
        for i in range(count):
            stems = frozenset(held[i])
            known = by_stems.get(stems)
            if known is None:
                known = by_stems[stems] = self._for_stems(stems)
            tried, named, phrase_stemmed, anchor_worded = known
            extra = called[i]
            if extra is not None:
                tried = tried | (named & extra)
            if absent:
                tried = tried - absent
            phrases = (True if worded[i] or anchor_worded else self.unwatched_words) if phrase_stemmed else ()
            if tried or phrases:
                out.append((tuple(windows[i]), (stems, tried, phrases, self.clause_order)))
            else:
                out.append((tuple(windows[i]), None))
        return out

    def _absent(self, lower: str) -> frozenset[int]:
        """The patterns that need a character (see ``char_clauses``) this text lacks."""
        present = {char: char in lower for char in self.chars}
        return frozenset(i for i, clauses in self.char_clauses.items()
                         if not all(any(present[char] for char in clause) for clause in clauses))

    def _for_stems(self, stems: frozenset[str]):
        """For windows holding these anchors: the patterns to try whatever else they hold (those
        :meth:`Cues._run` would try that have no trigger or one among the anchors), the patterns
        it would try, whether it would look for phrases and whether an anchor is a phrase's word."""
        cues = self.cues
        named = frozenset(cues.named_patterns(stems))
        called = set(self.always)
        for anchor in stems:
            called.update(self.watched.get(anchor, ()))
        phrase_stemmed = cues.phrase_re is not None and (cues.phrase_stems is None
                                                         or not cues.phrase_stems.isdisjoint(stems))
        return named & called, named, phrase_stemmed, not stems.isdisjoint(self.phrase_words)


def group_runs(units, kinds: list[int], max_gap: int) -> list[tuple[int, int]]:
    """Group classified sentences into runs: (index of first sentence, index of last).

    A run holds at least one strong sentence. Between two strong sentences of one
    line it may take up to ``max_gap`` sentences without a cue; across a line break
    only sentences with a cue join (a cue sentence must sit at the end of one line and
    the next at the start of the following line). At both ends a run grows over weak
    sentences.
    """
    n = len(units)
    runs: list[tuple[int, int]] = []
    i = 0
    while i < n:
        if kinds[i] != STRONG:
            i += 1
            continue
        first = last = i
        j = i + 1
        while j < n:
            if kinds[j] != NONE and units[j][2] - units[last][2] <= 1:
                last = j
                j += 1
                continue
            k = j
            while k < n and kinds[k] != STRONG and units[k][2] == units[last][2] and k - last <= max_gap:
                k += 1
            if k < n and kinds[k] == STRONG and units[k][2] == units[last][2] and k - last <= max_gap + 1:
                last = k
                j = k + 1
                continue
            break
        floor = runs[-1][1] + 1 if runs else 0
        while first > floor and kinds[first - 1] != NONE and units[first][2] - units[first - 1][2] <= 1:
            first -= 1
        runs.append((first, last))
        i = last + 1
    return runs


class CueSentenceRule(Rule):
    """Base of the rules that find runs of cue sentences (DON001 donation-appeal, CAP001 captcha-error).

    It reads the pack fields every such rule declares (``anchors``, ``phrases``, ``patterns``,
    ``context``, ``context-patterns``, ``exceptions``), registers the anchors with the shared
    :data:`NEEDLES` index, and gives :meth:`cue_paragraphs`: the paragraphs worth reading
    closely in a document. A subclass adds its own fields and turns the paragraphs into runs.
    """

    def setup(self) -> None:
        vocab = self.vocabulary
        self.anchors = anchors_for(vocab["anchors"], vocab["phrases"])
        self.strong = Cues(vocab["phrases"], vocab["patterns"], self.anchors)
        self.weak = Cues(vocab["context"], vocab["context-patterns"])
        self.exceptions = PhraseMatcher(vocab["exceptions"])
        NEEDLES.add(self.anchors)
        self.tests = None
        NEEDLES.when_keyed(self._keyed)

    def _keyed(self, index, keys) -> None:
        self.tests = WindowTests(self.strong, index, keys)

    def strong_cues(self, text: str, lower: str, a: int, b: int) -> list[tuple[int, int]]:
        """Cue spans in one sentence, or [] when the sentence is quoted or reported speech."""
        return guarded_cues(self.strong, self.anchors, self.exceptions, text, lower, a, b)

    def cue_paragraphs(self, doc) -> list[tuple[int, int]]:
        """(start, end) of the paragraphs holding a strong cue (see :func:`marked_paragraphs`)."""
        if not self.strong:
            return []
        keys = NEEDLES.keys()  # choosing them calls _keyed (see when_keyed)
        if self.tests is None or self.tests.keys is not keys:
            self._keyed(NEEDLES, keys)
        positions = NEEDLES.find(doc, self.tests.needles)
        if not any(a in positions for a in self.anchors):
            return []
        return marked_paragraphs(doc.text, doc.lower, self.anchors, self.strong, self.strong_cues, positions,
                                 self.tests)
