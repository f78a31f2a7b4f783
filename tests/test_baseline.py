"""Baselines: ``newslint baseline FILE PATH…`` writes one, ``check --baseline FILE`` reports only what is new.

Entries are keyed on content, so edits elsewhere in a file keep them valid; entries
that no longer match are reported (and ``--prune`` removes them). Most tests
select the stray-advertisement rule (ADV001) to pin the behaviour; the seeds test
runs the default rule set, as a user would.
"""

from __future__ import annotations

import json
import shutil
import tomllib

import pytest

from conftest import REPO, run_cli

LINE = "Shares rose 4% on Monday after a long week. Advertisement The firm said little.\n"
OTHER = "Rain fell all day in the north. Advertisement Roads were closed by noon.\n"
PLAIN = "The council met on Tuesday and approved the budget for next year.\n"


def baseline(cwd, *args):
    return run_cli("baseline", "--isolated", "--select", "ADV001", *args, cwd=cwd)


def check(cwd, *args):
    return run_cli("check", "--isolated", "--select", "ADV001", "--output-format", "json", *args, cwd=cwd)


def findings(result):
    return json.loads(result.stdout)


def write(path, text):
    path.write_text(text, encoding="utf-8")


# ---- the seeds workflow -----------------------------------------------------------------


@pytest.fixture
def seeds(tmp_path):
    shutil.copytree(REPO / "seeds", tmp_path / "seeds")
    return tmp_path


def test_seeds_baseline_then_edits_new_defect_and_stale_entry(seeds):
    written = run_cli("baseline", "--isolated", "newslint-baseline.toml", "seeds", cwd=seeds)
    assert written.returncode == 0, written.stderr
    data = tomllib.loads((seeds / "newslint-baseline.toml").read_text(encoding="utf-8"))
    assert data["findings"], "the seeds have findings to record"
    assert all(not entry["path"].startswith("/") for entry in data["findings"])

    def run():
        return run_cli("check", "--isolated", "--baseline", "newslint-baseline.toml", "--output-format", "json",
                       "seeds", cwd=seeds)

    first = run()
    assert first.returncode == 0, first.stdout + first.stderr
    assert findings(first) == []

    # a new paragraph at the top of every file moves every line: the baseline still holds
    for path in sorted((seeds / "seeds").glob("*.txt")):
        write(path, "The editors added this opening paragraph on Friday morning.\n\n" + path.read_text("utf-8"))
    moved = run()
    assert moved.returncode == 0, moved.stdout + moved.stderr
    assert "no longer match" not in moved.stderr

    # a new defect fails the run, and only it is reported (near the top: a tail block's span reaches the end)
    target = sorted((seeds / "seeds").glob("*.txt"))[0]
    opening, rest = target.read_text("utf-8").split("\n\n", 1)
    write(target, opening + "\n\nThe mayor spoke last. Advertisement Nobody answered.\n\n" + rest)
    new = run()
    assert new.returncode == 1
    (finding,) = findings(new)
    assert finding["code"] == "ADV001" and finding["path"].endswith(target.name)

    # fixing the recorded advertisement markers leaves their entries stale, and says so
    adv_entries = [e for e in data["findings"] if e["code"] == "ADV001"]
    assert adv_entries
    fixed = run_cli("check", "--isolated", "--select", "ADV001", "--fix", "seeds", cwd=seeds)
    assert fixed.returncode == 0, fixed.stderr
    stale = run()
    assert stale.returncode == 0
    assert f"{len(adv_entries)} baseline entr" in stale.stderr and "no longer match" in stale.stderr
    assert adv_entries[0]["path"] in stale.stderr


# ---- matching -----------------------------------------------------------------------------


def test_identical_findings_are_counted_not_merged(tmp_path):
    write(tmp_path / "a.txt", LINE + LINE)
    assert baseline(tmp_path, "base.toml", "a.txt").returncode == 0
    entries = tomllib.loads((tmp_path / "base.toml").read_text("utf-8"))["findings"]
    assert len(entries) == 2
    assert check(tmp_path, "--baseline", "base.toml", "a.txt").returncode == 0
    write(tmp_path / "a.txt", LINE + LINE + LINE)
    result = check(tmp_path, "--baseline", "base.toml", "a.txt")
    assert result.returncode == 1
    assert len(findings(result)) == 1


