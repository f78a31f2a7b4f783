"""Invisible and control characters: zero-width spaces, stray byte-order marks, soft hyphens, control codes.

## What it does
Finds characters that print as nothing but change what a program reads:

- zero-width space (U+200B), word joiner (U+2060) and byte-order marks (U+FEFF)
  inside the text;
- zero-width joiners and non-joiners (U+200D, U+200C) between Latin letters,
  spaces or punctuation (between emoji and in scripts such as Persian or Hindi
  they shape the text and are left alone, as is U+200B next to Thai, Lao, Khmer,
  Burmese, Chinese or Japanese, where it marks word breaks);
- the object replacement character (U+FFFC), and soft hyphens (U+00AD) when
  `soft-hyphens` is on (publishers put them in long words as hyphenation hints, so
  they are not reported by default);
- control characters: C0 codes other than tab and line breaks, DEL, and C1 codes
  (U+0080-U+009F) that are not part of mojibake (`mojibake` reports those);
- lines that hold nothing but such characters and spaces.

A run of them (spaces in between included) is one finding.

## Why it matters
Invisible characters split words for search, matching and tokenisers
("news\u00adpaper" is not "newspaper"), make equal strings compare unequal and
break de-duplication, and control codes can corrupt terminals and downstream
formats.

## Example
```text
The council\u200b said it would\u2060 appeal.
```
Use instead:
```text
The council said it would appeal.
```

## Options
- `soft-hyphens` (default false): also report soft hyphens.

## Fix safety
Safe: the fix deletes the characters, which carry no visible text. Two cases are
unsafe: a C1 code is replaced by the Windows-1252 character it most likely
stood for (U+0092 by "’"), and a vertical tab, form feed or line/paragraph
separator becomes a line break.
"""

from __future__ import annotations

import bisect
import re

from newslint import Edit, Fix, FixAvailability, Option, Rule, hookimpl
from newslint.rules.support.text_bytes import KEEP, utf8_suspects
from newslint.textedit import removal_span

_CLASS = "\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u00ad\u200b-\u200d\u2028\u2029\u2060\ufeff\ufffc"
_FIRST = re.compile(f"[{_CLASS}]")  # a bare class keeps the engine's fast character scan
_CANDIDATES = re.compile(f"[{_CLASS}]+(?:[ \t]+[{_CLASS}]+)*")
_BREAKS = {"\u000b", "\u000c", "\u2028", "\u2029"}
_JOINERS = {"\u200c", "\u200d"}
_NAMES = {
    "\u200b": "zero-width space", "\u200c": "zero-width non-joiner", "\u200d": "zero-width joiner",
    "\u2060": "word joiner", "\ufeff": "byte-order mark", "\u00ad": "soft hyphen",
    "\ufffc": "object replacement character", "\u2028": "line separator", "\u2029": "paragraph separator",
}
# Latin-1 letters whose presence before a C1 code means the code is part of mojibake ("â\x80\x99").
_MOJIBAKE_LEADS = set("\u00c2\u00c3\u00c4\u00c5\u00c6\u00c7\u00ce\u00cf\u00d0\u00d1\u00d8\u00d9\u00e2\u00e3\u00e5"
                      "\u00e6\u00e7\u00e8\u00e9\u00ef\u00f0")


def _breaks_words(char: str) -> bool:
    """Scripts that use U+200B as a word separator (Thai, Lao, Khmer, Burmese, CJK)."""
    code = ord(char)
    return (0x0E00 <= code <= 0x0EFF or 0x1000 <= code <= 0x109F or 0x1780 <= code <= 0x17FF
            or 0x3000 <= code <= 0x9FFF or 0xF900 <= code <= 0xFAFF or 0xAC00 <= code <= 0xD7AF)


def _plain(char: str) -> bool:
    """A neighbour that needs no joiner: ASCII, Latin letters, white space, line edge."""
    return not char or ord(char) < 0x0250


def _class_chars(spec: str) -> list[str]:
    """The characters of a character class written as characters and ranges ("a-z")."""
    chars, i = [], 0
    while i < len(spec):
        if i + 2 < len(spec) and spec[i + 1] == "-":
            chars.extend(chr(code) for code in range(ord(spec[i]), ord(spec[i + 2]) + 1))
            i += 3
        else:
            chars.append(spec[i])
            i += 1
    return chars


# The class as it shows in the suspect view shared with mojibake (support.text_bytes): each of its
# characters keeps all its bytes there, side by side, so the view holds one exactly when the text does.
_CLASS_CHARS = _class_chars(_CLASS)
assert all(byte in KEEP for char in _CLASS_CHARS for byte in char.encode("utf-8"))


def _byte_class(values) -> bytes:
    return b"[" + b"".join(re.escape(bytes([v])) for v in sorted(values)) + b"]"


# single bytes (C0 codes, DEL): what is left of the view once every other byte is deleted
_SINGLES = bytes(sorted(c.encode("utf-8")[0] for c in _CLASS_CHARS if len(c.encode("utf-8")) == 1))
_NOT_SINGLES = bytes(sorted(set(range(256)) - set(_SINGLES)))
# longer sequences by their lead byte: an expression for a big group (C2 and the C1 codes), else each one
_LEADS: dict[int, list[bytes]] = {}
for _char in _CLASS_CHARS:
    _encoded = _char.encode("utf-8")
    if len(_encoded) > 1:
        _LEADS.setdefault(_encoded[0], []).append(_encoded)
