"""Two tenses of one verb side by side, left over from an edit: "It comes came after", "He says said".

## What it does
Finds a present-tense verb immediately followed by the past tense of the same
verb ("She adds added", "This goes went", "The minister says said"): the writer
changed the tense and left the old word in. Irregular verbs come from the pack's
table (comes/came, says/said, goes/went ...); regular pairs (claims/claimed,
tries/tried, stops/stopped) are recognised by their spelling.

Many present forms are also plural nouns ("price rises rose", "the leaves left",
"the plans planned"). Those pairs, and every regular pair, count only after a
subject pronoun (he, she, it, this, that, who ...) or a name ("Smith claims
claimed"). Participles that work as adjectives ("he uses used cars", "she loves
loved ones") and a subject clause ending in the verb ("what he says said a lot")
are left alone, as are pairs such as "has had", "is was" and "does did", which
are not listed because they are often right.

## Why it matters
Edit residue makes a sentence ungrammatical and tells nothing: the reader has to
guess which tense was meant. It is typical of live-updated stories whose
paragraphs were rewritten after the fact.

## Example
```text
It comes came after a week of talks.
```
Use instead:
```text
It came after a week of talks.
```

## Fix safety
Unsafe: the fix keeps the later form (the past tense, as the rewrite usually
intends) and deletes the earlier one with its space. Which tense the writer
meant cannot be known for sure.

## Options
Extend the vocabulary with `extend-verbs` (tables with `present`, `past` and
`noun = true` when the present form is also a plural noun), `extend-subjects`
(words that open a clause as its subject), `extend-adjectival` (past forms that
also work as adjectives before a noun) and `extend-exceptions` (regular
expressions the text before the pair must not end with).

## Known false positives
A headline or list that strings two verb forms on purpose ("Comes, came, will
come") is skipped only when punctuation separates the words. The past-then-present
order ("said says") is not checked.
"""

from __future__ import annotations

import functools
import re

from newslint import Edit, Fix, FixAvailability, PackField, Rule, hookimpl
from newslint.phrases import trie_pattern
from newslint.rules.support.typo_patterns import prepare_pattern

_WINDOW = 80
_DETERMINERS = frozenset(
    "the a an his her their its our my your some many all both these those such no any each every other another "
    "several few most more this that what which".split()
)


@functools.lru_cache(maxsize=4096)
def _regular_presents(past: str) -> tuple[str, ...]:
    """The -s forms a regular past tense can come from: added -> adds, believed -> believes, tried -> tries."""
    if not past.endswith("ed") or len(past) < 4:
        return ()
    stem = past[:-2]  # "add", "believ", "tri", "stopp"
    forms = [stem + "s", stem + "es"]
    if stem.endswith("i"):
        forms.append(stem[:-1] + "ies")  # tried / tries
    if len(stem) > 2 and stem[-1] == stem[-2]:
        forms.append(stem[:-1] + "s")  # stopped / stops
    return tuple(forms)


def _word_before(text: str, end: int) -> tuple[int, str]:
    """Start and text of the word ending at ``end`` (letters and inner apostrophes), or (end, '')."""
    start = end
    while start > 0 and (text[start - 1].isalpha() or (text[start - 1] in "'\u2019" and start - 1 > 0
                                                       and text[start - 2].isalpha())):
        start -= 1
    return start, text[start:end]


