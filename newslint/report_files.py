"""Per-file TOML reports (``--report-dir DIR``): one report per input file, for review.

The report tree mirrors the input tree: ``corpus/a/b.txt`` gets
``DIR/corpus/a/b.txt.toml``. Inputs outside the current folder go under
``DIR/_external/`` and standard input to ``DIR/stdin.toml``; nothing is ever
written outside ``DIR``. A report holds the file's path and SHA-256 (so a later
``newslint apply`` can refuse a file that changed), the newslint version, counts,
the verdict, and every finding with its fix and the text as it would read after
the fix. Reports are written with tomli-w and parse back with tomllib.
"""

from __future__ import annotations

import os
from pathlib import Path, PurePath

import tomli_w

from newslint import __version__
from newslint.engine import FileResult, RunResult
from newslint.errors import UsageError
from newslint.fixer import write_atomic

REPORT_SUFFIX = ".toml"


def report_path(report_dir: Path, input_path: str) -> Path:
    """Where the report for ``input_path`` goes (always inside ``report_dir``)."""
    if input_path == "-" or not input_path:
        relative = PurePath("stdin")
    else:
        absolute = Path(os.path.abspath(input_path))
        try:
            relative = absolute.relative_to(Path.cwd())
        except ValueError:
            relative = PurePath("_external", *absolute.parts[1:])
    parts = [part for part in relative.parts if part not in ("", ".", "..")]
    target = Path(report_dir, *parts)
    target = target.with_name(target.name + REPORT_SUFFIX)
    root = Path(os.path.abspath(report_dir))
    if os.path.commonpath([root, os.path.abspath(target)]) != str(root):
        raise UsageError(f"report for {input_path} would land outside {report_dir}")
    return target


def build_report(result: FileResult) -> dict:
    """The report for one file as a TOML-ready mapping (no nulls: TOML has none)."""
    diagnostics = result.diagnostics
    counts = {level: sum(1 for d in diagnostics if d.severity.value == level) for level in ("error", "warning", "info")}
    report: dict = {
        "newslint-version": __version__,
        "path": result.path,
        "sha256": result.source.sha256() if result.source is not None and _readable(result) else "",
        "verdict": result.verdict,
        "counts": {"findings": len(diagnostics), **counts,
                   "fixable": sum(1 for d in diagnostics if d.fixable),
                   "fixed": len(result.fixed)},
    }
    if len(result.verdicts) > 1 or any(record is not None for record in result.verdicts):
        report["verdicts"] = {str(record): verdict for record, verdict in sorted(
            result.verdicts.items(), key=lambda item: -1 if item[0] is None else item[0])}
    findings = []
    for diagnostic in diagnostics:
        entry: dict = {
            "code": diagnostic.code,
            "name": diagnostic.name,
            "category": diagnostic.category,
            "severity": diagnostic.severity.value,
            "message": diagnostic.message,
        }
        if diagnostic.record is not None:
            entry["record"] = diagnostic.record
        entry.update({
            "start_offset": diagnostic.start_offset, "end_offset": diagnostic.end_offset,
            "line": diagnostic.line, "column": diagnostic.column,
            "end_line": diagnostic.end_line, "end_column": diagnostic.end_column,
            "text": diagnostic.excerpt,
            "before": diagnostic.context,
        })
        if diagnostic.fix is not None:
            entry["after"] = diagnostic.context_after_fix or ""
            entry["fix"] = diagnostic.fix.to_dict()
        findings.append(entry)
    report["findings"] = findings
    return report


def _readable(result: FileResult) -> bool:
    return result.source.fs_path is None or result.source.fs_path.exists()


def write_reports(report_dir: Path, run: RunResult) -> int:
    """Write one report per file of the run; return how many were written."""
    count = 0
    for result in run.files:
        target = report_path(report_dir, result.path)
        data = tomli_w.dumps(build_report(result)).encode("utf-8")
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            if target.exists():
                write_atomic(target, lambda out: out.write(data))
            else:
                target.write_bytes(data)
        except OSError as exc:
            raise UsageError(f"cannot write report {target}: {exc.strerror or exc}") from exc
        count += 1
    return count
