"""Confusable word in a context that gives it away: "they where arrested", "could of been", "more then 100".

## What it does
Finds real-word typos, words spelled correctly but used in place of another,
where the words around them leave no doubt: "where" for "were" after a subject
("they where arrested", "perpetrators where of Pakistani origin"), "there" for
"their" before a possessed noun ("lost there homes", "there own"), "then" for
"than" after a comparative ("more then 100"), "could of" for "could have"
before a past participle, "loose" for "lose" where a verb must stand ("to loose
the election", "will loose"), "its" for "it's" before "been", "not", "a",
"the", "going to", "your" for "you're" ("your not alone", "your welcome."),
"whose" for "who's" before "been", "lead" for "led" after "was" or "have"
("was lead by"), "effect" for "affect" as a verb ("will effect thousands"),
"There going to" opening a sentence, and a few settled confusions ("it's own",
"you're own", "their are", "weather or not", "on the lose", "sneak peak").

Every confusion is data: the written form, the intended form, and regular
expressions for the text that must (or must not) stand before and after it. A
confusion only counts in its giveaway context, so "the town where the floods
hit", "where of all places", "could of course", "a loose tooth", "its own
shares", "got there first", "your welcome pack", "to effect change" and "is there
going to be" are left alone. Words in capitals (acronyms such
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
one where they can, as "where", "there", "their" and "then" share "he": the rest
of `wrong` and the context after it are checked in the same pass).
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
from re import _constants as _sre
from re import _parser as _sre_parse

from newslint import Edit, FixAvailability, PackField, Rule, hookimpl
from newslint.rules.support.typo_patterns import (
    FIX_MAKERS, WORD_LISTS_FIELD, compile_pattern, expand_lists, prepare_pattern, word_lists,
)
from newslint.patterns import LazyPattern

_WINDOW = 120  # how far back a `before` pattern may look
_APOSTROPHES = "'\u2019"
_DEFAULT_MESSAGE = "'{wrong}' is probably a typo for '{right}' here"
_PATTERN_KEYS = ("before", "after", "not-before", "not-after")


def _is_word_char(char: str) -> bool:
    return char.isalnum() or char == "_"


# ---- what the text before a candidate must end with for a `before` pattern to match ------------
# `before` is searched in a window of 120 characters ending at the candidate, which tries the
# pattern at every position of the window. Most candidates fail on the last word: the pattern ends
# with a few possible words ("they", "we" ... then spaces), and a look at the text just before the
# candidate rules them out at once. The endings are derived from the parsed pattern; anything the
# analysis does not understand gives no constraint, so the search decides as before.

_SUFFIX_LEN = 4  # characters of each ending compared
_MAX_STRINGS = 256
_ZERO_WIDTH = (_sre.AT, _sre.ASSERT, _sre.ASSERT_NOT)
_REPEATS = (_sre.MAX_REPEAT, _sre.MIN_REPEAT, _sre.POSSESSIVE_REPEAT)
_CASE_FLAGS = re.IGNORECASE | re.LOCALE


def _item_strings(op, av) -> set[str] | None:
    """Every string one parsed item can match, when they are few; None otherwise."""
    if op is _sre.LITERAL:
        return {chr(av)}
    if op is _sre.IN:
        chars: set[str] = set()
        for kind, value in av:
            if kind is _sre.LITERAL:
                chars.add(chr(value))
            elif kind is _sre.RANGE and value[1] - value[0] < 32:
                chars.update(map(chr, range(value[0], value[1] + 1)))
            else:
                return None  # negated sets, categories (\w), wide ranges
        return chars
    if op is _sre.SUBPATTERN:
        return None if av[1] & _CASE_FLAGS else _strings(av[3])
    if op is _sre.ATOMIC_GROUP:
        return _strings(av)
    if op is _sre.BRANCH:
        out: set[str] = set()
        for branch in av[1]:
            options = _strings(branch)
            if options is None:
                return None
            out |= options
        return out if len(out) <= _MAX_STRINGS else None
    if op in _REPEATS and av[1] <= 2:
        options = _strings(av[2])
        if options is None:
            return None
        out, current = set(), {""}
        for count in range(av[1] + 1):
            if count >= av[0]:
                out |= current
            current = {a + b for a in current for b in options}
        return out if len(out) <= _MAX_STRINGS else None
    return None


def _strings(items) -> set[str] | None:
    """Every string a parsed sequence can match, when they are few; None otherwise."""
    out = {""}
    for op, av in items:
        if op in _ZERO_WIDTH:
            continue
        options = _item_strings(op, av)
        if options is None:
            return None
        out = {a + b for a in out for b in options}
        if len(out) > _MAX_STRINGS:
            return None
    return out


def _join(heads, ends: set[str]) -> set[str] | None:
    """The endings of a piece matching one of ``heads`` followed by one ending in ``ends`` (None: too many)."""
    joined = {(head + end)[-_SUFFIX_LEN:] for head in heads for end in ends}
    return joined if len(joined) <= _MAX_STRINGS else None


def _item_endings(op, av) -> set[str]:
    """Strings one of which every match of one parsed item ends with ({""}: no constraint)."""
    if op is _sre.SUBPATTERN and not av[1] & _CASE_FLAGS:
        return _endings(av[3])
    if op is _sre.ATOMIC_GROUP:
        return _endings(av)
    if op is _sre.BRANCH:
        out: set[str] = set()
        for branch in av[1]:
            out |= _endings(branch)
        return out if len(out) <= _MAX_STRINGS else {""}
    if op in _REPEATS and av[0] >= 1:
        return _endings(av[2])  # the last repetition
    return {""}


def _endings(items, ends: set[str] | None = None) -> set[str]:
    """Strings (of at most _SUFFIX_LEN characters) one of which every match of a parsed sequence ends with.

    ``ends`` are the endings of what follows the sequence; {""} (no constraint) when the
    analysis cannot tell.
    """
    ends = {""} if ends is None else ends
    for index in range(len(items) - 1, -1, -1):
        op, av = items[index]
        if op in _ZERO_WIDTH:
            continue
        if min(map(len, ends)) >= _SUFFIX_LEN:
            break
        options = _item_strings(op, av)
        if options is not None:
            joined = _join(options, ends)
            if joined is None:
                break
            ends = joined
            continue
        if op in _REPEATS and av[0] == 0:  # "(?: off)?": either taken (its own ending) or not there
            taken = _join(_endings(av[2]), ends)
            skipped = _endings(items[:index], ends)
            if taken is None or len(taken | skipped) > _MAX_STRINGS:
                return ends
            return taken | skipped
        joined = _join(_item_endings(op, av), ends)
        return ends if joined is None else joined  # what stands before this item is not known
    return ends


class _Tail:
    """What the text before a candidate must end with for a `before` (or `not-before`) pattern to match."""

    __slots__ = ("spaces", "endings")

    def __init__(self, spaces: bool, endings: set[str]):
        self.spaces = spaces  # the pattern ends with a run of spaces or tabs (a space in the pack)
        by_length: dict[int, set[str]] = {}
        for ending in endings:
            by_length.setdefault(len(ending), set()).add(ending)
        self.endings = sorted(by_length.items())

    @classmethod
    def of(cls, source: str) -> "_Tail | None":
        """The constraint for a prepared pattern, or None when the analysis gives none."""
        try:
            parsed = _sre_parse.parse(source, re.MULTILINE)
        except re.error:
            return None
        if parsed.state.flags & _CASE_FLAGS:
            return None
        items = list(parsed)
        spaces = False
        if items and items[-1][0] in _REPEATS and items[-1][1][0] >= 1 \
                and _strings(items[-1][1][2]) == {" ", "\t"}:
            spaces = True
            items = items[:-1]
        endings = _endings(items)
        if "" in endings or (spaces and any(ending[-1] in " \t" for ending in endings)):
            return None
        return cls(spaces, endings)

    def pattern(self, here: str) -> str:
        """The same check as a look-behind, placed where the text ``here`` (a pattern) has just been matched.

        Where several spaces or tabs stand before the word, it lets the text through (the
        look-behind has a fixed width); `possible` and the search decide.
        """
        space = "[ \\t]" if self.spaces else ""
        widths = ["(?<=(?:" + "|".join(map(re.escape, sorted(endings))) + ")" + space + here + ")"
                  for _, endings in self.endings]
        if self.spaces:
            widths.append(f"(?<={space}{space}{here})")
        return "(?:" + "|".join(widths) + ")"

    def possible(self, lower: str, start: int) -> bool:
        """Whether the pattern may match text ending at ``start`` (False: it cannot)."""
        end = start
        if self.spaces:
            while end > 0 and lower[end - 1] in " \t":
                end -= 1
            if end == start:
                return False
        for size, endings in self.endings:
            if end >= size and lower[end - size:end] in endings:
                return True
        return False


class _Confusion:
    __slots__ = ("wrong", "right", "anchor", "after_source", "before", "after", "not_before", "not_after", "message",
                 "make_fix", "before_tail", "not_before_tail")

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
        self.before = compile_pattern(entry.get("before"), where, r"\Z")
        self.after = compile_pattern(entry.get("after"), where)
        self.after_source = prepare_pattern(entry["after"]) if entry.get("after") else None
        self.not_before = compile_pattern(entry.get("not-before"), where, r"\Z")
        self.not_after = compile_pattern(entry.get("not-after"), where)
        self.before_tail = _Tail.of(prepare_pattern(entry["before"])) if entry.get("before") else None
        self.not_before_tail = _Tail.of(prepare_pattern(entry["not-before"])) if entry.get("not-before") else None
        self.message = entry.get("message") or _DEFAULT_MESSAGE
        fix = entry.get("fix", "unsafe")
        if fix not in FIX_MAKERS:
            raise ValueError(f"{where}: 'fix' must be one of {', '.join(FIX_MAKERS)}, not {fix!r}")
        self.make_fix = FIX_MAKERS[fix]

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
        if self.before is not None:
            tail = self.before_tail
            if tail is not None and not tail.possible(lower, start):
                return False
            if self.before.search(lower, window, start) is None:
                return False
        if self.not_before is not None:
            tail = self.not_before_tail
            if (tail is None or tail.possible(lower, start)) and self.not_before.search(lower, window, start):
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


def _literal(text: str) -> str:
    """A piece of `wrong` as a pattern: an apostrophe matches both kinds."""
    return "".join("['\u2019]" if char == "'" else re.escape(char) for char in text)


def _sides(key: str, offset: int, confusion: _Confusion) -> tuple[str, str]:
    """The text of `wrong` before and after its anchor."""
    return confusion.wrong[:offset], confusion.wrong[offset + len(key):]


def _classes(key: str, entries: list[tuple[int, _Confusion]]) -> list[list[tuple[int, _Confusion]]]:
    """The entries of an anchor in groups whose words can stand at the same place in a text.

    A match reports one group; words of different groups exclude each other (one of them
    is in the text at that place, not both), so checking only the reported group's entries
    is the same as checking all of them. Each group keeps the entries' pack order.
    """
    sides = [_sides(key, offset, confusion) for offset, confusion in entries]
    group = list(range(len(entries)))

    def root(index: int) -> int:
        while group[index] != index:
            index = group[index]
        return index

    for i, (left, right) in enumerate(sides):
        for j in range(i):
            other_left, other_right = sides[j]
            if (left.endswith(other_left) or other_left.endswith(left)) and \
                    (right.startswith(other_right) or other_right.startswith(right)):
                group[root(i)] = root(j)
    classes: dict[int, list[tuple[int, _Confusion]]] = {}
    for index, entry in enumerate(entries):
        classes.setdefault(root(index), []).append(entry)
    return list(classes.values())


def _context_pattern(key: str, sides: tuple[str, str], members: list[_Confusion], name: str, consume: bool) -> str:
    """Checks, placed after the anchor, that a match of a `wrong` with these ``sides`` needs.

    The rest of the word comes first, taken in as a literal when ``consume`` (the regular
    expression engine skips an alternative whose first literal does not match at a glance),
    then the word boundaries, then what one of the ``members`` needs around the word (its
    context after it, the ending of the text before it that its `before` pattern needs);
    the empty named group at the end names the match.
    """
    left, right = sides
    here = _literal(left + key + right) if consume else _literal(left + key)  # from the word's start to here
    checks = _literal(right) if consume else ""
    checks += (f"(?<={here})" if left else "") + f"(?<![\\w'\u2019-]{here})"  # the word starts
    if consume:
        checks += _WORD_ENDS  # and ends (see _word_ends for the others)
    needs = []
    for confusion in members:
        need = f"(?={'' if consume else _literal(right)}(?:{confusion.after_source}))" if confusion.after_source else ""
        if confusion.before is not None and confusion.before_tail is not None:
            need += confusion.before_tail.pattern(here)
        if not need:
            break  # this one needs nothing that can be checked here
        needs.append(need)
    else:
        checks += "(?:" + "|".join(dict.fromkeys(needs)) + ")"
    return f"{checks}(?P<{name}>)"


_WORD_ENDS = "(?=(?![\\w-]|['\u2019]\\w))"


def _word_ends(right: str) -> str:
    """The check, placed after the anchor, that the rest of the word is there and the word ends."""
    return f"(?={_literal(right)}(?![\\w-]|['\u2019]\\w))"


def _consumable(sides_of: dict[str, list[tuple[str, str]]], key: str, sides: tuple[str, str]) -> bool:
    """Whether a match may take in the rest of the word: no word of the scan can have its anchor inside it.

    A match ends where the next search starts, so an anchor inside the taken text would be
    skipped; it is safe when no `wrong` of the scan fits the text there ("affect" may take in
    its second "f": no word anchored at "f" reads "aff...").
    """
    left, right = sides
    text = left + key + right
    for position in range(len(left) + 1, len(text)):
        before, after = text[:position], text[position:]
        for other, other_sides in sides_of.items():
            if not (after.startswith(other) or other.startswith(after)):
                continue
            for other_left, other_right in other_sides:
                rest = other + other_right
                if (before.endswith(other_left) or other_left.endswith(before)) and \
                        (after.startswith(rest) or rest.startswith(after)):
                    return False
    return True


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
        "lists": WORD_LISTS_FIELD,
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
        # Each pattern starts with a literal, so the scan is fast. After the anchor, zero-width
        # look-arounds check what can be checked in the same pass: the rest of `wrong` on both sides
        # of the anchor with its word boundaries and, when every entry of the same `wrong` needs one,
        # the context after it ("he(?<=the)(?=ir(?= (?:is|are)...))"). A short anchor shared by
        # several words ("he" for where, there, their, then) thus costs one pass and the Python side
        # only sees likely candidates.
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
                names: dict[str, list[tuple[int, _Confusion]]] = {}
                alternatives = []
                sides_of = {key: [_sides(key, offset, confusion) for offset, confusion in groups[key]] for key in part}
                for key in part:
                    # The rest of the word first, taken in where that is safe, else checked once for
                    # all the words that share it ("could of", "would of": the anchor "f" ends both).
                    checks, shared = [], {}
                    for members in _classes(key, groups[key]):
                        by_sides: dict[tuple[str, str], list[_Confusion]] = {}
                        for offset, confusion in members:
                            by_sides.setdefault(_sides(key, offset, confusion), []).append(confusion)
                        for sides, confusions in by_sides.items():
                            name = f"k{len(names)}"
                            names[name] = members
                            consume = bool(sides[1]) and _consumable(sides_of, key, sides)
                            pattern = _context_pattern(key, sides, confusions, name, consume)
                            if consume:
                                checks.append(pattern)
                            else:
                                shared.setdefault(sides[1], []).append(pattern)
                    checks += [_word_ends(right) + "(?:" + "|".join(patterns) + ")" for right, patterns in shared.items()]
                    alternatives.append(re.escape(key[len(prefix):]) + "(?:" + "|".join(checks) + ")")
                source = re.escape(prefix) + "(?:" + "|".join(alternatives) + ")"
                # compiled on the first text holding the prefix (a run over a few files needs few scans)
                scan = LazyPattern(source, re.MULTILINE, f"confusions (the scan for {prefix!r})")
                self.scans.append((prefix, scan, names))

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
                    if lower[start:end].replace("\u2019", "'") != confusion.wrong:
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