_GROUPS = [(bytes([lead]), re.compile(re.escape(bytes([lead])) + _byte_class({e[1] for e in group}))
            if len(group) > 8 and all(len(e) == 2 for e in group) else None, group)
           for lead, group in sorted(_LEADS.items())]


def _present(suspects: bytes) -> set[str]:
    """The characters of the class the text holds, read from the shared UTF-8 view."""
    found = {chr(byte) for byte in set(suspects.translate(None, _NOT_SINGLES))}
    for lead, pattern, group in _GROUPS:
        if lead not in suspects:
            continue
        if pattern is not None:
            found.update(m.group().decode("utf-8") for m in pattern.finditer(suspects))
        else:
            found.update(encoded.decode("utf-8") for encoded in group if encoded in suspects)
    return found


class InvisibleCharacters(Rule):
    code = "ENC003"
    name = "invisible-characters"
    category = "encoding"
    fix_availability = FixAvailability.ALWAYS
    options = {
        "soft-hyphens": Option(False, "Also report soft hyphens (U+00AD), which publishers use as hyphenation hints."),
    }

    def setup(self) -> None:
        self.soft_hyphens = self.settings["soft-hyphens"]

    def check(self, doc):
        suspects = utf8_suspects(doc)
        if not suspects:
            return
        present = _present(suspects)
        if not present:
            return
        text = doc.text
        # where the text holds one of the characters, in order: what a scan of the whole text would meet
        positions = []
        find = text.find
        for char in present:
            pos = find(char)
            while pos >= 0:
                positions.append(pos)
                pos = find(char, pos + 1)
        positions.sort()
        run = _CANDIDATES.match
        k = 0
        while k < len(positions):
            m = run(text, positions[k])
            found = self._judge(text, m.start(), m.end())
            if found is not None:
                yield found
            k = bisect.bisect_left(positions, m.end(), k)

    def _judge(self, text: str, start: int, end: int):
        run = text[start:end]
        before = text[start - 1:start]
        after = text[end:end + 1]
        kept = []
        for char in run:
            if char in " \t":
                continue
            if char == "\u00ad" and not self.soft_hyphens:
                return None
            if char in _JOINERS and not (_plain(before) and _plain(after)):
                continue  # emoji sequences, Indic and Arabic-script shaping
            if char == "\u200b" and (before and _breaks_words(before) or after and _breaks_words(after)):
                continue
            if "\u0080" <= char <= "\u009f" and before and before[-1] in _MOJIBAKE_LEADS:
                continue  # "â\x80\x99": the mojibake rule repairs the whole sequence
            kept.append(char)
        if not kept:
            return None
        if len(kept) != len(run.replace(" ", "").replace("\t", "")):
            return None  # a run mixing removable and meaningful characters: leave it
        names = sorted({_name(c) for c in run if c not in " \t"})
        what = ", ".join(names)
        line_start = text.rfind("\n", 0, start) + 1
        line_end = text.find("\n", end)
        line_end = len(text) if line_end < 0 else line_end
        if line_end > line_start and text[line_end - 1] == "\r":
            line_end -= 1
        if not text[line_start:start].strip() and not text[end:line_end].strip() and not any(
                c in _BREAKS for c in run):
            fix_start, fix_end = removal_span(text, line_start, line_end)
            return self.report(fix_start, fix_end, f"Line holding only invisible characters ({what})",
                               Fix.safe("Remove the line", Edit.deletion(fix_start, fix_end)))
        if any(c in _BREAKS for c in run):
            return self.report(start, end, f"Invisible line break ({what})",
                               Fix.unsafe("Replace with a line break", Edit(start, end, "\n")))
        if any("\u0080" <= c <= "\u009f" for c in run):
            replacement = "".join(_cp1252(c) for c in run)
            return self.report(start, end, f"Control character ({what})",
                               Fix.unsafe(f"Replace with {replacement!r}" if replacement else "Remove it",
                                          Edit(start, end, replacement)))
        fix_end = end
        if before in (" ", "\t") and text[end:end + 1] in (" ", "\t"):
            fix_end += 1  # "word \u200b word": one space stays
        return self.report(start, fix_end, f"Invisible character ({what})",
                           Fix.safe("Remove the invisible characters", Edit.deletion(start, fix_end)))


def _name(char: str) -> str:
    if char in _NAMES:
        return _NAMES[char]
    return f"control character U+{ord(char):04X}"


def _cp1252(char: str) -> str:
    """What a C1 code stood for when Windows-1252 text was read as Latin-1 ('\\x92' -> '’')."""
    if "\u0080" <= char <= "\u009f":
        try:
            return bytes([ord(char)]).decode("cp1252")
        except UnicodeDecodeError:
            return ""
    return ""


@hookimpl
def newslint_register_rules():
    return [InvisibleCharacters]
