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

import bisect
import re

from newslint import Edit, Fix, FixAvailability, Rule, hookimpl
from newslint.rules.support.text_bytes import KEEP, utf8_suspects

# Characters that begin the mojibake of a multi-byte UTF-8 sequence read as Windows-1252
# or Latin-1: lead bytes C2-DF read as Â Ã Ä Å Æ Ç ... Ð Ñ ... and E2 as "â" (followed by €, ‚ ...).
_LEADS = ("\u00c2", "\u00c3", "\u00c5", "\u00d0", "\u00d1", "\u00d8", "\u00d9", "\u00e2\u20ac", "\u00e2\u201e",
          "\u00ef\u00bb", "\u00ef\u00bf")
_LEAD = re.compile("|".join(re.escape(lead) for lead in _LEADS))
_REPLACEMENT = "\ufffd"
_EXACT_STEPS = {"sloppy-windows-1252", "windows-1252", "latin-1", "iso-8859-2", "sloppy-windows-1250",
                "sloppy-windows-1251", "macroman", "cp437", "utf-8", "restore_byte_a0", "decode_inconsistent_utf8"}

# the leads and the replacement character keep all their bytes in the shared suspect view (see text_bytes)
assert all(byte in KEEP for lead in (*_LEADS, _REPLACEMENT) for byte in lead.encode("utf-8"))
# what the view holds when the text may hold a lead or a replacement character (never misses one)
_SUSPECT_LEAD = re.compile(b"|".join(re.escape(lead.encode("utf-8")) for lead in _LEADS))
_SUSPECT_REPLACEMENT = _REPLACEMENT.encode("utf-8")


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
        suspects = utf8_suspects(doc)
        if _SUSPECT_LEAD.search(suspects):
            yield from self._garbled(doc)
        if _SUSPECT_REPLACEMENT in suspects:
            yield from self._lost(text)

    def _garbled(self, doc):
        text = doc.text
        # the lines holding a lead (a lead never spans a line break), in order
        starts = doc.line_starts
        indexes = sorted({bisect.bisect_right(starts, m.start()) - 1 for m in _LEAD.finditer(text)})
        if not indexes:
            return
        lines = doc.lines()
        ftfy, config = self._fixer()
        for index in indexes:
            a, b = lines[index]
            line = text[a:b]
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
    changes: list[list] = []
    for op, i1, i2, j1, j2 in _opcodes(old, new):
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


_SMALL = 48  # ranges shorter than this on either side are compared the way difflib does it
_SEED = 16  # common stretches at least this long are found by looking up pieces of one text in the other


def _opcodes(a: str, b: str) -> list[tuple[str, int, int, int, int]]:
    """``difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()``, computed faster.

    The matching blocks are found the way difflib finds them (the longest common stretch of the two
    ranges, the first in ``a`` then in ``b`` among equally long ones, then the same on each side of
    it), but a long stretch is located by looking pieces of ``a`` up in ``b`` instead of walking
    every pair of equal characters, which is what makes difflib slow on long, nearly equal lines.
    """
    la, lb = len(a), len(b)
    queue = [(0, la, 0, lb)]
    blocks = []
    while queue:
        alo, ahi, blo, bhi = queue.pop()
        i, j, k = x = _longest_match(a, b, alo, ahi, blo, bhi)
        if k:
            blocks.append(x)
            if alo < i and blo < j:
                queue.append((alo, i, blo, j))
            if i + k < ahi and j + k < bhi:
                queue.append((i + k, ahi, j + k, bhi))
    blocks.sort()
    i1 = j1 = k1 = 0
    merged = []
    for i2, j2, k2 in blocks:
        if i1 + k1 == i2 and j1 + k1 == j2:
            k1 += k2
        else:
            if k1:
                merged.append((i1, j1, k1))
            i1, j1, k1 = i2, j2, k2
    if k1:
        merged.append((i1, j1, k1))
    merged.append((la, lb, 0))
    i = j = 0
    answer = []
    for ai, bj, size in merged:
        tag = ""
        if i < ai and j < bj:
            tag = "replace"
        elif i < ai:
            tag = "delete"
        elif j < bj:
            tag = "insert"
        if tag:
            answer.append((tag, i, ai, j, bj))
        i, j = ai + size, bj + size
        if size:
            answer.append(("equal", ai, i, bj, j))
    return answer


