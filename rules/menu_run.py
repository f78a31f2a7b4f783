"""Run of menu items scraped from the site's navigation bar or footer.

## What it does
Finds the site's menus flattened into the text:

- a line of menu items between pipes or bullets ("Home | News | Sport |
  Weather"), or the empty cells a menu leaves when its links were dropped
  ("Infrastruktur | | | |");
- a column of short lines that are mostly section and site links ("Home",
  "News", "Business", "Contact Us", "Privacy Policy"), four or more in a row,
  from its first known link to its last.

An item is short (at most four words) and has no sentence punctuation; a column
needs at least half of its lines to be known section or site links, so a list
in an article (a cast list, the steps of a recipe) is left alone, and a line
that starts with a headline before its pipes ("Budget row deepens | Politics |
News") is a breadcrumb, not a menu.

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
from newslint.textedit import removal_span

_CELL_SPLIT = re.compile(r"\s*[|•·]\s*|\s+[/»›]\s+")
_ITEM_CHARS = re.compile(r"^[^\W\d_][\w&'’+\-. ]*$")
_MAX_ITEM_WORDS = 4
_MIN_COLUMN = 4


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
        lines = doc.lines()
        found: list[tuple[int, int, bool]] = []
        column: list[int] = []  # indices of the current run of short item lines

        def close_column():
            if not column:
                return
            flags = [self._known(text[lines[i][0]:lines[i][1]].strip()) for i in column]
            while flags and not flags[0]:  # a title or a subheading just above the menu stays
                flags.pop(0)
                column.pop(0)
            while flags and not flags[-1]:
                flags.pop()
                column.pop()
            if len(column) >= _MIN_COLUMN:
                known = sum(flags)
                if known * 2 >= len(column) and known >= 3:
                    a = lines[column[0]][0]
                    b = lines[column[-1]][1]
                    found.append((a + _indent(text[a:b]), b - _trail(text[a:b]), False))
            column.clear()

        find = text.find
        for index, (a, b) in enumerate(lines):
            if b - a > 200 or b - a > 44 and find("|", a, b) < 0 and find("\u2022", a, b) < 0 and find("\u00b7", a, b) < 0:
                close_column()
                continue
            line = text[a:b]
            stripped = line.strip()
            if not stripped:
                continue  # blank lines neither break nor extend a column
            if self.menu_line(stripped):
                close_column()
                found.append((a + _indent(line), b - _trail(line), True))
                continue
            if self._item_form(stripped) and len(stripped) <= 40:
                column.append(index)
                continue
            close_column()
        close_column()
        for start, end, safe in sorted(found):
            fix_start, fix_end = removal_span(text, start, end)
            shown = " ".join(text[start:end].split())
            if len(shown) > 60:
                shown = shown[:57] + "..."
            maker = Fix.safe if safe else Fix.unsafe
            yield self.report(fix_start, fix_end, f"Menu items {shown!r} scraped into the text",
                              maker("Remove the menu", Edit.deletion(fix_start, fix_end)))


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def _trail(line: str) -> int:
    return len(line) - len(line.rstrip())


@hookimpl
def newslint_register_rules():
    return [MenuRun]
