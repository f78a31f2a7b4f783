"""Quotation marks that do not pair up: a wrong closing or opening mark, a double inside a double, a quotation left open.

## What it does
Pairs the quotation marks of every paragraph the way a reader does and reports a
quotation whose marks disagree:

- an opening mark closed by a mark of another kind or style ('grooming gang"
  crimes, "heritage men', ‘major failing', “big win please,");
- a double quotation nested inside a double quotation (the inner one should take
  single marks);
- a quotation that never closes: the narration resumes inside it (", he said",
  ". Smith admitted"), or its paragraph ends and the next one does not go on
  with the quotation.

It knows the conventions of news copy: apostrophes (can’t, victims’, ’90s, rock
’n’ roll, goin'), nested quotations in the other kind of mark, British house style
(single marks outside, double inside), '' standing for a double mark, and the
multi-paragraph quotation whose paragraphs each open with a mark and only the last
one closes, also when the paragraphs were flattened into one line (`... 26 weeks.
"We are going ...`) or a line of page furniture sits between them. Which mark is
the wrong one is decided from the marks of the rest of the paragraph and of the
document. A text that mixes straight and curly marks throughout is taken as
written, and lines of code, text with mojibake (â€™) and truncated teasers ending
in "..." are left alone.

## Why it matters
A quotation with a wrong or missing mark blurs what was said and who said it:
readers and models cannot tell the quoted words from the narration, and the stray
mark is usually scrape or conversion damage that other tools miss.

## Example
```text
He called it a ‘major failing' of the council.
```
Use instead:
```text
He called it a ‘major failing’ of the council.
```

## Fix safety
Unsafe: the right mark is inferred from the paragraph and the document. A wrong
closing or opening mark is replaced by the mark that matches its partner (the
kind the paragraph's other quotations use, the style the text uses); a double
quotation inside a double one gets single marks; a missing closing mark is
inserted only where the quotation clearly ends (before ", he said", before a
sentence of narration, or at the end of a paragraph that is one quoted passage),
before the comma when the text punctuates short quotations outside ("unfair",
he said). Other open quotations are reported without a fix.

## Options
Extend the vocabulary with `extend-speech_verbs` (verbs of saying that show where
narration resumes: "said", "added"), `extend-leading_elisions` (words written
with a leading apostrophe: "em" for 'em, "til") and `extend-trailing_elisions`
(words written with a trailing one: "ol"). Set `report-unclosed = false` to
report a quotation left open only where the narration visibly resumes inside it.

## Known false positives
A quotation that really runs on across paragraphs but whose next paragraph does
not open with a mark (some outlets' and most fiction's style) is reported as
never closing when that paragraph does not close it either. Free verse, lyrics
and dialogue-heavy fiction can pair marks in unusual ways.
"""

from __future__ import annotations

import re

from newslint import Edit, Fix, FixAvailability, Option, PackField, Rule, hookimpl

_MOJIBAKE = "\u00e2\u20ac"
_MAX_CHECKED_FIXES = 20  # fixes verified per document; findings beyond come without a fix
_FOUND_BY_FIND = "\"\u2018\u201c\u201d\u201e"
# ' not followed or not preceded by a letter or digit, ’ not followed or not preceded by a Latin one
# (‘데이트 폭력’이 quotes). Each pattern starts with its mark: a fast literal scan.
_STRAIGHT_EDGE = re.compile("'(?:(?![^\\W_])|(?<![^\\W_]'))")
_CURLY_EDGE = re.compile("\u2019(?:(?![0-9A-Za-z\u00c0-\u024f])|(?<![0-9A-Za-z\u00c0-\u024f]\u2019))")
_DOUBLED = "'\u2018\u2019"  # '' ‘‘ ’’ stand for one double mark ("" is more often two closing marks)
_DQ, _SQ = 0, 1  # kinds of mark: double, single
_OPEN, _CLOSE, _EITHER = 1, 2, 3
_CURLY = frozenset("\u2018\u2019\u201c\u201d\u201e")
_OPENER = {(_DQ, False): '"', (_DQ, True): "\u201c", (_SQ, False): "'", (_SQ, True): "\u2018"}
_CLOSER = {(_DQ, False): '"', (_DQ, True): "\u201d", (_SQ, False): "'", (_SQ, True): "\u2019"}
_SENTENCE_END = ".!?\u2026\u3002\uff01\uff1f"  # with 。！？
_PRONOUNS = frozenset("he she they it".split())  # "I said", "we told" are as often inside the quotation
# "he said it was", "they say these are": a reported clause follows, the words are still quoted
_REPORTED = frozenset("he she they we i it you that this there these those what how why if whether so".split())
_FUTURE_VERBS = frozenset("say add tell explain".split())  # "he will say": only after will/would
_ABBREVIATIONS = frozenset("mr mrs ms dr prof st sr jr gen col lt capt sgt rev hon gov sen rep insp supt cllr "
                           "no vs v inc ltd co corp plc u.s u.k u.n".split())
_AUXILIARIES = frozenset("will would has had have also later then further previously once again".split())
_DETERMINERS = frozenset("the a an his her their its our my your one another both this that all some many most "
                         "several other".split())
_CLAUSE_STOP = re.compile("[.,;:!?\"\u201c\u201d\u2018\u2019()\\[\\]\u2013\u2014]")
_TAG_START = re.compile("[,?!] +")
_OPENING_CHARS = "\"'\u201c\u201e\u2018"
_MIXED_REACH = 2000  # characters around a mixed pair searched for both styles of double mark
_AFTER_CLOSE = frozenset(",.;:!?)]")
_BEFORE_OPEN = frozenset("([\u2014\u2013-/")
_SENTENCE_BREAK = re.compile("[.!?\u2026][\"'\u201d\u2019)\\]]* +[\"'\u201c\u2018(]?[A-Z]")
_LINE_END_PUNCT = re.compile("[.!?][)\\]]?\\s*$")
_CODE_CHAR = re.compile("[{}=<>\\[\\]]")


