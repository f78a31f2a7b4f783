"""Captcha, bot-check or ad-blocker error from a page widget left inside the article text.

## What it does
Finds the messages that a form or bot-check widget printed into the page and the
scraper kept with the article: "There was a problem with the reCAPTCHA. Please
try again.", "Please verify you are not a robot", "Please complete the security
check to access this site", "Please enable JS and disable any ad blocker",
"JavaScript is disabled in your browser". One finding covers the whole error run,
including the generic sentences around it that belong to the same widget ("Error!
Sorry, there was an error processing your request.", "Please try again.").

A sentence is a *cue* when it speaks to the reader about the check itself: a
captcha that failed or must be completed, a request to prove they are human, to
enable JavaScript or cookies, to switch off an ad blocker, unusual traffic from
their network. Generic error sentences join a run only next to a cue. An error
glued to the end of a paragraph is cut out at the sentence (or, for text glued on
without punctuation, at the word) where it starts and ends.

A news article *about* captchas, bots or ad blockers is left alone: its sentences
describe the check in the third person ("Captchas ask users to prove they are
human"), and a cue in quotation marks or reported speech does not count. The small
print of sign-up forms ("This site is protected by reCAPTCHA and the Google
Privacy Policy and Terms of Service apply.") is not an error and is left to
`newsletter-signup`. A document that is nothing but a bot wall (ten words or
fewer outside the errors) is left to `bot-wall-page` (CAP002), which rejects it.

## Why it matters
Widget errors are not part of the story, yet they sit inside its paragraphs: they
break the last sentence of an article, repeat across every page of a site, and
teach language models that news ends with "Please try again."

## Example
```text
The ruling was welcomed by campaigners, who had fought the plan for a decade. Error! Sorry, there was an error processing your request. There was a problem with the recaptcha. Please try again.
```
Use instead:
```text
The ruling was welcomed by campaigners, who had fought the plan for a decade. Researchers say captchas that ask users to prove they are human waste millions of hours a year.
```

## Fix safety
The fix deletes the error run: its lines when it fills them (safe), or its
sentences and the space next to them when it is glued to article text (unsafe,
because the boundary between the widget and the article is inferred).

## Options
Extend the vocabulary in `[tool.newslint.rules.captcha-error]`: `extend-phrases`
and `extend-patterns` (cue sentences), `extend-context` and
`extend-context-patterns` (generic error sentences that join a run),
`extend-exceptions` (prose holding a cue) and `extend-anchors` (stems the rule
looks for before reading a line closely: every alternative of a pattern must
hold one of them, while a phrase that holds none is its own anchor).

## Known false positives
A how-to article that tells the reader to enable JavaScript or switch off an ad
blocker, without quotation marks, is flagged.
"""

from __future__ import annotations

from newslint import FixAvailability, PackField, hookimpl
from newslint.rules.support.cues import (
    NONE, QUOTE_MARKS, STRONG, WEAK, CueSentenceRule, excerpt, fix_for, group_runs, trim_end, trim_start, units_of, words,
)

# Words that can open a widget message glued to the end of a sentence without punctuation.
OPENERS = frozenset("""access are checking error oops please sorry there this verify verifying we why you your""".split())

# Widget names written in lower case that start a message ("reCAPTCHA verification failed").
BRANDS = frozenset({"captcha", "hcaptcha", "recaptcha"})

#: This many words or fewer outside the runs: the document is a bot wall (CAP002's job).
WALL_WORDS = 10


class CaptchaError(CueSentenceRule):
    code = "CAP001"
    name = "captcha-error"
    category = "captcha"
    fix_availability = FixAvailability.ALWAYS
    pack_fields = {
        "anchors": PackField("phrases", "Stems and short phrases the cues hold; sentences without one are not read closely."),
        "phrases": PackField("phrases", "Cues: literal phrases that make a sentence a widget error."),
        "patterns": PackField("patterns", "Cues as regular expressions, searched in each sentence (a leading ^ = "
                                          "its start); each must name an anchor in every alternative."),
        "context": PackField("phrases", "Generic error sentences that join a run next to a cue (never on their own)."),
        "context-patterns": PackField("patterns", "Regular expressions for generic error sentences that join a run."),
        "exceptions": PackField("phrases", "Prose or small print holding a cue that is no error."),
    }

    def check(self, doc):
        text, lower = doc.text, doc.lower
        found = []
        for p_start, p_end in self.cue_paragraphs(doc):
            found.extend(self.runs(text, lower, p_start, p_end))
        if not found:
            return
        covered = sum(words(text[a:b]) for a, b, _ in found)
        if words(text) - covered <= WALL_WORDS:
            return  # nothing but the wall: bot-wall-page rejects the document
        for start, end, count in found:
            fix_start, fix_end, fix = fix_for(text, start, end, "Remove the captcha error")
            what = "sentence" if count == 1 else f"{count} sentences"
            yield self.report(fix_start, fix_end,
                              f"Captcha or bot-check error ({what}) in the article: {excerpt(text[start:end])!r}", fix)

    def weak_cues(self, text: str, lower: str, a: int, b: int) -> list[tuple[int, int]]:
        if QUOTE_MARKS.search(text, a, b):
            return []
        return [(a + s, a + e) for s, e in self.weak.spans(lower[a:b])]

    def runs(self, text: str, lower: str, p_start: int, p_end: int) -> list[tuple[int, int, int]]:
        units = units_of(text, p_start, p_end)
        kinds, cues = [], []
        for a, b, _ in units:
            strong = self.strong_cues(text, lower, a, b)
            weak = self.weak_cues(text, lower, a, b)
            kinds.append(STRONG if strong else WEAK if weak else NONE)
            cues.append(sorted(strong + weak))
        out = []
        for first, last in group_runs(units, kinds, 0):
            a, b = units[first][0], units[last][1]
            a = trim_start(text, a, cues[first][0][0], OPENERS, BRANDS)
            b = trim_end(text, max(e for _, e in cues[last]), b)
            out.append((a, b, last - first + 1))
        return out


@hookimpl
def newslint_register_rules():
    return [CaptchaError]
