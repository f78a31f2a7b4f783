"""Run of menu items scraped from the site's navigation bar or footer.

## What it does
Finds the site's menus flattened into the text:

- a line of menu items between pipes or bullets ("Home | News | Sport |
  Weather"), or the empty cells a menu leaves when its links were dropped
  ("Infrastruktur | | | |");
- a column of short lines that are mostly section, site and share links ("Home",
  "News", "Contact Us", "Privacy Policy"; "Facebook", "WhatsApp", "Email" of a
  share bar), four or more in a row, from its first known link to its last.

An item is short (at most four words) and has no sentence punctuation; a column
needs at least half of its lines to be known links, so a list in an article (a
cast list, the steps of a recipe) is left alone, as is a column that a sentence
of the article introduces ("The most downloaded apps were:" before "TikTok",
"Instagram", ...); a line that starts with a headline before its pipes ("Budget
row deepens | Politics | News") is a breadcrumb, not a menu.

## Why it matters
Menus repeat on every page of a site: in a corpus they are the most common
"sentences" of all, and they split the article from its title or its end.

## Example
```text
Home | News | Sport | Weather | Contact Us
The storm is expected to reach the coast on Friday.
```
Use instead:
```text
The storm is expected to reach the coast on Friday.
```

## Fix safety
The fix deletes the menu's lines. It is safe for a line of items between pipes
or bullets, and unsafe for a column of short lines, where a person should check
that no subheading of the article was taken for a menu item.

## Options
Extend the vocabulary with `extend-items` (section and site links, matched as a
whole item in lower case).

## Known false positives
A short list of sections in an article about a newspaper's redesign ("News",
"Sport", "Business", "Weather" on lines of their own) is flagged.
"""

from __future__ import annotations

import re

from newslint import Edit, Fix, FixAvailability, PackField, Rule, hookimpl
from newslint.phrases import normalise_phrase
from newslint.rules.support.lines import (LINE_SPACE, excerpt, line_candidates, line_end, line_form, line_trie,
                                          register_line_filter)
from newslint.textedit import removal_span

_CELL_SPLIT = re.compile(r"\s*[|•·]\s*|\s+[/»›]\s+")
_ITEM_CHARS = re.compile(r"^[^\W\d_][\w&'’+\-. ]*$")
_MAX_ITEM_WORDS = 4
_MIN_COLUMN = 4
_SEPARATORS = ("|", "\u2022", "\u00b7")
_BREAK, _BLANK, _MEMBER = 0, 1, 2
# Lines that are blank or have the characters of an item (_ITEM_CHARS), each with its line
# break: every line of a column is one (but not every such line belongs to a column).
_ITEM_OR_BLANK_LINES = re.compile(f"(?:[{LINE_SPACE}]*+(?:[^\\W\\d_][\\w&'\u2019+\\-. ]*+[{LINE_SPACE}]*+)?\n)*+")


