"""Changed-only linting: ``--since REF`` and ``--diff-only`` keep the findings on lines changed since a git ref."""

from __future__ import annotations

import json
import os
import shutil
import subprocess

import pytest

from conftest import run_cli
from newslint.vcs import WHOLE, _overlaps, parse_diff, unquote

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

OLD = "Shares rose 4% on Monday. Advertisement The firm said little.\n"
NEW = "Rain fell all day in the north. Advertisement Roads were closed.\n"
PLAIN = "The council met on Tuesday and approved the budget.\n"
GIT_ENV = {"GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull, "GIT_AUTHOR_NAME": "t",
           "GIT_AUTHOR_EMAIL": "t@example.invalid", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.invalid"}


def git(cwd, *args):
    result = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, env={**os.environ, **GIT_ENV})
    assert result.returncode == 0, result.stderr
    return result.stdout


def check(cwd, *args):
    return run_cli("check", "--isolated", "--select", "ADV001", "--output-format", "json", *args, cwd=cwd,
                   env=GIT_ENV)


def found(result):
    return sorted((f["path"], f["record"] if f["record"] is not None else f["line"]) for f in json.loads(result.stdout))


@pytest.fixture
def repo(tmp_path):
    git(tmp_path, "init", "-q", "-b", "main")
    (tmp_path / "a.txt").write_text(OLD + PLAIN + OLD, encoding="utf-8")
    (tmp_path / "same.txt").write_text(OLD, encoding="utf-8")
    (tmp_path / "r.jsonl").write_text(json.dumps({"text": OLD}) + "\n" + json.dumps({"text": PLAIN}) + "\n",
                                      encoding="utf-8")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "first")
    return tmp_path


def test_only_findings_on_changed_lines_are_kept(repo):
    (repo / "a.txt").write_text(OLD + NEW + OLD, encoding="utf-8")  # line 2 changed
    (repo / "new.txt").write_text(PLAIN + NEW, encoding="utf-8")  # untracked: all of it is new
    (repo / "r.jsonl").write_text(json.dumps({"text": OLD}) + "\n" + json.dumps({"text": NEW}) + "\n",
                                  encoding="utf-8")
    result = check(repo, "--since", "HEAD", ".")
    assert result.returncode == 1, result.stderr
    assert found(result) == [("a.txt", 2), ("new.txt", 2), ("r.jsonl", 1)]
    assert "1 unchanged file skipped" in result.stderr
    assert found(check(repo, ".")) == [("a.txt", 1), ("a.txt", 2), ("a.txt", 3), ("new.txt", 2), ("r.jsonl", 0),
                                       ("r.jsonl", 1), ("same.txt", 1)]


def test_committed_staged_and_unstaged_changes_all_count(repo):
    git(repo, "checkout", "-q", "-b", "topic")
    (repo / "a.txt").write_text(NEW + PLAIN + OLD, encoding="utf-8")
    git(repo, "commit", "-q", "-am", "line 1")
    (repo / "same.txt").write_text(OLD + NEW, encoding="utf-8")
    git(repo, "add", "same.txt")
    (repo / "a.txt").write_text(NEW + PLAIN + NEW, encoding="utf-8")
    assert found(check(repo, "--since", "main", ".")) == [("a.txt", 1), ("a.txt", 3), ("same.txt", 2)]
    assert found(check(repo, "--diff-only", ".")) == [("a.txt", 3), ("same.txt", 2)]


def test_since_uses_the_merge_base(repo):
    git(repo, "checkout", "-q", "-b", "topic")
    (repo / "a.txt").write_text(OLD + PLAIN + NEW, encoding="utf-8")
    git(repo, "commit", "-q", "-am", "topic change")
    git(repo, "checkout", "-q", "main")
    (repo / "same.txt").write_text(NEW, encoding="utf-8")
    git(repo, "commit", "-q", "-am", "main moved on")
    git(repo, "checkout", "-q", "topic")
    # same.txt differs from main only because main changed it: not this branch's change
    assert found(check(repo, "--since", "main", ".")) == [("a.txt", 3)]


