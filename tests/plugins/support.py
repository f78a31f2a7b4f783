"""Helpers shared by the slow tests that build, install and run newslint for real.

- :func:`snapshot_worktree` copies the checkout as it stands (tracked files plus new
  files git does not ignore) so builds and hook installs see exactly the code under
  test, without writing ``build/`` or ``*.egg-info`` into the shared checkout.
- :func:`git_repo` makes a throwaway git repository with a local identity.
- :func:`build_wheels` and :func:`pip` drive pip as a subprocess.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
PLUGIN_SOURCES = Path(__file__).resolve().parent

# Git variables that point git at another repository; a test run from inside a git hook
# inherits them and must not act on the outer repository (pre-commit drops them the same way).
_GIT_KEEP = {"GIT_EXEC_PATH", "GIT_SSH", "GIT_SSH_COMMAND", "GIT_SSL_CAINFO", "GIT_SSL_NO_VERIFY",
             "GIT_HTTP_PROXY_AUTHMETHOD", "GIT_ALLOW_PROTOCOL", "GIT_ASKPASS"}


def clean_env(**extra: str) -> dict[str, str]:
    """The environment for subprocesses: no colours, no progress bars, no outer git repository."""
    env = {key: value for key, value in os.environ.items()
           if not key.startswith("GIT_") or key in _GIT_KEEP}
    env.update(NO_COLOR="1", NEWSLINT_NO_PROGRESS="1", PIP_DISABLE_PIP_VERSION_CHECK="1")
    env.update(extra)
    return env


def run(cmd: list, *, cwd: Path | str | None = None, env: dict | None = None, check: bool = True,
        timeout: float = 300) -> subprocess.CompletedProcess:
    """Run a command, capturing text output; with ``check``, fail the test showing both streams."""
    proc = subprocess.run([str(part) for part in cmd], cwd=cwd, env=env or clean_env(), capture_output=True,
                          text=True, timeout=timeout)
    if check and proc.returncode != 0:
        raise AssertionError(f"{' '.join(map(str, cmd))} exited {proc.returncode}\n"
                             f"--- stdout\n{proc.stdout}\n--- stderr\n{proc.stderr}")
    return proc


def snapshot_worktree(dest: Path) -> Path:
    """Copy the checkout's working tree to ``dest``: what a clone with these changes committed would hold."""
    if not (REPO / ".git").exists():
        pytest.skip("needs a git checkout of newslint")
    listing = run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=REPO).stdout
    for name in listing.split("\0"):
        source = REPO / name
        if not name or source.is_dir() or not (source.exists() or source.is_symlink()):
            continue  # deleted in the working tree, or a submodule
        target = dest / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target, follow_symlinks=False)
    return dest


def git_repo(path: Path, *, commit: bool = False) -> Path:
    """Make ``path`` a git repository with a local identity; add (and optionally commit) its files."""
    path.mkdir(parents=True, exist_ok=True)
    run(["git", "init", "-q", "-b", "main"], cwd=path)
    for key, value in (("user.name", "newslint tests"), ("user.email", "tests@newslint.invalid"),
                       ("commit.gpgsign", "false"), ("core.autocrlf", "false")):
        run(["git", "config", key, value], cwd=path)
    run(["git", "add", "-A"], cwd=path)
    if commit:
        run(["git", "commit", "-q", "-m", "snapshot"], cwd=path)
    return path


def head(path: Path) -> str:
    return run(["git", "rev-parse", "HEAD"], cwd=path).stdout.strip()


def pip(*args: object, python: str | Path = sys.executable) -> subprocess.CompletedProcess:
    """``pip`` of the test environment; ``python`` names the interpreter to install for."""
    target = [] if str(python) == sys.executable else ["--python", str(python)]
    return run([sys.executable, "-m", "pip", *target, *args])


def build_wheels(sources: list[Path], wheel_dir: Path) -> list[Path]:
    """Build each source folder into a wheel with pip, in isolation as any user's build is (no dependencies).

    The fixture plugins use flit_core, whose small build environment takes a
    fraction of the time setuptools' does.
    """
    pip("wheel", "--quiet", "--no-deps", "--wheel-dir", wheel_dir, *sources)
    return sorted(wheel_dir.glob("*.whl"))
