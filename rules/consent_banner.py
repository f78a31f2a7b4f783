"""Cookie and privacy consent banner kept in the text.

## What it does
Finds the banner a site shows about cookies and tracking, when a scraper keeps it:
the notice itself ("We use cookies so this site works well for you.", "By
continuing to browse this site, you agree to our use of cookies.", "We and our 80
partners keep and read information on your device...")
together with the controls and cookie descriptions around it ("Accept all",
"Manage preferences", "Cookie settings", "Necessary cookies are absolutely
essential..."). One banner, buttons included, is one finding.

A banner needs the site's own voice: "we"/"our site"/"this website" storing or
using cookies, or "by clicking/continuing ... you agree/consent". News about
cookies and privacy law ("Google will phase out third-party cookies, the company
said.") and quotations are left alone.

## Why it matters
Consent banners are the same few sentences on millions of pages: they dominate
near-duplicate statistics, leak into summaries ("The article says it uses
cookies") and have nothing to do with the story.

## Example
```text
The minister resigned on Tuesday.

We use cookies to make our website work and to measure visits. By clicking "Accept", you consent to all cookies.
Accept all
Manage preferences
```
Use instead:
```text
The minister resigned on Tuesday.
```

## Fix safety
Unsafe: the fix deletes the banner lines (or, when the notice is glued to a
paragraph, the notice's sentences). The button lines joined to a banner are
chosen by their wording, and a person may want to check them.

## Options
Extend the vocabulary with `extend-phrases` (notice openers in other languages,
"nous utilisons des cookies"), `extend-words` (consent vocabulary that keeps a
neighbouring line in the banner) and `extend-buttons` (words of banner controls).
"""

from __future__ import annotations

import bisect
import re

from newslint import Edit, Fix, FixAvailability, PackField, Rule, hookimpl
from newslint.document import split_sentences
from newslint.phrases import PhraseMatcher
from newslint.rules.support.needles import NEEDLES, Literals
from newslint.textedit import removal_span

# A notice names cookies or tracking; lines without these words are never looked at.
_ANCHORS = ("cookie", "personal data", "similar technolog", "tracking technolog")
# The site's own voice about cookies, and "by clicking ... you agree"
_NOTICE = re.compile(
    r"\b(?:we|our (?:web)?site|this (?:web)?site|our partners|we and our (?:\d+ )?partners)\b[^.!?]{0,60}?"
    r"\b(?:use|uses|using|store|stores|process|processes|set|sets|place|places|collect|collects|access|"
    r"keep|read|save|share|employ)\b[^.!?]{0,80}?"
    r"\b(?:cookies?|tracking technolog\w*|similar technolog\w*|personal data)\b"
    r"|\bby (?:clicking|continuing|using|browsing|accepting|selecting|closing|scrolling|proceeding)\b[^.!?]{0,100}?"
    r"\b(?:you|users?)\b[^.!?]{0,20}?\b(?:agree|consent|accept|acknowledge)\w*\b[^.!?]{0,80}?"
    r"\b(?:cookies?|storing|tracking|personal data|(?:use|processing) of (?:your )?data)\b"
    r"|\b(?:this|our) (?:web)?site uses cookies\b",
    re.I)
_REPORTED = re.compile(r"\b(?:said|says|according to|told)\b|[\"\u201c\u201d]\s*$", re.I)
# A notice talks about the website and its visitors (or is in another language, found by a pack phrase).
_WEB = re.compile(r"\b(?:web|site|experience|brows|visit|traffic|analy[sz]|advertis|ads\b|personal|content|device|"
                  r"service|preference|online|app\b|partners|data|consent|policy|functional|navigat|improve)"
                  r"|\b(?:utilis|usamos|verwenden|utilizamos|utilizziamo|utiliza)", re.I)
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
_WORD = re.compile(r"[\w'\u2019]+")
_MAX_GAP = 1  # blank lines a banner may span between its parts
_MAX_WEAK_WORDS = 80


