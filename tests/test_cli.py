"""The command line as users run it: a subprocess, exit codes, output formats, fixing.

These tests select the stray-advertisement rule (ADV001) so that they pin the
engine's behaviour, not the evolving vocabulary of every rule.
"""

from __future__ import annotations

import gzip
import json
import os
import stat
import tomllib

import pytest

from conftest import REPO, run_cli

DIRTY = "Shares rose 4% on Monday. Advertisement The firm said little.\n"
CLEAN = "Shares rose 4% on Monday. The firm said little.\n"


@pytest.fixture
def corpus(tmp_path):
    (tmp_path / "dirty.txt").write_text(DIRTY, encoding="utf-8")
    (tmp_path / "clean.txt").write_text(CLEAN, encoding="utf-8")
    return tmp_path


def check(cwd, *args, **kwargs):
    return run_cli("check", "--isolated", "--select", "ADV001", *args, cwd=cwd, **kwargs)


def test_exit_1_on_findings_and_0_when_clean(corpus):
    assert check(corpus, "dirty.txt").returncode == 1
    assert check(corpus, "clean.txt").returncode == 0


def test_exit_zero_reports_but_passes(corpus):
    result = check(corpus, "--exit-zero", "dirty.txt")
    assert result.returncode == 0
    assert "ADV001" in result.stdout


def test_fail_on_error_lets_warnings_pass(corpus):
    assert check(corpus, "--fail-on", "error", "dirty.txt").returncode == 0
    assert check(corpus, "--fail-on", "info", "dirty.txt").returncode == 1


def test_usage_error_exits_2_with_one_line(corpus):
    result = run_cli("check", "--no-such-flag", cwd=corpus)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    result = run_cli("check", "--isolated", "--select", "NOPE999", "dirty.txt", cwd=corpus)
    assert result.returncode == 2
    assert "unknown rule or selector 'NOPE999'" in result.stderr


def test_json_output_has_exactly_the_contract_fields(corpus):
    result = check(corpus, "--output-format", "json", "dirty.txt")
    findings = json.loads(result.stdout)
    assert len(findings) == 1
    finding = findings[0]
    assert list(finding) == ["path", "record", "code", "name", "category", "severity", "message", "start_offset",
                             "end_offset", "line", "column", "end_line", "end_column", "fix", "verdict"]
    assert finding["path"] == "dirty.txt" and finding["record"] is None
    assert DIRTY[finding["start_offset"]:finding["end_offset"]] == "Advertisement "
    assert (finding["line"], finding["column"], finding["end_line"], finding["end_column"]) == (1, 27, 1, 41)
    assert finding["fix"] == {"applicability": "safe", "title": "Remove the advertisement marker",
                              "edits": [{"start_offset": 26, "end_offset": 40, "content": ""}]}
    assert finding["verdict"] == "review"
    assert "Checked 1 file" in result.stderr  # the summary never pollutes machine output


def test_offsets_are_code_points(tmp_path):
    text = "Über 😀 café. Advertisement Die Aktie fiel.\n"
    (tmp_path / "u.txt").write_text(text, encoding="utf-8")
    finding = json.loads(check(tmp_path, "--output-format", "json", "u.txt").stdout)[0]
    assert text[finding["start_offset"]:finding["end_offset"]] == "Advertisement "
    assert finding["column"] == text.index("Advertisement") + 1


def test_concise_output_one_line_per_finding(corpus):
    result = check(corpus, "--output-format", "concise", "dirty.txt", "clean.txt")
    assert result.stdout.splitlines()[0] == "dirty.txt:1:27: ADV001 [*] Stray advertisement marker 'Advertisement' in the text"
    assert result.stdout.splitlines()[1].startswith("Checked 2 files: 1 finding")


def test_full_output_shows_line_underline_and_change(corpus):
    out = check(corpus, "dirty.txt").stdout
    assert "dirty.txt:1:27: ADV001 [*]" in out
    assert "1 | Shares rose 4% on Monday. Advertisement The firm said little." in out
    assert "  |                           ^^^^^^^^^^^^^^" in out
    assert "= fix: Remove the advertisement marker" in out
    assert "+ Shares rose 4% on Monday. The firm said little." in out