def _longest_match(a: str, b: str, alo: int, ahi: int, blo: int, bhi: int) -> tuple[int, int, int]:
    """The longest common stretch of ``a[alo:ahi]`` and ``b[blo:bhi]``, first in ``a`` then in ``b``."""
    if ahi - alo < _SMALL or bhi - blo < _SMALL:
        return _longest_match_pairs(a, b, alo, ahi, blo, bhi)
    limit = min(ahi - alo, bhi - blo)
    # the common start and end of the ranges are common stretches: the answer is at least as long
    floor = max(_forward(a, alo, b, blo, limit), _backward(a, ahi, b, bhi, limit), _SEED)
    # every common stretch of length >= floor holds a piece a[t:t + m] with t a multiple of m from alo
    m = (floor + 1) // 2
    best = None
    runs: dict[int, list[tuple[int, int]]] = {}
    find = b.find
    for t in range(alo, ahi - m + 1, m):
        piece = a[t:t + m]
        j = find(piece, blo, bhi)
        while j >= 0:
            d = j - t
            known = runs.setdefault(d, [])
            if not any(s <= t < e for s, e in known):
                s = t - _backward(a, t, b, j, min(t - alo, j - blo))
                e = t + m + _forward(a, t + m, b, j + m, min(ahi - t - m, bhi - j - m))
                known.append((s, e))
                if e - s >= floor:
                    candidate = (-(e - s), s, s + d)
                    if best is None or candidate < best:
                        best = candidate
            j = find(piece, j + 1, bhi)
    if best is None:  # every common stretch is shorter than the floor (and than _SEED)
        return _longest_match_pairs(a, b, alo, ahi, blo, bhi)
    return best[1], best[2], -best[0]


def _longest_match_pairs(a: str, b: str, alo: int, ahi: int, blo: int, bhi: int) -> tuple[int, int, int]:
    """difflib's own search (no junk), over the pairs of equal characters of the two ranges."""
    b2j: dict[str, list[int]] = {}
    for j in range(blo, bhi):
        b2j.setdefault(b[j], []).append(j)
    besti, bestj, bestsize = alo, blo, 0
    j2len: dict[int, int] = {}
    nothing: list[int] = []
    for i in range(alo, ahi):
        j2lenget = j2len.get
        newj2len = {}
        for j in b2j.get(a[i], nothing):
            k = newj2len[j] = j2lenget(j - 1, 0) + 1
            if k > bestsize:
                besti, bestj, bestsize = i - k + 1, j - k + 1, k
        j2len = newj2len
    return besti, bestj, bestsize


def _forward(a: str, i: int, b: str, j: int, limit: int) -> int:
    """How many characters ``a[i:]`` and ``b[j:]`` have in common at their start (at most ``limit``)."""
    return _common_length(lambda n, step: a[i + n:i + n + step] == b[j + n:j + n + step], limit)


def _backward(a: str, i: int, b: str, j: int, limit: int) -> int:
    """How many characters ``a[:i]`` and ``b[:j]`` have in common at their end (at most ``limit``)."""
    return _common_length(lambda n, step: a[i - n - step:i - n] == b[j - n - step:j - n], limit)


def _common_length(same, limit: int) -> int:
    """The largest ``n`` (at most ``limit``) with ``same(0, n)``, found by galloping: ``same(n, step)``
    says whether the ``step`` characters after the first ``n`` agree."""
    n = 0
    step = 8
    while n < limit:
        step = min(step, limit - n)
        if same(n, step):
            n += step
            step *= 2
        elif step == 1:
            break
        else:
            step //= 2
    return n


@hookimpl
def newslint_register_rules():
    return [Mojibake]