class _Mark:
    __slots__ = ("pos", "end", "ch", "kind", "curly", "role", "weak", "inch")

    def __init__(self, pos, ch, kind, curly, role, weak=False, inch=False):
        self.pos, self.end, self.ch, self.kind, self.curly = pos, pos + len(ch), ch, kind, curly
        self.role, self.weak, self.inch = role, weak, inch


class _Open:
    """An opening mark on the pairing stack, with the stray closers seen while it was innermost."""

    __slots__ = ("mark", "loose", "parent", "nested_in", "children", "counted", "continues")

    def __init__(self, mark, parent, nested_in):
        self.mark, self.parent, self.nested_in = mark, parent, nested_in
        self.counted = parent is None
        self.continues = False  # a flattened paragraph break reopening its parent in the wrong kind
        self.loose: list[_Mark] = []
        self.children: list[tuple[_Open, _Mark]] = []


class MismatchedQuotes(Rule):
    code = "QUO001"
    name = "mismatched-quotes"
    category = "quotes"
    fix_availability = FixAvailability.SOMETIMES
    options = {
        "report-unclosed": Option(True, "Report quotations that never close, not only marks that disagree."),
    }
    pack_fields = {
        "speech_verbs": PackField("words", "Verbs of saying: ', he said' after an open quotation shows where it ended."),
        "leading_elisions": PackField("words", "Words written with a leading apostrophe ('em, 'til), without it."),
        "trailing_elisions": PackField("words", "Words written with a trailing apostrophe (ol', o'), without it."),
    }

    def setup(self) -> None:
        self.verbs = frozenset(w.lower() for w in self.vocabulary["speech_verbs"])
        self.leading = frozenset(w.lower().strip("'\u2019") for w in self.vocabulary["leading_elisions"])
        self.trailing = frozenset(w.lower().strip("'\u2019") for w in self.vocabulary["trailing_elisions"])
        self.report_unclosed = bool(self.settings["report-unclosed"])

    # ---- entry point -------------------------------------------------------

    def check(self, doc):
        checked = 0
        for diagnostic in self._findings(doc.text):
            if diagnostic.fix is not None:
                checked += 1
                if checked > _MAX_CHECKED_FIXES or not self._fix_settles(doc.text, diagnostic):
                    diagnostic = self.report(diagnostic.start_offset, diagnostic.end_offset, diagnostic.message)
            yield diagnostic

    def _fix_settles(self, text, diagnostic):
        """Whether the text with this fix applied has no fixable finding left where this one was.

        Marks that do not pair can be read more than one way; a fix that only moves
        the fault (and would be undone or redone by the next round) is dropped.
        """
        fixed = diagnostic.fix.apply_to(text)
        shift = len(fixed) - len(text)
        start, end = diagnostic.start_offset, diagnostic.end_offset + max(shift, 0)
        for other in self._findings(fixed):
            if other.fix is not None and other.start_offset < end + 1 and start - 1 < other.end_offset:
                return False
        return True

    def _findings(self, text):
        if "\u00e2" in text and _MOJIBAKE in text:  # one character: a much faster test, true for few texts
            return  # â€™ and the like: an encoding fault (other rules), whose debris looks like quotation marks
        positions = _mark_positions(text)
        if not positions:
            return
        events: list[tuple] = []
        # top-level double and single quotations, closed ‘...’ pairs, whether apostrophes are curly
        # (None until a stray mark needs it: _curly_apostrophes)
        doc_counts = [0, 0, 0, None]
        line: list[int] = []
        line_start = line_end = -1
        size = len(text)
        for pos in positions:
            if pos >= line_end:
                if line:
                    self._line(text, line_start, line_end, line, events, doc_counts)
                    line = []
                line_start = text.rfind("\n", 0, pos) + 1
                line_end = text.find("\n", pos)
                if line_end < 0:
                    line_end = size
            line.append(pos)
        if line:
            self._line(text, line_start, line_end, line, events, doc_counts)
        if not events:
            return
        style = _StyleCounts(text)
        # three or more double quotations with mixed marks: the text's own habit, not damage
        style.systematic = sum(e[0] == "style" and e[1].mark.kind == _DQ for e in events) >= 3
        for event in events:
            diagnostic = self._report_event(text, event, doc_counts, style)
            if diagnostic is not None:
                yield diagnostic

    # ---- marks ---------------------------------------------------------------

    def _line(self, text, line_start, line_end, positions, events, doc_counts):
        """Classify and pair the marks of one line, unless they are plainly balanced straight double marks."""
        if self._fast_line(text, line_start, line_end, positions, events, doc_counts):
            return
        if _looks_like_code(text, line_start, line_end):
            return
        if _curly_pairs_line(text, line_start, line_end, positions, doc_counts):
            return
        marks = []
        skip_to = -1
        for pos in positions:
            if pos < skip_to:
                continue  # the second mark of '', ‘‘ or ’’
            ch = text[pos]
            if pos + 1 < line_end and text[pos + 1] == ch and ch in _DOUBLED:
                ch += ch
                skip_to = pos + 2
            mark = self._classify(text, pos, ch, line_start, line_end)
            if mark is not None:
                marks.append(mark)
        if marks:
            self._scan_line(text, line_start, line_end, marks, events, doc_counts)

    def _fast_line(self, text, line_start, line_end, positions, events, doc_counts):
        """Pair a line made only of straight double marks that plainly open and close; False if it is not one.

        The fast path for most lines of straight-quoted copy ("We will," he said.),
        including a quotation left open at the end of the line or reopened after a
        full stop (a flattened paragraph break), which are resolved as usual.
        """
        opened = -1
        count = 0
        found: list[tuple] = []  # kept only if the whole line takes the fast path
        for pos in positions:
            if text[pos] != '"':
                return False
            prev = text[pos - 1] if pos > line_start else " "
            nxt = text[pos + 1] if pos + 1 < line_end else " "
            if prev in "([" and nxt in ")]":
                return False
            if nxt != " " and nxt != '"' and (prev == " " or prev in _BEFORE_OPEN) and not (
                    prev == " " and nxt in _AFTER_CLOSE):
                if opened >= 0:
                    if not _after_sentence_end(text, line_start, pos):
                        return False
                    self._resolve(self._ctx(text, line_start, line_end, found, doc_counts),
                                  _Open(_Mark(opened, '"', _DQ, False, _OPEN), None, None), pos, "flat")
                opened = pos
                count += 1
            elif opened >= 0 and prev != " " and prev != '"' and (nxt == " " or nxt in _AFTER_CLOSE):
                opened = -1
            else:
                return False
        doc_counts[0] += count
        events.extend(found)
        if opened >= 0:
            self._resolve(self._ctx(text, line_start, line_end, events, doc_counts),
                          _Open(_Mark(opened, '"', _DQ, False, _OPEN), None, None), line_end, "eol",
                          _next_line_opens(text, line_end))
        return True

    @staticmethod
    def _ctx(text, line_start, line_end, events, doc_counts):
        counts = [0, 0]
        return (text, line_start, line_end, events, counts, doc_counts)

    def _classify(self, text, pos, ch, line_start, line_end):
        """The mark at ``pos``: its kind, style and role (opening, closing, either), or None for an apostrophe.

        Straight marks take their role from their sides, as in Markdown's flanking
        rules: space before and a letter after opens, a letter before and space or
        punctuation after closes. A single mark that may be an apostrophe
        ("victims'", "goin'", "5'") is a ``weak`` closing mark: it closes only a
        single quotation of its own style, and otherwise waits as a stray mark.
        """
        prev = text[pos - 1] if pos > line_start else " "
        nxt = text[pos + len(ch)] if pos + len(ch) < line_end else " "
        if prev in "([" and nxt in ")]":
            return None  # double quotes (") named, not used
        p_space, n_space = prev.isspace(), nxt.isspace()
        p_alnum, n_alnum = prev.isalnum(), nxt.isalnum()
        p_punct = not p_space and not p_alnum
        n_punct = not n_space and not n_alnum
        left = not n_space and (not n_punct or p_space or p_punct)
        right = not p_space and (not p_punct or n_space or n_punct)
        if ch == '"' or ch == "''":
            if prev >= "\u2e80" or nxt >= "\u2e80":
                return _Mark(pos, ch, _DQ, False, _EITHER)  # 与"新一网"相关: no spaces to tell sides by
            if p_space and nxt in _AFTER_CLOSE:
                return _Mark(pos, ch, _DQ, False, _EITHER)  # "delays ".
            if left and not right:
                if prev in _AFTER_CLOSE:
                    return _Mark(pos, ch, _DQ, False, _EITHER)  # challenge."Earlier: a closing mark missing its space
                return _Mark(pos, ch, _DQ, False, _OPEN)
            if right and not left:
                return _Mark(pos, ch, _DQ, False, _CLOSE, inch=prev.isdigit())
            return _Mark(pos, ch, _DQ, False, _EITHER)
        if ch == "\u201c" or ch == "\u201e" or ch == "\u2018\u2018":
            if nxt in _AFTER_CLOSE and (p_space or right):
                return _Mark(pos, ch, _DQ, True, _EITHER)  # “ I Cavalieri “, / Stands Out?“. used as closing marks
            if right and not left:
                return _Mark(pos, ch, _DQ, True, _CLOSE)  # „German“ closes with “
            return _Mark(pos, ch, _DQ, True, _OPEN)
        if ch == "\u201d" or ch == "\u2019\u2019":
            if left and not right and n_alnum and p_space:
                return _Mark(pos, ch, _DQ, True, _OPEN)  # ”Swedish” style
            return _Mark(pos, ch, _DQ, True, _CLOSE)
        # single marks: quotation marks or apostrophes
        if p_alnum and n_alnum:
            if ch == "'" or (prev < "\u0250" and nxt < "\u0250"):
                return None  # can't, O'Neill, rock’n’roll
            # ‘데이트 폭력’이: in scripts without apostrophes, a curly mark before a letter is a quotation mark
            return _Mark(pos, ch, _SQ, True, _OPEN if ch == "\u2018" else _CLOSE)
        curly = ch != "'"
        if left and not right:
            if nxt in _AFTER_CLOSE:
                return _Mark(pos, ch, _SQ, curly, _CLOSE, weak=True)  # ‘The Medium is the Message ‘,
            if self._leading_elision(text, pos + 1, line_end):
                return None  # ’90s, 'em, ’n’
            if ch == "\u2019":
                if nxt.isupper():
                    return _Mark(pos, ch, _SQ, True, _OPEN)  # prompts—’I Notice...’: a misturned opening mark
                if not p_space and nxt >= "\u0250":
                    return _Mark(pos, ch, _SQ, True, _CLOSE)  # ‘시냅스(Synapse)’를
                return None  # ’til, ’twas
            return _Mark(pos, ch, _SQ, curly, _OPEN)
        if left and right:  # between two punctuation marks
            return None if ch == "\u2018" else _Mark(pos, ch, _SQ, curly, _CLOSE, weak=True)
        if right:
            if ch == "\u2018":
                return _Mark(pos, ch, _SQ, True, _CLOSE, weak=True)  # ‘diva‘, ‘cast iron plant‘ because: misturned
            if p_punct:
                return _Mark(pos, ch, _SQ, curly, _CLOSE)
            return _Mark(pos, ch, _SQ, curly, _CLOSE, weak=self._trailing_elision(text, pos, line_start))
        return None

    def _leading_elision(self, text, start, line_end):
        """Whether the word after a mark is written with a leading apostrophe ('em, ’90s, 'til)."""
        if start < line_end and text[start].isdigit():
            end = start
            while end < line_end and text[end].isdigit():
                end += 1
            return end - start == 2  # '90s, ’05
        end = start
        while end < line_end and text[end].isalpha():
            end += 1
        return text[start:end].lower() in self.leading

    def _trailing_elision(self, text, pos, line_start):
        """Whether the mark after a word may be an apostrophe: victims', goin', ol', 5'."""
        prev = text[pos - 1]
        if prev.isdigit() or prev in "sSzZxX":
            return True
        start = pos - 1
        while start > line_start and text[start - 1].isalpha():
            start -= 1
        word = text[start:pos].lower()
        return (len(word) > 3 and word.endswith("in")) or word in self.trailing

    # ---- pairing one line ------------------------------------------------------

    def _scan_line(self, text, line_start, line_end, marks, events, doc_counts):
        """Pair the marks of one line with a stack, recording what does not pair as events.

        An opening mark of the kind already open is a flattened paragraph break
        (after a full stop), the end of the open quotation (a stray closing mark or
        a speech tag came first) or a nested quotation. A closing mark of the wrong
        kind waits as a stray mark of the quotation it sits in, unless it closes an
        inner quotation of its kind. What is still open at the end of the line is
        resolved against the next paragraph.
        """
        stack: list[_Open] = []
        counts = [0, 0]
        ctx = (text, line_start, line_end, events, counts, doc_counts)
        for index, mark in enumerate(marks):
            role = mark.role
            if role == _EITHER:
                role = _CLOSE if any(entry.mark.kind == mark.kind for entry in stack) else _OPEN
            elif mark.inch and not any(entry.mark.kind == _DQ for entry in stack):
                continue  # 12" or 5'10": a unit, not a quotation mark
            if role == _OPEN:
                if stack and stack[-1].mark.kind != mark.kind and _strong_loose(stack[-1], mark.kind):
                    # "heritage men' ... 'grooming: the stray closing mark ended the open quotation
                    self._resolve(ctx, stack.pop(), mark.pos, "other")
                same = stack[-1] if stack and stack[-1].mark.kind == mark.kind else None
                if same is not None and same.mark.end == mark.pos and not same.loose:
                    stack.pop()  # ""unconscionable: a doubled opening mark, one quotation
                    same = stack[-1] if stack and stack[-1].mark.kind == mark.kind else None
                if same is not None:
                    if _after_sentence_end(text, line_start, mark.pos) or _new_passage(text, same.mark.pos, mark):
                        stack.pop()  # a flattened paragraph break: the quotation continues
                        self._resolve(ctx, same, mark.pos, "flat")
                        same = None
                    elif self._ends_before(ctx, same, mark.pos):
                        stack.pop()
                        same = None
                if not stack:
                    counts[mark.kind] += 1
                stack.append(_Open(mark, stack[-1] if stack else None, same))
                continue
            # a closing mark
            if mark.weak:
                top = stack[-1] if stack else None
                if top is not None and top.mark.kind == _SQ and top.mark.curly == mark.curly \
                        and not _strong_loose(top, _DQ):
                    stack.pop()
                    self._closed(ctx, top, mark)
                elif top is not None:
                    top.loose.append(mark)
                continue
            if not stack:
                continue  # a closing mark with nothing open: the quotation began elsewhere
            top = stack[-1]
            if top.mark.kind == mark.kind:
                stack.pop()
                self._closed(ctx, top, mark)
                continue
            deeper = None
            for entry in reversed(stack[:-1]):
                if entry.mark.kind == mark.kind:
                    deeper = entry
                    break
            if deeper is None:
                top.loose.append(mark)
                continue
            if _closer_ahead(marks, index, mark.kind):
                stack.pop()  # this mark closes the inner quotation; a later one closes the outer
                events.append(("kind", top, mark, counts))
                continue
            if top.parent is deeper and not top.loose and _after_sentence_end(text, line_start, top.mark.pos) \
                    and top.mark.end < line_end and text[top.mark.end].isupper():
                # "I like it. ‘That is the sort of race I like." a flattened paragraph break whose
                # opening mark came out as the wrong kind: the quotation goes on in the outer kind
                stack.pop()
                stack.pop()
                top.continues = True
                events.append(("kind", top, mark, counts))
                self._resolve(ctx, deeper, top.mark.pos, "flat")
                continue
            while stack[-1] is not deeper:
                self._resolve(ctx, stack.pop(), mark.pos, "inner")
            stack.pop()
            self._closed(ctx, deeper, mark)
        continued = None
        while stack:
            entry = stack.pop()
            if continued is None:
                continued = _next_line_opens(text, line_end)
            self._resolve(ctx, entry, line_end, "eol", continued)
        doc_counts[0] += counts[0]
        doc_counts[1] += counts[1]

    def _closed(self, ctx, entry, mark):
        """``mark`` closes ``entry`` (same kind): note a style mismatch or a double quotation nested in it."""
        events = ctx[3]
        if entry.mark.kind == _SQ and entry.mark.curly and mark.curly:
            ctx[5][2] += 1
        if entry.mark.curly != mark.curly:
            events.append(("style", entry, mark, ctx[1], ctx[2]))
        if entry.children:
            child, child_close = entry.children[0]
            events.append(("nested", entry, child, child_close, True))  # "He said "no" to me," she said.
        if entry.nested_in is not None:
            entry.nested_in.children.append((entry, mark))

    def _candidate(self, ctx, entry, strict):
        """The stray closing mark that most likely ends ``entry`` (a mark of the wrong kind), and how sure that is.

        A double mark, or a single one after punctuation or after a word that takes
        no apostrophe, is ``"sure"``; so is an apostrophe-like one ("victims'") right
        before punctuation, the end of the line or ", he said". An apostrophe-like
        mark before a word is only ``"likely"``, and only inside a quotation opened
        mid-sentence. In ``strict`` mode (a quotation that may go on in the next
        paragraph) a single mark counts only where it clearly ends a quotation.
        """
        text, line_start, line_end = ctx[0], ctx[1], ctx[2]
        passage = _starts_passage(text, line_start, entry.mark.pos)
        strict = strict and passage  # a quotation opened mid-sentence does not run on into the next paragraph
        likely = None
        for mark in entry.loose:
            if mark.kind == _DQ:
                return mark, "sure"  # a double mark is never an apostrophe
            after = text[mark.end] if mark.end < line_end else " "
            closes = (after not in " \t\r" and not after.isalnum()) or not text[mark.end:line_end].strip()
            if not closes and after in " \t" and (mark.weak or strict):
                closes = self._tag_at(text, mark.end, line_end) is not None
            if closes or (not mark.weak and not (strict and text[mark.pos - 1].isalnum())):
                return mark, "sure"
            if mark.weak and mark.curly != _curly_apostrophes(text, ctx[5]) and entry.mark.kind == _DQ and not strict:
                return mark, "sure"  # "Major problems’ are: an apostrophe unlike the text's own is the stray mark
            if mark.weak and not strict and not passage and likely is None:
                likely = mark
        return likely, "likely"

    def _ends_before(self, ctx, entry, pos):
        """A new opening mark of the same kind while ``entry`` is open: did ``entry`` end before it?"""
        text, events, counts = ctx[0], ctx[3], ctx[4]
        mark, sureness = self._candidate(ctx, entry, strict=False)
        if mark is not None and sureness == "sure":
            events.append(("kind", entry, mark, counts))
            return True
        insert = self._speech_tag(text, entry.mark.end, pos)
        if insert is None:
            insert = self._narration(text, entry.mark.end, pos)
        if insert is not None:
            events.append(("drop", entry, insert, insert))
            return True
        if mark is not None:
            events.append(("kind", entry, mark, counts))
            return True
        return False

    def _resolve(self, ctx, entry, end, reason, continued=False):
        """``entry`` ends at ``end`` without a closing mark of its kind."""
        text, line_start, line_end, events, counts, doc_counts = ctx
        strict = reason == "flat" or (reason == "eol" and continued)
        mark, sureness = self._candidate(ctx, entry, strict)
        if mark is not None and sureness == "sure":
            events.append(("kind", entry, mark, counts))
            return
        if entry.children and reason == "eol":
            child, child_close = entry.children[-1]
            if not continued and not text[child_close.end:line_end].strip():
                # “I was troubled to read that “a significant proportion ... seekers.” at the end of a paragraph
                events.append(("nested", entry, child, child_close, True))
                return
        insert = self._speech_tag(text, entry.mark.end, end)
        if insert is not None:
            events.append(("drop", entry, insert, insert))
            return
        if mark is not None:
            events.append(("kind", entry, mark, counts))
            return
        if reason == "flat" or continued or not self.report_unclosed:
            return
        if entry.mark.kind == _SQ and not entry.mark.curly:
            return  # a straight single mark may be an apostrophe we do not know
        stop = end
        while stop > entry.mark.end and text[stop - 1].isspace():
            stop -= 1
        insert = self._narration(text, entry.mark.end, stop)
        if insert is not None:
            events.append(("drop", entry, insert, insert))  # the narration resumes inside the "quotation"
            return
        if reason == "eol" and not _paragraph_ends(text, line_end):
            return
        tail = text[max(entry.mark.pos, stop - 4):stop].rstrip(")]")
        if tail.endswith("\u2026") or tail.endswith("..."):
            return  # a truncated teaser, not a quotation fault
        if reason == "eol" and _LINE_END_PUNCT.search(text, entry.mark.pos, stop + 1) \
                and _starts_passage(text, line_start, entry.mark.pos) \
                and (not text[line_start:entry.mark.pos].strip() or not _SENTENCE_BREAK.search(text, entry.mark.end, stop)):
            insert = stop  # a quoted paragraph, or one quoted sentence making up the rest of the paragraph
        events.append(("drop", entry, insert, stop))
        # a lone ‘ is trusted as an opening mark only where the text closes ‘...’ quotations elsewhere (see report)

    # ---- speech tags -----------------------------------------------------------

    def _speech_tag(self, text, start, end):
        """Where a quotation ends when ", he said" follows it inside ``text[start:end]``; None if not seen.

        The closing mark goes after the comma, or before it for a quotation opened
        mid-sentence in a text that punctuates outside short quotations ("unfair", he said).
        """
        for match in _TAG_START.finditer(text, start, end):
            if match.start() - start < 3:
                continue
            if match.end() >= end:
                break
            if text[match.start()] != "," and not text[match.end()].islower():
                continue  # after ? or ! a capital starts a new sentence: "Time will tell."
            if self._tag_at(text, match.end(), end) is not None:
                return _closing_point(text, start, match.start())
        return None

    def _narration(self, text, start, end):
        """Where a quotation ends when a sentence of narration ("Smith said she was...") follows inside it."""
        for match in _SENTENCE_BREAK.finditer(text, start, end):
            if match.start() - start < 3 or _after_abbreviation(text, match.start()):
                continue
            if self._narration_at(text, match.end() - 1, end):
                return _closing_point(text, start, match.start())
        return None

    def _narration_at(self, text, pos, limit):
        """Whether the sentence at ``pos`` opens with a speaker and a verb of saying ("Gerrard admitted")."""
        stop = _CLAUSE_STOP.search(text, pos, min(limit, pos + 80))
        words = text[pos:stop.start() if stop else min(limit, pos + 80)].split()
        if len(words) < 2 or not words[0][0].isupper():
            return False
        lowered = [w.lower() for w in words]
        if lowered[0] in ("i", "we", "you", "it", "this", "that", "there", "these", "those"):
            return False
        verb = next((i for i, w in enumerate(lowered[:5]) if w in self.verbs), None)
        if verb is None or verb == 0:
            return False
        subject = words[:verb]
        if all(w.lower() in _DETERMINERS for w in subject):
            return False  # "A continued failure": no speaker before the verb
        if subject[0].lower() in _DETERMINERS and subject[0].lower() not in ("this", "that", "all", "some", "many",
                                                                            "most", "both", "several", "other"):
            return True  # "A spokesman said", "The coach admitted"
        return all(w[0].isupper() or w.lower() in _DETERMINERS for w in subject)

    def _tag_at(self, text, pos, limit):
        """Whether a narration tag ("he said", "said Mr Smith", "the minister added") starts at ``pos``."""
        while pos < limit and text[pos] == " ":
            pos += 1
        stop = _CLAUSE_STOP.search(text, pos, min(limit, pos + 120))
        while stop and text[stop.start()] == "." and _after_abbreviation(text, stop.start()):
            stop = _CLAUSE_STOP.search(text, stop.end(), min(limit, pos + 120))  # ", said Mr. Smith"
        clause = text[pos:stop.start() if stop else min(limit, pos + 120)]
        words = clause.split()
        if not words or len(words) > 16:
            return None
        lowered = [w.lower() for w in words]
        verb = next((i for i, w in enumerate(lowered) if w in self.verbs or (
            w in _FUTURE_VERBS and i and lowered[i - 1] in ("will", "would"))), None)
        if verb is None or verb > 8 or len(words) - verb - 1 > (12 if verb == 0 else 7):
            return None  # ", said planetary geologist Rosaly Lopes of NASA's Jet Propulsion Laboratory"
        after = lowered[verb + 1:]
        if verb == 0:
            # ", said Mr Smith", ", said chief executive Todd Stitzer", ", said the report", ", said he"
            if after and (after[0] in _DETERMINERS or after[0] in _PRONOUNS
                          or any(w[0].isupper() for w in words[1:6])):
                return pos
            return None
        if after and after[0] in _REPORTED:
            return None  # "he said it was": a reported clause inside the quotation
        if lowered[0] in _PRONOUNS and all(w in _AUXILIARIES for w in lowered[1:verb]):
            return pos  # "he said", "she will say", "they later added"
        before = words[:verb]
        if lowered[0] in _REPORTED or lowered[0] in ("and", "but", "or", "so", "because", "which", "who", "when"):
            return None  # "I explained", "and he said": narration inside the quotation
        if any(w[0].isupper() for w in before) or lowered[0] in _DETERMINERS:
            return pos
        return None

    # ---- findings --------------------------------------------------------------

    def _report_event(self, text, event, doc_counts, style):
        kind = event[0]
        if kind == "kind" and event[1].mark.kind == event[2].kind:
            # 'shied away’: a single pair of two styles that met as stray marks
            line_start = text.rfind("\n", 0, event[1].mark.pos) + 1
            line_end = text.find("\n", event[2].pos)
            kind, event = "style", ("style", event[1], event[2], line_start, len(text) if line_end < 0 else line_end)
        if kind == "style":
            _, entry, mark, line_start, line_end = event
            opener = entry.mark
            if opener.kind == _SQ:
                curly = True  # a straight single mark is as often an apostrophe: the curly one was meant
            else:
                straight_others, curly_others = style.others(_DQ, (opener.ch, mark.ch))
                if style.systematic or (min(straight_others, curly_others) >= 2
                                        and _mixed_around(text, opener.pos, mark.end)):
                    return None  # the text around mixes straight and curly marks: its style, not a fault
                curly = _line_prefers_curly(text, line_start, line_end, (opener.ch, mark.ch))
                if curly is None:
                    curly = style.prefers_curly(opener.kind, exclude=(opener.ch, mark.ch))
                if curly is None:
                    curly = opener.curly
            start, end = opener.pos, mark.end
            if opener.curly == curly:
                right = _CLOSER[(opener.kind, curly)]
                edit, title = Edit(mark.pos, mark.end, right), f"Close the quotation with {right}"
            else:
                right = _OPENER[(opener.kind, curly)]
                edit, title = Edit(opener.pos, opener.end, right), f"Open the quotation with {right}"
            message = f"Quotation opened with {opener.ch} but closed with {mark.ch}"
            return self.report(start, end, message, Fix.unsafe(title, edit))
        if kind == "kind":
            _, entry, mark, counts = event
            opener = entry.mark
            if entry.continues:
                expected = entry.parent.mark.kind
            elif entry.parent is not None and entry.nested_in is None:
                expected = 1 - entry.parent.mark.kind
            else:
                # the kind the other top-level quotations of the line, else of the text, use
                own = [0, 0]
                if entry.counted:
                    own[opener.kind] = 1
                line = (counts[0] - own[0], counts[1] - own[1])
                whole = (doc_counts[0] - own[0], doc_counts[1] - own[1])
                if line[0] != line[1]:
                    expected = _DQ if line[0] > line[1] else _SQ
                elif whole[0] != whole[1]:
                    expected = _DQ if whole[0] > whole[1] else _SQ
                elif opener.curly != mark.curly and style.typed_curly(opener.ch + mark.ch) is not None:
                    # ‘orderly" in a text typed straight: the curly mark is the odd one
                    curly_text = style.typed_curly(opener.ch + mark.ch)
                    expected = opener.kind if opener.curly == curly_text else mark.kind
                elif opener.kind == _SQ and not opener.curly:
                    expected = _DQ  # 'It is only the tip of the iceberg," he said: the straight ' is the odd one
                else:
                    expected = opener.kind
            if expected == opener.kind:
                right = _CLOSER[(opener.kind, opener.curly)]
                edit, title = Edit(mark.pos, mark.end, right), f"Close the quotation with {right}"
            else:
                right = _OPENER[(mark.kind, mark.curly)]
                edit, title = Edit(opener.pos, opener.end, right), f"Open the quotation with {right}"
            message = f"Quotation opened with {opener.ch} but closed with {mark.ch}"
            return self.report(opener.pos, mark.end, message, Fix.unsafe(title, edit))
        if kind == "nested":
            _, outer, inner, inner_close, fixable = event
            start, end = outer.mark.pos, inner_close.end
            message = (f"Double quotation {inner.mark.ch}...{inner_close.ch} nested inside another double "
                       "quotation; the inner one takes single marks")
            fix = None
            if fixable and inner.mark.kind == _DQ:
                left = _OPENER[(_SQ, inner.mark.curly)]
                right = _CLOSER[(_SQ, inner_close.curly)]
                fix = Fix.unsafe("Use single marks for the inner quotation",
                                 Edit(inner.mark.pos, inner.mark.end, left),
                                 Edit(inner_close.pos, inner_close.end, right))
            return self.report(start, end, message, fix)
        if kind == "drop":
            _, entry, insert, stop = event
            opener = entry.mark
            if opener.kind == _SQ and insert is None and not doc_counts[2]:
                return None  # ‘Aisyah, ‘black death: a lone ‘ in a text that never closes one is no quotation
            right = _CLOSER[(opener.kind, opener.curly)]
            message = f"Quotation opened with {opener.ch} never closes"
            fix = None
            if insert is not None:
                fix = Fix.unsafe(f"Insert the closing {right}", Edit.insertion(insert, right))
            return self.report(opener.pos, max(stop, opener.end), message, fix)
        return None