def test_directories_are_walked_in_a_stable_order(tmp_path):
    for name in ("b.txt", "a.md", "sub/c.txt", "sub/skip.py", "notes.rst"):
        path = tmp_path / name
        path.parent.mkdir(exist_ok=True)
        path.write_text(DIRTY, encoding="utf-8")
    result = check(tmp_path, "--output-format", "json", ".")
    assert [f["path"] for f in json.loads(result.stdout)] == ["a.md", "b.txt", os.path.join("sub", "c.txt")]


def test_fix_writes_in_place_and_second_fix_changes_nothing(corpus):
    path = corpus / "dirty.txt"
    first = check(corpus, "--fix", "dirty.txt")
    assert first.returncode == 0, first.stderr
    assert path.read_text(encoding="utf-8") == CLEAN
    assert "Fixed 1 finding" in first.stdout
    before = path.stat().st_mtime_ns
    second = check(corpus, "--fix", "dirty.txt")
    assert second.returncode == 0
    assert path.read_text(encoding="utf-8") == CLEAN
    assert path.stat().st_mtime_ns == before, "a file with nothing to fix must not be rewritten"


def test_fix_keeps_permissions_bom_and_newlines(tmp_path):
    path = tmp_path / "crlf.txt"
    path.write_bytes("\ufeffFirst.\r\n\r\nAdvertisement\r\n\r\nSecond.\r\n".encode("utf-8"))
    path.chmod(0o640)
    assert check(tmp_path, "--fix", "crlf.txt").returncode == 0
    assert path.read_bytes() == "\ufeffFirst.\r\n\r\nSecond.\r\n".encode("utf-8")
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".newslint-tmp")]


def test_diff_prints_a_unified_diff_and_writes_nothing(corpus):
    result = check(corpus, "--diff", "dirty.txt")
    assert "--- a/dirty.txt" in result.stdout and "+++ b/dirty.txt" in result.stdout
    assert "-Shares rose 4% on Monday. Advertisement The firm said little." in result.stdout
    assert "+Shares rose 4% on Monday. The firm said little." in result.stdout
    assert (corpus / "dirty.txt").read_text(encoding="utf-8") == DIRTY


def test_fix_and_diff_together_is_a_usage_error(corpus):
    assert check(corpus, "--fix", "--diff", "dirty.txt").returncode == 2


def test_stdin_is_read_and_fixed_to_stdout(corpus):
    result = check(corpus, "--output-format", "json", "-", input=DIRTY)
    assert json.loads(result.stdout)[0]["path"] == "-"
    result = check(corpus, "--fix", "-", input=DIRTY)
    assert result.stdout == CLEAN
    assert result.returncode == 0


def test_jsonl_fix_rewrites_only_the_text_field_of_changed_records(tmp_path):
    lines = [
        '{"id": 1, "text": "Clean record.", "meta": {"k": [1, 2]}}\n',
        '{"id":2,"text":"It rose. Advertisement It fell.","url":"https:\\/\\/x.example\\/a"}\n',
        '{"text": "Caf\\u00e9 news. Advertisement Prices rose.", "id": 3}\n',
        '\n',
        '{"id": 4, "text": "Also clean."}',
    ]
    path = tmp_path / "corpus.jsonl"
    path.write_text("".join(lines), encoding="utf-8")
    findings = json.loads(check(tmp_path, "--output-format", "json", "corpus.jsonl").stdout)
    assert [f["record"] for f in findings] == [1, 2]
    assert check(tmp_path, "--fix", "corpus.jsonl").returncode == 0
    after = path.read_text(encoding="utf-8").split("\n")
    assert after[0] + "\n" == lines[0]
    assert after[1] == '{"id":2,"text":"It rose. It fell.","url":"https:\\/\\/x.example\\/a"}'
    assert after[2] == '{"text": "Caf\\u00e9 news. Prices rose.", "id": 3}'
    assert after[3] == "" and after[4] == lines[4]


def test_jsonl_text_field_is_configurable(tmp_path):
    (tmp_path / "c.jsonl").write_text('{"body": "It rose. Advertisement It fell."}\n', encoding="utf-8")
    missing = json.loads(check(tmp_path, "--output-format", "json", "c.jsonl").stdout)
    assert [f["code"] for f in missing] == ["NL906"]
    found = json.loads(check(tmp_path, "--output-format", "json", "--text-field", "body", "c.jsonl").stdout)
    assert [f["code"] for f in found] == ["ADV001"]


