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
from newslint.textedit import removal_span

_WINDOW = 200  # characters searched on each side of an anchor
_TRUNCATION = re.compile(r"\[\+\d[\d,]* chars?\]")
_ADDRESS = re.compile(r"\b(?:you|your|this (?:article|story|piece|post|content|report))\b", re.I)
_REPORTED = re.compile(r"\b(?:said|says|told|according to)\b|[\"\u201c\u201d]", re.I)
# first words of a prompt: "Subscribe ...", "To continue reading ...", "Already a subscriber?"
_IMPERATIVE = re.compile(r"(?:subscribe|sign|log|register|become|join|unlock|continue|keep|to|already|get|start|"
                         r"create|read|upgrade|want|abonnez|abonnieren|jetzt|suscr\u00edbete|assine|abbonati)\b",
                         re.I)


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

    def check(self, doc):
        text, lower = doc.text, doc.lower
        spans: list[tuple[int, int, str]] = []
        if "chars]" in text:
            for m in _TRUNCATION.finditer(text):
                spans.append((m.start(), m.end(), "Truncation marker"))
        lines = self._candidate_lines(lower)
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

    def _candidate_lines(self, lower: str) -> list[tuple[int, int]]:
        """Windows of text around each anchor (a prompt is short), clipped to the anchor's line."""
        found = []
        for anchor in self.anchors:
            pos = lower.find(anchor)
            while pos >= 0:
                start = max(lower.rfind("\n", 0, pos) + 1, pos - _WINDOW)
                end = lower.find("\n", pos, pos + _WINDOW)
                end = min(len(lower), pos + _WINDOW) if end < 0 else end
                found.append((start, end))
                pos = lower.find(anchor, pos + len(anchor))
        found.sort()
        merged: list[list[int]] = []
        for a, b in found:
            if merged and a <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], b)
            else:
                merged.append([a, b])
        return [(a, b) for a, b in merged]

    def _prompts(self, doc, windows):
        text, lower = doc.text, doc.lower
        hits: list[tuple[int, int]] = []
        for a, b in windows:
            if self.phrases:
                hits.extend(self.phrases.finditer(lower, a, b))
            if self.patterns is not None:
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