class VerbEditResidue(Rule):
    code = "TYP003"
    name = "verb-edit-residue"
    category = "typo"
    fix_availability = FixAvailability.ALWAYS
    pack_fields = {
        "verbs": PackField(
            "table",
            "Irregular (or noun-like regular) verbs: `present` (the -s form), `past`, and `noun = true` when the "
            "present form is also a plural noun.",
            keys={"present": str, "past": str, "noun": bool},
            required=("present", "past"),
        ),
        "subjects": PackField("words", "Words that open a clause as its subject (he, she, it, this ...)."),
        "adjectival": PackField("words", "Past forms that also work as adjectives before a noun (used, loved)."),
        "exceptions": PackField("patterns", "Patterns the lower-cased text before the pair must not end with."),
    }

    def setup(self) -> None:
        self.verbs: dict[tuple[str, str], bool] = {}
        for index, entry in enumerate(self.vocabulary["verbs"]):
            present, past = entry["present"].strip().lower(), entry["past"].strip().lower()
            if not (present.isalpha() and past.isalpha()):
                raise ValueError(f"verbs[{index}]: 'present' and 'past' must be single words")
            if not present.endswith("s"):
                raise ValueError(f"verbs[{index}]: 'present' must be the -s form ({present!r})")
            self.verbs[(present, past)] = bool(entry.get("noun", False)) or self.verbs.get((present, past), False)
        self.subjects = frozenset(w.strip().lower() for w in self.vocabulary["subjects"])
        self.adjectival = frozenset(w.strip().lower() for w in self.vocabulary["adjectival"])
        self.exceptions = []
        for index, source in enumerate(self.vocabulary["exceptions"]):
            try:
                self.exceptions.append(re.compile(f"(?:{prepare_pattern(source)})\\Z", re.MULTILINE))
            except re.error as exc:
                raise ValueError(f"exceptions[{index}]: pattern does not compile with Python's re: {exc}") from None
        self.presents: dict[str, list[str]] = {}
        for present, past in self.verbs:
            self.presents.setdefault(past, []).append(present)
        irregular = sorted(past for past in self.presents if not past.endswith("ed"))
        # Starts with a literal ("s"): the present form always ends in s. In a text without tabs
        # the literal is "s ", the rest is possessive (nothing to backtrack into) and a longer run
        # of spaces is the last alternative (its first space is checked at a glance); the past is
        # what follows the spaces (no group to fill on every attempt).
        self.pattern = re.compile(f"s[ \\t]+({trie_pattern(irregular)}|[a-z]+ed)(?![\\w'\u2019-])")
        listed = f"{trie_pattern(sorted(self.presents))}(?![\\w'\u2019-])"
        regular = "[a-z]++(?<=[a-z]ed)(?![\\w'\u2019-])"
        self.pattern_spaces = re.compile(f"s (?:{listed}|{regular}|  *+(?:{listed}|{regular}))")

    def check(self, doc):
        text, lower = doc.text, doc.lower
        presents, verbs = self.presents, self.verbs
        tabs = "\t" in lower
        for match in (self.pattern if tabs else self.pattern_spaces).finditer(lower):
            end_present = match.start() + 1
            end_past = match.end()
            if tabs:
                start_past, past = match.start(1), match.group(1)
            else:
                past = lower[end_present:end_past].lstrip(" ")
                start_past = end_past - len(past)
            candidates = presents.get(past)
            if candidates is None:
                # A regular present ends with the letter before "ed" (claims claimed, stops
                # stopped) or with "es" (believes believed, tries tried): a cheap first test.
                before_s = lower[end_present - 2] if end_present > 1 else ""
                if before_s != "e" and before_s != past[-3:-2]:
                    continue
                candidates = _regular_presents(past)
            present = next((p for p in candidates if lower.endswith(p, 0, end_present)), None)
            if present is None:
                continue
            first_start = end_present - len(present)
            if first_start > 0 and (lower[first_start - 1].isalnum() or lower[first_start - 1] in "-_'\u2019"):
                continue
            noun = verbs.get((present, past), True)  # regular -s forms are often plural nouns ("plans")
            if past in self.adjectival:
                continue
            written_present, written_past = text[first_start:end_present], text[start_past:end_past]
            if not (written_present.islower() and written_past.islower()):
                continue  # headlines in title case
            if noun and not self._after_subject(text, first_start):
                continue
            window = max(0, first_start - _WINDOW)
            if any(pattern.search(lower, window, first_start) for pattern in self.exceptions):
                continue
            fix = Fix.unsafe(f"Delete '{written_present}', keep '{written_past}'",
                             Edit.deletion(first_start, start_past))
            yield self.report(first_start, end_past, f"'{written_present} {written_past}': two forms of one "
                                                         f"verb, probably left over from an edit", fix)

    def _after_subject(self, text: str, start: int) -> bool:
        """Whether the word before ``start`` is a subject pronoun or a name."""
        end = start
        while end > 0 and text[end - 1] in " \t":
            end -= 1
        if end == start:
            return False
        word_start, word = _word_before(text, end)
        if not word:
            return False
        lowered = word.lower()
        if lowered in self.subjects:
            return True
        if not word[0].isupper() or lowered in _DETERMINERS or word.isupper():
            return False
        # A name, unless the capital may only mark a sentence start ("Price rises rose").
        position = word_start - 1
        while position >= 0 and text[position] in " \t\"'\u201c\u2018(":
            position -= 1
        return position >= 0 and text[position] not in ".!?:;\n\r\u2026"


@hookimpl
def newslint_register_rules():
    return [VerbEditResidue]