def test_gzip_is_read_but_never_fixed(tmp_path):
    import gzip

    path = tmp_path / "a.txt.gz"
    path.write_bytes(gzip.compress(DIRTY.encode("utf-8")))
    before = path.read_bytes()
    assert check(tmp_path, "a.txt.gz").returncode == 1
    result = check(tmp_path, "--fix", "a.txt.gz")
    assert "fixes are not written to compressed files" in result.stderr
    assert path.read_bytes() == before
    assert result.returncode == 1


@pytest.mark.parametrize(("name", "content", "code", "expected"), [
    ("latin1.txt", "caf\xe9 au lait\n".encode("latin-1"), "NL902", "invalid UTF-8 at line 1"),
    ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "NL903", "binary file"),
    ("empty.txt", b"", "NL904", "empty file"),
    ("blank.txt", b"  \n\n", "NL904", "empty document"),
    ("broken.jsonl", b'{"text": "ok"}\n{"text": "cut off\n', "NL905", "line 2: malformed JSON"),
    ("list.jsonl", b'["not", "an", "object"]\n', "NL905", "line 1: not a JSON object"),
    ("badutf.jsonl", b'{"text": "caf\xe9"}\n', "NL902", "line 1: invalid UTF-8"),
])
def test_bad_input_is_a_finding_never_a_traceback(tmp_path, name, content, code, expected):
    path = tmp_path / name
    path.write_bytes(content)
    (tmp_path / "ok.txt").write_text(DIRTY, encoding="utf-8")
    result = check(tmp_path, "--output-format", "json", name, "ok.txt")
    assert "Traceback" not in result.stderr
    findings = json.loads(result.stdout)
    assert [f["code"] for f in findings] == [code, "ADV001"], "the run goes on with the other files"
    assert expected in findings[0]["message"]
    assert findings[0]["path"] == name and findings[0]["verdict"] == "reject"
    assert result.returncode == 1
    fixed = check(tmp_path, "--fix", name)
    assert path.read_bytes() == content, "nothing is written to a bad file"
    assert "Traceback" not in fixed.stderr


def test_unreadable_file_is_a_finding(tmp_path):
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "gone.txt")
    (tmp_path / "ok.txt").write_text(DIRTY)
    result = check(tmp_path, "--output-format", "json", "dangling.txt", "ok.txt")
    findings = json.loads(result.stdout)
    assert [(f["code"], f["path"]) for f in findings] == [("NL901", "dangling.txt"), ("ADV001", "ok.txt")]
    assert "cannot read file" in findings[0]["message"] and "Traceback" not in result.stderr


def test_missing_path_is_reported(tmp_path):
    result = check(tmp_path, "--output-format", "json", "missing.txt")
    findings = json.loads(result.stdout)
    assert [(f["code"], f["path"]) for f in findings] == [("NL901", "missing.txt")]
    assert result.returncode == 1


@pytest.mark.parametrize("name", ["big.txt", "big.txt.gz"])
def test_huge_document_is_refused_with_a_clear_message(tmp_path, name):
    (tmp_path / "newslint.toml").write_text("max-document-size = 1\n")
    data = ("word " * 300_000).encode()
    (tmp_path / name).write_bytes(gzip.compress(data) if name.endswith(".gz") else data)
    (tmp_path / "small.txt").write_text("It rose.\n")
    result = run_cli("check", "--select", "ADV001", "--output-format", "json", name, "small.txt", cwd=tmp_path)
    findings = json.loads(result.stdout)
    assert [(f["code"], f["path"]) for f in findings] == [("NL907", name)]
    assert "max-document-size (1 MiB)" in findings[0]["message"]


def test_bad_config_names_the_file_and_key(tmp_path):
    (tmp_path / "newslint.toml").write_text('selct = ["ADV001"]\n')
    (tmp_path / "a.txt").write_text(CLEAN)
    result = run_cli("check", "a.txt", cwd=tmp_path)
    assert result.returncode == 2
    assert "newslint.toml: unknown key 'selct' (did you mean 'select'?)" in result.stderr
    (tmp_path / "newslint.toml").write_text("select = [\n")
    result = run_cli("check", "a.txt", cwd=tmp_path)
    assert result.returncode == 2 and "invalid TOML" in result.stderr and "Traceback" not in result.stderr