def test_no_change_means_no_findings_and_exit_0(repo):
    result = check(repo, "--since", "HEAD", ".")
    assert result.returncode == 0
    assert json.loads(result.stdout) == []


def test_paths_with_spaces_and_quotes(repo):
    for name in ("with space.txt", 'quote"d.txt', "café.txt"):
        (repo / name).write_text(PLAIN + OLD, encoding="utf-8")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "odd names")
    for name in ("with space.txt", 'quote"d.txt', "café.txt"):
        (repo / name).write_text(PLAIN + OLD + NEW, encoding="utf-8")
    assert found(check(repo, "--since", "HEAD", ".")) == sorted([('quote"d.txt', 3), ("café.txt", 3),
                                                                 ("with space.txt", 3)])


def test_subfolder_paths_and_cwd(repo):
    (repo / "sub").mkdir()
    (repo / "sub" / "b.txt").write_text(OLD, encoding="utf-8")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "sub")
    (repo / "sub" / "b.txt").write_text(OLD + NEW, encoding="utf-8")
    assert found(check(repo / "sub", "--since", "HEAD", ".")) == [("b.txt", 2)]
    assert found(check(repo, "--since", "HEAD", "sub/b.txt")) == [("sub/b.txt", 2)]


def test_not_a_git_repository_exits_2(tmp_path):
    (tmp_path / "a.txt").write_text(OLD, encoding="utf-8")
    result = check(tmp_path, "--since", "HEAD", "a.txt", )
    assert result.returncode == 2
    assert "not inside a git repository" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("ref", ["no-such-branch", "--output=x", "HEAD~5"])
def test_bad_ref_exits_2(repo, ref):
    result = check(repo, f"--since={ref}", ".")
    assert result.returncode == 2
    assert "--since:" in result.stderr and "Traceback" not in result.stderr


def test_since_and_diff_only_exclude_each_other(repo):
    assert check(repo, "--since", "HEAD", "--diff-only", ".").returncode == 2


# ---- the diff parser ----------------------------------------------------------------------


def test_parse_diff_ranges_renames_binary_and_quoting():
    diff = "\n".join([
        "diff --git a/f s.txt b/f s.txt",
        "--- a/f s.txt\t",
        "+++ b/f s.txt\t",
        "@@ -2 +2,2 @@ a",
        "-b", "+B", "+c",
        "@@ -9,3 +10,0 @@",
        'diff --git "a/t\\"q.txt" "b/t\\"q.txt"',
        '--- "a/t\\"q.txt"',
        '+++ "b/t\\"q.txt"',
        "@@ -1 +1 @@",
        "diff --git a/old.txt b/new.txt",
        "similarity index 90%",
        "rename from old.txt",
        "rename to new.txt",
        "--- a/old.txt",
        "+++ b/new.txt",
        "@@ -4,0 +5,3 @@",
        "diff --git a/gone.txt b/gone.txt",
        "--- a/gone.txt",
        "+++ /dev/null",
        "@@ -1,2 +0,0 @@",
        "diff --git a/data.jsonl.gz b/data.jsonl.gz",
        "index 1..2 100644",
        "Binary files a/data.jsonl.gz and b/data.jsonl.gz differ",
        '+++ "b/caf\\303\\251.txt"',
        "@@ -0,0 +1 @@",
    ])
    assert parse_diff(diff) == {"f s.txt": [(2, 3)], 't"q.txt': [(1, 1)], "new.txt": [(5, 7)],
                                "data.jsonl.gz": list(WHOLE), "café.txt": [(1, 1)]}


def test_unquote_and_overlap_helpers():
    assert unquote('"a\\tb\\\\c\\"d"') == 'a\tb\\c"d'
    assert unquote("plain name") == "plain name"
    ranges = ((2, 3), (10, 12))
    assert _overlaps(ranges, 3, 5) and _overlaps(ranges, 1, 2) and _overlaps(ranges, 12, 40)
    assert not _overlaps(ranges, 4, 9) and not _overlaps(ranges, 1, 1) and not _overlaps(ranges, 13, 20)
