"""HTML left in the text: character entities ("&amp;", "&#8217;"), tags ("<p>", "&lt;span&gt;") and shortcodes.

## What it does
Finds markup that should have been rendered or removed when the page became text:

- character entities with a known name or a number: "&amp;", "&quot;", "&nbsp;",
  "&#233;", "&#x2019;" (unknown names such as "&data;" are left alone);
- HTML tags with a known element name, raw or escaped: "<p>", "</span>",
  "<br />", "<a href=...>", "&lt;span data-mce-type=...&gt;", and HTML comments;
  a `<script>` or `<style>` element is taken whole, contents included;
- CMS shortcodes, written in lower case: "[caption id=...]", "[button
  link=...]...[/button]" ("[Video]" in a headline is a label, not a shortcode).

Angle brackets around other words ("<The Palace of Dreams>", "<T>") are
not tags and are left alone.

## Why it matters
Entities and tags split words ("caf&eacute;"), put markup tokens into training
data and search indexes, and show the extraction went wrong.

## Example
```text
Profits at AT&amp;T rose 5%.<br /> The firm said it was &quot;pleased&quot;.
```
Use instead:
```text
Profits at AT&T rose 5%. The firm said it was "pleased".
```

## Fix safety
Entities: safe, the fix writes the character the entity stands for ("&nbsp;"
becomes a plain space). Tags, comments and shortcodes: unsafe, the fix deletes
them (a tag between two words becomes a space) and a person may prefer a line
break where `<br>` or `<p>` stood.

## Options
Extend the vocabulary with `extend-tags` (element names) and `extend-shortcodes`
(shortcode names).
"""

from __future__ import annotations

import re

from newslint import Edit, Fix, FixAvailability, PackField, Rule, hookimpl
from newslint.textedit import removal_span

_ENTITY = re.compile(r"&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|([A-Za-z][A-Za-z0-9]{1,31}));")
_SPACES = {"nbsp": " ", "ensp": " ", "emsp": " ", "thinsp": " ", "#160": " "}
_INVISIBLE = {"\u00ad", "\ufeff", "\u200b"}
# Tags that format text inside a line: deleting them never joins two words.
_INLINE = re.compile(r"</?(?:a|abbr|b|cite|code|em|font|i|mark|q|s|small|span|strong|sub|sup|u)\b", re.I)


class HtmlResidue(Rule):
    code = "ENC002"
    name = "html-residue"
    category = "encoding"
    fix_availability = FixAvailability.ALWAYS
    pack_fields = {
        "tags": PackField("words", "HTML element names whose tags are residue in text."),
        "shortcodes": PackField("words", "CMS shortcode names: [caption], [button]."),
    }

    def setup(self) -> None:
        tags = "|".join(sorted({re.escape(t) for t in self.vocabulary["tags"]}, key=lambda t: (-len(t), t)))
        tags = tags or "(?!)"
        self.tag = re.compile(rf"<(?:(script|style)\b[^<>]{{0,1000}}>.*?</\1\s*>|/?(?:{tags})(?:[ \t][^<>\n]{{0,1000}})?/?>"
                              r"|!--.*?-->)", re.I | re.S)
        self.escaped_tag = re.compile(rf"&(?:amp;)*lt;/?(?:{tags})\b.{{0,1000}}?&(?:amp;)*gt;", re.I | re.S)
        codes = "|".join(sorted({re.escape(c) for c in self.vocabulary["shortcodes"]}, key=lambda c: (-len(c), c)))
        self.shortcode = re.compile(rf"\[(?:/(?:{codes or '(?!)'})|(?:{codes or '(?!)'})(?:\s[^\[\]\n]{{0,500}})?)\]")

    def check(self, doc):
        text = doc.text
        taken: list[tuple[int, int]] = []
        if "&" in text:
            yield from self._entities(text, taken)
        if "<" in text:
            yield from self._tags(text, taken)
        if "[" in text and self.shortcode.pattern:
            pos = text.find("[")
            while pos >= 0:
                m = self.shortcode.match(text, pos)
                if m:
                    yield self._removal(text, m.start(), m.end(), "Shortcode", "Remove the shortcode")
                    pos = text.find("[", m.end())
                else:
                    pos = text.find("[", pos + 1)

    def _entities(self, text: str, taken: list):
        from html.entities import html5

        pos = text.find("&")
        while pos >= 0:
            escaped = self.escaped_tag.match(text, pos)
            if escaped:
                taken.append(escaped.span())
                yield self._removal(text, escaped.start(), escaped.end(), "Escaped HTML tag",
                                    "Remove the escaped tag")
                pos = text.find("&", escaped.end())
                continue
            run_start, run_end, pieces = pos, pos, []
            while True:
                m = _ENTITY.match(text, run_end)
                if not m:
                    break
                char = _decode(m, html5)
                if char is None:
                    break
                pieces.append(char)
                run_end = m.end()
            if pieces:
                shown = text[run_start:run_end]
                replacement = "".join(pieces)
                yield self.report(run_start, run_end, f"HTML entity {shown!r} in the text",
                                  Fix.safe(f"Replace with {replacement!r}", Edit(run_start, run_end, replacement)))
                pos = text.find("&", run_end)
            else:
                pos = text.find("&", pos + 1)

    def _tags(self, text: str, taken: list):
        pos = text.find("<")
        while pos >= 0:
            m = self.tag.match(text, pos)
            if m and not any(a <= pos < b for a, b in taken):
                kind = "HTML comment" if m.group().startswith("<!--") else (
                    "HTML element" if m.group(1) else "HTML tag")
                yield self._removal(text, m.start(), m.end(), kind, f"Remove the {kind.split()[-1]}")
                pos = text.find("<", m.end())
            else:
                pos = text.find("<", pos + 1)

    def _removal(self, text: str, start: int, end: int, what: str, title: str):
        shown = text[start:end]
        if len(shown) > 50:
            shown = shown[:47] + "..."
        message = f"{what} {shown!r} in the text"
        before = text[start - 1:start]
        after = text[end:end + 1]
        if not before or before.isspace():
            fix_start, fix_end = removal_span(text, start, end)
            return self.report(fix_start, fix_end, message, Fix.unsafe(title, Edit.deletion(fix_start, fix_end)))
        if after and not after.isspace() and not _INLINE.match(text, start):
            # "rose.<br>The", "one</p><p>two": a block tag parted two words; keep them apart
            return self.report(start, end, message, Fix.unsafe(title, Edit(start, end, " ")))
        return self.report(start, end, message, Fix.unsafe(title, Edit.deletion(start, end)))


def _decode(m: re.Match, html5: dict) -> str | None:
    """The text an entity stands for, or None if it is not a known entity."""
    if m.group(3):
        name = m.group(3)
        if name.lower() in _SPACES and name == name.lower():
            return " "
        char = html5.get(name + ";")
        if char is None:
            return None
        return "" if char in _INVISIBLE else char
    number = int(m.group(1)) if m.group(1) else int(m.group(2), 16)
    if number == 160:
        return " "
    if 128 <= number <= 159:  # browsers read these as Windows-1252
        try:
            return bytes([number]).decode("cp1252")
        except UnicodeDecodeError:
            return None
    if number == 0 or number > 0x10FFFF or 0xD800 <= number <= 0xDFFF:
        return None
    char = chr(number)
    return "" if char in _INVISIBLE else char


@hookimpl
def newslint_register_rules():
    return [HtmlResidue]
