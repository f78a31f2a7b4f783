"""Call-out for the publisher's app, podcast, AI features or social accounts scraped into the article.

## What it does
Finds the publisher's own call-outs addressed to the reader: app downloads
("Click here to get the Fox News app"), podcasts ("Listen to Sky News Daily on
your podcast app", "... wherever you get your podcasts"), social accounts
("Follow us on Instagram", "Follow the team on X @citydesk", "Subscribe to our
YouTube channel") and AI features
("Try Our AI Features", "Explore what Daily8 AI can do for you:"). A call-out
wrapped in pointing emoji ("👉 ... 👈") is found wherever it sits.

A call-out counts when it is an imperative sentence (it starts with the verb),
fills its line or sits at the start or end of a paragraph; call-outs on adjacent
lines are one finding. News sentences about apps, podcasts or social media
("Millions follow the singer on Instagram.", "The app was downloaded 2m times.")
are not imperative and are left alone, and so is quoted speech.

## Why it matters
Call-outs are the site's advertising for itself. They repeat across every
article of a site and break the text where the page put its buttons.

## Example
```text
The ferry service resumes on Monday.
👉 Listen to Morning Briefing on your podcast app 👈
Tickets go on sale next week.
```
Use instead:
```text
The ferry service resumes on Monday.
Tickets go on sale next week.
```

## Fix safety
The fix deletes the call-out (its line, or its sentence and the space next to
it). It is safe when the call-out fills its own lines or is wrapped in pointing
emoji, and unsafe when it is glued to a paragraph.

## Options
Extend the vocabulary with `extend-patterns` (regular expressions for call-out
sentences, matched in lower case from the start of the sentence) and
`extend-lead-words` (the words call-outs start with; a sentence starting with
another word is not examined, so a new pattern needs its first word here).

A social call-out must address the reader from the publisher ("us") or an
author ("him", "her", an @handle): "Follow City Arts on Facebook" alone is too
often kept as part of the article by its editors to be removed without a
handle.

## Known false positives
An article quoting an instruction without quotation marks ("Download the app
and enter the code.") at the start or end of a paragraph is flagged.
"""

from __future__ import annotations

import re

from newslint import Edit, Fix, FixAvailability, PackField, Rule, hookimpl
from newslint.document import split_sentences
from newslint.rules.support.lines import (LINE_FAR, LINE_SPACE, LineMemo, compile_pattern, excerpt, is_symbol,
                                          line_candidates, line_end, line_form, line_trie, quoted, register_line_filter,
                                          required_words)
from newslint.textedit import removal_span

_POINTING = re.compile("\U0001f449\ufe0f?\\s*([^\n\U0001f448]{3,160}?)\\s*\U0001f448\ufe0f?")
# Sentence boundaries the splitter cannot see: a call-out glued to the next sentence
# without punctuation ("Subscribe to X on YouTube There are three models ...").
_HIDDEN_BOUNDARY = re.compile(
    r"(?<=[.!?])[\s\u00a0]*\u00a0[\s\u00a0]*(?=[A-Z(])"
    r"|(?<=[0-9])[.!?][ \t]+(?=[A-Z])"  # "won 6-3. Enter your email": a score is no abbreviation
    r"|(?<=[a-z0-9)]) (?=(?:The|There|This|That|These|Those|It|Its|He|She|They|We|I|A|An|In|On|At|As|But|And"
    r"|For|If|When|While|After|Before|According)\s)")
# Words after which a capitalised word continues the same phrase ("Listen to The Daily").
_FUNCTION_WORDS = frozenset("to of on in at by or an a the for and with from".split())
_LEAD = " \t\u00a0*•|>»-–—:"


def _strip_lead(sentence: str) -> str:
    """A sentence without leading bullets and emoji, lower case, straight apostrophes."""
    start = 0
    while start < len(sentence) and (sentence[start] in _LEAD or is_symbol(sentence[start])):
        start += 1
    return sentence[start:].lower().replace("\u2019", "'")


