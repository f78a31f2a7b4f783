"""Apply fixes: pick non-overlapping ones, re-lint, repeat until nothing changes; write atomically.

Fixes are taken in text order; a fix that overlaps one already taken waits for the
next round, when the text is linted again. The loop stops when no fix applies
(so fixing twice changes nothing the second time) or after ``MAX_ROUNDS``, which
is an error naming the rules involved; nothing is written then.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import BinaryIO

from newslint.diagnostics import Diagnostic
from newslint.document import Document
from newslint.errors import NewslintError

MAX_ROUNDS = 10


class FixNotConverged(NewslintError):
    def __init__(self, path: str, codes: Sequence[str]):
        self.codes = sorted(set(codes))
        super().__init__(f"{path}: fixes did not converge after {MAX_ROUNDS} rounds "
                         f"(rules: {', '.join(self.codes)}); nothing was written. Please report this.")


def apply_fixes(text: str, diagnostics: Sequence[Diagnostic]) -> tuple[str, list[Diagnostic]]:
    """Apply the fixes of ``diagnostics`` that do not overlap; return the text and those applied."""
    # at one start the longer fix goes first: a removal that takes in a smaller one (a menu column
    # holding a share label) is what both findings want gone
    ordered = sorted(diagnostics, key=lambda d: (d.fix.start_offset, -d.fix.end_offset, d.code))
    pieces: list[str] = []
    applied: list[Diagnostic] = []
    cursor = 0
    inserted_at = -1  # two insertions at one offset conflict: their order would be a guess
    for diagnostic in ordered:
        fix = diagnostic.fix
        first = fix.edits[0]
        if fix.start_offset < cursor or (first.start_offset == first.end_offset == inserted_at):
            continue  # overlaps a fix already taken; it is re-evaluated next round
        for edit in fix.edits:
            pieces.append(text[cursor:edit.start_offset])
            pieces.append(edit.content)
            cursor = edit.end_offset
            if edit.start_offset == edit.end_offset:
                inserted_at = edit.start_offset
        applied.append(diagnostic)
    pieces.append(text[cursor:])
    return "".join(pieces), applied


def fix_until_stable(doc: Document, lint: Callable[[Document], list[Diagnostic]],
                     fixable: Callable[[Diagnostic], bool]) -> tuple[Document, list[Diagnostic], list[Diagnostic]]:
    """Fix ``doc`` until no fix applies.

    Returns the final document, its remaining findings, and every finding fixed on
    the way (in the order they were fixed).
    """
    diagnostics = lint(doc)
    fixed: list[Diagnostic] = []
    recent: list[list[str]] = []
    for _ in range(MAX_ROUNDS):
        candidates = [d for d in diagnostics if d.fix is not None and fixable(d)]
        if not candidates:
            return doc, diagnostics, fixed
        text, applied = apply_fixes(doc.text, candidates)
        if text == doc.text:
            return doc, diagnostics, fixed
        fixed.extend(applied)
        recent = (recent + [[d.code for d in applied]])[-2:]
        doc = Document(text, doc.path, doc.record, doc.record_id)
        diagnostics = lint(doc)
    pending = [d.code for d in diagnostics if d.fix is not None and fixable(d)]
    if not pending:
        return doc, diagnostics, fixed
    raise FixNotConverged(doc.path, pending + [code for codes in recent for code in codes])


def write_atomic(path: Path, write: Callable[[BinaryIO], None]) -> None:
    """Write a file through a temporary file in the same folder and a rename.

    The file's permission bits are kept; a symbolic link is followed, so the link
    stays a link and its target gets the new content. On any error the original
    file is left untouched and the temporary file removed.
    """
    target = Path(os.path.realpath(path))
    mode = stat.S_IMODE(target.stat().st_mode)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".newslint-tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            write(out)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, target)
    except BaseException:
        try:
            os.unlink(temporary)
        except FileNotFoundError:
            pass
        raise