class MenuRun(Rule):
    code = "NAV002"
    name = "menu-run"
    category = "navigation"
    fix_availability = FixAvailability.ALWAYS
    pack_fields = {
        "items": PackField("phrases", "Section and site links that make up menus and footers."),
    }

    def setup(self) -> None:
        self.items = {normalise_phrase(p) for p in self.vocabulary["items"]}
        # A column is found from its known items: lines that are a whole item (a superset,
        # through the line index shared with the other line rules; see newslint.rules.support.lines).
        self.line_filter = line_trie((line_form(item), "") for item in self.items) + f"[{LINE_SPACE}]*(?:\n|\\Z)"
        register_line_filter(self.line_filter, [line_form(item) for item in self.items])

    # ---- one line of items ----------------------------------------------------

    def menu_line(self, line: str) -> bool:
        """A line of menu items between separators, or the empty cells of one."""
        stripped = line.strip()
        separators = stripped.count("|") + stripped.count("\u2022") + stripped.count("\u00b7")
        if separators < 2:
            return False
        cells = [c.strip() for c in _CELL_SPLIT.split(stripped)]
        filled = [c for c in cells if c]
        if not filled or any(not self._item_form(c) for c in filled):
            return False
        empty = len(cells) - len(filled)
        if empty >= len(filled) and stripped.count("|") >= 3:
            return True  # "Infrastruktur | | | |": a menu whose links were dropped
        known = sum(self._known(c) for c in filled)
        return len(filled) >= 3 and known * 2 >= len(filled) and known >= 2

    def _item_form(self, cell: str) -> bool:
        return len(cell.split()) <= _MAX_ITEM_WORDS and bool(_ITEM_CHARS.match(cell)) and not cell.endswith(".")

    def _known(self, cell: str) -> bool:
        return normalise_phrase(cell) in self.items

    # ---- the check ------------------------------------------------------------

    def check(self, doc):
        text = doc.text
        found: list[tuple[int, int, bool]] = []
        find = text.find
        # lines of items between separators: only lines holding a separator
        seen = set()
        for separator in _SEPARATORS:
            if separator not in text:
                continue
            pos = find(separator)
            while pos >= 0:
                a = text.rfind("\n", 0, pos) + 1
                nl = find("\n", pos)
                b = len(text) if nl < 0 else nl
                if a not in seen:
                    seen.add(a)
                    if b > a and text[b - 1] == "\r":
                        b -= 1
                    line = text[a:b]
                    stripped = line.strip()
                    if b - a <= 200 and stripped and self.menu_line(stripped):
                        found.append((a + _indent(line), b - _trail(line), True))
                pos = find(separator, nl) if nl >= 0 else -1
        # columns of short lines: from each known item to the next one, while every line
        # between is blank or an item-like line
        column: list[tuple[int, int]] = []  # (start, end) of the known lines of the column
        members = 0  # item lines from the column's first known line to its last
        last_nl = -1
        for a in sorted({text.rfind("\n", 0, pos) + 1 for pos in line_candidates(doc, self.line_filter)}):
            nl, b = line_end(text, a)
            if self._line_class(text, a, b) != _MEMBER or not self._known(text[a:b].strip()):
                continue
            between = self._members_between(text, last_nl, a) if column else None
            if between is None:
                self._close_column(text, column, members, found)
                column, members = [], 0
            else:
                members += between
            column.append((a, b))
            members += 1
            last_nl = nl
        self._close_column(text, column, members, found)
        for start, end, safe in sorted(found):
            fix_start, fix_end = removal_span(text, start, end)
            shown = excerpt(text, start, end)
            maker = Fix.safe if safe else Fix.unsafe
            yield self.report(fix_start, fix_end, f"Menu items {shown!r} scraped into the text",
                              maker("Remove the menu", Edit.deletion(fix_start, fix_end)))

    def _line_class(self, text: str, a: int, b: int) -> int:
        """How a line counts in a column: it breaks it, is blank, or is an item-like line."""
        if b - a > 200 or b - a > 44 and text.find("|", a, b) < 0 and text.find("\u2022", a, b) < 0 \
                and text.find("\u00b7", a, b) < 0:
            return _BREAK
        stripped = text[a:b].strip()
        if not stripped:
            return _BLANK
        if self.menu_line(stripped):
            return _BREAK
        return _MEMBER if self._item_form(stripped) and len(stripped) <= 40 else _BREAK

    def _members_between(self, text: str, nl: int, stop: int) -> int | None:
        """Item-like lines from the line break ``nl`` to the line starting at ``stop``, or None
        when a line between breaks the column."""
        a = nl + 1
        # the lines that have the shape of an item or are blank (a superset, found in C): when
        # they stop before ``stop``, the line there breaks the column and nothing else needs
        # a look; else each of them is checked one by one
        end = _ITEM_OR_BLANK_LINES.match(text, a, stop).end()
        if end < stop:
            return None
        count = 0
        item_form = self._item_form
        while a < end:
            nl = text.find("\n", a)
            b = nl
            if b > a and text[b - 1] == "\r":
                b -= 1
            if b - a > 44:
                return None
            stripped = text[a:b].strip()
            if stripped:
                if len(stripped) > 40 or not item_form(stripped):
                    return None
                count += 1
            a = nl + 1
        return count

    @staticmethod
    def _close_column(text: str, column: list[tuple[int, int]], members: int, found: list) -> None:
        """Report a column that runs from its first known line to its last, when enough of it is known."""
        known = len(column)
        if members >= _MIN_COLUMN and known * 2 >= members and known >= 3 and not _introduced(text, column[0][0]):
            a, b = column[0][0], column[-1][1]
            found.append((a + _indent(text[a:b]), b - _trail(text[a:b]), False))


def _introduced(text: str, a: int) -> bool:
    """Whether the column starting at ``a`` is a list a sentence of the article introduces: the
    last line before it that is not blank ends with a colon and has four words or more ("The
    most downloaded apps were:"); a short label ("Share this:", "Follow us:") does not count."""
    end = a
    while end > 0 and text[end - 1].isspace():
        end -= 1
    line = text[text.rfind("\n", 0, end) + 1:end]
    return line.endswith(":") and len(line.split()) >= 4


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def _trail(line: str) -> int:
    return len(line) - len(line.rstrip())


@hookimpl
def newslint_register_rules():
    return [MenuRun]
