"""Document that is only a bot wall or access-denied page, not an article: re-fetch it or drop it.

## What it does
Finds documents where the scraper was shown a bot check or an access-denied page
instead of the article: Cloudflare's "Checking if the site connection is secure
... Ray ID", "Attention Required! | Cloudflare", PerimeterX's "Press & Hold to
confirm you are a human", Google's "unusual traffic from your computer network",
DataDome's "Please enable JS and disable any ad blocker", Akamai's "Access Denied
... Reference #", "Enable JavaScript and cookies to continue", "Verifying you are
human. This may take a few seconds.", "Sorry, you have been blocked".

The whole document is one finding, and the rule's verdict is `reject`. A document
is a wall when it holds at least one unmistakable wall sentence and next to no
prose. Each sentence is a wall *signal* (outside quotation marks), wall
*furniture* ("Access denied", "Just a moment...", "Reference ID 0f5d...", a
domain name, any line of three words or fewer, a short sentence walls use such as
"Why did this happen?") or prose; the document passes when its prose is at most
ten words or 35% of its words, and it has at most 300 words.

A news article *about* bot checks or a Cloudflare outage is not a wall: it is
mostly prose, however often it quotes the wall. Widget errors inside an article
are `captcha-error` (CAP001).

## Why it matters
A bot wall is not news. Kept in a corpus it is a near-duplicate repeated across
every blocked page, it counts as an article in every statistic, and it hides the
fact that the page was never fetched. There is nothing to repair: the page must be
fetched again (later, more slowly, with a browser) or dropped.

## Example
```text
Checking if the site connection is secure
www.example.org needs to review the security of your connection before proceeding.
Ray ID: 81f2a9c4d7e03b15
Performance & security by Cloudflare
```
Use instead:
```text
Millions of websites were unreachable on Tuesday after an outage at Cloudflare, whose security checks ask visitors to prove they are human.
Users saw error pages instead of the sites they had asked for, and the company said a configuration change was to blame.
```

## Options
`max-words` (default 300): longer documents are never walls. Extend the
vocabulary in `[tool.newslint.rules.bot-wall-page]` with `extend-phrases` and
`extend-patterns` (wall signals), `extend-context` and `extend-context-patterns`
(wall furniture, not enough on its own) and `extend-anchors` (stems a wall
signal holds: every alternative of a pattern must hold one, while a phrase that
holds none is its own anchor).

## Known false positives
A one-line note that quotes a wall message and nothing else ("Please enable
JavaScript to continue.") is rejected, which is what a corpus wants anyway.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from newslint import Option, PackField, Rule, hookimpl
from newslint.diagnostics import Severity
from newslint.document import split_sentences
from newslint.rules.support.cues import Cues, anchors_for, inside_quote
from newslint.rules.support.needles import NEEDLES, NeedleIndex

#: Prose words a wall may hold whatever its length.
PROSE_FLOOR = 10
#: Share of a wall's words that may be prose.
PROSE_SHARE = 0.35
#: Furniture sentences longer than this count as prose all the same.
CONTEXT_WORDS = 12
#: Lines of this many words or fewer are furniture ("Access denied", "Just a moment...").
SHORT_UNIT = 3

# Identifiers, addresses and numbers: furniture, not prose.
_TOKEN_ID = re.compile(r"(?:[\w-]*\d[\w-]*|[\w-]+\.[\w.-]+|#\S*|https?://\S+)$")
_TOKEN = re.compile(r"\S+")


class BotWallPage(Rule):
    code = "CAP002"
    name = "bot-wall-page"
    category = "captcha"
    severity = Severity.ERROR
    verdict = "reject"
    pack_fields = {
        "anchors": PackField("phrases", "Stems and short phrases the wall signals hold; documents without one are no walls."),
        "phrases": PackField("phrases", "Wall signals: a sentence holding one is unmistakably a bot wall's."),
        "patterns": PackField("patterns", "Wall signals as regular expressions (a leading ^ = the sentence's start); "
                                          "each must name an anchor in every alternative."),
        "context": PackField("phrases", "Wall furniture: sentences walls hold that prose may hold too."),
        "context-patterns": PackField("patterns", "Wall furniture as regular expressions."),
    }
    options = {
        "max-words": Option(300, "Documents with more words than this are never bot walls."),
    }

    def setup(self) -> None:
        vocab = self.vocabulary
        self.anchors = anchors_for(vocab["anchors"], vocab["phrases"])
        self.strong = Cues(vocab["phrases"], vocab["patterns"], self.anchors)
        self.weak = Cues(vocab["context"], vocab["context-patterns"])
        self.max_words = self.settings["max-words"]
        # The anchors that the passes of the group's index can find come from it, the others from
        # an index of this rule's own (it looks only at short documents).
        self._split = None
        NEEDLES.when_keyed(self._keyed)

    def _keyed(self, index, keys) -> None:
        shared = tuple(a for a in self.anchors if index.indexed(a, keys))
        index.add(shared, optional=True)
        rest = tuple(a for a in self.anchors if a not in shared)
        own = NeedleIndex("bot-wall-page/needles")
        own.add(rest)
        self._split = (keys, shared, own, rest)

    def _anchor_lines(self, doc) -> list[int]:
        """Indexes (into ``doc.lines()``) of the lines that hold an anchor, ascending."""
        keys = NEEDLES.keys()  # choosing them calls _keyed (see when_keyed)
        if self._split is None or self._split[0] is not keys:
            self._keyed(NEEDLES, keys)
        _, shared, own, rest = self._split
        starts = doc.line_starts
        held = set()
        for index, needles in ((NEEDLES, shared), (own, rest)):
            if not needles:
                continue
            found = index.find(doc, needles)
            for anchor in needles:
                for pos in found.get(anchor, ()):
                    held.add(bisect_right(starts, pos) - 1)
        return sorted(held)

    def check(self, doc):
        text = doc.text
        # A wall is short: cheap length checks first (a word is at least two characters).
        if not self.strong or len(text) > self.max_words * 40:
            return
        # words, roughly (runs of spaces count more than once): enough to rule out long documents
        if text.count(" ") + text.count("\n") > self.max_words * 2:
            return
        # A wall signal is a line the strong cues match in, and they match only in a line that
        # holds an anchor: without one, there is nothing to report (whatever the prose).
        lower = doc.lower
        matching = set()
        for i in self._anchor_lines(doc):
            a, b = doc.line_span(i + 1)
            if self.strong.line_search(lower[a:b]):
                matching.add(i)
        if not matching:
            return
        lines = doc.lines()
        total = len(text.split())
        if not total or total > self.max_words:
            return
        limit = max(PROSE_FLOOR, PROSE_SHARE * total)
        signals, prose = [], 0
        for i, (a, b) in enumerate(lines):
            line = lower[a:b]
            count = len(line.split()) if b - a < 200 else line.count(" ") + 1
            if count <= SHORT_UNIT:
                # furniture ("Access denied", "Just a moment...", an id), or a short signal ("403 Forbidden")
                if i in matching and not inside_quote(text, a):
                    signals.append(text[a:b])
                continue
            if i not in matching:
                if count > CONTEXT_WORDS or not (self.weak.search(line) or is_furniture(text[a:b])):
                    prose += count
                    if prose > limit:
                        return
                continue
            for s, e in split_sentences(text, a, b):
                sentence = lower[s:e]
                if any(not inside_quote(text, s + x) for x, _ in self.strong.spans(sentence)):
                    signals.append(text[s:e])
                    continue
                count = len(sentence.split())
                if count <= CONTEXT_WORDS and (is_furniture(text[s:e]) or self.weak.search(sentence)):
                    continue
                prose += count
                if prose > limit:
                    return
        if not signals:
            return
        shown = " ".join(signals[0].split())
        shown = shown if len(shown) <= 60 else shown[:59].rstrip() + "\u2026"
        yield self.report(0, len(text),
                          f"The page is a bot wall, not an article ({shown!r}): re-fetch it or drop it")


def is_furniture(sentence: str) -> bool:
    """A short line, or one made of identifiers, addresses and numbers."""
    tokens = _TOKEN.findall(sentence)
    if len(tokens) <= SHORT_UNIT:
        return True
    plain = [t for t in tokens if not _TOKEN_ID.match(t.strip(".,;:()[]|"))]
    return len(plain) <= SHORT_UNIT - 1


@hookimpl
def newslint_register_rules():
    return [BotWallPage]
