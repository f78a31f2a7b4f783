"""Confusable word in a context that gives it away: "they where arrested", "could of been", "more then 100".

## What it does
Finds real-word typos, words spelled correctly but used in place of another,
where the words around them leave no doubt: "where" for "were" after a subject
("they where arrested", "perpetrators where of Pakistani origin"), "there" for
"their" before a possessed noun ("lost there homes", "there own"), "then" for
"than" after a comparative ("more then 100"), "could of" for "could have"
before a past participle, "loose" for "lose" where a verb must stand ("to loose
the election", "will loose"), "its" for "it's" before "been", "not", "a",
"the", "going to", and a few settled confusions ("it's own", "their are",
"sneak peak").

Every confusion is data: the written form, the intended form, and regular
expressions for the text that must (or must not) stand before and after it. A
confusion only counts in its giveaway context, so "the town where the floods
hit", "where of all places", "could of course", "a loose tooth", "its own
shares" and "got there first" are left alone. Words in capitals (acronyms such
as "ITS") are skipped.

## Why it matters
These slips survive spell-checkers, so they reach the corpus: they teach
language models wrong usage and make quoted text look doctored. They are also
cheap to fix once found.

## Example
```text
Police said the perpetrators where of Pakistani origin.
```
Use instead:
```text
Police said the perpetrators were of Pakistani origin.
```

## Fix safety
Unsafe by default: the fix swaps in the intended word (keeping the capital
letter and the document's apostrophe style), and even a giveaway context can
mislead, for instance inside a quoted reader comment that should be kept as
written. A confusion may declare its fix `safe` or `display-only` in its pack.

## Options
Add confusions with `extend-confusions`, a list of tables with the keys
`wrong` (the written word or words, lower case, single spaces), `right` (the
replacement), and optionally `before`, `after`, `not-before`, `not-after`
(regular expressions on the lower-cased text: `before` must match the text
ending where `wrong` starts, `after` the text starting where it ends; a space in
them stands for any run of spaces or tabs and an apostrophe for either `'` or
`’`), `message` (with `{wrong}` and `{right}`), `fix` (`safe`, `unsafe` or
`display-only`) and `anchor` (the literal part of `wrong` the rule scans the text
for; every distinct anchor is one pass over the text, so entries should share
one where they can, as "could of", "would of" and "should of" share "ld of").
Word lists that several patterns share go in `extend-lists` (tables with `name`
and `words`); a pattern names one as `<name>` ("\\b<places> "), and lists of
the same name from several packs are merged.

## Known false positives
Dialogue or verse that keeps a deliberate misspelling is flagged like any other
text. "Where" after a plural noun is only flagged before words a relative
clause cannot start with ("where being held", "where killed", "where not
available", "where in talks", "where at odds"), so confusions such as "pies
where on sale" or "the results where a surprise" are missed on purpose.
"""

from __future__ import annotations

import re

from newslint import Edit, Fix, FixAvailability, PackField, Rule, hookimpl
from newslint.phrases import trie_pattern

_WINDOW = 120  # how far back a `before` pattern may look
_APOSTROPHES = "'\u2019"
_FIXES = {"safe": Fix.safe, "unsafe": Fix.unsafe, "display-only": Fix.display_only}
_DEFAULT_MESSAGE = "'{wrong}' is probably a typo for '{right}' here"
_PATTERN_KEYS = ("before", "after", "not-before", "not-after")


def prepare_pattern(source: str) -> str:
    """Rewrite a pack pattern: a space matches any run of spaces or tabs, an apostrophe both kinds."""
    out, in_class, escaped = [], False, False
    for index, char in enumerate(source):
        if escaped:
            out.append(char)
            escaped = False
        elif char == "\\":
            out.append(char)
            escaped = True
        elif in_class:
            out.append(char + "\u2019" if char == "'" else char)
            if char == "]":
                in_class = False
        elif char == "[":
            out.append(char)
            in_class = True
        elif char == " ":  # a quantified space ("a ?b") keeps its quantifier
            out.append("[ \\t]" if source[index + 1:index + 2] in ("?", "*", "+", "{") else "[ \\t]+")
        elif char == "'":
            out.append("['\u2019]")
        else:
            out.append(char)
    return "".join(out)


_LIST_NAME = re.compile(r"(?<![?P])<([a-z][a-z0-9-]*)>")


