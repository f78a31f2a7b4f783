"""removal_span: deleting residue repairs the spacing and takes nothing but white space."""

import pytest

from newslint.textedit import removal_span


def remove(text: str, residue: str) -> str:
    start = text.index(residue)
    a, b = removal_span(text, start, start + len(residue))
    assert a <= start and b >= start + len(residue)
    assert not text[a:start].strip() and not text[start + len(residue):b].strip(), "took more than white space"
    return text[:a] + text[b:]


@pytest.mark.parametrize(("text", "residue", "expected"), [
    ("It rose. X It fell.", "X", "It rose. It fell."),
    ("It rose. X\nIt fell.", "X", "It rose.\nIt fell."),
    ("X It fell.", "X", "It fell."),
    ("A.\n\nX\n\nB.\n", "X", "A.\n\nB.\n"),
    ("A.\nX\nB.\n", "X", "A.\nB.\n"),
    ("X\n\nA.\n", "X", "A.\n"),
    ("A.\n\nX", "X", "A.\n"),
    ("A.\n\nX\n", "X", "A.\n"),
    ("A.\r\n\r\nX\r\n\r\nB.\r\n", "X", "A.\r\n\r\nB.\r\n"),
    ("A.\n\nX one\nX two\n\nB.\n", "X one\nX two", "A.\n\nB.\n"),
    ("A.\n   X   \nB.\n", "X", "A.\nB.\n"),
])
def test_removal_repairs_spacing(text, residue, expected):
    assert remove(text, residue) == expected
