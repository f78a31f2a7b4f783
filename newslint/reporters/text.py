"""Human-readable formats: ``full`` (the default) and ``concise``.

``full`` shows each finding with its location, code, message, the line it sits on
with the span underlined, and the suggested change as a before/after pair.
``concise`` prints one line per finding: ``path:line:column: CODE [*] message``,
where ``[*]`` marks a safe fix (applied by ``--fix``) and ``[!]`` an unsafe one
(applied with ``--unsafe-fixes``). JSONL records show as ``path[record]``.
"""

from __future__ import annotations

import re

from newslint.diagnostics import Applicability, Diagnostic
from newslint.reporters import Reporter

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u200b-\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]")
_STYLE = {"error": "31;1", "warning": "33;1", "info": "36;1", "code": "1", "path": "1", "dim": "2",
          "add": "32", "remove": "31"}


def printable(text: str) -> str:
    """Text made safe for a terminal: tabs as spaces, control and invisible characters shown."""
    return _CONTROL.sub(lambda m: f"<U+{ord(m.group()):04X}>", text.replace("\t", " "))


def location(diagnostic: Diagnostic) -> str:
    where = diagnostic.path if diagnostic.record is None else f"{diagnostic.path}[{diagnostic.record}]"
    return f"{where}:{diagnostic.line}:{diagnostic.column}"


def fix_marker(diagnostic: Diagnostic) -> str:
    if diagnostic.fix is None:
        return ""
    return {Applicability.SAFE: "[*] ", Applicability.UNSAFE: "[!] "}.get(diagnostic.fix.applicability, "")


class _TextReporter(Reporter):
    machine_readable = False

    def paint(self, text: str, style: str) -> str:
        return f"\x1b[{_STYLE[style]}m{text}\x1b[0m" if self.color else text


class ConciseReporter(_TextReporter):
    name = "concise"
    description = "One line per finding: path:line:column: CODE [*] message."

    def report(self, run) -> None:
        write = self.stream.write
        for diagnostic in run.diagnostics():
            write(f"{self.paint(location(diagnostic), 'path')}: {self.paint(diagnostic.code, diagnostic.severity.value)} "
                  f"{fix_marker(diagnostic)}{printable(diagnostic.message)}\n")


class FullReporter(_TextReporter):
    name = "full"
    description = "Each finding with its line, the span underlined and the suggested change (default)."

    def report(self, run) -> None:
        for diagnostic in run.diagnostics():
            self.stream.write(self.render(diagnostic))
            self.stream.write("\n")

    def render(self, diagnostic: Diagnostic) -> str:
        header = (f"{self.paint(location(diagnostic), 'path')}: "
                  f"{self.paint(diagnostic.code, diagnostic.severity.value)} {fix_marker(diagnostic)}"
                  f"{printable(diagnostic.message)}  {self.paint(f'[{diagnostic.name}]', 'dim')}\n")
        if not diagnostic.context:
            return header
        gutter = str(diagnostic.line)
        pad = " " * len(gutter)
        first_line = diagnostic.context.split("\n", 1)[0]
        span_start = diagnostic.context_start
        span_length = max(1, min(len(first_line) - span_start, diagnostic.end_offset - diagnostic.start_offset))
        shown = printable(first_line)
        lead = printable(first_line[:span_start])
        underline = " " * len(lead) + "^" * max(1, len(printable(first_line[span_start:span_start + span_length])))
        lines = [header, f"{pad} |\n", f"{gutter} | {shown}\n", f"{pad} | {self.paint(underline, diagnostic.severity.value)}\n"]
        if diagnostic.end_line > diagnostic.line:
            lines.append(f"{pad} | … (continues to line {diagnostic.end_line})\n")
        fix = diagnostic.fix
        if fix is not None:
            label = {Applicability.SAFE: "fix", Applicability.UNSAFE: "unsafe fix",
                     Applicability.DISPLAY_ONLY: "suggestion"}[fix.applicability]
            lines.append(f"{pad} = {label}: {printable(fix.title)}\n")
            before = _one_line(diagnostic.context)
            after = _one_line(diagnostic.context_after_fix or "")
            lines.append(f"{pad}   {self.paint('- ' + before, 'remove')}\n")
            lines.append(f"{pad}   {self.paint('+ ' + after, 'add')}\n" if after.strip()
                         else f"{pad}   {self.paint('+ (removed)', 'add')}\n")
        return "".join(lines)


def _one_line(text: str, limit: int = 160) -> str:
    flat = printable(text.replace("\r\n", " ⏎ ").replace("\n", " ⏎ "))
    return flat if len(flat) <= limit else flat[:limit - 1] + "…"


def summary_line(run) -> str:
    """One line: files, findings by severity, fixable, verdicts (or what --fix did)."""
    counts = run.counts()
    files = counts["files"]
    parts = [f"{files} file{'s' if files != 1 else ''}"]
    if counts["documents"] != files:
        parts[0] += f" ({counts['documents']} documents)"
    total = counts["total"]
    severity = ", ".join(f"{counts[level]} {level}{'s' if counts[level] != 1 and level != 'info' else ''}"
                         for level in ("error", "warning", "info"))
    findings = f"{total} finding{'s' if total != 1 else ''} ({severity})"
    if run.fix_mode == "fix":
        fixed = counts["fixed"]
        line = f"Fixed {fixed} finding{'s' if fixed != 1 else ''} in {parts[0]}; {total} remaining ({severity})"
    elif run.fix_mode == "diff":
        line = f"Would fix {counts['fixed']} findings in {parts[0]}; {total} would remain ({severity})"
    else:
        safe = sum(1 for d in run.diagnostics() if d.fix and d.fix.applicability is Applicability.SAFE)
        unsafe = sum(1 for d in run.diagnostics() if d.fix and d.fix.applicability is Applicability.UNSAFE)
        line = f"Checked {parts[0]}: {findings}; {safe} fixable with --fix"
        if unsafe:
            line += f", {unsafe} more with --unsafe-fixes"
    verdicts = ", ".join(f"{counts['verdict:' + v]} {v}" for v in ("keep", "review", "reject"))
    return f"{line}. Verdicts: {verdicts}."
