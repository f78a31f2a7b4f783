"""CI output formats, each checked by a real consumer: the SARIF 2.1.0 schema, an XML parser, GitHub's command syntax.

The command-line tests select the stray-advertisement rule (ADV001) so that they pin
the formats, not the evolving vocabulary of every rule. The edge cases (control
characters, markup, lone surrogates from JSONL escapes) are built as findings
directly, so they do not depend on any rule flagging such text.
"""

from __future__ import annotations

import io
import json
import re
import xml.etree.ElementTree as ET

import pytest

from conftest import installed_app, run_cli, shared_path
from newslint.config import Settings
from newslint.diagnostics import Diagnostic, Edit, Fix, Severity
from newslint.engine import FileResult, RuleFailure, RunResult
from newslint.reporters.ci import (FINGERPRINT_KEY, GithubReporter, JunitReporter, SarifReporter, escape_data,
                                   escape_property, xml_text)

DIRTY = "Shares rose 4% on Monday. Advertisement The firm said little.\n"
HOSTILE = ("The vote passed. Advertisement The <script>alert('x')</script> count\x07 rose & fell ]]> again.\n")
JSONL = ('{"id": "a1", "text": "Rain fell all day. Advertisement Roads closed."}\n'
         '{"id": "a2", "text": "Nothing to see here."}\n')


