"""The base class every rule derives from, and the description of its options and data.

A rule is a class with a stable ``code`` (``DON001``), a readable kebab-case ``name``
(``donation-appeal``), one ``category`` from the vocabulary (see
:mod:`newslint.categories`), a default ``severity`` and a ``check`` method that
yields :class:`~newslint.diagnostics.Diagnostic` objects for one document. The rule's
module docstring is its documentation (``newslint rule CODE`` prints it).

Rules are instantiated once per run, with their options resolved from the
configuration and their vocabulary merged from every pack that feeds them, and must
not keep per-document state between calls to ``check``.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from newslint.diagnostics import Diagnostic, Fix, FixAvailability, Severity
from newslint.document import Document


@dataclass(frozen=True)
class Option:
    """A per-rule setting, read from ``[tool.newslint.rules.<rule-name>]``."""

    default: Any
    description: str
    type: type | tuple[type, ...] | None = None

    def validate(self, key: str, value: Any) -> Any:
        expected = self.type or type(self.default)
        if expected is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if not isinstance(value, expected) or (isinstance(value, bool) and expected in (int, float)):
            names = expected.__name__ if isinstance(expected, type) else " or ".join(t.__name__ for t in expected)
            raise ValueError(f"option {key!r} must be {names}, not {type(value).__name__}")
        if isinstance(value, list) and not all(isinstance(item, str) for item in value):
            raise ValueError(f"option {key!r} must be a list of strings")
        return value


@dataclass(frozen=True)
class PackField:
    """One key a vocabulary pack may set for a rule.

    ``kind`` is one of:

    - ``"phrases"``: a list of literal phrases, matched case-insensitively with any
      run of white space between words (kept sorted and free of duplicates);
    - ``"patterns"``: a list of regular expressions (``regex`` syntax), compiled
      case-insensitively;
    - ``"words"``: a list of single words, lower case;
    - ``"table"``: a list of tables whose keys are given by ``keys`` (key -> type),
      those in ``required`` being mandatory and those in ``pattern_keys`` being
      regular expressions (checked to compile when the pack is loaded).
    """

    kind: str
    description: str
    keys: Mapping[str, type] | None = None
    required: tuple[str, ...] = ()
    pattern_keys: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.kind not in ("phrases", "patterns", "words", "table"):
            raise ValueError(f"unknown pack field kind {self.kind!r}")
        if self.kind == "table" and not self.keys:
            raise ValueError("a table pack field needs keys")


class Rule:
    """Base class for a newslint rule. Subclass it, set the class attributes, write ``check``."""

    #: Stable code: 1-3 capital letters and up to 3 digits (``DON001``).
    code: ClassVar[str]
    #: Readable kebab-case name describing the problem (``donation-appeal``).
    name: ClassVar[str]
    #: One category of the vocabulary (:mod:`newslint.categories`).
    category: ClassVar[str]
    #: Default severity; projects override it with ``[tool.newslint.severity]``.
    severity: ClassVar[Severity] = Severity.WARNING
    #: Whether findings come with fixes (tests check the rule keeps its word).
    fix_availability: ClassVar[FixAvailability] = FixAvailability.NONE
    #: ``stable`` rules run by default; ``preview`` rules only with ``--preview``.
    status: ClassVar[str] = "stable"
    #: Whether the rule is in the default selection; others run only when selected by
    #: code, prefix, name, category or ``ALL`` (corpus-level rules are opt-in).
    default: ClassVar[bool] = True
    #: A finding of this rule decides the document's verdict: ``"reject"`` or ``None``.
    verdict: ClassVar[str | None] = None
    #: Settings this rule reads from ``[tool.newslint.rules.<name>]``.
    options: ClassVar[Mapping[str, Option]] = {}
    #: Keys this rule reads from vocabulary packs that feed it (``feeds = "<name>"``).
    pack_fields: ClassVar[Mapping[str, PackField]] = {}
    #: ``"document"`` rules see one document at a time; ``"corpus"`` rules see the run;
    #: ``"input"`` marks the engine's own input problems, which no ``check`` produces.
    scope: ClassVar[str] = "document"
    #: Documentation, when it is not the module docstring (several rules in one module).
    docs: ClassVar[str | None] = None

    #: Set by the registry: the plugin (distribution or module) that provides the rule.
    plugin: ClassVar[str] = ""

    def __init__(self, settings: Mapping[str, Any] | None = None, vocabulary: Mapping[str, list] | None = None):
        self.settings = {key: option.default for key, option in self.options.items()}
        self.settings.update(settings or {})
        self.vocabulary: dict[str, list] = {key: [] for key in self.pack_fields}
        for key, items in (vocabulary or {}).items():
            self.vocabulary[key] = list(items)
        self.setup()

    def setup(self) -> None:
        """Prepare matchers from ``self.settings`` and ``self.vocabulary`` (called once per run)."""

    def check(self, doc: Document) -> Iterable[Diagnostic]:
        """Yield the findings for one document."""
        raise NotImplementedError

    def report(self, start: int, end: int, message: str, fix: Fix | None = None) -> Diagnostic:
        """A finding of this rule over ``doc.text[start:end]``."""
        return Diagnostic(self.code, self.name, self.category, self.severity, message, start, end, fix)

    @classmethod
    def documentation(cls) -> str:
        """The rule's documentation: ``docs`` if set, else its module's docstring."""
        if cls.docs:
            return cls.docs.strip()
        module = sys.modules.get(cls.__module__)
        return ((module.__doc__ if module else None) or "").strip()

    @classmethod
    def summary(cls) -> str:
        """First line of the documentation."""
        doc = cls.documentation()
        return doc.splitlines()[0].strip() if doc else ""


class CorpusRule(Rule):
    """A rule that sees the whole run.

    The engine calls :meth:`observe` once for every document (in any order), with
    the findings the document rules left on it, and :meth:`finish` once at the end.
    ``observe`` must keep only small summaries (hashes, counts, offsets), never the
    texts, so memory stays bounded on large corpora; ``finish`` returns ``(path,
    record, diagnostic)`` triples whose result must not depend on the order in which
    documents were observed. The diagnostics must carry their lines and columns
    (``line``, ``column``, ``end_line``, ``end_column``): record them in ``observe``
    with ``doc.line_col``, since the text is gone by the time ``finish`` runs.

    Corpus rules are not in the default selection: a pre-commit run on three files
    is no corpus. Select them by code or category (``--extend-select boilerplate``).
    """

    scope: ClassVar[str] = "corpus"
    default: ClassVar[bool] = False

    def check(self, doc: Document) -> Iterable[Diagnostic]:
        return ()

    def observe(self, doc: Document, diagnostics: Sequence[Diagnostic]) -> None:
        raise NotImplementedError

    def finish(self) -> Iterable[tuple[str, int | None, Diagnostic]]:
        raise NotImplementedError
