"""Newsletter sign-up box or its small print scraped into the article.

## What it does
Finds the text of newsletter sign-up boxes: the pitch ("Sign up for our
newsletter", "Get the latest headlines delivered to your inbox every morning"),
the small print ("You may unsubscribe at any time. By signing up, you agree to
our terms of use and privacy policy.") and the form's messages ("Thanks for
signing up!", "There was an error processing your subscription.").

A finding starts from a sentence that speaks to the reader about a newsletter
or their inbox (a *core* sentence, from the pack's `patterns`) and takes in the
neighbouring sentences of the same box (sentences that mention newsletters,
inboxes, subscribing, privacy policies or terms of use) and the short labels
next to it on their own lines ("Newsletter", "Sign up"). The box must fill its
lines, or sit at the start or the end of a paragraph: a box cannot be glued
in the middle of a paragraph of prose. Sentences about newsletters
("The paper said 40,000 readers had signed up for its newsletter.") and quoted
speech are left alone, since they do not address the reader.

## Why it matters
Sign-up boxes repeat across every article of a site, so a corpus learns them
by heart; glued to the last paragraph they also change how the article ends.

## Example
```text
The rupee climbed against the dollar in early trade. Get the latest headlines delivered to your inbox every morning. Sign up now.
```
Use instead:
```text
The rupee climbed against the dollar in early trade.
```

## Fix safety
The fix deletes the box's sentences (and the space before them) or its whole
lines. It is safe when the box fills its own lines, and unsafe when it is glued
to a paragraph, where a person may want to check where the article ends.

## Options
Extend the vocabulary with `extend-patterns` (regular expressions for core
sentences, matched in lower case; a core sentence holds one of "newsletter",
"inbox", "subscri", "sign", "mail", "opt" or "agree"), `extend-box-words` (words and phrases of the
box's other sentences) and `extend-labels` (short form labels such as
"Email address", flagged only next to a box).

## Known false positives
A line of an article about newsletters that addresses the reader ("Sign up for
our newsletter to get these tips weekly.") is residue by this rule's reading,
even when the author meant it.
"""

from __future__ import annotations

import re

from newslint import Edit, Fix, FixAvailability, PackField, Rule, hookimpl
from newslint.document import split_sentences
from newslint.phrases import PhraseMatcher, normalise_phrase
from newslint.rules.support.lines import LineMemo, compile_pattern, excerpt, line_end, quoted, required_words
from newslint.textedit import removal_span

# Cheap substring gates: a document without any of these has no sign-up box ("newsletter",
# "inbox", "subscri", "opt out", "sign up", "signing up", "sign-up", "your email", "your e-mail").
# Gates sharing a start are grouped under it, so a text costs six scans, not nine.
_GATE_GROUPS = (("newsletter",), ("inbox",), ("subscri",), ("opt out",), ("sign", ("sign up", "signing up", "sign-up")),
                ("your e", ("your email", "your e-mail")))


# Every core pattern holds one of these: a cheap test before the regular expressions.
_CORE_KEYS = ("newsletter", "inbox", "subscri", "sign", "mail", "opt", "agree")
# Where a pitch is glued to an unpunctuated fragment ("... disable any ad blocker Get the
# latest headlines"): a sentence boundary the splitter cannot see.
_HIDDEN_BOUNDARY = re.compile(
    r"(?<=[.!?])[\s\u00a0]*\u00a0[\s\u00a0]*(?=[A-Z])"
    r"|(?<=[0-9])[.!?][ \t]+(?=[A-Z])"  # "won 6-3. Enter your email": a score is no abbreviation
    r"|(?<=[a-z0-9)]) (?=(?:Get|Sign|Subscribe|Join|Click|Enter|Want|Receive|Stay|Thanks|Thank|You|By|Privacy|Keep)\b)")
_LABEL_DECORATION = " \t\u00a0*•|:!.…>»-–—"
_MAX_LABEL_WORDS = 6


