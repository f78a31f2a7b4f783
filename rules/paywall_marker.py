"""Paywall prompt or truncation marker: the article text is not all there.

## What it does
Finds the signs that a page stopped showing the article:

- truncation markers that APIs and feeds put where they cut the text
  ("... the minister said [+2417 chars]");
- paywall prompts addressed to the reader: "Subscribe today to keep reading this
  story.", "To read the rest of this story subscribe to Health Plus.", "This
  article is only available to subscribers", "Unlock this article", "You have
  reached your limit of free articles", and their French, German, Spanish, Italian and Portuguese counterparts.

A prompt must speak to the reader (an imperative, "you", "this article"), so a
news sentence about paywalls ("Readers must subscribe to keep reading after ten
articles, the company said.") is left alone.

A finding rejects the document (the rule's verdict is `reject`): the text is cut
short, and keeping it would put half an article into the corpus.

## Why it matters
A truncated article teaches models that stories end mid-sentence with a sales
pitch, skews length statistics, and hides the fact that the scrape must be redone
with access to the full text.

## Example
```text
The council voted to close the library. Councillors said the decision was

Subscribe today to keep reading this story and every back issue.
```
Use instead:
```text
The council voted to close the library. Councillors said the decision was painful but necessary.
```

## Fix safety
Display-only: the suggested fix deletes the prompt or marker, but the text stays
incomplete, so it is never applied automatically. Deleting the marker would only
hide the truncation (and, since verdicts are given to the text left after fixing,
turn a rejected document into a kept one). Re-scrape the page instead.

## Options
Extend the vocabulary with `extend-phrases` (whole prompts, matched in any case)
and `extend-patterns` (regular expressions for a family of prompts). Only lines
holding one of the `anchors` are searched, so give a new pattern an anchor with
`extend-anchors` (a few letters every match contains, such as "keep reading").
"""

from __future__ import annotations

import re

from newslint import Edit, Fix, FixAvailability, PackField, Rule, hookimpl
from newslint.document import split_sentences
from newslint.phrases import PhraseMatcher
from newslint.rules.support.literals import gates_pass, required_literals
from newslint.rules.support.needles import NEEDLES, Literals
from newslint.textedit import removal_span

_WINDOW = 200  # characters searched on each side of an anchor
_TRUNCATION = re.compile(r"\[\+\d[\d,]* chars?\]")
_TRUNCATION_WORD = "chars]"  # only texts holding it are searched for a truncation marker
_ADDRESS = re.compile(r"\b(?:you|your|this (?:article|story|piece|post|content|report))\b", re.I)
_REPORTED = re.compile(r"\b(?:said|says|told|according to)\b|[\"\u201c\u201d]", re.I)
# first words of a prompt: "Subscribe ...", "To continue reading ...", "Already a subscriber?"
_IMPERATIVE = re.compile(r"(?:subscribe|sign|log|register|become|join|unlock|continue|keep|to|already|get|start|"
                         r"create|read|upgrade|want|abonnez|abonnieren|jetzt|suscr\u00edbete|assine|abbonati)\b",
                         re.I)


def _order_clauses(clauses, anchors) -> tuple[tuple[str, ...], ...]:
    """The clauses most likely to fail first: few anchors satisfy them (a window holds its anchor), and their
    strings are long; clauses with a string of three letters or fewer ("to ", " is ") go last."""
    def key(clause):
        letters = min(len(literal.replace(" ", "")) for literal in clause)
        satisfied = sum(1 for anchor in anchors if any(literal in anchor for literal in clause))
        return letters <= 3, satisfied, -letters, len(clause)

    return tuple(tuple(sorted(clause, key=len, reverse=True)) for clause in sorted(clauses, key=key))


def _any_in(literals, text: str) -> bool:
    for literal in literals:
        if literal in text:
            return True
    return False