class PromoCallout(Rule):
    code = "PRO001"
    name = "promo-callout"
    category = "promo"
    fix_availability = FixAvailability.ALWAYS
    pack_fields = {
        "patterns": PackField("patterns", "Call-out sentences, matched in lower case from the sentence's start."),
        "lead_words": PackField("words", "Words a call-out can start with: only such sentences are examined."),
    }

    def setup(self) -> None:
        # lines of boilerplate repeat across a site's pages: each distinct line is read once
        self._line_run = LineMemo(self._run_in_line)
        sources = self.vocabulary["patterns"]
        self.patterns = [compile_pattern(p) for p in sources]
        self.lead_words = frozenset(self.vocabulary["lead_words"])
        # one expression for all the patterns (the same test as trying each in turn)
        self.callout = None
        if sources and all(isinstance(p, re.Pattern) for p in self.patterns) and not any(
                re.search(r"\\[1-9]|\(\?P=|\(\?[aiLmsux]+\)", p) for p in sources):
            try:
                self.callout = re.compile("|".join(f"(?:{p})" for p in sources))
            except re.error:
                self.callout = None
        # Every call-out holds one of these words (None: cannot be told from the patterns).
        needed = [required_words(p, set(self.lead_words), exact_spaces=True) for p in sources]
        words = set().union(*needed) if needed and all(needed) else None
        self.needed = re.compile("|".join(sorted(map(re.escape, words)))) if words else None
        # Lines starting with a lead word (holding a needed word) come from the line index
        # shared with the other line rules; lines ending with a sentence that starts with
        # one, from a scan of sentence ends.
        forms = {line_form(word) for word in self.lead_words}
        ahead = f"(?=[^\\n]*(?:{self.needed.pattern}))" if self.needed else ""
        # a lead word as the first word, or cut short by the 40-character head
        lead = line_trie((form, "") for form in forms if form)
        self.line_filter = f"(?:(?:{lead})(?![a-z])|{LINE_FAR}(?:{lead}))"
        if ahead:
            self.line_filter = f"(?={self.line_filter}){ahead}"
        register_line_filter(self.line_filter, forms)
        lead = line_trie((form, "") for form in forms if form)
        self.sentence_leads = [(mark, re.compile(f"{re.escape(mark)} [{LINE_SPACE}]*+{lead}")) for mark in ".!?"]

    def is_callout(self, sentence: str) -> bool:
        lower = _strip_lead(sentence)
        if not lower:
            return False
        if self.callout is not None:
            if not self.callout.match(lower):
                return False
        elif not any(p.match(lower) for p in self.patterns):
            return False
        return not quoted(sentence, lower)  # a call-out quoted as an example, or quoted speech

    def check(self, doc):
        text = doc.text
        spans: list[list] = []  # [start, end, whole lines, first line start, line break after the last line]
        if "\U0001f449" in text:
            for match in _POINTING.finditer(text):
                spans.append([match.start(), match.end(), True, -1, -1])
        for a in self._candidate_lines(doc):
            nl, b = line_end(text, a)
            if b - a < 8 or not (self._starts_with_lead(text, a, b) or b - a > 40 and self._ends_with_lead(text, a, b)):
                continue
            found = self._line_run(text, a, b)
            if found is None:
                continue
            start, end = found
            if any(s < end and start < e for s, e, *_ in spans):
                continue
            whole = not text[a:start].strip() and not text[end:b].strip()
            if whole and spans and spans[-1][2] and spans[-1][4] + 1 == a:
                spans[-1][1] = end
                spans[-1][4] = nl
                continue
            spans.append([start, end, whole, a, nl])
        spans.sort()
        for start, end, whole, _, _ in spans:
            fix_start, fix_end = removal_span(text, start, end)
            shown = excerpt(text, start, end)
            maker = Fix.safe if whole else Fix.unsafe
            yield self.report(fix_start, fix_end, f"Promotional call-out {shown!r} in the text",
                              maker("Remove the call-out", Edit.deletion(fix_start, fix_end)))

    def _candidate_lines(self, doc) -> list[int]:
        """Start offsets, in order, of the lines that may start or end with a call-out (a superset)."""
        text = doc.text
        lower = doc.lower
        rfind = text.rfind
        starts = {rfind("\n", 0, pos) + 1 for pos in line_candidates(doc, self.line_filter)}
        needed = self.needed
        for mark, scan in self.sentence_leads:
            if mark not in lower:  # one quick look for the character (most texts have no "!")
                continue
            for m in scan.finditer(lower):
                a = rfind("\n", 0, m.start()) + 1
                if a not in starts:
                    if needed is not None:
                        nl = text.find("\n", m.end())
                        if not needed.search(lower, a, len(text) if nl < 0 else nl):
                            continue
                    starts.add(a)
        return sorted(starts)

    def _starts_with_lead(self, text: str, a: int, b: int) -> bool:
        """Whether the line's first word (bullets and emoji aside) can start a call-out."""
        head = text[a:min(b, a + 40)].lstrip(_LEAD)
        if head and is_symbol(head[0]):
            head = _strip_lead(head)
        words = head.split(None, 1)
        return bool(words) and words[0].lower().rstrip(":,!") in self.lead_words

    def _ends_with_lead(self, text: str, a: int, b: int) -> bool:
        """Whether the line's last sentence starts with a word that can start a call-out."""
        lo = max(a, b - 300)
        cut = max(text.rfind(". ", lo, b - 1), text.rfind("! ", lo, b - 1), text.rfind("? ", lo, b - 1))
        if cut < 0:
            return False
        word = text[cut + 2:min(b, cut + 24)].split(None, 1)
        return bool(word) and word[0].lower().rstrip(":,!") in self.lead_words

    def _run_in_line(self, text: str) -> tuple[int, int] | None:
        """The span of the run of call-out sentences touching an edge of the line ``text``."""
        sentences = []
        for s, e in split_sentences(text, 0, len(text)):
            cut = s
            for match in _HIDDEN_BOUNDARY.finditer(text, s, e):
                before = text[max(s, match.start() - 6):match.start()].split()
                if before and (before[-1].lower() in _FUNCTION_WORDS or before[-1].lower() in self.lead_words):
                    continue
                if match.start() > cut:
                    sentences.append((cut, match.start()))
                cut = match.end()
            sentences.append((cut, e))
        if not sentences:
            return None
        # the run of call-out sentences touching the start or the end of the line (each
        # sentence is tested only when the run could reach it)
        flags: dict[int, bool] = {}

        def callout(index: int) -> bool:
            flag = flags.get(index)
            if flag is None:
                s, e = sentences[index]
                flag = flags[index] = self.is_callout(text[s:e])
            return flag

        if callout(len(sentences) - 1):
            first = len(sentences) - 1
            while first > 0 and callout(first - 1):
                first -= 1
            return sentences[first][0], sentences[-1][1]
        if callout(0):
            last = 0
            while callout(last + 1):
                last += 1
            return sentences[0][0], sentences[last][1]
        return None


@hookimpl
def newslint_register_rules():
    return [PromoCallout]
