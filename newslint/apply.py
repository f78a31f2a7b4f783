"""Review, then apply: ``newslint apply REPORT…`` applies the fixes left in per-file TOML reports.

The workflow: ``newslint check --report-dir reports/ corpus/`` writes one report per
file; a curator reads them, deletes the findings (or just their ``[findings.fix]``
tables) they reject and edits the ``content`` of the edits they want changed; then
``newslint apply reports/`` applies exactly what remains.

Every suggestion left in a report is applied, whatever its applicability (safe,
unsafe or display-only): the curator who kept it has reviewed it. Findings without
a fix are left alone.

Before writing anything, every report is checked:

- it parses, and every field ``apply`` reads has the right type (errors name the
  report and the finding);
- the file still has the SHA-256 the report recorded (a file changed since the
  report was written is refused: its offsets may no longer point at the same text);
- each finding's ``text`` still matches the file at its offsets, and its ``after``
  preview (when kept) agrees with its edits, so a suggestion edited in ``after``
  rather than in its edits is refused instead of being applied the old way;
- no two kept edits overlap (two identical edits count once).

If any report fails, nothing at all is written (exit 2). Otherwise each file is
written atomically (temporary file and rename). JSONL files are changed per
record, through the input format's writer: only the text field of the changed
records is rewritten; every other byte stays as it was.
"""

from __future__ import annotations

import os
import sys
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from newslint.diagnostics import Applicability
from newslint.errors import NewslintError

_FIX_KEYS = {"applicability", "title", "edits"}
_EDIT_KEYS = {"start_offset", "end_offset", "content"}
_ELLIPSIS = " … "


class ApplyError(NewslintError):
    """A report cannot be applied (exit 2, nothing written)."""


@dataclass
class _Edit:
    start: int
    end: int
    content: str
    finding: str  # label for messages


@dataclass
class _Applied:
    label: str
    title: str
    applicability: str


@dataclass
class Plan:
    """What one report will change in its file."""

    report: Path
    path: str
    source: object
    fmt: object
    texts: dict = field(default_factory=dict)  # record (None for a text file) -> new text
    applied: list[_Applied] = field(default_factory=list)
    kept_without_fix: int = 0


def collect_reports(arguments: list[str]) -> list[Path]:
    """Report files named on the command line; folders are searched for ``*.toml``."""
    found: list[Path] = []
    for argument in arguments:
        path = Path(argument)
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*.toml") if p.is_file()))
        elif path.is_file():
            found.append(path)
        else:
            raise ApplyError(f"report {argument} not found")
    unique, seen = [], set()
    for path in found:
        key = os.path.realpath(path)
        if key not in seen:
            seen.add(key)
            unique.append(path)
    return unique


