"""Every rule's cases: true hits with their exact spans and fixes, and look-alikes left alone.

Case files live in ``tests/rules/<rule-name>.toml``::

    rule = "stray-advertisement"

    [[hit]]
    note = "between two sentences"
    text = '''It rose. Advertisement The shares fell.'''
    spans = ["Advertisement "]          # the exact text of each finding, in order
    fixed = '''It rose. The shares fell.'''   # optional: after --fix --unsafe-fixes

    [[clean]]
    note = "prose about advertising"
    text = '''The advertisement campaign ran for a month.'''

For every hit the harness checks the spans, that the fix gives ``fixed``, that
fixing again changes nothing (idempotence) and that the rule kept its declared fix
availability. For every clean case it checks that the rule reports nothing.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from conftest import fix, installed_app, lint
from newslint.diagnostics import FixAvailability

CASES_DIR = Path(__file__).parent / "rules"
CASE_KEYS = {"hit": {"text", "spans", "fixed", "note", "path"}, "clean": {"text", "note", "path"}}


def _load_cases():
    params = []
    for case_file in sorted(CASES_DIR.glob("*.toml")):
        data = tomllib.loads(case_file.read_text(encoding="utf-8"))
        rule = data["rule"]
        for kind in ("hit", "clean"):
            for index, case in enumerate(data.get(kind, []), 1):
                params.append(pytest.param(rule, kind, case, id=f"{rule}/{kind}-{index}"))
    return params


@pytest.mark.parametrize(("rule_name", "kind", "case"), _load_cases())
def test_rule_case(rule_name, kind, case):
    unknown = set(case) - CASE_KEYS[kind]
    assert not unknown, f"unknown keys in case: {unknown}"
    rule = installed_app().registry.lookup(rule_name)
    assert rule is not None, f"no rule named {rule_name}"
    text = case["text"]
    path = case.get("path", "case.txt")
    found = lint(text, rule.code, path=path)
    spans = [text[d.start_offset:d.end_offset] for d in found]
    note = case.get("note", "")
    if kind == "clean":
        assert spans == [], f"look-alike flagged ({note}): {spans}"
        return
    assert spans == case["spans"], f"{note}: spans differ"
    for diagnostic in found:
        assert diagnostic.message, "every finding needs a message"
        if rule.fix_availability is FixAvailability.NONE:
            assert diagnostic.fix is None, f"{rule.code} declares no fixes but produced one"
        if rule.fix_availability is FixAvailability.ALWAYS:
            assert diagnostic.fix is not None, f"{rule.code} declares a fix for every finding"
        if diagnostic.fix is not None:
            assert diagnostic.fix.title, "every fix needs a title"
    if "fixed" in case:
        once = fix(text, rule.code)
        assert once == case["fixed"], f"{note}: fixed text differs"
        assert fix(once, rule.code) == once, "fixing twice changed the text again"
