"""Review, then apply: ``newslint apply REPORT…`` applies exactly the suggestions left in the reports.

Reports come from ``newslint check --report-dir``; the tests edit them as a curator
would (delete a finding, delete a fix, change an edit's content) and check the
file byte for byte. Refusals (changed file, overlapping edits, a bad report) exit 2
and write nothing at all.
"""

from __future__ import annotations

import hashlib
import json
import re
import tomllib

import pytest
import tomli_w

from conftest import run_cli

TEXT = ("Shares rose 4% on Monday. Advertisement The firm said little.\n"
        "Rain fell all day. Advertisement Roads closed by noon.\n"
        "Prices held steady. Advertisement Traders went home early.\n")


def check_reports(cwd, *paths):
    result = run_cli("check", "--isolated", "--select", "ADV001", "--report-dir", "reports", *paths, cwd=cwd)
    assert result.returncode in (0, 1), result.stderr
    return result


def apply(cwd, *args):
    return run_cli("apply", "--isolated", *args, cwd=cwd)


def load(path):
    return tomllib.loads(path.read_text(encoding="utf-8"))


def dump(path, data):
    path.write_text(tomli_w.dumps(data), encoding="utf-8")


@pytest.fixture
def reviewed(tmp_path):
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    check_reports(tmp_path, "a.txt")
    report = tmp_path / "reports" / "a.txt.toml"
    assert len(load(report)["findings"]) == 3
    return tmp_path, report


def test_applies_exactly_the_kept_suggestions(reviewed):
    folder, report = reviewed
    data = load(report)
    first, second, third = data["findings"]
    del second["fix"]  # rejected: the marker stays
    third["fix"]["edits"][0]["content"] = " [ad removed]"  # changed by the curator
    del third["after"]  # the preview no longer holds
    data["findings"] = [first, second, third]
    dump(report, data)
    result = apply(folder, "reports")
    assert result.returncode == 0, result.stderr
    expected = TEXT
    for edit in sorted([first["fix"]["edits"][0], third["fix"]["edits"][0]], key=lambda e: -e["start_offset"]):
        expected = expected[:edit["start_offset"]] + edit["content"] + expected[edit["end_offset"]:]
    assert expected.startswith("Shares rose 4% on Monday. The firm said little.\n"
                               "Rain fell all day. Advertisement Roads closed by noon.\n")
    assert "[ad removed]" in expected
    assert (folder / "a.txt").read_text("utf-8") == expected
    assert "Applied 2 fixes" in result.stderr
    assert result.stdout.count("a.txt:") == 2


def test_deleted_findings_are_not_applied(reviewed):
    folder, report = reviewed
    data = load(report)
    data["findings"] = data["findings"][1:2]
    dump(report, data)
    assert apply(folder, str(report)).returncode == 0
    assert (folder / "a.txt").read_text("utf-8") == TEXT.replace("Rain fell all day. Advertisement ",
                                                                  "Rain fell all day. ")


def test_unchanged_report_applies_everything_like_fix(reviewed, tmp_path_factory):
    folder, report = reviewed
    assert apply(folder, "reports").returncode == 0
    twin = tmp_path_factory.mktemp("twin")
    (twin / "a.txt").write_text(TEXT, encoding="utf-8")
    run_cli("check", "--isolated", "--select", "ADV001", "--fix", "a.txt", cwd=twin)
    assert (folder / "a.txt").read_bytes() == (twin / "a.txt").read_bytes()


def test_changed_file_is_refused_and_nothing_is_written(reviewed):
    folder, report = reviewed
    (folder / "b.txt").write_text(TEXT, encoding="utf-8")
    check_reports(folder, "b.txt")
    edited = TEXT.replace("Monday", "Tuesday")
    (folder / "a.txt").write_text(edited, encoding="utf-8")
    result = apply(folder, "reports")
    assert result.returncode == 2
    assert "a.txt changed since the report was written" in result.stderr
    assert "nothing applied" in result.stderr
    assert (folder / "a.txt").read_text("utf-8") == edited
    assert (folder / "b.txt").read_text("utf-8") == TEXT  # its report was fine, but all-or-nothing


def test_applying_twice_is_refused(reviewed):
    folder, _ = reviewed
    assert apply(folder, "reports").returncode == 0
    once = (folder / "a.txt").read_bytes()
    again = apply(folder, "reports")
    assert again.returncode == 2 and "changed since the report" in again.stderr
    assert (folder / "a.txt").read_bytes() == once


def test_overlapping_edits_are_refused(reviewed):
    folder, report = reviewed
    data = load(report)
    first = data["findings"][0]
    edit = first["fix"]["edits"][0]
    clash = {"start_offset": edit["start_offset"] + 2, "end_offset": edit["end_offset"] + 3, "content": "x"}
    data["findings"].append({"code": "ADV001", "line": 1, "column": 9,
                             "fix": {"applicability": "unsafe", "title": "Other", "edits": [clash]}})
    dump(report, data)
    result = apply(folder, "reports")
    assert result.returncode == 2
    assert "overlapping edits" in result.stderr and "finding #1" in result.stderr and "finding #4" in result.stderr
    assert (folder / "a.txt").read_text("utf-8") == TEXT


def test_identical_edits_from_two_findings_apply_once(reviewed):
    folder, report = reviewed
    data = load(report)
    data["findings"] = [data["findings"][0], json.loads(json.dumps(data["findings"][0]))]
    dump(report, data)
    assert apply(folder, "reports").returncode == 0
    assert (folder / "a.txt").read_text("utf-8").startswith("Shares rose 4% on Monday. The firm said little.\n")


