"""Contracts every built-in rule keeps: docs, examples, cases, registration."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from conftest import REPO, installed_app, lint
from newslint.diagnostics import FixAvailability
from newslint.rule import Rule

RULES_DIR = REPO / "rules"
CASES_DIR = Path(__file__).parent / "rules"
REQUIRED = ["## What it does", "## Why it matters", "## Example"]
ALLOWED = {"## What it does", "## Why it matters", "## Example", "## Fix safety", "## Options",
           "## Known false positives", "## References"}


def builtin_rules():
    return [rule for rule in installed_app().registry if rule.__module__.startswith("newslint.rules.")]


def rule_ids(rules):
    return [rule.code for rule in rules]


@pytest.mark.parametrize("rule", builtin_rules(), ids=rule_ids(builtin_rules()))
def test_docs_have_the_required_sections_in_order(rule):
    doc = rule.documentation()
    headings = [line.strip() for line in doc.splitlines() if line.startswith("## ")]
    required = REQUIRED + (["## Fix safety"] if rule.fix_availability is not FixAvailability.NONE else [])
    assert [h for h in headings if h in required] == required, f"{rule.code}: headings {headings}"
    assert set(headings) <= ALLOWED, f"{rule.code}: unexpected headings {set(headings) - ALLOWED}"
    assert "Use instead:" in doc.split("## Example", 1)[1], f"{rule.code}: the example needs 'Use instead:'"
    assert doc.splitlines()[0].strip(), f"{rule.code}: the first line is the rule's summary"


def _example_blocks(doc: str) -> tuple[str, str]:
    section = doc.split("## Example", 1)[1].split("\n## ", 1)[0]
    bad, good = section.split("Use instead:", 1)
    fence = re.compile(r"```text\n(.*?)\n```", re.S)
    return fence.search(bad).group(1), fence.search(good).group(1)


@pytest.mark.parametrize("rule", [r for r in builtin_rules() if r.scope == "document"],
                         ids=rule_ids([r for r in builtin_rules() if r.scope == "document"]))
def test_doc_example_triggers_and_use_instead_does_not(rule):
    bad, good = _example_blocks(rule.documentation())
    assert lint(bad + "\n", rule.code), f"{rule.code}: the documented example is not flagged"
    assert not lint(good + "\n", rule.code), f"{rule.code}: the 'Use instead' text is flagged"


@pytest.mark.parametrize("rule", builtin_rules(), ids=rule_ids(builtin_rules()))
def test_every_rule_has_hits_and_look_alikes(rule):
    case_file = CASES_DIR / f"{rule.name}.toml"
    assert case_file.exists(), f"{rule.code}: add {case_file.relative_to(REPO)}"
    data = tomllib.loads(case_file.read_text(encoding="utf-8"))
    assert data["rule"] == rule.name
    assert len(data.get("clean", [])) >= 1
    if rule.scope == "document":  # one document is no corpus: corpus rules are tested in test_corpus_checks.py
        assert len(data.get("hit", [])) >= 1


def test_entry_points_match_rule_modules():
    declared = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["entry-points"]["newslint"]
    modules = {p.stem for p in RULES_DIR.glob("*.py") if p.stem != "__init__"}
    targets = {value.rsplit(".", 1)[1] for value in declared.values()}
    assert targets == modules, ("entry points and rules/ modules differ; after editing pyproject.toml "
                                "re-run `pip install -e .` (entry points are install metadata)")
    installed = {rule.__module__.rsplit(".", 1)[1] for rule in builtin_rules()}
    assert installed <= modules


def test_one_rule_per_module():
    per_module: dict[str, list[str]] = {}
    for rule in builtin_rules():
        per_module.setdefault(rule.__module__, []).append(rule.code)
    assert all(len(codes) == 1 for codes in per_module.values()), per_module


def test_codes_follow_the_category_prefix():
    prefixes: dict[str, set[str]] = {}
    for rule in builtin_rules():
        prefixes.setdefault(rule.category, set()).add(re.match(r"[A-Z]+", rule.code).group())
    assert all(len(p) == 1 for p in prefixes.values()), prefixes


def test_every_module_imports_without_warnings():
    modules = ["newslint." + p.relative_to(REPO / "newslint").with_suffix("").as_posix().replace("/", ".")
               for p in (REPO / "newslint").rglob("*.py") if p.stem not in ("__init__", "__main__")]
    modules += [f"newslint.rules.{p.stem}" for p in RULES_DIR.glob("*.py") if p.stem != "__init__"]
    code = "import importlib\nfor m in %r: importlib.import_module(m)" % modules
    result = subprocess.run([sys.executable, "-P", "-W", "error", "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_rule_base_class_is_subclassed():
    assert all(issubclass(rule, Rule) for rule in builtin_rules())
