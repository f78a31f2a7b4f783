"""README.md says what newslint does; these tests keep it true."""

from __future__ import annotations

import importlib.util
import re
import sys

import pytest

from conftest import REPO, installed_app, run_cli
from newslint.app import build_app, instantiate_rules
from newslint.config import apply_table, validate_against, Settings
from newslint.document import Document

README = (REPO / "README.md").read_text(encoding="utf-8")


def fenced(language: str, fence: str = "```") -> list[str]:
    pattern = re.compile(rf"^{re.escape(fence)}{language}\n(.*?)^{re.escape(fence)}$", re.S | re.M)
    return pattern.findall(README)


def test_readme_starts_with_the_two_commands_and_ci_runs_the_second():
    blocks = fenced("sh")
    assert blocks[0].strip() == "python -m pip install . && newslint check seeds/"
    assert blocks[1].strip() == 'python -m pip install -e ".[test]" && pytest'
    assert README.index(blocks[0]) < README.index(blocks[1]) < README.index("## ")
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert blocks[1].strip() in ci.splitlines()


def test_the_plugin_example_works(tmp_path, monkeypatch):
    source = fenced("python", "~~~")[0]
    module_path = tmp_path / "readme_shouting.py"
    module_path.write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("readme_shouting", module_path)
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, "readme_shouting", module)
    spec.loader.exec_module(module)
    app = build_app(extra_plugins=(module,))
    rule = instantiate_rules(app, Settings(), ["HSE001"])[0]
    doc = rule.documentation()
    bad, good = re.findall(r"```text\n(.*?)\n```", doc, re.S)[:2]
    assert [d.message for d in rule.check(Document(bad))] == ["'EXCLUSIVE REPORT' is shouted"]
    assert list(rule.check(Document(good))) == []


def test_the_configuration_example_is_valid():
    import tomllib

    example = next(block for block in fenced("toml") if "[tool.newslint]" in block)
    table = tomllib.loads(example)["tool"]["newslint"]
    settings = Settings(root=REPO)
    apply_table(settings, table, "README.md")
    validate_against(settings, installed_app().registry)


@pytest.mark.parametrize("code", sorted({code for code in re.findall(r"\b([A-Z]{3}\d{3})\b", README)
                                         if not code.startswith("HSE")}))
def test_every_rule_code_the_readme_names_exists(code):
    assert installed_app().registry.lookup(code) is not None, f"README names {code}, which no rule has"


def test_every_category_is_in_the_readme_table():
    for category in installed_app().registry.categories:
        assert f"| `{category}` |" in README, f"category {category} missing from the README table"


def test_readme_commands_listed_under_checking_run(tmp_path):
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "a.txt").write_text("It rose. Advertisement It fell.\n", encoding="utf-8")
    for args in (["check", "--output-format", "concise", "corpus/"], ["check", "--statistics", "corpus/"],
                 ["check", "--diff", "corpus/"]):
        result = run_cli(*args, cwd=tmp_path)
        assert result.returncode == 1, (args, result.stderr)


def test_the_sample_output_at_the_top_is_what_newslint_prints():
    block = fenced("text")[0]
    command, _, shown = block.partition("\n")
    assert command.startswith("$ newslint ")
    result = run_cli(*command.split()[2:], cwd=REPO)
    printed = "\n".join(line.rstrip() for line in result.stdout.splitlines())
    assert printed == shown.rstrip("\n")