@pytest.fixture(scope="module")
def sarif_schema():
    return json.loads(shared_path("schemas", "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))


@pytest.fixture
def corpus(tmp_path):
    (tmp_path / "dirty.txt").write_text(DIRTY, encoding="utf-8")
    (tmp_path / "hostile.txt").write_text(HOSTILE, encoding="utf-8")
    (tmp_path / "clean.txt").write_text("Shares rose 4% on Monday.\n", encoding="utf-8")
    (tmp_path / "records.jsonl").write_text(JSONL, encoding="utf-8")
    return tmp_path


def check(cwd, fmt, *args):
    return run_cli("check", "--isolated", "--select", "ADV001", "--output-format", fmt, *args, cwd=cwd)


def _validate(document, schema):
    jsonschema = pytest.importorskip("jsonschema")
    validator = jsonschema.validators.validator_for(schema)(schema)
    errors = sorted(validator.iter_errors(document), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:5])


# ---- SARIF ------------------------------------------------------------------


def test_sarif_validates_against_the_2_1_0_schema(corpus, sarif_schema):
    result = check(corpus, "sarif", ".")
    assert result.returncode == 1, result.stderr
    document = json.loads(result.stdout)
    _validate(document, sarif_schema)
    run = document["runs"][0]
    assert document["version"] == "2.1.0"
    assert run["columnKind"] == "unicodeCodePoints"
    assert len(run["results"]) == 3  # dirty.txt, hostile.txt, records.jsonl[0]


def test_sarif_rules_carry_metadata_and_help(corpus):
    run = json.loads(check(corpus, "sarif", "dirty.txt").stdout)["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["name"] == "newslint" and driver["version"] and driver["informationUri"].startswith("https://")
    rule = next(r for r in driver["rules"] if r["id"] == "ADV001")
    assert rule["name"] == "stray-advertisement"
    assert rule["shortDescription"]["text"].startswith("Stray advertisement marker")
    assert "## Why it matters" in rule["help"]["markdown"]
    assert rule["fullDescription"]["text"] and "##" not in rule["fullDescription"]["text"]
    assert rule["defaultConfiguration"]["level"] == "warning"
    assert rule["properties"]["category"] == "advertisement"
    finding = run["results"][0]
    assert driver["rules"][finding["ruleIndex"]]["id"] == finding["ruleId"] == "ADV001"


def test_sarif_region_counts_code_points_and_points_at_the_match(tmp_path):
    text = "Café 😀 “owners” said so. Advertisement Then they left.\n"
    (tmp_path / "u.txt").write_text(text, encoding="utf-8")
    run = json.loads(check(tmp_path, "sarif", "u.txt").stdout)["runs"][0]
    (finding,) = run["results"]
    location = finding["locations"][0]["physicalLocation"]
    region = location["region"]
    assert location["artifactLocation"]["uri"] == "u.txt"
    start = text.index("Advertisement")
    assert region["charOffset"] == start
    assert text[region["charOffset"]:region["charOffset"] + region["charLength"]].strip() == "Advertisement"
    assert region["snippet"]["text"] == text[region["charOffset"]:region["charOffset"] + region["charLength"]]
    assert (region["startLine"], region["startColumn"]) == (1, start + 1)
    assert region["endColumn"] == region["startColumn"] + region["charLength"]
    (fix,) = finding["fixes"]
    (replacement,) = fix["artifactChanges"][0]["replacements"]
    deleted = replacement["deletedRegion"]
    fixed = text[:deleted["charOffset"]] + replacement["insertedContent"]["text"] + \
        text[deleted["charOffset"] + deleted["charLength"]:]
    assert fixed == "Café 😀 “owners” said so. Then they left.\n"


def test_sarif_fingerprints_survive_edits_elsewhere(tmp_path):
    body = "Shares rose 4% on Monday after a long week of trading. Advertisement The firm said little.\n"
    (tmp_path / "a.txt").write_text(body, encoding="utf-8")
    first = json.loads(check(tmp_path, "sarif", "a.txt").stdout)["runs"][0]["results"][0]
    (tmp_path / "a.txt").write_text("A new opening paragraph was added by the editor.\n\n" + body, encoding="utf-8")
    second = json.loads(check(tmp_path, "sarif", "a.txt").stdout)["runs"][0]["results"][0]
    assert first["locations"][0]["physicalLocation"]["region"]["startLine"] == 1
    assert second["locations"][0]["physicalLocation"]["region"]["startLine"] == 3
    assert first["partialFingerprints"] == second["partialFingerprints"]
    assert set(first["partialFingerprints"]) == {FINGERPRINT_KEY}


def test_sarif_identical_findings_get_distinct_fingerprints(tmp_path):
    line = "Shares rose 4% on Monday. Advertisement The firm said little.\n"
    (tmp_path / "a.txt").write_text(line * 3, encoding="utf-8")
    results = json.loads(check(tmp_path, "sarif", "a.txt").stdout)["runs"][0]["results"]
    prints = [r["partialFingerprints"][FINGERPRINT_KEY] for r in results]
    assert len(prints) == 3 and len(set(prints)) == 3


def test_sarif_jsonl_region_is_the_record_line(corpus, sarif_schema):
    document = json.loads(check(corpus, "sarif", "records.jsonl").stdout)
    _validate(document, sarif_schema)
    (finding,) = document["runs"][0]["results"]
    region = finding["locations"][0]["physicalLocation"]["region"]
    assert region == {"startLine": 1}
    assert finding["properties"]["record"] == 0
    assert finding["properties"]["textRegion"]["startOffset"] == "Rain fell all day. ".__len__()
    assert "fixes" not in finding  # offsets into a record's text are not offsets into the file


def test_sarif_reports_rule_failures_as_notifications(sarif_schema):
    run = _synthetic_run([_diagnostic("x.txt", "Advertisement")],
                         failures=[RuleFailure("ADV001", "stray-advertisement", "x.txt", None, "ValueError: boom")])
    out = io.StringIO()
    SarifReporter(out).report(run)
    document = json.loads(out.getvalue())
    _validate(document, sarif_schema)
    invocation = document["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False
    assert "boom" in invocation["toolExecutionNotifications"][0]["message"]["text"]


def test_sarif_survives_hostile_text(sarif_schema):
    nasty = "Advert\x07isement <script>x</script> \ud800 \x1b[31m"
    out = io.StringIO()
    SarifReporter(out).report(_synthetic_run([_diagnostic("we ird,name:1.txt", nasty)]))
    out.getvalue().encode("utf-8")  # no lone surrogate reaches the stream
    document = json.loads(out.getvalue())
    _validate(document, sarif_schema)
    result = document["runs"][0]["results"][0]
    assert "<script>" in result["message"]["text"]
    assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "we%20ird%2Cname%3A1.txt"


# ---- GitHub annotations --------------------------------------------------------

_COMMAND = re.compile(r"^::(error|warning|notice) (file=[^,:]*(?:,(?:line|col|endLine|endColumn)=\d+)*"
                      r",title=[^,:]*)::[^\r\n]*$")


def test_github_lines_have_the_documented_form(corpus):
    result = check(corpus, "github", ".")
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert len(lines) == 3
    for line in lines:
        assert _COMMAND.match(line), line
    dirty = next(line for line in lines if "file=dirty.txt" in line)
    (expected,) = json.loads(check(corpus, "json", "dirty.txt").stdout)
    assert expected["column"] == DIRTY.index("Advertisement") + 1
    assert dirty.startswith(f"::warning file=dirty.txt,line=1,col={expected['column']},endLine=1,"
                            f"endColumn={expected['end_column']},title=ADV001 stray-advertisement::")
    jsonl = next(line for line in lines if "records.jsonl" in line)
    assert ",line=1," in jsonl and "col=" not in jsonl


def test_github_escaping_follows_the_toolkit():
    assert escape_data("50% done\r\nnext") == "50%25 done%0D%0Anext"
    assert escape_property("a:b,c%d\ne") == "a%3Ab%2Cc%25d%0Ae"
    line = GithubReporter.command(_diagnostic("dir/we,ird:name.txt", "x", message="Bad:\n::set-output x,y 100%"))
    assert line.startswith("::warning file=dir/we%2Cird%3Aname.txt,")
    assert line.endswith("::Bad:%0A::set-output x,y 100%25%0Afix: Remove it")
    assert "\n" not in line


def test_github_shows_control_characters_visibly():
    line = GithubReporter.command(_diagnostic("a.txt", "x", message="bell\x07 and escape\x1b[31m"))
    assert "\x07" not in line and "\x1b" not in line
    assert "<U+0007>" in line and "<U+001B>" in line


def test_github_severity_maps_to_commands():
    levels = [GithubReporter.command(_diagnostic("a.txt", "x", severity=s)).split(" ")[0]
              for s in (Severity.ERROR, Severity.WARNING, Severity.INFO)]
    assert levels == ["::error", "::warning", "::notice"]


# ---- JUnit ----------------------------------------------------------------------------


def test_junit_parses_and_counts(corpus):
    result = check(corpus, "junit", ".")
    assert result.returncode == 1
    root = ET.fromstring(result.stdout.encode("utf-8"))
    assert root.tag == "testsuites"
    suites = {suite.get("name"): suite for suite in root.findall("testsuite")}
    assert set(suites) == {"clean.txt", "dirty.txt", "hostile.txt", "records.jsonl"}
    assert suites["clean.txt"].get("failures") == "0" and suites["clean.txt"].get("tests") == "1"
    assert suites["dirty.txt"].get("failures") == "1"
    assert root.get("failures") == "3"
    failure = suites["dirty.txt"].find("testcase/failure")
    assert failure.get("type").startswith("ADV001")
    assert "Advertisement" in failure.get("message")


def test_junit_keeps_script_tags_as_text_and_strips_control_characters(corpus):
    result = check(corpus, "junit", "hostile.txt")
    assert "\x07" not in result.stdout
    root = ET.fromstring(result.stdout.encode("utf-8"))  # would raise on an unescaped tag or a control character
    body = root.find("testsuite/testcase/failure").text
    assert "<script>alert('x')</script>" in body
    assert "<U+0007>" in body


def test_junit_survives_every_illegal_character():
    nasty = "".join(chr(c) for c in range(0, 32)) + "\x7f\ud800\ufffe\uffff <script>]]>&amp;"
    run = _synthetic_run([_diagnostic(f"a{chr(7)}b.txt", nasty, message=nasty)],
                         failures=[RuleFailure("ADV001", "stray-advertisement", "a.txt", None, nasty)])
    out = io.StringIO()
    JunitReporter(out).report(run)
    out.getvalue().encode("utf-8")
    root = ET.fromstring(out.getvalue().encode("utf-8"))
    assert root.get("errors") == "1"
    failure = root.find("testsuite/testcase/failure")
    assert "<script>]]>&amp;" in failure.get("message")
    assert xml_text(nasty).endswith(" <script>]]>&amp;")


def test_junit_findings_below_fail_on_do_not_fail():
    settings = Settings()
    settings.fail_on = Severity.ERROR
    run = _synthetic_run([_diagnostic("a.txt", "x", severity=Severity.WARNING)], settings=settings)
    out = io.StringIO()
    JunitReporter(out).report(run)
    root = ET.fromstring(out.getvalue())
    assert root.get("failures") == "0"
    assert root.find("testsuite/testcase/system-out") is not None


def test_formats_are_listed_in_help():
    result = run_cli("check", "--help")
    for name in ("sarif", "github", "junit", "json-lines"):
        assert name in result.stdout


# ---- helpers --------------------------------------------------------------------------------


def _diagnostic(path: str, matched: str, message: str | None = None, severity: Severity = Severity.WARNING):
    end = len(matched)
    return Diagnostic("ADV001", "stray-advertisement", "advertisement", severity,
                      message if message is not None else f"Stray marker {matched!r}", 0, end,
                      Fix.safe("Remove it", Edit.deletion(0, end)), path=path, line=1, column=1, end_line=1,
                      end_column=end + 1, excerpt=matched, context=matched + " rest", context_after_fix=" rest",
                      verdict="review", fingerprint="0" * 20)


def _synthetic_run(diagnostics, failures=(), settings=None):
    files = {}
    for diagnostic in diagnostics:
        files.setdefault(diagnostic.path, FileResult(diagnostic.path, None)).diagnostics.append(diagnostic)
    for result in files.values():
        result.verdicts[None] = "review"
    return RunResult(list(files.values()), list(failures), [], installed_app().registry, ["ADV001"],
                     settings or Settings(), None)


def test_sarif_default_level_follows_the_configured_severity(tmp_path):
    (tmp_path / "a.txt").write_text(DIRTY, encoding="utf-8")
    (tmp_path / "newslint.toml").write_text('select = ["ADV001"]\n[severity]\nADV001 = "error"\n', encoding="utf-8")
    run = json.loads(run_cli("check", "--output-format", "sarif", "a.txt", cwd=tmp_path).stdout)["runs"][0]
    rule = next(r for r in run["tool"]["driver"]["rules"] if r["id"] == "ADV001")
    assert rule["defaultConfiguration"]["level"] == "error" == run["results"][0]["level"]