def word_lists(tables: list[dict]) -> dict[str, str]:
    """``{name: pattern}`` for the pack's named word lists (tables with ``name`` and ``words``)."""
    merged: dict[str, set[str]] = {}
    for index, table in enumerate(tables):
        name, words = table["name"], table["words"]
        if not _LIST_NAME.fullmatch("<" + name + ">"):
            raise ValueError(f"lists[{index}]: name {name!r} must be lower case letters, digits and hyphens")
        if not all(isinstance(word, str) and word.strip() for word in words):
            raise ValueError(f"lists[{index}] ({name!r}): words must be non-empty strings")
        merged.setdefault(name, set()).update(" ".join(word.lower().split()) for word in words)
    # A trie-shaped alternation; its spaces become plain spaces, which prepare_pattern widens.
    return {name: "(?:" + trie_pattern(words).replace("\\s+", " ") + ")" for name, words in merged.items()}


def expand_lists(source: str, lists: dict[str, str], where: str) -> str:
    """Replace every ``<name>`` in a pattern with the alternation of that word list."""
    def replace(match: re.Match) -> str:
        if match.group(1) not in lists:
            raise ValueError(f"{where}: unknown word list <{match.group(1)}> (define it in `lists`)")
        return lists[match.group(1)]
    return _LIST_NAME.sub(replace, source)


def _compile(source: str | None, where: str, suffix: str = "") -> re.Pattern | None:
    if not source:
        return None
    try:
        return re.compile(f"(?:{prepare_pattern(source)}){suffix}", re.MULTILINE)
    except re.error as exc:
        raise ValueError(f"{where}: pattern does not compile with Python's re: {exc}") from None


def _is_word_char(char: str) -> bool:
    return char.isalnum() or char == "_"


class _Confusion:
    __slots__ = ("wrong", "right", "anchor", "after_source", "before", "after", "not_before", "not_after", "message",
                 "make_fix")

    def __init__(self, entry: dict, index: int, lists: dict[str, str]):
        where = f"confusions[{index}] ({entry.get('wrong')!r})"
        entry = {key: expand_lists(value, lists, f"{where}.{key}") if key in _PATTERN_KEYS else value
                 for key, value in entry.items()}
        self.wrong = " ".join(entry["wrong"].lower().replace("\u2019", "'").split())
        self.right = entry["right"]
        if not self.wrong or not self.right:
            raise ValueError(f"{where}: 'wrong' and 'right' must not be empty")
        self.anchor = entry.get("anchor")
        if self.anchor is not None and (not self.anchor.strip() or "'" in self.anchor
                                        or self.anchor.lower() not in self.wrong):
            raise ValueError(f"{where}: 'anchor' must be a part of 'wrong' without an apostrophe")
        self.before = _compile(entry.get("before"), where, r"\Z")
        self.after = _compile(entry.get("after"), where)
        self.after_source = prepare_pattern(entry["after"]) if entry.get("after") else None
        self.not_before = _compile(entry.get("not-before"), where, r"\Z")
        self.not_after = _compile(entry.get("not-after"), where)
        self.message = entry.get("message") or _DEFAULT_MESSAGE
        fix = entry.get("fix", "unsafe")
        if fix not in _FIXES:
            raise ValueError(f"{where}: 'fix' must be one of {', '.join(_FIXES)}, not {fix!r}")
        self.make_fix = _FIXES[fix]

    def context_holds(self, lower: str, start: int, end: int) -> bool:
        window = max(0, start - _WINDOW)
        if self.after is not None:
            match = self.after.match(lower, end)
            if match is None:
                return False
            stop = match.end()
            if stop < len(lower) and lower[stop] == "-" and stop > end and _is_word_char(lower[stop - 1]):
                return False  # "its not-for-profit arm": the word goes on past the pattern
        if self.not_after is not None and self.not_after.match(lower, end):
            return False
        if self.before is not None and self.before.search(lower, window, start) is None:
            return False
        if self.not_before is not None and self.not_before.search(lower, window, start):
            return False
        return True


def _common_prefix(words: list[str]) -> str:
    first, last = min(words), max(words)
    size = 0
    while size < len(first) and first[size] == last[size]:
        size += 1
    return first[:size]


def _scan_key(wrong: str) -> tuple[str, int]:
    """The longest apostrophe-free stretch of ``wrong`` (searched literally) and its offset in it."""
    best, offset, position = "", 0, 0
    for piece in re.split("(')", wrong):
        if piece != "'" and len(piece) > len(best):
            best, offset = piece, position
        position += len(piece)
    return best, offset