class NewsletterSignup(Rule):
    code = "NWS001"
    name = "newsletter-signup"
    category = "newsletter"
    fix_availability = FixAvailability.ALWAYS
    pack_fields = {
        "patterns": PackField("patterns", "Core sentences of a sign-up box (lower case, reader-directed)."),
        "box_words": PackField("phrases", "Words of a box's other sentences: the small print and the form."),
        "labels": PackField("phrases", "Short form labels, flagged only on their own line next to a box."),
    }

    def setup(self) -> None:
        # lines of boilerplate repeat across a site's pages: each distinct line is read once
        self._line_run = LineMemo(self._run_in_line)
        self.core = [compile_pattern(p) for p in self.vocabulary["patterns"]]
        # each pattern with the literals one of which it needs (None: cannot be told)
        needed = [required_words(p, exact_spaces=True) for p in self.vocabulary["patterns"]]
        # the patterns to try on a sentence: those that need no literal, and those of the
        # literals it holds (each literal looked for once, however many patterns need it)
        self.free_core = [pattern for pattern, words in zip(self.core, needed) if not words]
        self.core_by_word: dict[str, list[int]] = {}
        for index, words in enumerate(needed):
            for word in sorted(words or ()):
                self.core_by_word.setdefault(word, []).append(index)
        # every core sentence holds one of these (None: cannot be told from the patterns)
        self.any_need = None
        if needed and all(needed):
            self.any_need = re.compile("|".join(sorted(map(re.escape, set().union(*needed)))))
        self.box_words = PhraseMatcher(self.vocabulary["box_words"])
        self.labels = {normalise_phrase(p) for p in self.vocabulary["labels"]}

    # ---- sentence classification -------------------------------------------

    def is_core(self, sentence: str) -> bool:
        lower = sentence.lower().replace("\u2019", "'")
        if not any(key in lower for key in _CORE_KEYS):
            return False
        # the patterns needing a literal the sentence holds (none: no core sentence when every
        # pattern needs one, the any_need test), then those that need none
        held = sorted({index for word, indices in self.core_by_word.items() if word in lower for index in indices})
        if not any(self.core[index].search(lower) for index in held) and not any(
                p.search(lower) for p in self.free_core):
            return False
        return not quoted(sentence, lower)  # small print quoted as an example, or speech about a newsletter

    def is_box_sentence(self, sentence: str) -> bool:
        lower = sentence.lower().replace("\u2019", "'")
        return bool(self.box_words and self.box_words.search(lower)) or self.is_core(sentence)

    def is_label(self, line: str) -> bool:
        key = " ".join(line.strip(_LABEL_DECORATION).lower().replace("\u2019", "'").split())
        return bool(key) and len(key.split()) <= _MAX_LABEL_WORDS and (
            key in self.labels or key.endswith(("newsletter", "newsletters", "news emails", "email alerts"))
            and key[:1].isalpha())

    # ---- the check ----------------------------------------------------------

    def check(self, doc):
        text = doc.text
        runs: list[list] = []  # [start, end, first line's start, last line's start, whole lines]
        for a in self._candidate_lines(doc):  # no line: no gate word in the text
            b = line_end(text, a)[1]
            if self.any_need is not None and not self.any_need.search(text[a:b].lower().replace("\u2019", "'")):
                continue  # no core sentence in the line
            found = self._line_run(text, a, b)
            if found is None:
                continue
            start, end = found
            whole = not text[a:start].strip() and not text[end:b].strip()
            runs.append([start, end, a, a, whole])
        runs = self._grow_over_lines(text, runs)
        for start, end, _, _, whole in runs:
            fix_start, fix_end = removal_span(text, start, end)
            shown = excerpt(text, start, end)
            where = "on its own line" if whole else "glued to a paragraph"
            maker = Fix.safe if whole else Fix.unsafe
            yield self.report(fix_start, fix_end, f"Newsletter sign-up text {shown!r} {where}",
                              maker("Remove the newsletter sign-up text", Edit.deletion(fix_start, fix_end)))

    def _candidate_lines(self, doc) -> list[int]:
        """Start offsets, in order, of the lines holding a gate word (none: no gate in the text)."""
        lower = doc.lower
        text = doc.text
        found = set()
        for group in _GATE_GROUPS:
            start = group[0]
            variants = group[1] if len(group) > 1 else None
            pos = lower.find(start)
            while pos >= 0:
                if variants is not None and not lower.startswith(variants, pos):
                    pos = lower.find(start, pos + 1)
                    continue
                found.add(text.rfind("\n", 0, pos) + 1)
                nl = text.find("\n", pos)
                pos = lower.find(start, nl + 1) if nl >= 0 else -1
        return sorted(found)

    def _run_in_line(self, text: str) -> tuple[int, int] | None:
        """The span of the sign-up run inside the line ``text``, when it sits where a box can."""
        sentences = []
        for s, e in split_sentences(text, 0, len(text)):
            cut = s
            piece = text[s:e].lower()
            if not any(key in piece for key in _CORE_KEYS):
                sentences.append((s, e))
                continue
            for match in _HIDDEN_BOUNDARY.finditer(text, s, e):
                sentences.append((cut, match.start()))
                cut = match.end()
            sentences.append((cut, e))
        if not sentences:
            return None
        core = [i for i, (s, e) in enumerate(sentences) if self.is_core(text[s:e])]
        if not core:
            return None
        # runs of box sentences holding a core sentence; keep the one touching a line edge
        # (a sentence is tested only when a run reaches it; a core sentence is a box sentence)
        flags = dict.fromkeys(core, True)

        def box(index: int) -> bool:
            flag = flags.get(index)
            if flag is None:
                s, e = sentences[index]
                flag = flags[index] = self.is_box_sentence(text[s:e])
            return flag

        best = None
        for i in core:
            first = last = i
            while first > 0 and box(first - 1):
                first -= 1
            while last + 1 < len(sentences) and box(last + 1):
                last += 1
            if first == 0 or last == len(sentences) - 1:
                best = (first, last)
                if last == len(sentences) - 1:
                    break
        if best is None:
            return None
        first, last = best
        return sentences[first][0], sentences[last][1]

    def _grow_over_lines(self, text: str, runs: list) -> list:
        """Merge runs on adjacent lines and take in the box's other lines next to them.

        A box's other lines are form labels ("Newsletter", "Sign up"), lines made only
        of box sentences, and one short pitch line between two such lines ("Get the
        day's big stories" between the box's title and "Thanks for signing up!").
        Lines are named by their start offsets.
        """
        merged: list[list] = []
        for run in runs:
            if merged and merged[-1][4] and run[4]:
                after = _next_line(text, merged[-1][3], 1)
                if run[2] <= (merged[-1][3] if after is None else after):
                    merged[-1][1] = max(merged[-1][1], run[1])
                    merged[-1][3] = max(merged[-1][3], run[3])
                    continue
            merged.append(run)
        for run in merged:
            if not run[4]:
                continue
            for step in (-1, 1):
                line = _next_line(text, run[2] if step < 0 else run[3], step)
                while line is not None:
                    if self._box_line(text, _span(text, line)):
                        take = line
                    else:
                        beyond = _next_line(text, line, step)
                        if (beyond is not None and _words(text, _span(text, line)) in range(1, 21)
                                and self._box_line(text, _span(text, beyond))):
                            take = beyond
                        else:
                            break
                    a, b = _span(text, take)
                    if step < 0:
                        run[0] = a + _indent(text, (a, b))
                        run[2] = take
                    else:
                        run[1] = b - (len(text[a:b]) - len(text[a:b].rstrip()))
                        run[3] = take
                    line = _next_line(text, take, step)
        # growing may have made runs meet
        result: list[list] = []
        for run in merged:
            if result and run[2] <= result[-1][3] and run[4] and result[-1][4]:
                result[-1][1] = max(result[-1][1], run[1])
                result[-1][3] = max(result[-1][3], run[3])
                continue
            result.append(run)
        return result

    def _box_line(self, text: str, span: tuple[int, int]) -> bool:
        """A whole line of the box: a form label, or short and made only of box sentences."""
        a, b = span
        line = text[a:b].strip()
        if not line:
            return False
        if self.is_label(line):
            return True
        if len(line.split()) > 25:
            return False
        return all(self.is_box_sentence(text[s:e]) for s, e in split_sentences(text, a, b))


def _span(text: str, a: int) -> tuple[int, int]:
    """The line starting at ``a``, without its line break (as ``Document.lines``)."""
    return a, line_end(text, a)[1]


def _next_line(text: str, a: int, step: int) -> int | None:
    """The start of the line before (step -1) or after (step 1) the line starting at ``a``."""
    if step < 0:
        return text.rfind("\n", 0, a - 1) + 1 if a > 0 else None
    nl = text.find("\n", a)
    return nl + 1 if nl >= 0 else None


def _words(text: str, span: tuple[int, int]) -> int:
    return len(text[span[0]:span[1]].split())


def _indent(text: str, span: tuple[int, int]) -> int:
    a, b = span
    return len(text[a:b]) - len(text[a:b].lstrip())


@hookimpl
def newslint_register_rules():
    return [NewsletterSignup]
