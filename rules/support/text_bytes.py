"""Byte views of a document's text, computed once per document and shared by the rules that scan bytes.

- :func:`utf8_bytes`: the text encoded as UTF-8 (a scan of bytes finds ASCII characters, digits or line
  feeds, faster than a scan of the text);
- :func:`utf8_suspects`: those bytes with only the ones the encoding rules look for kept (see :data:`KEEP`);
- :func:`ascii_folds`: whether the text holds a letter that case-insensitive matching reads as an ASCII
  letter but lower-casing does not turn into one (rules that search ``doc.lower`` for ASCII words check it).
"""

from __future__ import annotations

UTF8_KEY = "encoding-group:utf8"
SUSPECTS_KEY = "encoding-group:utf8-suspects"

# The suspect view: the UTF-8 bytes with only the C0 controls (but tab and line breaks), DEL, the
# continuation bytes and the lead bytes of U+0080-U+017F (C2-C5), U+2000-U+2FFF (E2) and U+F000-U+FFFF
# (EF) kept. A character of those ranges keeps all its bytes, side by side, so it is in the text exactly
# when its bytes are in the view; a string of several characters may show up in the view where other
# characters stood between them.
KEEP = bytes([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F, *range(0x80, 0xC0), 0xC2, 0xC3, 0xC4,
              0xC5, 0xE2, 0xEF])
_DROP = bytes(sorted(set(range(256)) - set(KEEP)))


def utf8_bytes(doc) -> bytes:
    """The document's text as UTF-8, encoded once per document for the rules that scan bytes."""
    found = doc.cache.get(UTF8_KEY)
    if found is None:
        found = doc.cache[UTF8_KEY] = doc.text.encode("utf-8", "surrogatepass")
    return found


def utf8_suspects(doc) -> bytes:
    """The document's suspect bytes (see KEEP), computed once per document for all the rules reading them."""
    found = doc.cache.get(SUSPECTS_KEY)
    if found is None:
        found = doc.cache[SUSPECTS_KEY] = utf8_bytes(doc).translate(None, _DROP)
    return found


# letters that case-insensitive matching takes for ASCII ones but lower-casing leaves alone (or lengthens):
# long s, dotless i, capital I with dot
_FOLDS = tuple(char.encode("utf-8") for char in "\u017f\u0131\u0130")
assert all(byte in KEEP for fold in _FOLDS for byte in fold)


def ascii_folds(doc) -> bool:
    """Whether the text holds a letter that case-insensitive matching reads as an ASCII one but that
    ``doc.lower`` does not turn into it (so an ASCII word search on ``doc.lower`` could miss a match)."""
    if doc.text.isascii():
        return False
    view = utf8_suspects(doc)
    return any(fold in view for fold in _FOLDS)
