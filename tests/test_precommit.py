"""The pre-commit hooks in ``.pre-commit-hooks.yaml``, run by the real ``pre-commit``.

The hook repository is a snapshot of the working tree committed to a temp git
repository (so the test sees uncommitted work, as ``pre-commit try-repo`` would).
One test runs ``pre-commit try-repo <snapshot> newslint --all-files``, which builds
its own hook environment; the others share one ``PRE_COMMIT_HOME`` through a
``.pre-commit-config.yaml`` naming the snapshot, so the hook environment (a
virtualenv with newslint pip-installed from the snapshot) is built only once more.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest

from plugins.support import REPO, clean_env, git_repo, head, run, snapshot_worktree

HOOK_IDS = ("newslint", "newslint-fix")

# Written for these tests: plain news prose, and the same with ad markers a scraper left in.
CLEAN = (
    "The city council approved its budget on Tuesday after a three-hour debate.\n\n"
    "The plan sets aside money for road repairs, two new libraries and longer opening hours at public "
    "swimming pools. Council members said the changes would take effect in April.\n\n"
    "The council will publish the full plan on its website next week.\n"
)
DIRTY = CLEAN.replace("public swimming pools.", "public swimming pools. Advertisement").replace(
    "\n\nThe council will", "\n\nADVERTISEMENT\n\nThe council will")
CLEAN_RECORD = {"id": "a1", "text": "The budget passed on Tuesday. Road repairs start in April."}
DIRTY_RECORD = {"id": "a1", "text": "The budget passed on Tuesday. Advertisement Road repairs start in April."}


def jsonl(*records: dict) -> str:
    return "".join(json.dumps(record, ensure_ascii=False) + "\n" for record in records)


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory) -> Path:
    return git_repo(snapshot_worktree(tmp_path_factory.mktemp("hook-repo")), commit=True)


@pytest.fixture(scope="module")
def home(tmp_path_factory) -> Path:
    """One pre-commit cache for the module: the hook environment is installed once."""
    return tmp_path_factory.mktemp("pre-commit-home")


def project(path: Path, files: dict[str, str], hook_repo: Path | None = None) -> Path:
    """A throwaway git repository holding ``files`` (staged), configured to use the hooks if given."""
    for name, text in files.items():
        (path / name).parent.mkdir(parents=True, exist_ok=True)
        (path / name).write_text(text, encoding="utf-8")
    if hook_repo is not None:
        hooks = "".join(f"      - id: {hook}\n" for hook in HOOK_IDS)
        (path / ".pre-commit-config.yaml").write_text(
            f"repos:\n  - repo: {hook_repo}\n    rev: {head(hook_repo)}\n    hooks:\n{hooks}", encoding="utf-8")
    return git_repo(path)


def pre_commit(home: Path, cwd: Path, *args: str):
    return run([sys.executable, "-m", "pre_commit", *args, "--color", "never"], cwd=cwd,
               env=clean_env(PRE_COMMIT_HOME=str(home)), check=False, timeout=600)


def test_manifest_is_valid_and_hooks_match_the_files_newslint_reads():
    pytest.importorskip("pre_commit")
    from pre_commit.clientlib import load_manifest

    hooks = {hook["id"]: hook for hook in load_manifest(str(REPO / ".pre-commit-hooks.yaml"))}
    assert set(hooks) == set(HOOK_IDS)
    assert hooks["newslint"]["entry"].split() == ["newslint", "check", "--force-exclude"]
    assert hooks["newslint-fix"]["entry"].split() == ["newslint", "check", "--fix", "--force-exclude"]
    for hook in hooks.values():
        assert hook["language"] == "python" and not hook["require_serial"] and hook["pass_filenames"]
        files = re.compile(hook["files"])
        for name in ("a.txt", "dir/b.md", "c.jsonl", "d.ndjson", "e.text", "f.txt.gz", "g.jsonl.gz"):
            assert files.search(name), name
        for name in ("a.py", "b.json", "c.txt.bak", "d.gz", "pyproject.toml"):
            assert not files.search(name), name


@pytest.mark.slow
def test_try_repo_fails_on_the_seeds_and_names_only_dirty_files(hook_repo, tmp_path):
    files = {f"seeds/{path.name}": path.read_text(encoding="utf-8") for path in sorted((REPO / "seeds").glob("*.txt"))}
    files.update({"clean.txt": CLEAN, "notes/clean.md": CLEAN, "clean.jsonl": jsonl(CLEAN_RECORD),
                  "dirty.txt": DIRTY})
    repo = project(tmp_path / "repo", files)
    proc = pre_commit(tmp_path / "home", repo, "try-repo", str(hook_repo), "newslint", "--all-files")
    out = proc.stdout + proc.stderr
    assert proc.returncode == 1, out
    assert re.search(r"^newslint\.+Failed$", out, re.M), out
    flagged = set(re.findall(r"^(\S+?):\d+:\d+: [A-Z]+\d+ ", out, re.M))
    assert "dirty.txt" in flagged and any(name.startswith("seeds/") for name in flagged), out
    assert not flagged & {"clean.txt", "notes/clean.md", "clean.jsonl"}, flagged
    assert not any(path.suffix == ".yaml" for path in map(Path, flagged))


@pytest.mark.slow
def test_check_hook_passes_on_clean_files(hook_repo, home, tmp_path):
    repo = project(tmp_path, {"a.txt": CLEAN, "docs/b.md": CLEAN, "c.jsonl": jsonl(CLEAN_RECORD)}, hook_repo)
    proc = pre_commit(home, repo, "run", "newslint", "--all-files")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert re.search(r"^newslint\.+Passed$", proc.stdout, re.M), proc.stdout


@pytest.mark.slow
def test_check_hook_fails_on_a_dirty_file_and_changes_nothing(hook_repo, home, tmp_path):
    repo = project(tmp_path, {"clean.txt": CLEAN, "dirty.txt": DIRTY}, hook_repo)
    proc = pre_commit(home, repo, "run", "newslint", "--files", "dirty.txt")
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert re.search(r"^newslint\.+Failed$", proc.stdout, re.M), proc.stdout
    assert "dirty.txt:3:" in proc.stdout and "ADV001" in proc.stdout
    assert (repo / "dirty.txt").read_text(encoding="utf-8") == DIRTY
    assert pre_commit(home, repo, "run", "newslint", "--files", "clean.txt").returncode == 0


@pytest.mark.slow
def test_fix_hook_repairs_then_passes(hook_repo, home, tmp_path):
    repo = project(tmp_path, {"clean.txt": CLEAN, "dirty.txt": DIRTY, "dirty.jsonl": jsonl(DIRTY_RECORD, CLEAN_RECORD)},
                   hook_repo)
    first = pre_commit(home, repo, "run", "newslint-fix", "--all-files")
    assert first.returncode == 1, first.stdout + first.stderr
    assert "files were modified by this hook" in first.stdout
    assert (repo / "dirty.txt").read_text(encoding="utf-8") == CLEAN
    assert (repo / "dirty.jsonl").read_text(encoding="utf-8") == jsonl(CLEAN_RECORD, CLEAN_RECORD)
    assert (repo / "clean.txt").read_text(encoding="utf-8") == CLEAN
    again = pre_commit(home, repo, "run", "--all-files")  # both hooks, on the repaired files
    assert again.returncode == 0, again.stdout + again.stderr
    assert re.search(r"^newslint \(fix\)\.+Passed$", again.stdout, re.M), again.stdout
    assert re.search(r"^newslint\.+Passed$", again.stdout, re.M), again.stdout


@pytest.mark.slow
def test_hooks_honour_the_configured_excludes_for_files_passed_explicitly(hook_repo, home, tmp_path):
    repo = project(tmp_path, {"clean.txt": CLEAN, "archive/dirty.txt": DIRTY,
                              "newslint.toml": 'extend-exclude = ["archive"]\n'}, hook_repo)
    proc = pre_commit(home, repo, "run", "--all-files")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert (repo / "archive" / "dirty.txt").read_text(encoding="utf-8") == DIRTY
    # the file was passed explicitly: without --force-exclude newslint lints what it is given
    direct = run([sys.executable, "-P", "-m", "newslint", "check", "archive/dirty.txt"], cwd=repo, env=clean_env(),
                 check=False)
    assert direct.returncode == 1, direct.stdout + direct.stderr