def _load(report: Path) -> dict:
    try:
        data = tomllib.loads(report.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ApplyError(f"{report}: cannot read: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise ApplyError(f"{report}: not valid UTF-8") from None
    except tomllib.TOMLDecodeError as exc:
        raise ApplyError(f"{report}: invalid TOML: {exc}") from None
    for key, kind in (("path", str), ("sha256", str), ("findings", list)):
        if key not in data:
            raise ApplyError(f"{report}: not a newslint report (no {key!r}; write reports with "
                             "`newslint check --report-dir DIR`)")
        if not isinstance(data[key], kind):
            raise ApplyError(f"{report}: {key!r} must be {'an array of tables' if kind is list else 'a string'}")
    return data


def _int(value, where: str, minimum: int = 0) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < minimum:
        raise ApplyError(f"{where} must be an integer of at least {minimum}")
    return value


def _label(index: int, finding: dict) -> str:
    code = finding.get("code", "?")
    line, column = finding.get("line"), finding.get("column")
    where = f" at {line}:{column}" if isinstance(line, int) and isinstance(column, int) else ""
    record = finding.get("record")
    if isinstance(record, int):
        where += f", record {record}"
    return f"finding #{index} ({code}{where})"


def _matches_excerpt(reported: str, matched: str) -> bool:
    """Whether a report's ``text`` is the matched text (long spans are shown as head … tail)."""
    if reported == matched:
        return True
    head, sep, tail = reported.partition(_ELLIPSIS)
    return bool(sep) and len(matched) >= len(head) + len(tail) and matched.startswith(head) \
        and matched.endswith(tail)


def _preview_agrees(text: str, before: str, after: str, start: int, end: int, edits: list[_Edit]) -> bool | None:
    """Whether ``after`` is ``before`` with the edits applied (None when ``before`` cannot be located)."""
    if _ELLIPSIS in before:
        return None
    position = text.find(before, max(0, end - len(before)))
    while position != -1 and position <= start:
        window_end = position + len(before)
        if window_end >= end and all(position <= e.start and e.end <= window_end for e in edits):
            pieces, cursor = [], position
            for edit in edits:
                pieces.append(text[cursor:edit.start])
                pieces.append(edit.content)
                cursor = edit.end
            pieces.append(text[cursor:window_end])
            expected = "".join(pieces)
            if after == expected:
                return True
            if after.endswith(" …") and expected.startswith(after[:-2]):
                return True
            return False
        position = text.find(before, position + 1)
    return None


def _plan(report: Path, data: dict, read_settings, formats: dict) -> Plan:
    from newslint.document import Document
    from newslint.inputs import Source

    path = data["path"]
    if path in ("", "-"):
        raise ApplyError(f"{report}: the report is for standard input; there is no file to apply it to")
    fs_path = Path(path)
    if not fs_path.is_file():
        raise ApplyError(f"{report}: file {path} not found (run apply from the folder where "
                         "`newslint check --report-dir` ran)")
    fmt = _format_for(path, formats)
    source = Source(path, fs_path, read_settings)
    if source.compressed:
        raise ApplyError(f"{report}: {path} is compressed; newslint does not write fixes to compressed files")
    if not getattr(fmt, "writable", False):
        raise ApplyError(f"{report}: the {fmt.name} format cannot write fixes")
    try:
        digest = source.sha256()
    except OSError as exc:
        raise ApplyError(f"{report}: cannot read {path}: {exc.strerror or exc}") from None
    if digest != data["sha256"]:
        raise ApplyError(f"{report}: {path} changed since the report was written (SHA-256 differs); refusing to "
                         "apply offsets to different text. Re-run `newslint check --report-dir` and review again")

    plan = Plan(report, path, source, fmt)
    wanted: dict = {}  # record -> list of edits
    for index, finding in enumerate(data["findings"], 1):
        if not isinstance(finding, dict):
            raise ApplyError(f"{report}: findings[{index}] must be a table")
        if "fix" not in finding:
            plan.kept_without_fix += 1
            continue
        label = _label(index, finding)
        where = f"{report}: {label}"
        fix = finding["fix"]
        if not isinstance(fix, dict):
            raise ApplyError(f"{where}: fix must be a table")
        unknown = set(fix) - _FIX_KEYS
        if unknown:
            raise ApplyError(f"{where}: unknown key {sorted(unknown)[0]!r} in [findings.fix] "
                             f"(expected: {', '.join(sorted(_FIX_KEYS))}; change a suggestion by editing the "
                             "content of its edits)")
        applicability = fix.get("applicability", Applicability.SAFE.value)
        if applicability not in {a.value for a in Applicability}:
            raise ApplyError(f"{where}: applicability must be one of safe, unsafe, display-only")
        title = fix.get("title", "")
        if not isinstance(title, str):
            raise ApplyError(f"{where}: fix.title must be a string")
        edits_data = fix.get("edits")
        if not isinstance(edits_data, list) or not edits_data:
            raise ApplyError(f"{where}: fix.edits must be a non-empty array of tables (delete the whole "
                             "[findings.fix] table to reject a suggestion)")
        edits = []
        for number, edit in enumerate(edits_data, 1):
            edit_where = f"{where}: edit {number}"
            if not isinstance(edit, dict):
                raise ApplyError(f"{edit_where} must be a table")
            unknown = set(edit) - _EDIT_KEYS
            missing = _EDIT_KEYS - set(edit)
            if unknown or missing:
                problem = f"unknown key {sorted(unknown)[0]!r}" if unknown else f"missing {sorted(missing)[0]!r}"
                raise ApplyError(f"{edit_where}: {problem} (an edit has start_offset, end_offset, content)")
            start = _int(edit["start_offset"], f"{edit_where}: start_offset")
            end = _int(edit["end_offset"], f"{edit_where}: end_offset")
            if end < start:
                raise ApplyError(f"{edit_where}: end_offset {end} is before start_offset {start}")
            if not isinstance(edit["content"], str):
                raise ApplyError(f"{edit_where}: content must be a string")
            edits.append(_Edit(start, end, edit["content"], label))
        edits.sort(key=lambda e: (e.start, e.end))
        record = finding.get("record")
        if record is not None:
            record = _int(record, f"{where}: record")
        wanted.setdefault(record, []).append((finding, label, where, edits, title, applicability))

    if not wanted:
        return plan
    texts: dict = {}
    try:
        for item in fmt.documents(source):
            if isinstance(item, Document) and item.record in wanted:
                texts[item.record] = item.text
    except OSError as exc:
        raise ApplyError(f"{report}: cannot read {path}: {exc.strerror or exc}") from None
    for record, entries in wanted.items():
        if record not in texts:
            problem = (f"{path} has no readable record {record}" if record is not None
                       else f"{path} is read as records (JSONL), so the finding needs a 'record'")
            raise ApplyError(f"{report}: {entries[0][1]}: {problem}")
        text = texts[record]
        all_edits: list[_Edit] = []
        for finding, label, where, edits, title, applicability in entries:
            for edit in edits:
                if edit.end > len(text):
                    raise ApplyError(f"{where}: edit {edit.start}-{edit.end} lies beyond the end of the text "
                                     f"({len(text)} characters)")
            _check_finding(text, finding, where, edits)
            all_edits.extend(edits)
            plan.applied.append(_Applied(f"{path}{'' if record is None else f'[{record}]'}:"
                                         f"{finding.get('line', '?')}:{finding.get('column', '?')}: "
                                         f"{finding.get('code', '?')}", title, applicability))
        plan.texts[record] = _apply_edits(text, all_edits, report, path)
    return plan


def _check_finding(text: str, finding: dict, where: str, edits: list[_Edit]) -> None:
    start, end = finding.get("start_offset"), finding.get("end_offset")
    if not (isinstance(start, int) and isinstance(end, int) and 0 <= start <= end <= len(text)):
        return
    reported = finding.get("text")
    if isinstance(reported, str) and not _matches_excerpt(reported, text[start:end]):
        raise ApplyError(f"{where}: its text {reported[:60]!r} is not what the file holds at offsets "
                         f"{start}-{end}; the report does not describe this file's current text (was it written "
                         "with --diff, or another text field?)")
    before, after = finding.get("before"), finding.get("after")
    if isinstance(before, str) and isinstance(after, str):
        if _preview_agrees(text, before, after, start, end, edits) is False:
            raise ApplyError(f"{where}: its 'after' preview does not match its edits. 'after' is only a preview: "
                             "to change a suggestion, edit the content of its [[findings.fix.edits]]; then delete "
                             "'after' (or make it agree)")


def _apply_edits(text: str, edits: list[_Edit], report: Path, path: str) -> str:
    unique: list[_Edit] = []
    seen = set()
    for edit in sorted(edits, key=lambda e: (e.start, e.end, e.content)):
        key = (edit.start, edit.end, edit.content)
        if key in seen:
            continue  # two findings suggesting the same edit: apply it once
        seen.add(key)
        unique.append(edit)
    for before, after in zip(unique, unique[1:]):
        clash = after.start < before.end or (after.start == before.start == before.end == after.end)
        if clash:
            raise ApplyError(f"{report}: {before.finding} and {after.finding} have overlapping edits "
                             f"({before.start}-{before.end} and {after.start}-{after.end} in {path}); "
                             "keep only one of them")
    pieces, cursor = [], 0
    for edit in unique:
        pieces.append(text[cursor:edit.start])
        pieces.append(edit.content)
        cursor = edit.end
    pieces.append(text[cursor:])
    return "".join(pieces)


def _format_for(path: str, formats: dict):
    name = path[:-3] if path.lower().endswith(".gz") else path
    lowered = name.lower()
    for suffix, fmt in formats.items():
        if lowered.endswith(suffix):
            return fmt
    return formats[".txt"]


def run_apply(reports: list[str], read_settings, input_formats, dry_run: bool = False, quiet: bool = False,
              out: TextIO | None = None) -> int:
    """Check every report, then apply them all (or none). Returns the exit code."""
    from newslint.fixer import write_atomic

    out = out or sys.stdout
    formats = {suffix: fmt for fmt in input_formats for suffix in fmt.suffixes}
    paths = collect_reports(reports)
    if not paths:
        raise ApplyError("no reports found (reports are the *.toml files `newslint check --report-dir` writes)")
    errors: list[str] = []
    plans: list[Plan] = []
    targets: dict[str, Path] = {}
    for report in paths:
        try:
            data = _load(report)
            plan = _plan(report, data, read_settings, formats)
        except ApplyError as exc:
            errors.append(str(exc))
            continue
        key = os.path.realpath(plan.path)
        if key in targets:
            errors.append(f"{report}: {plan.path} is also the file of {targets[key]}; apply one report per file")
            continue
        targets[key] = report
        plans.append(plan)
    if errors:
        for error in errors:
            print(f"newslint: error: {error}", file=sys.stderr)
        print(f"newslint: nothing applied: {len(errors)} of {len(paths)} report{'s' if len(paths) != 1 else ''} "
              "cannot be applied", file=sys.stderr)
        return 2

    verb = "Would apply" if dry_run else "Applied"
    written: list[str] = []
    changed_plans = [plan for plan in plans if plan.applied]
    for plan in changed_plans:
        if not dry_run:
            try:
                write_atomic(plan.source.fs_path, lambda stream, plan=plan: plan.fmt.write(plan.source, plan.texts,
                                                                                          stream))
            except OSError as exc:
                print(f"newslint: error: cannot write {plan.path}: {exc.strerror or exc}"
                      + (f" (already written: {', '.join(written)})" if written else ""), file=sys.stderr)
                return 2
            written.append(plan.path)
        for applied in plan.applied:
            marker = "" if applied.applicability == "safe" else f" [{applied.applicability}]"
            out.write(f"{applied.label}: {verb.lower()}{marker}: {applied.title}\n")
    if not quiet:
        fixes = sum(len(plan.applied) for plan in plans)
        by_kind = {kind: sum(1 for plan in plans for a in plan.applied if a.applicability == kind)
                   for kind in ("safe", "unsafe", "display-only")}
        kinds = ", ".join(f"{count} {kind}" for kind, count in by_kind.items() if count)
        files = len(changed_plans)
        print(f"{verb} {fixes} fix{'es' if fixes != 1 else ''}{f' ({kinds})' if kinds else ''} to {files} "
              f"file{'s' if files != 1 else ''} from {len(plans)} report{'s' if len(plans) != 1 else ''}.",
              file=sys.stderr)
    return 0