class _StyleCounts:
    """How often the document writes each kind of mark straight and curly."""

    def __init__(self, text):
        self.counts = {
            _DQ: [text.count('"'), text.count("\u201c") + text.count("\u201d") + text.count("\u201e")],
            _SQ: [text.count("'"), text.count("\u2018") + text.count("\u2019")],
        }

    def others(self, kind, exclude):
        """Straight and curly marks of ``kind`` besides those in ``exclude``."""
        own = list(self.counts[kind])
        straight, curly = ('"', "\u201c\u201d\u201e") if kind == _DQ else ("'", "\u2018\u2019")
        for marks in exclude:
            own[0] -= marks.count(straight)
            own[1] -= sum(marks.count(ch) for ch in curly)
        return own

    def typed_curly(self, exclude):
        """Whether the text's other marks and apostrophes are mostly curly (True), mostly straight (False) or mixed."""
        straight = self.counts[_DQ][0] + self.counts[_SQ][0] - sum(exclude.count(ch) for ch in "\"'")
        curly = self.counts[_DQ][1] + self.counts[_SQ][1] - sum(exclude.count(ch) for ch in _CURLY)
        if curly >= 3 * straight + 1:
            return True
        if straight >= 3 * curly + 1:
            return False
        return None  # no clear habit (boilerplate typed one way, the story another)

    def prefers_curly(self, kind, exclude=()):
        own = self.others(kind, exclude)
        for straight, curly in (own, self.counts[1 - kind]):
            if straight != curly:
                return curly > straight
        return None


