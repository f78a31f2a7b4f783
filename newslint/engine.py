"""The engine: run the selected rules over every document, fix, and collect the results.

pluggy finds the rules; the engine runs them, one rule at a time, each inside its
own error handling, so a rule that raises is reported (rule and file) while the
other rules still run. Findings are then located (lines, columns, excerpts),
graded (per-rule severity), filtered (per-file ignores) and given a verdict.
"""

from __future__ import annotations

import hashlib
import io
import time
import traceback
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from newslint.config import Settings
from newslint.diagnostics import Applicability, Diagnostic, Severity
from newslint.discovery import glob_matches, relative_to_root
from newslint.document import Document
from newslint.errors import NewslintError, PluginError
from newslint.fixer import FixNotConverged, fix_until_stable, write_atomic
from newslint.inputs import InputFormat, InputProblem, ReadSettings, Source
from newslint.registry import RuleRegistry
from newslint.rule import Rule

EXCERPT_CHARS = 240
CONTEXT_CHARS = 80
FINGERPRINT_NEIGHBOURHOOD = 40


@dataclass
class RuleFailure:
    """A rule raised (or returned something invalid) on a document."""

    code: str
    name: str
    path: str
    record: int | None
    error: str
    traceback: str = ""

    def describe(self) -> str:
        where = self.path if self.record is None else f"{self.path} (record {self.record})"
        return f"rule {self.code} ({self.name}) failed on {where}: {self.error}"


@dataclass
class FileResult:
    """Everything a run learned about one input file."""

    path: str
    source: Source | None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    documents: int = 0
    verdicts: dict[int | None, str] = field(default_factory=dict)
    fixed: list[Diagnostic] = field(default_factory=list)
    written: bool = False
    new_bytes: bytes | None = None
    error: str | None = None
    note: str | None = None

    @property
    def verdict(self) -> str:
        """The worst verdict of the file's documents."""
        order = {"keep": 0, "review": 1, "reject": 2}
        return max(self.verdicts.values(), key=order.__getitem__, default="keep")


@dataclass
class RunResult:
    """The finished run, as reporters see it."""

    files: list[FileResult]
    failures: list[RuleFailure]
    errors: list[str]
    registry: RuleRegistry
    selected: list[str]
    settings: Settings
    fix_mode: str | None = None  # None, "fix" or "diff"

    def diagnostics(self) -> Iterable[Diagnostic]:
        for result in self.files:
            yield from result.diagnostics

    def counts(self) -> Counter:
        counts: Counter = Counter()
        for diagnostic in self.diagnostics():
            counts[diagnostic.severity.value] += 1
            counts["total"] += 1
            if diagnostic.fixable:
                counts["fixable"] += 1
        counts["fixed"] = sum(len(result.fixed) for result in self.files)
        counts["files"] = len(self.files)
        counts["documents"] = sum(result.documents for result in self.files)
        for result in self.files:
            for verdict in result.verdicts.values():
                counts[f"verdict:{verdict}"] += 1
        return counts


