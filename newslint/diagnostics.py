"""Findings and fixes: the values every rule produces and every reporter reads.

Offsets are Unicode code points into the document's text, end exclusive; lines and
columns are 1-based and counted in code points as well.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Severity(str, Enum):
    """How serious a finding is; `fail-on` compares against this order."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return _SEVERITY_RANK[self]

    @classmethod
    def parse(cls, value: str) -> "Severity":
        try:
            return cls(value.lower())
        except ValueError:
            choices = ", ".join(s.value for s in cls)
            raise ValueError(f"unknown severity {value!r} (expected one of: {choices})") from None


_SEVERITY_RANK = {Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2}


class Applicability(str, Enum):
    """When a fix may be applied.

    - ``safe``: applied by ``--fix``; the meaning of the text is kept.
    - ``unsafe``: applied only with ``--unsafe-fixes``; right in most cases, but a
      person should be able to review it.
    - ``display-only``: shown and written to reports, never applied automatically.
    """

    SAFE = "safe"
    UNSAFE = "unsafe"
    DISPLAY_ONLY = "display-only"


class FixAvailability(str, Enum):
    """Whether a rule's findings come with fixes: declared by the rule, checked by tests."""

    NONE = "none"
    SOMETIMES = "sometimes"
    ALWAYS = "always"


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace ``text[start_offset:end_offset]`` with ``content``."""

    start_offset: int
    end_offset: int
    content: str = ""

    @classmethod
    def deletion(cls, start: int, end: int) -> "Edit":
        return cls(start, end, "")

    @classmethod
    def insertion(cls, at: int, content: str) -> "Edit":
        return cls(at, at, content)

    def to_dict(self) -> dict:
        return {"start_offset": self.start_offset, "end_offset": self.end_offset, "content": self.content}


@dataclass(frozen=True, slots=True)
class Fix:
    """One or more edits applied together, with a title saying what they do."""

    title: str
    edits: tuple[Edit, ...]
    applicability: Applicability = Applicability.SAFE

    def __post_init__(self) -> None:
        if not self.edits:
            raise ValueError("a fix needs at least one edit")
        ordered = tuple(sorted(self.edits, key=lambda e: (e.start_offset, e.end_offset)))
        for before, after in zip(ordered, ordered[1:]):
            if after.start_offset < before.end_offset:
                raise ValueError(f"edits of one fix overlap: {before} and {after}")
        object.__setattr__(self, "edits", ordered)

    @classmethod
    def safe(cls, title: str, *edits: Edit) -> "Fix":
        return cls(title, edits, Applicability.SAFE)

    @classmethod
    def unsafe(cls, title: str, *edits: Edit) -> "Fix":
        return cls(title, edits, Applicability.UNSAFE)

    @classmethod
    def display_only(cls, title: str, *edits: Edit) -> "Fix":
        return cls(title, edits, Applicability.DISPLAY_ONLY)

    @property
    def start_offset(self) -> int:
        return self.edits[0].start_offset

    @property
    def end_offset(self) -> int:
        return max(edit.end_offset for edit in self.edits)

    def apply_to(self, text: str) -> str:
        """The text with this fix alone applied."""
        pieces, cursor = [], 0
        for edit in self.edits:
            pieces.append(text[cursor:edit.start_offset])
            pieces.append(edit.content)
            cursor = edit.end_offset
        pieces.append(text[cursor:])
        return "".join(pieces)

    def to_dict(self) -> dict:
        return {
            "applicability": self.applicability.value,
            "title": self.title,
            "edits": [edit.to_dict() for edit in self.edits],
        }


@dataclass(slots=True)
class Diagnostic:
    """One finding.

    Rules create diagnostics with :meth:`newslint.Rule.report`, which fills in the
    rule's identity; the engine then adds the location (``path``, ``record``, lines
    and columns) and a short excerpt for reporters.
    """

    code: str
    name: str
    category: str
    severity: Severity
    message: str
    start_offset: int
    end_offset: int
    fix: Fix | None = None
    path: str = ""
    record: int | None = None
    record_id: str | None = None  # the JSONL record's id (``jsonl.id-field``), if configured
    line: int = 0
    column: int = 0
    end_line: int = 0
    end_column: int = 0
    # Filled by the engine for reporters: the matched text (capped), the line(s) it
    # sits on, and the same stretch as it would read after this finding's fix.
    excerpt: str = ""
    context: str = ""
    context_start: int = 0  # where the finding starts inside ``context``
    context_after_fix: str | None = None
    verdict: str | None = None
    # Content-based identity, stable when text elsewhere in the file changes: a hash of
    # the rule, the matched text and its neighbourhood, plus which occurrence of that
    # hash this is in its document. Baselines and SARIF fingerprints use it.
    fingerprint: str = ""
    occurrence: int = 1

    @property
    def fixable(self) -> bool:
        return self.fix is not None and self.fix.applicability is not Applicability.DISPLAY_ONLY

    def sort_key(self) -> tuple:
        return (self.path, -1 if self.record is None else self.record, self.start_offset, self.end_offset, self.code)

    def to_dict(self) -> dict:
        """The JSON contract: exactly these keys, in this order."""
        return {
            "path": self.path,
            "record": self.record,
            "code": self.code,
            "name": self.name,
            "category": self.category,
            "severity": self.severity.value,
            "message": self.message,
            "start_offset": self.start_offset,
            "end_offset": self.end_offset,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "fix": self.fix.to_dict() if self.fix else None,
            "verdict": self.verdict,
        }