def test_pyproject_tool_table_is_found_from_a_subfolder(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "corpus"\n\n[tool.newslint]\nignore = ["ADV001"]\n')
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text(DIRTY)
    result = run_cli("check", "a.txt", cwd=tmp_path / "sub")
    assert result.returncode == 0, result.stdout


def test_cli_overrides_the_configuration(tmp_path):
    (tmp_path / "newslint.toml").write_text('select = ["ADV001"]\n\n[severity]\nADV001 = "info"\n')
    (tmp_path / "a.txt").write_text(DIRTY)
    assert run_cli("check", "a.txt", cwd=tmp_path).returncode == 0  # info is below the default fail-on
    assert run_cli("check", "--fail-on", "info", "a.txt", cwd=tmp_path).returncode == 1
    assert run_cli("check", "--ignore", "ADV001", "--fail-on", "info", "a.txt", cwd=tmp_path).returncode == 0


def test_per_file_ignores_and_excludes(tmp_path):
    (tmp_path / "newslint.toml").write_text(
        'select = ["ADV001"]\nexclude = ["drafts"]\n\n[per-file-ignores]\n"legacy/*.txt" = ["advertisement"]\n')
    for folder in ("legacy", "drafts", "new"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "a.txt").write_text(DIRTY)
    result = run_cli("check", "--output-format", "json", ".", cwd=tmp_path)
    assert [f["path"] for f in json.loads(result.stdout)] == [os.path.join("new", "a.txt")]
    explicit = run_cli("check", "--output-format", "json", "drafts/a.txt", cwd=tmp_path)
    assert len(json.loads(explicit.stdout)) == 1, "an explicitly named file is linted..."
    forced = run_cli("check", "--force-exclude", "--output-format", "json", "drafts/a.txt", cwd=tmp_path)
    assert json.loads(forced.stdout) == [], "...unless force-exclude is set"


def test_rule_options_must_exist(tmp_path):
    (tmp_path / "newslint.toml").write_text('[rules.stray-advertisement]\nextend-markers = ["Werbeblock"]\n'
                                            'colour = "red"\n')
    (tmp_path / "a.txt").write_text(CLEAN)
    result = run_cli("check", "a.txt", cwd=tmp_path)
    assert result.returncode == 2
    assert "unknown option 'colour' for ADV001" in result.stderr


def test_rule_vocabulary_extends_from_configuration(tmp_path):
    (tmp_path / "newslint.toml").write_text('select = ["ADV001"]\n\n[rules.stray-advertisement]\n'
                                            'extend-markers = ["Werbeblock"]\n')
    (tmp_path / "a.txt").write_text("Die Aktie stieg. Werbeblock Der Kurs fiel.\n")
    findings = json.loads(run_cli("check", "--output-format", "json", "a.txt", cwd=tmp_path).stdout)
    assert [f["code"] for f in findings] == ["ADV001"]


def test_report_dir_mirrors_inputs_and_parses_back(corpus):
    (corpus / "sub").mkdir()
    (corpus / "sub" / "deep.txt").write_text(DIRTY)
    result = check(corpus, "--report-dir", "reports", "dirty.txt", "sub")
    assert result.returncode == 1
    report = tomllib.loads((corpus / "reports" / "dirty.txt.toml").read_text(encoding="utf-8"))
    assert report["path"] == "dirty.txt" and len(report["sha256"]) == 64
    assert report["newslint-version"] and report["verdict"] == "review"
    assert report["counts"]["findings"] == 1 and report["counts"]["fixable"] == 1
    finding = report["findings"][0]
    assert finding["code"] == "ADV001" and finding["text"] == "Advertisement "
    assert finding["after"] == "Shares rose 4% on Monday. The firm said little."
    assert finding["fix"]["edits"] == [{"start_offset": 26, "end_offset": 40, "content": ""}]
    assert (corpus / "reports" / "sub" / "deep.txt.toml").exists()


def test_report_dir_never_writes_outside_itself(tmp_path):
    inside = tmp_path / "work"
    inside.mkdir()
    (tmp_path / "outside.txt").write_text(DIRTY)
    check(inside, "--report-dir", "reports", "../outside.txt")
    written = [p for p in (inside / "reports").rglob("*.toml")]
    assert len(written) == 1 and written[0].name == "outside.txt.toml"
    assert "_external" in written[0].parts
    assert not (tmp_path / "outside.txt.toml").exists()


def test_statistics(corpus):
    result = check(corpus, "--statistics", "--output-format", "concise", "dirty.txt")
    assert "     1  ADV001  [*] stray-advertisement" in result.stdout


def test_progress_bar_only_when_asked_or_on_a_terminal(tmp_path):
    for index in range(3):
        (tmp_path / f"{index}.txt").write_text(DIRTY)
    quiet = check(tmp_path, ".")
    assert "files" not in quiet.stderr.replace("3 files", "")
    shown = check(tmp_path, "--progress", "always", ".", env={"NEWSLINT_NO_PROGRESS": ""})
    assert "3/3 files" in shown.stderr or "3 files" in shown.stderr


def test_rules_rule_plugins_and_config_commands(tmp_path):
    listing = run_cli("rules", cwd=tmp_path)
    assert listing.returncode == 0
    header = listing.stdout.splitlines()[0].split()
    assert header == ["CODE", "NAME", "CATEGORY", "SEVERITY", "FIX", "STATUS", "PLUGIN"]
    assert any(line.startswith("ADV001") for line in listing.stdout.splitlines())
    rules = json.loads(run_cli("rules", "--output-format", "json", cwd=tmp_path).stdout)
    assert {"code", "name", "category", "severity", "fix", "status", "plugin", "summary"} <= set(rules[0])
    doc = run_cli("rule", "stray-advertisement", cwd=tmp_path)
    assert doc.returncode == 0 and "## What it does" in doc.stdout and "ADV001" in doc.stdout
    assert run_cli("rule", "ADV001", cwd=tmp_path).stdout == doc.stdout
    unknown = run_cli("rule", "ADV01", cwd=tmp_path)
    assert unknown.returncode == 2 and "did you mean ADV001" in unknown.stderr
    plugins = run_cli("plugins", "--output-format", "json", cwd=tmp_path)
    names = {entry["name"]: entry for entry in json.loads(plugins.stdout)}
    assert names["stray-advertisement"]["distribution"] == "newslint"
    assert names["stray-advertisement"]["rules"] == ["ADV001"]
    config = run_cli("config", "--isolated", cwd=tmp_path)
    assert tomllib.loads(config.stdout)["fail-on"] == "warning"


def test_version(tmp_path):
    import newslint

    result = run_cli("--version", cwd=tmp_path)
    assert result.stdout.strip() == f"newslint {newslint.__version__}"


def test_python_dash_m_runs_outside_the_repo(tmp_path):
    assert REPO not in tmp_path.parents
    assert run_cli("rules", cwd=tmp_path).returncode == 0


def test_a_rejecting_finding_counts_even_when_another_fix_removed_its_text(tmp_path):
    text = ("The vote was close.\n\nRelated Articles\nYahoo\nan hour ago\n- Yahoo\nA headline about the vote\n"
            "The story begins here and goes on. Subscribe to continue reading.\n")
    (tmp_path / "a.txt").write_text(text)
    checked = json.loads(run_cli("check", "--isolated", "--output-format", "json", "a.txt", cwd=tmp_path).stdout)
    assert {f["code"] for f in checked} >= {"REL001", "PAY001"}
    assert {f["verdict"] for f in checked} == {"reject"}
    fixed = run_cli("check", "--isolated", "--fix", "--report-dir", "r", "a.txt", cwd=tmp_path)
    assert "Subscribe" not in (tmp_path / "a.txt").read_text()
    assert tomllib.loads((tmp_path / "r" / "a.txt.toml").read_text())["verdict"] == "reject", fixed.stdout


def test_lone_surrogate_escapes_in_jsonl_are_reported_not_crashed_on(tmp_path):
    path = tmp_path / "s.jsonl"
    path.write_text('{"text": "Broken \\ud800 text. Advertisement It fell."}\n{"text": "It rose. Advertisement It fell."}\n')
    result = check(tmp_path, "--output-format", "json", "s.jsonl")
    findings = json.loads(result.stdout)
    assert [(f["record"], f["code"]) for f in findings] == [(0, "NL902"), (1, "ADV001")]
    assert "lone surrogate" in findings[0]["message"] and "Traceback" not in result.stderr