def test_after_edited_instead_of_edits_is_refused(reviewed):
    folder, report = reviewed
    data = load(report)
    data["findings"][0]["after"] = "Shares rose 4% on Monday; the firm said little."
    dump(report, data)
    result = apply(folder, "reports")
    assert result.returncode == 2
    assert "'after' preview does not match its edits" in result.stderr
    assert (folder / "a.txt").read_text("utf-8") == TEXT


def test_unsafe_and_display_only_suggestions_left_in_are_applied(tmp_path):
    text = "One sentence here. Another one there.\n"
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    report = tmp_path / "a.txt.toml"
    start = text.index("Another")
    dump(report, {"path": "a.txt", "sha256": hashlib.sha256(text.encode()).hexdigest(), "findings": [
        {"code": "X001", "fix": {"applicability": "display-only", "title": "Shout",
                                 "edits": [{"start_offset": 0, "end_offset": 3, "content": "ONE"}]}},
        {"code": "X002", "fix": {"applicability": "unsafe", "title": "Swap",
                                 "edits": [{"start_offset": start, "end_offset": start + 7, "content": "A second"}]}},
    ]})
    result = apply(tmp_path, str(report))
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "a.txt").read_text("utf-8") == "ONE sentence here. A second one there.\n"
    assert "[display-only]" in result.stdout and "[unsafe]" in result.stdout
    assert "(1 unsafe, 1 display-only)" in result.stderr


def test_dry_run_writes_nothing(reviewed):
    folder, _ = reviewed
    result = apply(folder, "--dry-run", "reports")
    assert result.returncode == 0
    assert "Would apply 3 fixes" in result.stderr
    assert (folder / "a.txt").read_text("utf-8") == TEXT


def test_jsonl_rewrites_only_the_text_of_changed_records(tmp_path):
    lines = ['{"id": 1, "text": "Shares rose. Advertisement The firm said little.", "url": "https://x.test/a"}\n',
             '{"text": "Quiet day. Advertisement Nothing else.",   "id": 2}\n',
             '{"id": 3, "text": "Caf\\u00e9 news. Advertisement More news."}\n']
    (tmp_path / "r.jsonl").write_text("".join(lines), encoding="utf-8")
    check_reports(tmp_path, "r.jsonl")
    report = tmp_path / "reports" / "r.jsonl.toml"
    data = load(report)
    assert [f["record"] for f in data["findings"]] == [0, 1, 2]
    data["findings"] = [data["findings"][0], data["findings"][2]]
    dump(report, data)
    assert apply(tmp_path, "reports").returncode == 0
    out = (tmp_path / "r.jsonl").read_text("utf-8").splitlines(keepends=True)
    assert out[1] == lines[1]  # not kept: byte for byte
    assert json.loads(out[0]) == {"id": 1, "text": "Shares rose. The firm said little.", "url": "https://x.test/a"}
    assert out[0].startswith('{"id": 1, "text": ') and out[0].endswith('"url": "https://x.test/a"}\n')
    assert json.loads(out[2])["text"] == "Café news. More news."
    assert "\\u00e9" in out[2]  # the record's own escaping style is kept


@pytest.mark.parametrize("mutate, message", [
    (lambda d: d.__setitem__("sha256", 5), "'sha256' must be a string"),
    (lambda d: d.pop("path"), "not a newslint report"),
    (lambda d: d["findings"][0]["fix"]["edits"][0].__setitem__("start_offset", "3"),
     "finding #1 (ADV001 at 1:27): edit 1: start_offset must be an integer"),
    (lambda d: d["findings"][0]["fix"]["edits"][0].__setitem__("replacement", "x"), "unknown key 'replacement'"),
    (lambda d: d["findings"][0]["fix"].__setitem__("edits", []), "fix.edits must be a non-empty array"),
    (lambda d: d["findings"][0]["fix"].__setitem__("applicability", "maybe"), "applicability must be one of"),
    (lambda d: d["findings"][0]["fix"]["edits"][0].__setitem__("end_offset", 10 ** 6), "beyond the end of the text"),
    (lambda d: d["findings"][0].__setitem__("text", "Something else"), "is not what the file holds"),
    (lambda d: d.__setitem__("path", "missing.txt"), "file missing.txt not found"),
])
def test_bad_reports_are_refused_with_the_report_and_finding_named(reviewed, mutate, message):
    folder, report = reviewed
    data = load(report)
    mutate(data)
    dump(report, data)
    result = apply(folder, "reports")
    assert result.returncode == 2
    assert message in result.stderr, result.stderr
    assert re.search(r"reports/a\.txt\.toml", result.stderr)
    assert "Traceback" not in result.stderr
    assert (folder / "a.txt").read_text("utf-8") == TEXT


def test_no_reports_is_an_error(tmp_path):
    (tmp_path / "empty").mkdir()
    result = apply(tmp_path, "empty")
    assert result.returncode == 2 and "no reports found" in result.stderr
    assert apply(tmp_path, "nope.toml").returncode == 2


def test_report_of_a_file_with_a_bom_keeps_the_bom(tmp_path):
    (tmp_path / "a.txt").write_bytes("\ufeff".encode() + TEXT.encode())
    check_reports(tmp_path, "a.txt")
    assert apply(tmp_path, "reports").returncode == 0
    data = (tmp_path / "a.txt").read_bytes()
    assert data.startswith("\ufeff".encode()) and b"Advertisement" not in data