def test_edit_next_to_a_finding_keeps_it_baselined_but_a_new_one_is_new(tmp_path):
    write(tmp_path / "a.txt", PLAIN + LINE + PLAIN)
    baseline(tmp_path, "base.toml", "a.txt")
    edited = PLAIN + LINE.replace("after a long week", "after a very long and tiring week") + PLAIN
    write(tmp_path / "a.txt", edited)
    assert check(tmp_path, "--baseline", "base.toml", "a.txt").returncode == 0
    write(tmp_path / "a.txt", edited + OTHER)
    result = check(tmp_path, "--baseline", "base.toml", "a.txt")
    assert result.returncode == 1
    assert findings(result)[0]["line"] == 4


def test_paths_are_relative_to_the_baseline_file(tmp_path):
    (tmp_path / "corpus").mkdir()
    write(tmp_path / "corpus" / "a.txt", LINE)
    baseline(tmp_path, "base.toml", "corpus")
    entries = tomllib.loads((tmp_path / "base.toml").read_text("utf-8"))["findings"]
    assert [entry["path"] for entry in entries] == ["corpus/a.txt"]
    result = check(tmp_path / "corpus", "--baseline", "../base.toml", "a.txt")
    assert result.returncode == 0, result.stdout + result.stderr


def test_baseline_never_records_line_numbers_or_offsets(tmp_path):
    write(tmp_path / "a.txt", LINE)
    baseline(tmp_path, "base.toml", "a.txt")
    (entry,) = tomllib.loads((tmp_path / "base.toml").read_text("utf-8"))["findings"]
    assert set(entry) == {"path", "code", "fingerprint", "occurrence", "text", "neighbours"}
    assert entry["text"].strip() == "Advertisement" and entry["occurrence"] == 1


