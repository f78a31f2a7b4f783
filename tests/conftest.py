"""Shared fixtures: the installed rules, and in-process lint/fix helpers.

The helpers run the real engine (``newslint.engine.Session``) on a text, with only
the given rules selected, so rule tests exercise exactly what ``newslint check``
runs. Tests that need the command line run it as a subprocess (see ``run_cli``).
"""

from __future__ import annotations

import functools
import os
import subprocess
import sys
from pathlib import Path

import pytest

from newslint.app import build_app, instantiate_rules
from newslint.config import Settings
from newslint.document import Document
from newslint.engine import Session
from newslint.fixer import fix_until_stable

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
NEWSLINT = [sys.executable, "-P", "-m", "newslint"]


@functools.lru_cache(maxsize=1)
def installed_app():
    """The plugins and rules installed in this environment (built once per test run)."""
    return build_app()


@pytest.fixture(scope="session")
def app():
    return installed_app()


@functools.lru_cache(maxsize=256)
def make_session(codes: tuple[str, ...], fix_mode: str | None = None, unsafe: bool = True) -> Session:
    """A session running the given rule selectors with default settings (cached: rules compile once)."""
    app = installed_app()
    settings = Settings(root=REPO)
    selected = sorted({c for selector in codes for c in app.registry.expand(selector)})
    rules = instantiate_rules(app, settings, selected)
    return Session(settings, app.registry, rules, app.input_formats, fix_mode=fix_mode, unsafe_fixes=unsafe)


def lint(text: str, *codes: str, path: str = "case.txt"):
    """Findings of the given rules (selectors) on ``text``, located as the CLI would."""
    session = make_session(tuple(codes))
    session.failures.clear()
    doc = Document(text, path)
    found = session.finalize(doc, session.lint(doc))
    assert not session.failures, [f.describe() + "\n" + f.traceback for f in session.failures]
    return found


def fix(text: str, *codes: str, unsafe: bool = True) -> str:
    """``text`` after ``--fix`` (and ``--unsafe-fixes`` unless ``unsafe=False``) with the given rules."""
    session = make_session(tuple(codes), fix_mode="fix", unsafe=unsafe)
    session.failures.clear()
    final, _, _ = fix_until_stable(Document(text, "case.txt"), session.lint, session.may_apply)
    assert not session.failures, [f.describe() + "\n" + f.traceback for f in session.failures]
    return final.text


def run_cli(*args: str, cwd: Path | str | None = None, input: str | bytes | None = None, env: dict | None = None):
    """Run ``newslint`` as a subprocess; return the CompletedProcess (text mode unless input is bytes)."""
    full_env = dict(os.environ, NO_COLOR="1", NEWSLINT_NO_PROGRESS="1")
    full_env.update(env or {})
    binary = isinstance(input, bytes)
    return subprocess.run([*NEWSLINT, *args], cwd=cwd, input=input, capture_output=True, text=not binary,
                          env=full_env, timeout=300)


def shared_path(*parts: str) -> Path:
    """A path under ../shared, or skip the test when it is absent (a clone without the shared data)."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"shared data not available: {'/'.join(parts)}")
    return path