class ConsentBanner(Rule):
    code = "CON001"
    name = "consent-banner"
    category = "consent"
    fix_availability = FixAvailability.ALWAYS
    pack_fields = {
        "phrases": PackField("phrases", "Openers of a consent notice in any language ('we use cookies')."),
        "words": PackField("words", "Consent vocabulary that keeps a neighbouring line in the banner."),
        "buttons": PackField("words", "Words of banner controls: 'accept', 'manage', 'preferences'."),
    }

    def setup(self) -> None:
        self.phrases = PhraseMatcher(self.vocabulary["phrases"])
        self.words = frozenset(self.vocabulary["words"])
        self.buttons = frozenset(self.vocabulary["buttons"])
        # pack phrases that do not name cookies ("we and our partners") are anchors of their own
        self.anchors = tuple(sorted(set(_ANCHORS) | {p for p in self.phrases.phrases if "cookie" not in p}))
        # found by the passes of the group's needle index where they can be (other rules run them anyway)
        self.anchor_finder = Literals(self.anchors, NEEDLES)

    def check(self, doc):
        text, lower = doc.text, doc.lower
        positions = self.anchor_finder.find(doc)
        starts = None
        candidates: set[int] = set()
        for anchor in self.anchors:
            hits = positions.get(anchor)
            if not hits:
                continue
            if starts is None:
                starts = doc.line_starts
            line_end = -1
            for pos in hits:
                if pos < line_end:
                    continue  # on the line of the one before
                index = bisect.bisect_right(starts, pos) - 1
                candidates.add(index)
                line_end = starts[index + 1] if index + 1 < len(starts) else len(lower)
        if not candidates:
            return
        lines = doc.lines()
        blocks: list[list[int]] = []
        partial = []
        for index in sorted(candidates):
            if blocks and blocks[-1][0] <= index <= blocks[-1][1]:
                continue
            a, b = lines[index]
            notice = self._notice(text, lower, a, b)
            if notice is None:
                continue
            start, end = notice
            line = text[a:b]
            if start > a + len(line) - len(line.lstrip()) or end < a + len(line.rstrip()):
                partial.append((start, end))  # glued to a paragraph: only the notice's sentences
                continue
            first, last = self._grow(text, lower, lines, index)
            if blocks and first <= blocks[-1][1] + _MAX_GAP + 1:
                blocks[-1][1] = max(blocks[-1][1], last)
            else:
                blocks.append([first, last])
        for first, last in blocks:
            lo = lines[first][0]
            hi = lines[last][1]
            start, end = removal_span(text, lo, hi)
            yield self.report(start, end, "Cookie consent banner in the text",
                              Fix.unsafe("Remove the consent banner", Edit.deletion(start, end)))
        for lo, hi in partial:
            start, end = removal_span(text, lo, hi)
            yield self.report(start, end, "Cookie consent notice glued to a paragraph",
                              Fix.unsafe("Remove the consent notice", Edit.deletion(start, end)))

    def _notice(self, text: str, lower: str, a: int, b: int):
        """The span of the consent notice in line [a, b): from its first notice sentence to the line end."""
        if not _NOTICE.search(text, a, b) and not (self.phrases and self.phrases.search(lower, a, b)):
            return None
        sentences = split_sentences(text, a, b)
        for i, (s, e) in enumerate(sentences):
            sentence = text[s:e]
            found = _NOTICE.search(sentence) or (self.phrases and self.phrases.search(lower, s, e))
            if not found or _REPORTED.search(sentence) or not _WEB.search(sentence):
                continue  # "we use cookies and cream": no website in sight
            # the notice and the consent sentences after it ("You can opt out.", "Accept")
            end = e
            for x, y in sentences[i + 1:]:
                if not self._weak(text[x:y], lower[x:y]) and len(text[x:y].split()) > 8:
                    break
                end = y
            return s, end
        return None

    def _weak(self, line: str, low: str) -> bool:
        """A line that belongs to a banner next to a notice: consent vocabulary or a control."""
        words = _WORD.findall(low)
        if not words or len(words) > _MAX_WEAK_WORDS:
            return False
        if any(w in self.words or w.rstrip("s") in self.words for w in words):
            return True
        parts = _WORD.findall(_CAMEL.sub(" ", line).lower())
        return len(parts) <= 8 and all(p in self.buttons for p in parts)

    def _grow(self, text: str, lower: str, lines, index: int) -> tuple[int, int]:
        """First and last line of the banner around the notice on line ``index``."""
        bounds = [index, index]
        for step in (-1, 1):
            j = index
            gap = 0
            while True:
                j += step
                if j < 0 or j >= len(lines):
                    break
                a, b = lines[j]
                if not text[a:b].strip():
                    gap += 1
                    if gap > _MAX_GAP:
                        break
                    continue
                if not self._weak(text[a:b], lower[a:b]):
                    break
                gap = 0
                bounds[0 if step < 0 else 1] = j
        return bounds[0], bounds[1]


@hookimpl
def newslint_register_rules():
    return [ConsentBanner]