def test_jsonl_records_keyed_by_id_survive_reordering(tmp_path):
    write(tmp_path / "newslint.toml", 'select = ["ADV001"]\n[jsonl]\nid-field = "id"\n')
    records = [{"id": "a", "text": LINE}, {"id": "b", "text": OTHER}, {"id": "c", "text": LINE}]
    write(tmp_path / "r.jsonl", "".join(json.dumps(r) + "\n" for r in records))
    assert run_cli("baseline", "base.toml", "r.jsonl", cwd=tmp_path).returncode == 0
    entries = tomllib.loads((tmp_path / "base.toml").read_text("utf-8"))["findings"]
    assert sorted(entry["record-id"] for entry in entries) == ["a", "b", "c"]
    shuffled = [{"id": "new", "text": PLAIN}, records[2], records[0], records[1]]
    write(tmp_path / "r.jsonl", "".join(json.dumps(r) + "\n" for r in shuffled))
    result = run_cli("check", "--baseline", "base.toml", "r.jsonl", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    shuffled.append({"id": "d", "text": LINE})
    write(tmp_path / "r.jsonl", "".join(json.dumps(r) + "\n" for r in shuffled))
    result = run_cli("check", "--baseline", "base.toml", "--output-format", "json", "r.jsonl", cwd=tmp_path)
    assert result.returncode == 1
    assert [f["record"] for f in findings(result)] == [4]


def test_jsonl_without_ids_survives_a_record_inserted_on_top(tmp_path):
    records = [{"text": LINE}, {"text": OTHER}]
    write(tmp_path / "r.jsonl", "".join(json.dumps(r) + "\n" for r in records))
    baseline(tmp_path, "base.toml", "r.jsonl")
    write(tmp_path / "r.jsonl", "".join(json.dumps(r) + "\n" for r in [{"text": PLAIN}, *records]))
    assert check(tmp_path, "--baseline", "base.toml", "r.jsonl").returncode == 0


def test_all_formats_and_statistics_see_the_filtered_findings(tmp_path):
    write(tmp_path / "a.txt", LINE)
    baseline(tmp_path, "base.toml", "a.txt")
    write(tmp_path / "a.txt", LINE + OTHER)
    result = run_cli("check", "--isolated", "--select", "ADV001", "--baseline", "base.toml", "--output-format",
                     "sarif", "--statistics", "a.txt", cwd=tmp_path)
    assert result.returncode == 1
    sarif = json.loads(result.stdout[:result.stdout.rindex("}") + 1])
    assert len(sarif["runs"][0]["results"]) == 1
    assert result.stdout.rstrip().endswith("stray-advertisement") and " 1  ADV001" in result.stdout
    assert "1 finding recorded in the baseline" in result.stderr


# ---- stale entries and pruning -----------------------------------------------------------


def test_stale_entries_are_reported_only_for_what_was_checked(tmp_path):
    write(tmp_path / "a.txt", LINE)
    write(tmp_path / "b.txt", OTHER)
    write(tmp_path / "gone.txt", OTHER)
    baseline(tmp_path, "base.toml", ".")
    write(tmp_path / "a.txt", PLAIN)
    (tmp_path / "gone.txt").unlink()
    only_b = check(tmp_path, "--baseline", "base.toml", "b.txt")
    assert only_b.returncode == 0
    assert "a.txt" not in only_b.stderr  # a.txt was not checked: its entry may still be good
    assert "gone.txt" in only_b.stderr  # a deleted file's entries are stale wherever one looks
    other_rule = run_cli("check", "--isolated", "--select", "NL9", "--baseline", "base.toml", "a.txt", cwd=tmp_path)
    assert "a.txt" not in other_rule.stderr  # ADV001 did not run: its entries are not judged
    everything = check(tmp_path, "--baseline", "base.toml", ".")
    assert "2 baseline entries" in everything.stderr
    assert "a.txt: ADV001 'Advertisement' (occurrence 1)" in everything.stderr


def test_prune_removes_only_stale_entries_and_keeps_notes(tmp_path):
    write(tmp_path / "a.txt", LINE)
    write(tmp_path / "b.txt", OTHER)
    baseline(tmp_path, "base.toml", ".")
    text = (tmp_path / "base.toml").read_text("utf-8")
    text = text.replace('path = "b.txt"', 'path = "b.txt"\nnote = "kept on purpose: ticket 12"')
    write(tmp_path / "base.toml", text)
    write(tmp_path / "a.txt", PLAIN + OTHER)  # a's finding gone, a new one added: prune must not add it
    result = baseline(tmp_path, "--prune", "base.toml", ".")
    assert result.returncode == 0, result.stderr
    assert "Removed 1 stale entry" in result.stderr
    entries = tomllib.loads((tmp_path / "base.toml").read_text("utf-8"))["findings"]
    assert [(e["path"], e.get("note")) for e in entries] == [("b.txt", "kept on purpose: ticket 12")]
    assert check(tmp_path, "--baseline", "base.toml", ".").returncode == 1


# ---- configuration and errors ----------------------------------------------------------------


def test_configured_baseline_applies_and_can_be_switched_off(tmp_path):
    write(tmp_path / "a.txt", LINE)
    write(tmp_path / "newslint.toml", 'select = ["ADV001"]\nbaseline = "base.toml"\n')
    assert run_cli("baseline", "base.toml", "a.txt", cwd=tmp_path).returncode == 0
    assert run_cli("check", "a.txt", cwd=tmp_path).returncode == 0
    assert run_cli("check", "--no-baseline", "a.txt", cwd=tmp_path).returncode == 1


@pytest.mark.parametrize("content, message", [
    ("findings = 3\n", "findings must be an array of tables"),
    ('[[findings]]\npath = "a.txt"\ncode = "ADV001"\nfingerprint = "x"\noccurrence = 1\nline = 4\n',
     "finding #1: unknown key 'line'"),
    ('[[findings]]\npath = "a.txt"\ncode = "ADV001"\noccurrence = 1\n', "finding #1: missing fingerprint"),
    ('[[findings]]\npath = "a.txt"\ncode = "ADV001"\nfingerprint = "x"\noccurrence = "1"\n',
     "occurrence must be an integer"),
    ("format = 99\n", "written by a newer newslint"),
    ("findings = [\n", "invalid TOML"),
])
def test_invalid_baseline_is_a_clear_error(tmp_path, content, message):
    write(tmp_path / "a.txt", LINE)
    write(tmp_path / "base.toml", content)
    result = check(tmp_path, "--baseline", "base.toml", "a.txt")
    assert result.returncode == 2
    assert message in result.stderr and "base.toml" in result.stderr
    assert "Traceback" not in result.stderr


def test_missing_baseline_is_an_error(tmp_path):
    write(tmp_path / "a.txt", LINE)
    result = check(tmp_path, "--baseline", "nope.toml", "a.txt")
    assert result.returncode == 2
    assert "baseline nope.toml not found" in result.stderr


def test_baseline_survives_control_characters(tmp_path):
    record = '{"text": "Odd text\\u0007 here. Advertisement The end\\u001b came."}\n'
    write(tmp_path / "r.jsonl", record)
    assert baseline(tmp_path, "base.toml", "r.jsonl").returncode == 0
    tomllib.loads((tmp_path / "base.toml").read_text("utf-8"))
    assert check(tmp_path, "--baseline", "base.toml", "r.jsonl").returncode == 0


def test_entries_with_lone_surrogates_still_write_valid_toml():
    from newslint.baseline import Entry, dumps

    text = dumps([Entry("r.jsonl", "ADV001", "0" * 20, 1, "Odd \ud800 text\x07")])
    (entry,) = tomllib.loads(text)["findings"]
    assert entry["text"] == "Odd \ufffd text\x07"
