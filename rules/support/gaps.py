"""Gaps before punctuation, found once per document for the punctuation rules (PUN001, PUN002)."""

from __future__ import annotations

#: doc.cache key of the positions (shared by space-before-punctuation and dropped-link-text)
_GAPS_KEY = "punctuation-group:spaced-marks"


def spaced_marks(doc) -> list[int]:
    """Every position of a space or tab right before one of ``,.;:)``, in order.

    One scan finds all of them: the marks are folded into "," and the tab into a space, so that
    each pair of a gap character and a mark becomes " ," (two such pairs never overlap).
    """
    found = doc.cache.get(_GAPS_KEY)
    if found is None:
        folded = doc.text.replace(".", ",").replace(")", ",").replace(";", ",").replace(":", ",").replace("\t", " ")
        found = []
        find = folded.find
        pos = find(" ,")
        while pos >= 0:
            found.append(pos)
            pos = find(" ,", pos + 2)
        doc.cache[_GAPS_KEY] = found
    return found