def _mixed_around(text, start, end, reach=_MIXED_REACH):
    """Whether both straight and curly double marks appear near ``text[start:end]`` (outside it)."""
    before = text[max(0, start - reach):start]
    after = text[end:end + reach]
    straight = before.count('"') + after.count('"')
    curly = sum(before.count(ch) + after.count(ch) for ch in "\u201c\u201d")
    return straight > 0 and curly > 0


def _curly_pairs_line(text, line_start, line_end, positions, doc_counts):
    """Count the quotations of a line made only of curly double marks that open and close in turn.

    The fast path for most lines of curly-quoted copy: “...” “...” with every “ taken
    as an opening mark and every ” as a closing one by _classify, which pairs without
    an event. False (nothing counted) if the line is not one.
    """
    if len(positions) % 2:
        return False
    expected = "\u201c"
    for pos in positions:
        ch = text[pos]
        if ch != expected:
            return False
        prev = text[pos - 1] if pos > line_start else " "
        nxt = text[pos + 1] if pos + 1 < line_end else " "
        if prev in "([" and nxt in ")]":
            return False
        p_space, n_space = prev.isspace(), nxt.isspace()
        p_punct = not p_space and not prev.isalnum()
        n_punct = not n_space and not nxt.isalnum()
        left = not n_space and (not n_punct or p_space or p_punct)
        right = not p_space and (not p_punct or n_space or n_punct)
        if ch == "\u201c":
            if (nxt in _AFTER_CLOSE and (p_space or right)) or (right and not left):
                return False  # taken as a closing mark, or as either
            expected = "\u201d"
        else:
            if left and not right and nxt.isalnum() and p_space:
                return False  # taken as an opening mark (”Swedish” style)
            expected = "\u201c"
    doc_counts[0] += len(positions) // 2
    return True