class ConfusedWord(Rule):
    code = "TYP001"
    name = "confused-word"
    category = "typo"
    fix_availability = FixAvailability.ALWAYS
    pack_fields = {
        "confusions": PackField(
            "table",
            "A confusable word in its giveaway context: `wrong` (as written), `right` (the replacement), "
            "optional `before` / `after` / `not-before` / `not-after` patterns, `message`, `fix`, `anchor`.",
            keys={"wrong": str, "right": str, "before": str, "after": str, "not-before": str, "not-after": str,
                  "message": str, "fix": str, "anchor": str},
            required=("wrong", "right"),
            pattern_keys=("before", "after", "not-before", "not-after"),
        ),
        "lists": PackField(
            "table",
            "Named word lists that the patterns use as `<name>`: `name` and `words` (lower case).",
            keys={"name": str, "words": list},
            required=("name", "words"),
        ),
    }

    def setup(self) -> None:
        groups: dict[str, list[tuple[int, _Confusion]]] = {}
        lists = word_lists(self.vocabulary["lists"])
        for index, entry in enumerate(self.vocabulary["confusions"]):
            confusion = _Confusion(entry, index, lists)
            if confusion.anchor is not None:
                key = confusion.anchor.lower()
                offset = confusion.wrong.index(key)
            else:
                key, offset = _scan_key(confusion.wrong)
            groups.setdefault(key, []).append((offset, confusion))
        # One pass per group of anchors sharing their first three letters ("there", "their", "then").
        # Each pattern starts with a literal, so the scan is fast; when an anchor ends every entry's
        # `wrong` and each entry needs a context after it, that context is checked in the same pass
        # ("their(?= (?:is|are)...)"), so the Python side only sees likely candidates.
        branches: dict[str, list[str]] = {}
        for key, entries in sorted(groups.items()):
            branches.setdefault(key[:3] if len(key) >= 3 else key, []).append(key)
        self.scans = []
        for keys in branches.values():
            if any(a != b and b.startswith(a) for a in keys for b in keys):
                parts = [[key] for key in keys]  # "loos" and "loose" would hide each other
            else:
                parts = [keys]
            for part in parts:
                prefix = part[0] if len(part) == 1 else _common_prefix(part)
                names, alternatives = {}, []
                for number, key in enumerate(part):
                    entries = groups[key]
                    tail = re.escape(key[len(prefix):])
                    if all(c.after_source and offset + len(key) == len(c.wrong) for offset, c in entries):
                        tail += "(?=" + "|".join(f"(?:{c.after_source})" for _, c in entries) + ")"
                    names[f"k{number}"] = entries
                    alternatives.append(f"(?P<k{number}>{tail})")
                source = re.escape(prefix) + "(?:" + "|".join(alternatives) + ")"
                self.scans.append((prefix, re.compile(source, re.MULTILINE), names))

    def check(self, doc):
        text, lower = doc.text, doc.lower
        size = len(lower)
        found: dict[int, object] = {}
        for prefix, scan, names in self.scans:
            if prefix not in lower:  # cheaper than starting a scan that finds nothing
                continue
            for match in scan.finditer(lower):
                hit = match.start()
                for offset, confusion in names[match.lastgroup]:
                    start = hit - offset
                    end = start + len(confusion.wrong)
                    if start < 0 or end > size or start in found:
                        continue
                    if start > 0 and (_is_word_char(lower[start - 1]) or lower[start - 1] in "-'\u2019"):
                        continue
                    if end < size and (_is_word_char(lower[end]) or lower[end] == "-"
                                       or (lower[end] in _APOSTROPHES and end + 1 < size
                                           and _is_word_char(lower[end + 1]))):
                        continue
                    if (offset or end != match.end()) and lower[start:end].replace("\u2019", "'") != confusion.wrong:
                        continue
                    if not confusion.context_holds(lower, start, end):
                        continue
                    written = text[start:end]
                    if len(written) > 1 and written.isupper():
                        continue  # "ITS", "THEN": acronyms and shouting
                    found[start] = self._finding(doc, start, end, written, confusion)
                    break
        for start in sorted(found):
            yield found[start]

    def _finding(self, doc, start: int, end: int, written: str, confusion: _Confusion):
        right = confusion.right
        if written[:1].isupper():
            right = right[:1].upper() + right[1:]
        if "'" in right and _curly_apostrophes(doc):
            right = right.replace("'", "\u2019")
        message = confusion.message.format(wrong=written, right=right)
        fix = confusion.make_fix(f"Replace '{written}' with '{right}'", Edit(start, end, right))
        return self.report(start, end, message, fix)


def _curly_apostrophes(doc) -> bool:
    """Whether the document writes its apostrophes curly (it’s) rather than straight (it's)."""
    cached = doc.cache.get("confused-word:curly")
    if cached is None:
        text = doc.text
        cached = text.count("\u2019") > text.count("'")
        doc.cache["confused-word:curly"] = cached
    return cached


@hookimpl
def newslint_register_rules():
    return [ConfusedWord]
