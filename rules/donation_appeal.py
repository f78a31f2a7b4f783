"""Reader-revenue appeal (donate, become a member, support our journalism) scraped into the article.

## What it does
Finds the appeals that news sites put around their articles asking the reader for
money: "Support independent journalism. Donate today ...", "Your support helps us
to tell the story ... Support Now", "Become a member today", "Contribute as little
as $1", "Yes, I'll give $5/month", "Give once or give monthly", along with the
buttons they leave behind ("Support us Monthly Annual Continue Remind me later").

The rule reads sentence by sentence. A sentence is a *cue* when it asks the reader
for money or says the outlet lives on it: an imperative ("Donate now", "Chip in
$5", "Support independent journalism"), a second-person ask ("Will you support
our journalism today?", "Your support helps us ..."), a reader-funding claim
("funded by readers like you", "we are a nonprofit newsroom"), a small amount per
month next to a giving verb. The finding then grows over the sentences that belong
to the same appeal: those between two cues of one paragraph, and, at either end,
sentences about the outlet's own journalism ("our reporting is free for everyone",
"we have no billionaire owner"), openers and closers ("I hope you appreciated this
article", "Thank you"), payment methods and button labels ("Read more", "Remind
me later"). An appeal glued to the first or last sentence of a paragraph is cut out
at the sentence (or, for text glued on without punctuation, at the word) where it
starts and ends; after a button label, a capital starts the article again.

News sentences *about* donations are left alone: "The charity said donations fell
12%", "Turkey hopes to become a member of the EU", "The scheme will support local
journalism" have no cue, and a cue inside quoted or reported speech ("Thank you
for your support," he said.) does not count. Affiliate disclosures ("supported by
readers like you ... we may earn a commission") and ad-blocker requests ("we rely
on advertising to support our journalism") are not reader-revenue appeals.

## Why it matters
Appeals repeat across every article of a site, so a corpus learns them as if they
were news: models trained on it ask readers for donations, and near-duplicate
detection and topic statistics are skewed by the same paragraph in thousands of
documents.

## Example
```text
The council approved the budget on Tuesday. Independent journalism needs your support. Our reporting is funded by readers like you. Give once or give monthly, every contribution counts.
```
Use instead:
```text
The council approved the budget on Tuesday. The charity said donations fell 12% last year.
```

## Fix safety
The fix deletes the appeal: its lines when it fills them (a paragraph of its own,
with one of the blank lines around it), or its sentences and the space next to
them when it is glued to article text. Deleting a whole paragraph of appeal is
safe; cutting an appeal out of a paragraph is unsafe, because the boundary
between the appeal and the article is inferred.

## Options
Extend the vocabulary in `[tool.newslint.rules.donation-appeal]`:
`extend-phrases` and `extend-patterns` (cues that mark a sentence as an appeal),
`extend-context` and `extend-context-patterns` (sentences that join an appeal
next to them), `extend-buttons` (button labels), `extend-exceptions` (prose
that holds a cue), `extend-vetoes` (words that make a run something else) and
`extend-anchors` (stems the rule looks for before reading a line closely: every
alternative of a pattern must hold one of them, while a phrase that holds none is
its own anchor).

## Known false positives
An article quoting an appeal without quotation marks or an attribution ("The
paper's banner read: Support independent journalism. Donate today.") is flagged.
"""

from __future__ import annotations

from newslint import FixAvailability, PackField, hookimpl
from newslint.phrases import PhraseMatcher
from newslint.rules.support.cues import (
    NONE, QUOTE_MARKS, STRONG, WEAK, Cues, CueSentenceRule, excerpt, fix_for, group_runs, trim_end, trim_start, units_of,
)


class DonationAppeal(CueSentenceRule):
    code = "DON001"
    name = "donation-appeal"
    category = "donation"
    fix_availability = FixAvailability.ALWAYS
    pack_fields = {
        "anchors": PackField("phrases", "Stems and short phrases the cues hold; sentences without one are not read closely."),
        "phrases": PackField("phrases", "Cues: literal phrases that make a sentence part of an appeal."),
        "patterns": PackField("patterns", "Cues as regular expressions, searched in each sentence (a leading ^ = "
                                          "its start); each must name an anchor in every alternative."),
        "context": PackField("phrases", "Phrases of sentences that join an appeal next to them (not on their own)."),
        "context-patterns": PackField("patterns", "Regular expressions for sentences that join an appeal next to them."),
        "buttons": PackField("phrases", "Button and widget labels an appeal box leaves behind."),
        "exceptions": PackField("phrases", "Prose holding a cue that is no appeal ('your support for')."),
        "vetoes": PackField("phrases", "Words that make a run something else (affiliate disclosures, ad-blocker "
                                       "appeals) when in it or in the sentence next to it."),
    }

    #: Sentences without a cue allowed between two cue sentences of one line.
    max_gap = 3

    def setup(self) -> None:
        super().setup()
        self.buttons = Cues(self.vocabulary["buttons"], [])
        self.vetoes = PhraseMatcher(self.vocabulary["vetoes"])

    def check(self, doc):
        text, lower = doc.text, doc.lower
        for p_start, p_end in self.cue_paragraphs(doc):
            for start, end, count in self.runs(text, lower, p_start, p_end):
                fix_start, fix_end, fix = fix_for(text, start, end, "Remove the donation appeal")
                what = "sentence" if count == 1 else f"{count} sentences"
                yield self.report(fix_start, fix_end,
                                  f"Reader-revenue appeal ({what}) in the article: {excerpt(text[start:end])!r}", fix)

    # ---- classification ----

    def weak_cues(self, lower: str, a: int, b: int) -> list[tuple[int, int]]:
        sentence = lower[a:b]
        spans = [(a + s, a + e) for s, e in self.weak.spans(sentence)]
        spans += [(a + s, a + e) for s, e in self.buttons.spans(sentence)]
        return sorted(spans)

    def runs(self, text: str, lower: str, p_start: int, p_end: int) -> list[tuple[int, int, int]]:
        """Appeals in one paragraph: (start, end, number of sentences)."""
        units = units_of(text, p_start, p_end)
        kinds, cues = [], []
        for a, b, _ in units:
            spans = self.strong_cues(text, lower, a, b)
            if spans:
                kinds.append(STRONG)
                cues.append(sorted(spans + self.weak_cues(lower, a, b)))
                continue
            spans = self.weak_cues(lower, a, b)
            if spans and (not QUOTE_MARKS.search(text, a, b) or self.buttons.button_row(lower[a:b])):
                kinds.append(WEAK)
                cues.append(spans)
            else:
                kinds.append(NONE)
                cues.append([])
        out = []
        for first, last in group_runs(units, kinds, self.max_gap):
            if self.vetoes:
                near_a = units[max(0, first - 1)][0]
                near_b = units[min(len(units) - 1, last + 1)][1]
                if self.vetoes.search(lower, near_a, near_b) is not None:
                    continue
            a, b = units[first][0], units[last][1]
            a = trim_start(text, a, cues[first][0][0])
            last_cue = max(e for _, e in cues[last])
            b = trim_end(text, last_cue, b, after_button=self.ends_with_button(lower, units[last][0], last_cue))
            out.append((a, b, last - first + 1))
        return out

    def ends_with_button(self, lower: str, a: int, end: int) -> bool:
        return any(e == end - a for _, e in self.buttons.spans(lower[a:end]))


@hookimpl
def newslint_register_rules():
    return [DonationAppeal]