def _curly_apostrophes(text, doc_counts):
    """Whether the text writes its apostrophes curly (’) more often than straight ('); counted once."""
    if doc_counts[3] is None:
        doc_counts[3] = text.count("\u2019") > text.count("'")
    return doc_counts[3]


def _looks_like_code(text, start, end):
    """Whether a line reads as program code or markup (f"...{x['a']}"), whose quotes follow other rules."""
    if _CODE_CHAR.search(text, start, end) is None:
        return False
    line = text[start:end]
    return sum(line.count(ch) for ch in "{}=<>") + (line.count("[") + line.count("]")) // 2 >= 3


def _mark_positions(text):
    """Sorted offsets of every quotation mark, leaving out apostrophes inside words (don't, O'Neill).

    Double marks and ‘ are found with str.find; ' and ’ with a regular expression
    that starts with the mark (a fast literal scan) and keeps the marks not followed
    or not preceded by a letter.
    """
    positions = []
    find, append = text.find, positions.append
    for ch in _FOUND_BY_FIND:
        i = find(ch)
        while i >= 0:
            append(i)
            i = find(ch, i + 1)
    for ch, pattern in (("'", _STRAIGHT_EDGE), ("\u2019", _CURLY_EDGE)):
        if ch in text:
            positions.extend(map(re.Match.start, pattern.finditer(text)))
    positions.sort()
    return positions


