"""Mojibake: UTF-8 text decoded with the wrong code page ("isnâ€™t", "cafÃ©"), and lost characters.

## What it does
Finds text that was encoded as UTF-8 and decoded as Windows-1252 or Latin-1
somewhere between the publisher and the corpus, so every accented letter, curly
quote or dash became two or three wrong characters: "isnâ€™t" for "isn’t",
"dayâ€”it" for "day—it", "SÃ£o Paulo" for "São Paulo". The repair
comes from [ftfy](https://ftfy.readthedocs.io/), which only acts where the garbled
sequence can be decoded back and the result reads better than the input, so
Portuguese "SÃO PAULO" in capitals and French "âge" are left alone.

It also reports U+FFFD REPLACEMENT CHARACTER ("�"): a decoder met bytes it
could not read and threw the character away.

## Why it matters
Mojibake multiplies the vocabulary ("isnâ€™t", "isn’t" and "isn't" become three
tokens), hides words from search and matching, and teaches models to produce it.

## Example
```text
The minister said it isnâ€™t over and the cafÃ© will reopen.
```
Use instead:
```text
The minister said it isn’t over and the café will reopen.
```

## Fix safety
Safe where ftfy repairs the text by re-encoding it with the code page it was
wrongly decoded with and decoding it as UTF-8 (the bytes are recovered exactly).
Unsafe where the repair needs guesses (mixed encodings in one line, bytes that were
lost and are replaced). Lost characters ("�") have no fix: only the source can
tell what they were.

## References
- ftfy, "Fixing mojibake": https://ftfy.readthedocs.io/en/latest/explain.html
"""

from __future__ import annotations

import difflib

from newslint import Edit, Fix, FixAvailability, Rule, hookimpl

# Characters that begin the mojibake of a multi-byte UTF-8 sequence read as Windows-1252
# or Latin-1: lead bytes C2-DF read as Â Ã Ä Å Æ Ç ... Ð Ñ ... and E2 as "â" (followed by €, ‚ ...).
_LEADS = ("\u00c2", "\u00c3", "\u00c5", "\u00d0", "\u00d1", "\u00d8", "\u00d9", "\u00e2\u20ac", "\u00e2\u201e",
          "\u00ef\u00bb", "\u00ef\u00bf")
_REPLACEMENT = "\ufffd"
_EXACT_STEPS = {"sloppy-windows-1252", "windows-1252", "latin-1", "iso-8859-2", "sloppy-windows-1250",
                "sloppy-windows-1251", "macroman", "cp437", "utf-8", "restore_byte_a0", "decode_inconsistent_utf8"}


class Mojibake(Rule):
    code = "ENC001"
    name = "mojibake"
    category = "encoding"
    fix_availability = FixAvailability.SOMETIMES

    def setup(self) -> None:
        self._config = None

    def _fixer(self):
        if self._config is None:
            import ftfy  # imported only when a document holds a suspicious character

            self._ftfy = ftfy
            self._config = ftfy.TextFixerConfig(
                unescape_html=False, remove_terminal_escapes=False, fix_encoding=True, restore_byte_a0=True,
                replace_lossy_sequences=True, decode_inconsistent_utf8=True, fix_c1_controls=False,
                fix_latin_ligatures=False, fix_character_width=False, uncurl_quotes=False, fix_line_breaks=False,
                fix_surrogates=False, remove_control_chars=False, normalization=None, explain=True)
        return self._ftfy, self._config

    def check(self, doc):
        text = doc.text
        if text.isascii():
            return
        if any(lead in text for lead in _LEADS):
            yield from self._garbled(doc)
        if _REPLACEMENT in text:
            yield from self._lost(text)

    def _garbled(self, doc):
        text = doc.text
        ftfy, config = self._fixer()
        for a, b in doc.lines():
            line = text[a:b]
            if line.isascii() or not any(lead in line for lead in _LEADS):
                continue
            fixed, steps = ftfy.fix_and_explain(line, config=config)
            if fixed == line:
                continue
            exact = all(step[1] in _EXACT_STEPS for step in (steps or ()))
            for start, end, replacement in _changes(line, fixed):
                bad = line[start:end]
                make = Fix.safe if exact else Fix.unsafe
                yield self.report(a + start, a + end, f"Mojibake {bad!r} (should read {replacement!r})",
                                  make(f"Repair the encoding to {replacement!r}",
                                       Edit(a + start, a + end, replacement)))

    def _lost(self, text: str):
        pos = text.find(_REPLACEMENT)
        while pos >= 0:
            end = pos
            while end < len(text) and text[end] == _REPLACEMENT:
                end += 1
            yield self.report(pos, end, "A character was lost in decoding (U+FFFD); only the source can restore it")
            pos = text.find(_REPLACEMENT, end)


def _changes(old: str, new: str) -> list[tuple[int, int, str]]:
    """(start, end, replacement) of the changed stretches of ``old``, joined within a word."""
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    changes: list[list] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        gap = old[changes[-1][1]:i1] if changes else ""
        if changes and not gap:
            changes[-1][1] = i2
            changes[-1][2] += gap + new[j1:j2]
        else:
            changes.append([i1, i2, new[j1:j2]])
    out = []
    for start, end, replacement in changes:
        if start == end:  # a pure insertion: take in the character before it (or after it)
            if start > 0:
                start -= 1
                replacement = old[start] + replacement
            else:
                end += 1
                replacement += old[0]
        out.append((start, end, replacement))
    return out


@hookimpl
def newslint_register_rules():
    return [Mojibake]
