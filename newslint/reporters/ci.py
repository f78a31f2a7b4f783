"""Formats for CI systems: ``sarif`` (code scanning), ``github`` (workflow annotations), ``junit``.

``sarif``
    SARIF 2.1.0: one run whose ``tool.driver.rules`` holds every rule that ran
    (id = code, name, short and full description, the rule's documentation as
    help, default level, category). Each result has its rule, level, message, a
    location relative to the current folder and ``partialFingerprints`` keyed on
    content (rule, matched text and neighbourhood, occurrence), so an alert
    dismissed in a code-scanning UI stays dismissed when lines move. Columns and
    ``charOffset`` count code points (``columnKind = "unicodeCodePoints"``). For a
    JSONL file the region is the record's line; the position inside the record's
    text is under ``properties``. Fixes of text files are included as SARIF fixes.

``github``
    One workflow command per finding:
    ``::warning file=PATH,line=L,col=C,endLine=EL,endColumn=EC,title=CODE name::message``
    (``error``, ``warning``, or ``notice`` for info), escaped as GitHub documents:
    ``%``, CR and LF in the message; those and ``:`` and ``,`` in properties.
    Control characters in scraped text are shown as ``<U+XXXX>``.

``junit``
    JUnit XML: one ``testsuite`` per file; each finding at or above ``fail-on`` is a
    ``testcase`` with a ``failure``, findings below it are passing test cases with
    the finding as output, and a clean file is one passing test case. Rule and
    input errors go in a ``newslint`` suite as ``error`` elements. Characters that
    XML 1.0 forbids are removed from every string; control characters in scraped
    text are shown as ``<U+XXXX>``.
"""

from __future__ import annotations

import json
import os
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import quote

from newslint import __version__
from newslint.diagnostics import Diagnostic, Severity
from newslint.reporters import Reporter
from newslint.reporters.text import printable

INFORMATION_URI = "https://github.com/newslint/newslint"
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
FINGERPRINT_KEY = "newslintFingerprint/v1"
_SARIF_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
_GITHUB_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
# Characters XML 1.0 cannot hold (compiled on first use: its ranges cost a few ms, paid only by JUnit runs).
_XML_ILLEGAL = "[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
_SURROGATE = re.compile("[\ud800-\udfff]")
_SECTION = re.compile(r"^## (.+?)\s*$", re.MULTILINE)


def _jsonl_paths(run) -> set[str]:
    """Paths of the run's files read as records (their findings carry a record number)."""
    return {result.path for result in run.files
            if any(record is not None for record in result.verdicts)
            or any(d.record is not None for d in result.diagnostics)}