def _line_prefers_curly(text, start, end, exclude):
    """Whether the other double marks of a line are curly (True), straight (False) or undecided (None)."""
    line = text[start:end]
    straight = line.count('"') - sum(ch == '"' for ch in exclude)
    curly = line.count("\u201c") + line.count("\u201d") - sum(ch in "\u201c\u201d" for ch in exclude)
    if straight == curly:
        return None
    return curly > straight


def _closing_point(text, start, punct):
    """Where the closing mark of the quotation opened just before ``start`` goes, at the punctuation ``punct``.

    After the mark ("We will go," he said), or before it for a quotation opened
    mid-sentence in a text that punctuates outside short quotations ("unfair", he said).
    """
    line_start = text.rfind("\n", 0, start) + 1
    opener = start - 1
    while opener > line_start and text[opener] not in _OPENING_CHARS:
        opener -= 1
    if not _starts_passage(text, line_start, opener) and _punctuates_outside(text, text[opener]):
        return punct
    return punct + 1


def _punctuates_outside(text, opener):
    """Whether the text closes short quotations before a comma or full stop ("unfair", he said)."""
    closer = '"' if opener == '"' else "\u201d" if opener in "\u201c\u201e" else "\u2019" if opener == "\u2018" else "'"
    if closer == "'":
        return False
    outside = text.count(closer + ",") + text.count(closer + ".")
    inside = text.count("," + closer) + text.count("." + closer)
    return outside > 0 and outside * 4 >= inside