class PaywallMarker(Rule):
    code = "PAY001"
    name = "paywall-marker"
    category = "paywall"
    verdict = "reject"
    fix_availability = FixAvailability.ALWAYS
    pack_fields = {
        "phrases": PackField("phrases", "Whole paywall prompts, residue in any case ('subscribers only')."),
        "patterns": PackField("patterns", "Regular expressions for families of paywall prompts."),
        "anchors": PackField("phrases", "Substrings one of which every prompt holds; only lines holding one are "
                                        "searched (add one with each new pattern)."),
    }

    def setup(self) -> None:
        self.phrases = PhraseMatcher(self.vocabulary["phrases"])
        self.anchors = tuple(sorted({" ".join(a.lower().split()) for a in self.vocabulary["anchors"]}))
        # the truncation marker's own word is usually an anchor too: one scan serves both
        self.truncation_anchor = next((a for a in self.anchors if a == _TRUNCATION_WORD), None)
        # found by the passes of the group's needle index where they can be (other rules run them anyway)
        self.anchor_finder = Literals(self.anchors, NEEDLES)
        self.patterns = None
        if self.vocabulary["patterns"]:
            source = "|".join(f"(?:{p})" for p in self.vocabulary["patterns"])
            # matched against the lower-cased text, so no case folding is needed (it costs time);
            # the standard engine is much faster here, `regex` only for syntax it lacks
            try:
                self.patterns = re.compile(source)
            except re.error:
                import regex

                self.patterns = regex.compile(source, regex.V0)
        # cheap tests a window must pass before the expressions run on it: for each pattern, strings a match
        # holds (None: always run); for the phrases, one word of each ("abonnés" in "réservé aux abonnés")
        self.pattern_gates = None
        if self.patterns is not None and isinstance(self.patterns, re.Pattern):
            gates = [required_literals(p) for p in self.vocabulary["patterns"]]
            if all(gates):
                self.pattern_gates = tuple(_order_clauses(gate, self.anchors) for gate in gates)
        self.phrase_words = None
        # the longest word of each phrase, the last of equally long ones ("abonnés" rather than "article")
        words = [max(reversed([w for w in p.split() if "'" not in w]), key=len, default=None)
                 for p in self.phrases.phrases]
        if words and all(words):
            self.phrase_words = tuple(sorted(set(words)))

    def check(self, doc):
        text = doc.text
        spans: list[tuple[int, int, str]] = []
        lines, truncated = self._candidate_lines(doc)
        if truncated and _TRUNCATION_WORD in text:  # "CHARS]" lower-cases to it too
            for m in _TRUNCATION.finditer(text):
                spans.append((m.start(), m.end(), "Truncation marker"))
        if lines:
            spans.extend(self._prompts(doc, lines))
        if not spans:
            return
        spans.sort()
        last_end = -1
        for start, end, what in spans:
            if start < last_end:
                continue
            last_end = end
            fix_start, fix_end = removal_span(text, start, end)
            shown = " ".join(text[start:end].split())
            if len(shown) > 60:
                shown = shown[:57] + "..."
            # display-only: removing the marker would hide that the text is incomplete (and lose the
            # document's reject verdict, which is decided on the text left after fixing)
            yield self.report(fix_start, fix_end, f"{what}: the article text is not all there ({shown!r})",
                              Fix.display_only("Remove the marker (the text stays incomplete)",
                                               Edit.deletion(fix_start, fix_end)))

    def _candidate_lines(self, doc) -> tuple[list[tuple[int, int]], bool]:
        """Windows of text around each anchor (a prompt is short), clipped to the anchor's line; and whether
        the lower-cased text holds the truncation marker's word (needed in the text itself)."""
        lower = doc.lower
        found = []
        truncated = self.truncation_anchor is None and _TRUNCATION_WORD in lower
        find, rfind = lower.find, lower.rfind
        size = len(lower)
        positions = self.anchor_finder.find(doc)
        for anchor in self.anchors:
            hits = positions.get(anchor)
            if not hits:
                continue
            if anchor is self.truncation_anchor:
                truncated = True
            after = 0
            for pos in hits:
                if pos < after:
                    continue  # overlaps the one before: a scan with str.find resumes after it, so it has no window
                after = pos + len(anchor)
                start = max(rfind("\n", 0, pos) + 1, pos - _WINDOW)
                end = find("\n", pos, pos + _WINDOW)
                end = min(size, pos + _WINDOW) if end < 0 else end
                found.append((start, end))
        if not found:
            return found, truncated
        found.sort()
        merged: list[list[int]] = []
        for a, b in found:
            if merged and a <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], b)
            else:
                merged.append([a, b])
        return [(a, b) for a, b in merged], truncated

    def _prompts(self, doc, windows):
        text, lower = doc.text, doc.lower
        hits: list[tuple[int, int]] = []
        # the cheap tests run on all the windows together first (a string missing from all is missing from each)
        phrase_words, pattern_gates = self.phrase_words, self.pattern_gates
        joined = "\0".join([lower[a:b] for a, b in windows]) if len(windows) > 1 else None
        phrases = bool(self.phrases) and (phrase_words is None or joined is None or _any_in(phrase_words, joined))
        patterns = self.patterns is not None and (pattern_gates is None or joined is None
                                                  or gates_pass(pattern_gates, joined))
        if not (phrases or patterns):
            return
        for a, b in windows:
            window = lower[a:b]
            if phrases and (phrase_words is None or _any_in(phrase_words, window)):
                hits.extend(self.phrases.finditer(lower, a, b))
            if patterns and (pattern_gates is None or gates_pass(pattern_gates, window)):
                hits.extend(m.span() for m in self.patterns.finditer(lower, a, b))
        done: set[tuple[int, int]] = set()
        for a, b in sorted(hits):
            line_start = text.rfind("\n", 0, a) + 1
            line_end = text.find("\n", b)
            line_end = len(text) if line_end < 0 else line_end
            for s, e in split_sentences(text, line_start, line_end):
                if e <= a or s >= b or (s, e) in done:
                    continue
                done.add((s, e))
                sentence = text[s:e]
                if _REPORTED.search(sentence):
                    continue  # a news sentence about paywalls, or a quotation
                if not (_IMPERATIVE.match(sentence) or _ADDRESS.search(sentence) or sentence.endswith("?")
                        or len(sentence.split()) <= 8):
                    continue
                yield s, e, "Paywall prompt"


@hookimpl
def newslint_register_rules():
    return [PaywallMarker]