def _clean(value):
    """JSON-safe strings: lone surrogates (from JSONL escapes) replaced."""
    if isinstance(value, str):
        return _SURROGATE.sub("\ufffd", value)
    if isinstance(value, dict):
        return {key: _clean(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_clean(item) for item in value]
    return value


def artifact_uri(path: str) -> str:
    """A path as a URI reference: relative to the current folder when it lies inside it."""
    if path in ("", "-"):
        return quote(path or "-")
    absolute = Path(os.path.abspath(path))
    try:
        relative = absolute.relative_to(Path.cwd())
    except ValueError:
        return absolute.as_uri()
    return quote(relative.as_posix(), safe="/")


def doc_section(documentation: str, heading: str) -> str:
    """The body of ``## heading`` in a rule's documentation (empty if absent)."""
    matches = list(_SECTION.finditer(documentation))
    for index, match in enumerate(matches):
        if match.group(1).strip().lower() == heading.lower():
            end = matches[index + 1].start() if index + 1 < len(matches) else len(documentation)
            return documentation[match.end():end].strip()
    return ""


def finding_ids(run) -> dict[int, tuple[str | None, int, str]]:
    """For each finding (by ``id``): its JSONL record id, occurrence number (in its file or record), fingerprint."""
    from newslint.baseline import identities, record_id_lookup

    lookup = record_id_lookup(run)
    out: dict[int, tuple[str | None, int, str]] = {}
    for result in run.files:
        for diagnostic, entry in identities(result.diagnostics, result.path, lookup):
            out[id(diagnostic)] = (entry.record_id, entry.occurrence, entry.fingerprint)
    return out


class SarifReporter(Reporter):
    name = "sarif"
    description = "SARIF 2.1.0 (GitHub code scanning and other SARIF viewers)."

    def report(self, run) -> None:
        self.stream.write(json.dumps(_clean(self.build(run)), indent=2, ensure_ascii=False))
        self.stream.write("\n")

    def build(self, run) -> dict:
        used = {d.code for d in run.diagnostics()}
        codes = sorted((set(run.selected) | used) & set(run.registry.by_code))
        rule_index = {code: index for index, code in enumerate(codes)}
        levels: dict[str, set] = {}
        for diagnostic in run.diagnostics():
            levels.setdefault(diagnostic.code, set()).add(diagnostic.severity)
        # a rule's level as configured for this run (per-rule severities) when its findings agree on one
        rules = [self._rule(run.registry.by_code[code], next(iter(levels[code])) if len(levels.get(code, ())) == 1
                            else None) for code in codes]
        boms = {result.path for result in run.files if result.source is not None and result.source.had_bom}
        jsonl = _jsonl_paths(run)
        ids = finding_ids(run)
        results = [self._result(d, rule_index, d.path in jsonl, d.path in boms, ids[id(d)])
                   for d in run.diagnostics()]
        notifications = [{"level": "error", "message": {"text": failure.describe()},
                          "descriptor": {"id": failure.code}} for failure in run.failures]
        notifications += [{"level": "error", "message": {"text": error}} for error in run.errors]
        invocation = {"executionSuccessful": not notifications}
        if notifications:
            invocation["toolExecutionNotifications"] = notifications
        driver = {"name": "newslint", "version": __version__, "semanticVersion": __version__,
                  "informationUri": INFORMATION_URI, "rules": rules}
        return {
            "$schema": SARIF_SCHEMA,
            "version": "2.1.0",
            "runs": [{
                "tool": {"driver": driver},
                "invocations": [invocation],
                "originalUriBaseIds": {"%SRCROOT%": {"uri": Path.cwd().as_uri().rstrip("/") + "/"}},
                "columnKind": "unicodeCodePoints",
                "results": results,
            }],
        }

    @staticmethod
    def _rule(rule, severity: Severity | None = None) -> dict:
        documentation = rule.documentation()
        summary = rule.summary() or rule.name
        full = doc_section(documentation, "What it does") or summary
        entry = {
            "id": rule.code,
            "name": rule.name,
            "shortDescription": {"text": summary},
            "fullDescription": {"text": full},
            "defaultConfiguration": {"level": _SARIF_LEVEL[severity or rule.severity]},
            "properties": {"category": rule.category, "tags": ["newslint", rule.category],
                           "fixAvailability": rule.fix_availability.value, "status": rule.status},
        }
        if documentation:
            entry["help"] = {"text": documentation, "markdown": documentation}
        return entry

    @staticmethod
    def _result(diagnostic: Diagnostic, rule_index: dict, jsonl: bool, bom: bool, ident) -> dict:
        record_id, occurrence, fingerprint = ident
        artifact = {"uri": artifact_uri(diagnostic.path), "uriBaseId": "%SRCROOT%"}
        if artifact["uri"].startswith("file:"):
            del artifact["uriBaseId"]
        properties: dict = {"category": diagnostic.category}
        if jsonl:
            region: dict = {"startLine": (diagnostic.record or 0) + 1 if diagnostic.record is not None else 1}
            if diagnostic.record is not None:
                properties["record"] = diagnostic.record
                if record_id is not None:
                    properties["recordId"] = record_id
                properties["textRegion"] = {"startOffset": diagnostic.start_offset,
                                            "endOffset": diagnostic.end_offset,
                                            "startLine": diagnostic.line, "startColumn": diagnostic.column,
                                            "endLine": diagnostic.end_line, "endColumn": diagnostic.end_column}
        else:
            shift = 1 if bom else 0
            region = {}
            if diagnostic.line >= 1:
                region.update({"startLine": diagnostic.line, "startColumn": max(1, diagnostic.column),
                               "endLine": max(diagnostic.line, diagnostic.end_line),
                               "endColumn": max(1, diagnostic.end_column)})
            region.update({"charOffset": diagnostic.start_offset + shift,
                           "charLength": diagnostic.end_offset - diagnostic.start_offset})
            if diagnostic.excerpt and len(diagnostic.excerpt) == diagnostic.end_offset - diagnostic.start_offset:
                region["snippet"] = {"text": diagnostic.excerpt}
        if diagnostic.verdict is not None:
            properties["verdict"] = diagnostic.verdict
        result = {
            "ruleId": diagnostic.code,
            "ruleIndex": rule_index[diagnostic.code],
            "level": _SARIF_LEVEL[diagnostic.severity],
            "message": {"text": diagnostic.message},
            "locations": [{"physicalLocation": {"artifactLocation": artifact, "region": region}}],
            "partialFingerprints": {FINGERPRINT_KEY: f"{fingerprint}:{record_id or ''}:{occurrence}"},
            "properties": properties,
        }
        fix = diagnostic.fix
        if fix is not None:
            properties["fix"] = {"applicability": fix.applicability.value, "title": fix.title}
            if not jsonl:
                shift = 1 if bom else 0
                result["fixes"] = [{
                    "description": {"text": f"{fix.title} ({fix.applicability.value})"},
                    "artifactChanges": [{
                        "artifactLocation": artifact,
                        "replacements": [{"deletedRegion": {"charOffset": edit.start_offset + shift,
                                                            "charLength": edit.end_offset - edit.start_offset},
                                          "insertedContent": {"text": edit.content}} for edit in fix.edits],
                    }],
                }]
        return result


def escape_data(text: str) -> str:
    """A workflow command's message, escaped as GitHub's toolkit does."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A workflow command's property value (file, title ...), escaped as GitHub's toolkit does."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _display(text: str) -> str:
    """Scraped text for logs: controls shown as <U+XXXX>, line breaks kept."""
    return "\n".join(printable(part) for part in text.replace("\r\n", "\n").split("\n"))


class GithubReporter(Reporter):
    name = "github"
    description = "GitHub Actions workflow commands: one annotation per finding."

    def report(self, run) -> None:
        jsonl = _jsonl_paths(run)
        for diagnostic in run.diagnostics():
            self.stream.write(self.command(diagnostic, diagnostic.path in jsonl))
            self.stream.write("\n")
        for failure in run.failures:
            self.stream.write(f"::error title=newslint {escape_property(failure.code)}::"
                              f"{escape_data(_display(failure.describe()))}\n")
        for error in run.errors:
            self.stream.write(f"::error title=newslint::{escape_data(_display(error))}\n")

    @staticmethod
    def command(diagnostic: Diagnostic, jsonl: bool = False) -> str:
        path = diagnostic.path
        if path not in ("", "-"):
            absolute = Path(os.path.abspath(path))
            try:
                path = absolute.relative_to(Path.cwd()).as_posix()
            except ValueError:
                path = absolute.as_posix()
        properties = [("file", path)]
        if jsonl:
            if diagnostic.record is not None:
                properties.append(("line", str(diagnostic.record + 1)))
        elif diagnostic.line >= 1:
            end_line = max(diagnostic.line, diagnostic.end_line)
            if end_line > diagnostic.line and diagnostic.end_column <= 1:
                end_line -= 1  # the span ends with its line break: it does not reach into the next line
            properties += [("line", str(diagnostic.line)), ("endLine", str(end_line))]
            if end_line == diagnostic.line:  # GitHub takes columns only for a span on one line
                end_column = diagnostic.end_column if diagnostic.end_line == diagnostic.line else None
                properties.insert(2, ("col", str(max(1, diagnostic.column))))
                if end_column is not None:
                    properties.append(("endColumn", str(max(1, end_column))))
        properties.append(("title", f"{diagnostic.code} {diagnostic.name}"))
        message = diagnostic.message
        if jsonl and diagnostic.record is not None:
            message = f"record {diagnostic.record}, {diagnostic.line}:{diagnostic.column}: {message}"
        if diagnostic.fix is not None:
            label = {"safe": "fix", "unsafe": "unsafe fix"}.get(diagnostic.fix.applicability.value, "suggestion")
            message += f"\n{label}: {diagnostic.fix.title}"
        rendered = ",".join(f"{key}={escape_property(_display(value))}" for key, value in properties)
        return f"::{_GITHUB_LEVEL[diagnostic.severity]} {rendered}::{escape_data(_display(message))}"


def xml_text(text: str) -> str:
    """A string XML 1.0 can hold: controls of scraped text shown as <U+XXXX>, other illegal characters removed."""
    return re.sub(_XML_ILLEGAL, "", _display(text))


class JunitReporter(Reporter):
    name = "junit"
    description = "JUnit XML: a test suite per file, a failure per finding (GitLab, Jenkins, Azure ...)."

    def report(self, run) -> None:
        root = self.build(run)
        ET.indent(root)
        self.stream.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        self.stream.write(ET.tostring(root, encoding="unicode"))
        self.stream.write("\n")

    def build(self, run) -> ET.Element:
        threshold = run.settings.fail_on.rank
        root = ET.Element("testsuites", name="newslint")
        totals = {"tests": 0, "failures": 0, "errors": 0}
        for result in run.files:
            suite = ET.SubElement(root, "testsuite", name=xml_text(result.path))
            tests = failures = 0
            if not result.diagnostics:
                ET.SubElement(suite, "testcase", classname=xml_text(result.path), name="no findings",
                              file=xml_text(result.path))
                tests = 1
            for diagnostic in result.diagnostics:
                tests += 1
                where = f"{diagnostic.line}:{diagnostic.column}"
                if diagnostic.record is not None:
                    where = f"record {diagnostic.record}, {where}"
                case = ET.SubElement(suite, "testcase", classname=xml_text(result.path),
                                     name=xml_text(f"{diagnostic.code} {diagnostic.name} ({where})"),
                                     file=xml_text(result.path))
                if diagnostic.record is None and diagnostic.line >= 1:
                    case.set("line", str(diagnostic.line))
                body = self._body(diagnostic, where)
                if diagnostic.severity.rank >= threshold:
                    failures += 1
                    failure = ET.SubElement(case, "failure", message=xml_text(diagnostic.message),
                                            type=xml_text(f"{diagnostic.code} ({diagnostic.severity.value})"))
                    failure.text = body
                else:
                    ET.SubElement(case, "system-out").text = body
            suite.set("tests", str(tests))
            suite.set("failures", str(failures))
            suite.set("errors", "0")
            suite.set("skipped", "0")
            totals["tests"] += tests
            totals["failures"] += failures
        problems = [(failure.code, failure.describe()) for failure in run.failures]
        problems += [("error", error) for error in run.errors]
        if problems:
            suite = ET.SubElement(root, "testsuite", name="newslint", tests=str(len(problems)), failures="0",
                                  errors=str(len(problems)), skipped="0")
            for code, text in problems:
                case = ET.SubElement(suite, "testcase", classname="newslint", name=xml_text(code))
                ET.SubElement(case, "error", message=xml_text(text), type="error").text = xml_text(text)
            totals["tests"] += len(problems)
            totals["errors"] += len(problems)
        for key, value in totals.items():
            root.set(key, str(value))
        return root

    @staticmethod
    def _body(diagnostic: Diagnostic, where: str) -> str:
        lines = [f"{diagnostic.path}:{where}: {diagnostic.code} [{diagnostic.severity.value}] {diagnostic.message}"]
        if diagnostic.excerpt:
            lines.append(f"text: {diagnostic.excerpt}")
        if diagnostic.fix is not None:
            lines.append(f"{diagnostic.fix.applicability.value} fix: {diagnostic.fix.title}")
            if diagnostic.context_after_fix is not None:
                lines.append(f"after: {diagnostic.context_after_fix or '(removed)'}")
        return xml_text("\n".join(lines))