def _after_abbreviation(text, dot):
    """Whether the full stop at ``dot`` ends an abbreviation (Mr., Dr., U.S.) rather than a sentence."""
    start = dot
    while start > 0 and (text[start - 1].isalpha() or text[start - 1] == "."):
        start -= 1
    word = text[start:dot].lower()
    return word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha())


def _after_sentence_end(text, line_start, pos):
    """Whether the mark at ``pos`` follows the end of a sentence (". " before it)."""
    i = pos - 1
    if i < line_start or text[i] not in " \t":
        return False
    while i >= line_start and text[i] in " \t":
        i -= 1
    while i >= line_start and text[i] in ")]\"'\u201d\u2019":
        i -= 1
    return i >= line_start and text[i] in _SENTENCE_END


def _strong_loose(entry, kind):
    """Whether a stray closing mark of ``kind`` that cannot be an apostrophe was seen inside ``entry``."""
    return any(mark.kind == kind and not mark.weak for mark in entry.loose)


def _new_passage(text, start, mark):
    """Whether ``mark`` opens a new passage (capital letter) after a sentence ended inside the quotation at ``start``."""
    nxt = text[mark.end] if mark.end < len(text) else " "
    return nxt.isupper() and _SENTENCE_BREAK.search(text, start + 1, mark.pos) is not None


