"""Helpers for fixes that delete residue and leave the text around it well spaced.

Deleting a span can leave two spaces, a line with only spaces, or three line breaks
where there were two. :func:`removal_span` widens a span to what must go so that
the text reads as if the residue had never been there, and nothing more: it only
ever takes in white space next to the span.
"""

from __future__ import annotations


def line_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Start of the line holding ``start`` and end (before the line break) of the line holding ``end``."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    if line_end < 0:
        line_end = len(text)
    if line_end > line_start and text[line_end - 1] == "\r" and line_end - 1 >= end:
        line_end -= 1
    return line_start, line_end


def removal_span(text: str, start: int, end: int) -> tuple[int, int]:
    """The span to delete so that removing ``text[start:end]`` repairs the spacing.

    - Inside a line: the span plus the spaces after it (or, at the end of a line,
      the spaces before it).
    - Whole lines: the lines with their line break, plus one blank line when the
      block sat between two blank lines (a paragraph of its own).
    """
    line_start, line_end = line_bounds(text, start, end)
    before = text[line_start:start]
    after = text[end:line_end]
    if before.strip() and after.strip():
        while end < line_end and text[end] in " \t":
            end += 1
        return start, end
    if before.strip():  # ends its line: take the spaces before it
        while start > line_start and text[start - 1] in " \t":
            start -= 1
        return start, line_end if not after.strip() else end
    if after.strip():  # starts its line: take the spaces after it
        while end < line_end and text[end] in " \t":
            end += 1
        return line_start, end
    # whole lines
    start = line_start
    end = line_end
    if text.startswith("\r\n", end):
        end += 2
    elif text.startswith("\n", end):
        end += 1
    elif start > 0:  # the last line of the text: take the line break before it instead
        start -= 2 if text[start - 2:start] == "\r\n" else 1
        while start > 0 and text[start - 1] in "\r\n" and _blank_before(text, start):
            start -= 2 if text[start - 2:start] == "\r\n" else 1
        return start, end
    if end == len(text) and _blank_before(text, start):  # a last paragraph: take the gap before it
        start -= 2 if text[start - 2:start] == "\r\n" else 1
        return start, end
    if _blank_before(text, start) or start == 0:
        while True:  # swallow the blank lines that follow, so one paragraph gap remains
            if text.startswith("\r\n", end):
                end += 2
            elif text.startswith("\n", end):
                end += 1
            else:
                break
            if start != 0:
                break
    return start, end


def _blank_before(text: str, start: int) -> bool:
    """Whether the line before ``start`` (a line start) is blank."""
    if start == 0:
        return False
    prev_end = start - 1
    if prev_end > 0 and text[prev_end - 1] == "\r":
        prev_end -= 1
    prev_start = text.rfind("\n", 0, prev_end) + 1
    return not text[prev_start:prev_end].strip()