class Session:
    """Rules, formats and policies for one run, built from settings and plugins."""

    def __init__(self, settings: Settings, registry: RuleRegistry, rules: Sequence[Rule],
                 formats: Sequence[InputFormat], verdict_hook: Callable | None = None,
                 fix_mode: str | None = None, unsafe_fixes: bool = False):
        self.settings = settings
        self.registry = registry
        self.document_rules = [rule for rule in rules if rule.scope == "document"]
        self.corpus_rules = [rule for rule in rules if rule.scope == "corpus"]
        self.selected = [rule.code for rule in rules]
        self.formats = {suffix: fmt for fmt in formats for suffix in fmt.suffixes}
        self.verdict_hook = verdict_hook
        self.fix_mode = fix_mode
        self.unsafe_fixes = unsafe_fixes or settings.unsafe_fixes
        self.read_settings = ReadSettings(settings.text_field, settings.id_field,
                                          settings.max_document_size * 1024 * 1024)
        self.severity_of = self._severity_overrides()
        self.fixable_codes = self._fixable_codes()
        self.regraded = self._regraded()
        self.reject_codes = self._codes(settings.verdict.reject) if settings.verdict.reject is not None else {
            rule.code for rule in registry if rule.verdict == "reject"}
        self.verdict_ignored = self._codes(settings.verdict.ignore)
        self.failures: list[RuleFailure] = []
        self._ignore_cache: dict[str, frozenset[str]] = {}
        # Input problems are always reported (unless ignored), whatever the selection.
        self.reported_codes = set(self.selected) | {rule.code for rule in registry if rule.scope == "input"}
        #: Seconds spent in each rule's ``check`` (``--timing``); None when not measured.
        self.timings: dict[str, float] | None = None

    # ---- policies ---------------------------------------------------------

    def _codes(self, selectors: Iterable[str] | None) -> set[str]:
        codes: set[str] = set()
        for selector in selectors or ():
            codes |= self.registry.expand(selector)
        return codes

    def _specificity(self, selector: str) -> tuple[int, int]:
        if selector == "ALL":
            return (0, 0)
        if selector in self.registry.categories:
            return (1, 0)
        if self.registry.lookup(selector):
            return (3, 0)
        return (2, len(selector))

    def _severity_overrides(self) -> dict[str, Severity]:
        out: dict[str, Severity] = {}
        for selector in sorted(self.settings.severity, key=self._specificity):
            for code in self.registry.expand(selector):
                out[code] = self.settings.severity[selector]
        return out

    def _fixable_codes(self) -> set[str]:
        fixable = self._codes(self.settings.fixable) if self.settings.fixable is not None else set(self.registry.by_code)
        return fixable - self._codes(self.settings.unfixable)

    def _regraded(self) -> dict[str, Applicability]:
        out = {code: Applicability.UNSAFE for code in self._codes(self.settings.extend_unsafe_fixes)}
        out.update({code: Applicability.SAFE for code in self._codes(self.settings.extend_safe_fixes)})
        return out

    def applicability(self, diagnostic: Diagnostic) -> Applicability | None:
        if diagnostic.fix is None:
            return None
        declared = diagnostic.fix.applicability
        if declared is Applicability.DISPLAY_ONLY:
            return declared
        return self.regraded.get(diagnostic.code, declared)

    def may_apply(self, diagnostic: Diagnostic) -> bool:
        """Whether this run applies the finding's fix."""
        if diagnostic.code not in self.fixable_codes:
            return False
        applicability = self.applicability(diagnostic)
        return applicability is Applicability.SAFE or (applicability is Applicability.UNSAFE and self.unsafe_fixes)

    def ignored_codes(self, path: str) -> frozenset[str]:
        cached = self._ignore_cache.get(path)
        if cached is None:
            codes: set[str] = set()
            if self.settings.per_file_ignores and path != "-":
                relative = relative_to_root(Path(path), self.settings.root)
                for pattern, selectors in self.settings.per_file_ignores.items():
                    if glob_matches(pattern, relative):
                        codes |= self._codes(selectors)
            cached = self._ignore_cache[path] = frozenset(codes)
        return cached

    # ---- linting ----------------------------------------------------------

    def lint(self, doc: Document) -> list[Diagnostic]:
        """Run every document rule on ``doc``; failures are recorded, never raised."""
        ignored = self.ignored_codes(doc.path)
        found: list[Diagnostic] = []
        size = len(doc.text)
        timings = self.timings
        for rule in self.document_rules:
            if rule.code in ignored:
                continue
            try:
                if timings is None:
                    produced = list(rule.check(doc))
                else:
                    started = time.perf_counter()
                    produced = list(rule.check(doc))
                    timings[rule.code] = timings.get(rule.code, 0.0) + time.perf_counter() - started
                for diagnostic in produced:
                    _validate(diagnostic, size)
            except Exception as exc:  # one broken rule must not take the others down
                self.failures.append(RuleFailure(rule.code, rule.name, doc.path, doc.record,
                                                 f"{type(exc).__name__}: {exc}", traceback.format_exc()))
                continue
            found.extend(produced)
        found.sort(key=lambda d: (d.start_offset, d.end_offset, d.code))
        return found

    def finalize(self, doc: Document, diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
        """Locate, grade and excerpt findings while the document's text is at hand."""
        out = []
        for diagnostic in diagnostics:
            diagnostic.path = doc.path
            diagnostic.record = doc.record
            diagnostic.record_id = doc.record_id
            diagnostic.severity = self.severity_of.get(diagnostic.code, diagnostic.severity)
            if diagnostic.fix is not None:
                applicability = self.applicability(diagnostic)
                if applicability is not diagnostic.fix.applicability:
                    diagnostic.fix = type(diagnostic.fix)(diagnostic.fix.title, diagnostic.fix.edits, applicability)
                if diagnostic.code not in self.fixable_codes and applicability is not Applicability.DISPLAY_ONLY:
                    diagnostic.fix = type(diagnostic.fix)(diagnostic.fix.title, diagnostic.fix.edits,
                                                          Applicability.DISPLAY_ONLY)
            locate(doc, diagnostic)
            out.append(diagnostic)
        number_occurrences(out)
        return out

    def verdict(self, doc: Document | None, diagnostics: Sequence[Diagnostic]) -> str:
        counted = [d for d in diagnostics if d.code not in self.verdict_ignored]
        if any(d.code in self.reject_codes for d in counted):
            verdict = "reject"
        elif any(d.severity.rank >= self.settings.verdict.review_severity.rank for d in counted):
            verdict = "review"
        else:
            verdict = "keep"
        if doc is not None and self.verdict_hook is not None:
            try:
                override = self.verdict_hook(document=doc, diagnostics=list(diagnostics), verdict=verdict)
            except Exception as exc:
                raise PluginError(f"newslint_document_verdict failed on {doc.path}: "
                                  f"{type(exc).__name__}: {exc}") from exc
            if override is not None:
                if override not in ("keep", "review", "reject"):
                    raise NewslintError(f"newslint_document_verdict returned {override!r}; "
                                        "expected 'keep', 'review' or 'reject'")
                verdict = override
        return verdict

    def problem_diagnostic(self, path: str, problem: InputProblem) -> Diagnostic:
        rule = self.registry.by_code[problem.code]
        diagnostic = Diagnostic(rule.code, rule.name, rule.category, self.severity_of.get(rule.code, rule.severity),
                                problem.message, 0, 0, path=path, record=problem.record,
                                line=problem.line or 1, column=1, end_line=problem.line or 1, end_column=1)
        return diagnostic

    # ---- files ------------------------------------------------------------

    def input_format(self, path: str) -> InputFormat:
        name = path[:-3] if path.lower().endswith(".gz") else path
        lowered = name.lower()
        for suffix, fmt in self.formats.items():
            if lowered.endswith(suffix):
                return fmt
        return self.formats[".txt"]

    def process(self, source: Source) -> FileResult:
        """Lint (and in fix mode, fix) one file."""
        result = FileResult(source.path, source)
        fmt = self.input_format(source.inner_name)
        fix_mode = self.fix_mode
        if fix_mode and (source.compressed or not fmt.writable):
            why = "compressed files" if source.compressed else f"the {fmt.name} format"
            result.note = f"{source.path}: fixes are not written to {why}; findings reported as found"
            fix_mode = None
        ignored = self.ignored_codes(source.path)
        selected = self.reported_codes
        fixed_texts: dict[int | None, str] = {}
        try:
            for item in fmt.documents(source):
                if isinstance(item, InputProblem):
                    if item.code in selected and item.code not in ignored:
                        diagnostic = self.problem_diagnostic(source.path, item)
                        result.diagnostics.append(diagnostic)
                        result.verdicts[item.record] = _worst(result.verdicts.get(item.record, "keep"),
                                                              self.verdict(None, [diagnostic]))
                    else:  # ignored here: the document is still counted
                        result.verdicts.setdefault(item.record, "keep")
                    continue
                result.documents += 1
                doc = item
                first_round: list[list[Diagnostic]] = []
                if fix_mode:
                    def lint_and_keep_first(document: Document) -> list[Diagnostic]:
                        found = self.lint(document)
                        if not first_round:
                            first_round.append(found)
                        return found

                    try:
                        final, remaining, fixed = fix_until_stable(doc, lint_and_keep_first, self.may_apply)
                    except FixNotConverged as exc:
                        result.error = str(exc)
                        final, remaining, fixed = doc, self.lint(doc), []
                    if final.text != doc.text:
                        fixed_texts[doc.record] = final.text
                    for diagnostic in fixed:
                        diagnostic.path, diagnostic.record = doc.path, doc.record
                    result.fixed.extend(fixed)
                    doc = final
                else:
                    remaining = self.lint(doc)
                remaining = self.finalize(doc, remaining)
                # A rejecting finding counts even when another rule's fix removed its text
                # (a paywall prompt inside a deleted tail still means the page is truncated).
                rejecting = [d for d in (first_round[0] if first_round else []) if d.code in self.reject_codes
                             and not any(r.code == d.code for r in remaining)]
                result.verdicts[doc.record] = self.verdict(doc, remaining + rejecting)
                for diagnostic in remaining:
                    diagnostic.verdict = result.verdicts[doc.record]
                result.diagnostics.extend(remaining)
                for rule in self.corpus_rules:
                    if rule.code in ignored:
                        continue
                    try:
                        rule.observe(doc, remaining)
                    except Exception as exc:
                        self.failures.append(RuleFailure(rule.code, rule.name, doc.path, doc.record,
                                                         f"{type(exc).__name__}: {exc}", traceback.format_exc()))
        except OSError as exc:
            result.error = f"{source.path}: cannot read: {exc}"
        if fixed_texts and result.error is None:
            self._write_back(source, fmt, fixed_texts, result)
        return result

    def _write_back(self, source: Source, fmt: InputFormat, fixed: dict, result: FileResult) -> None:
        if self.fix_mode == "diff" or source.fs_path is None:
            buffer = io.BytesIO()
            fmt.write(source, fixed, buffer)
            result.new_bytes = buffer.getvalue()
            return
        try:
            write_atomic(source.fs_path, lambda out: fmt.write(source, fixed, out))
            result.written = True
        except OSError as exc:
            result.error = f"{source.path}: cannot write fixes: {exc.strerror or exc}"

    def finish_corpus(self, results: Sequence[FileResult]) -> None:
        """Let corpus rules report, and attach their findings to the files."""
        by_path = {result.path: result for result in results}
        for rule in self.corpus_rules:
            try:
                produced = list(rule.finish())
            except Exception as exc:
                self.failures.append(RuleFailure(rule.code, rule.name, "<corpus>", None,
                                                 f"{type(exc).__name__}: {exc}", traceback.format_exc()))
                continue
            for path, record, diagnostic in produced:
                result = by_path.get(path)
                if result is None or diagnostic.code in self.ignored_codes(path):
                    continue
                diagnostic.path, diagnostic.record = path, record
                diagnostic.severity = self.severity_of.get(diagnostic.code, diagnostic.severity)
                result.diagnostics.append(diagnostic)
                # The same policy as for document findings; the verdict hook has already
                # spoken (the text is gone), so a corpus finding can only make it worse.
                if diagnostic.code not in self.verdict_ignored:
                    if diagnostic.code in self.reject_codes:
                        raised = "reject"
                    elif diagnostic.severity.rank >= self.settings.verdict.review_severity.rank:
                        raised = "review"
                    else:
                        raised = "keep"
                    result.verdicts[record] = _worst(result.verdicts.get(record, "keep"), raised)
        for result in results:
            result.diagnostics.sort(key=Diagnostic.sort_key)
            for diagnostic in result.diagnostics:
                diagnostic.verdict = result.verdicts.get(diagnostic.record, diagnostic.verdict)


_VERDICT_ORDER = {"keep": 0, "review": 1, "reject": 2}


def _worst(first: str, second: str) -> str:
    return first if _VERDICT_ORDER[first] >= _VERDICT_ORDER[second] else second


def _validate(diagnostic: Diagnostic, size: int) -> None:
    if not isinstance(diagnostic, Diagnostic):
        raise TypeError(f"check() yielded {type(diagnostic).__name__}, not a Diagnostic")
    if not 0 <= diagnostic.start_offset <= diagnostic.end_offset <= size:
        raise ValueError(f"finding span {diagnostic.start_offset}-{diagnostic.end_offset} is outside the text")
    if diagnostic.fix is not None:
        for edit in diagnostic.fix.edits:
            if not diagnostic.start_offset <= edit.start_offset <= edit.end_offset <= diagnostic.end_offset:
                raise ValueError(f"fix edit {edit.start_offset}-{edit.end_offset} lies outside its finding "
                                 f"{diagnostic.start_offset}-{diagnostic.end_offset}")


def fingerprint(text: str, code: str, start: int, end: int) -> str:
    """A hash of the rule, the matched text and the words around it on its line (white space folded).

    The neighbourhood never crosses a line break, so inserting or deleting whole
    lines or paragraphs elsewhere leaves every fingerprint as it was.
    """
    near = FINGERPRINT_NEIGHBOURHOOD
    left_limit = text.rfind("\n", max(0, start - near), start) + 1 or max(0, start - near)
    right_limit = text.find("\n", end, end + near)
    right_limit = end + near if right_limit < 0 else right_limit
    parts = [code, text[start:end], text[max(left_limit, start - near):start], text[end:right_limit]]
    folded = "\x00".join(" ".join(part.split()) for part in parts)
    return hashlib.sha256(folded.encode("utf-8", "surrogatepass")).hexdigest()[:20]


def number_occurrences(diagnostics: Sequence[Diagnostic]) -> None:
    """Number findings that share a fingerprint within one document, in text order."""
    seen: Counter = Counter()
    for diagnostic in sorted(diagnostics, key=lambda d: (d.start_offset, d.end_offset, d.code)):
        seen[diagnostic.fingerprint] += 1
        diagnostic.occurrence = seen[diagnostic.fingerprint]


def locate(doc: Document, diagnostic: Diagnostic) -> None:
    """Fill lines, columns, the fingerprint, the excerpt and the before/after context of a finding."""
    text = doc.text
    start, end = diagnostic.start_offset, diagnostic.end_offset
    diagnostic.fingerprint = fingerprint(text, diagnostic.code, start, end)
    diagnostic.line, diagnostic.column = doc.line_col(start)
    diagnostic.end_line, diagnostic.end_column = doc.line_col(end)
    matched = text[start:end]
    if len(matched) > EXCERPT_CHARS:
        matched = matched[:EXCERPT_CHARS // 2] + " … " + matched[-EXCERPT_CHARS // 3:]
    diagnostic.excerpt = matched
    line_start, _ = doc.line_span(diagnostic.line)
    _, line_end = doc.line_span(diagnostic.end_line)
    window_start = max(line_start, start - CONTEXT_CHARS)
    window_end = min(line_end, end + CONTEXT_CHARS) if end - start <= 2 * EXCERPT_CHARS else None
    if window_end is None:  # a long span: show its head and tail
        head = text[window_start:start + EXCERPT_CHARS // 2]
        tail = text[end - EXCERPT_CHARS // 3:min(line_end, end + CONTEXT_CHARS)]
        diagnostic.context = head + " … " + tail
        diagnostic.context_start = start - window_start
        window_end = min(line_end, end + CONTEXT_CHARS)
        if diagnostic.fix is not None:
            diagnostic.context_after_fix = _apply_in_window(text, diagnostic, window_start, window_end)
        return
    diagnostic.context = text[window_start:window_end]
    diagnostic.context_start = start - window_start
    if diagnostic.fix is not None:
        diagnostic.context_after_fix = _apply_in_window(text, diagnostic, window_start, window_end)


def _apply_in_window(text: str, diagnostic: Diagnostic, start: int, end: int) -> str:
    pieces, cursor = [], start
    for edit in diagnostic.fix.edits:
        pieces.append(text[cursor:edit.start_offset])
        pieces.append(edit.content)
        cursor = edit.end_offset
    pieces.append(text[cursor:end])
    after = "".join(pieces)
    return after if len(after) <= 2 * EXCERPT_CHARS + 2 * CONTEXT_CHARS else after[:EXCERPT_CHARS] + " …"