def _closer_ahead(marks, index, kind):
    """Whether a later mark on the line closes a quotation of ``kind`` before one opens."""
    for mark in marks[index + 1:]:
        if mark.kind != kind or mark.weak:
            continue
        return mark.role in (_CLOSE, _EITHER)
    return False


def _next_line_opens(text, line_end):
    """Whether the next paragraph starts with an opening quotation mark (a continued quotation).

    Up to three short lines without a full stop at their end in between
    ("ADVERTISEMENT", "Story continues below advertisement", a photo credit, a
    related headline) are skipped: they are page furniture.
    """
    i, n = line_end, len(text)
    for _ in range(4):
        while i < n and text[i].isspace():
            i += 1
        if i >= n:
            return False
        ch = text[i]
        if ch in "\"\u201c\u201e\u2018'":
            return i + 1 < n and not text[i + 1].isspace()
        end = text.find("\n", i)
        end = n if end < 0 else end
        line = text[i:end].rstrip()
        if _closes_first(line):
            return True  # the outlet does not reopen continued paragraphs: the next one closes the quotation
        if len(line) > 100 or line[-1] in _SENTENCE_END:
            return False
        i = end
    return False


def _closes_first(line):
    """Whether the first double mark of a paragraph is a closing one (“...” made of several paragraphs)."""
    for i, ch in enumerate(line):
        if ch == '"' or ch == "\u201d" or ch == "\u201c":
            prev = line[i - 1] if i else " "
            nxt = line[i + 1] if i + 1 < len(line) else " "
            return ch != "\u201c" and not prev.isspace() and (nxt.isspace() or nxt in _AFTER_CLOSE)
    return False


def _paragraph_ends(text, line_end):
    """Whether the line ending at ``line_end`` ends a paragraph that another paragraph follows.

    A line without a full stop at its end, a line followed by one that starts in
    lower case (a paragraph broken by a removed link) and the last line of the
    text (possibly cut short) do not.
    """
    j = line_end
    while j > 0 and text[j - 1].isspace():
        j -= 1
    k = j
    while k > 0 and text[k - 1] in ")]\"'\u201d\u2019":
        k -= 1
    if k == 0 or text[k - 1] not in _SENTENCE_END:
        return False
    i, n = line_end, len(text)
    while i < n and text[i].isspace():
        i += 1
    return i < n and not text[i].islower()


def _starts_passage(text, line_start, pos):
    """Whether a quotation opening at ``pos`` starts the paragraph or follows a colon or a sentence end."""
    i = pos - 1
    while i >= line_start and text[i] in " \t":
        i -= 1
    return i < line_start or text[i] in ":" + _SENTENCE_END


@hookimpl
def newslint_register_rules():
    return [MismatchedQuotes]
