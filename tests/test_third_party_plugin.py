"""A third-party plugin, built as its own wheel and installed beside newslint, behaves like a built-in rule.

The distributions in ``tests/plugins/`` are built with pip into wheels in a temp
folder and installed with ``pip install --target`` into one folder each. The CLI
runs as a subprocess with those folders on ``PYTHONPATH``: ``importlib.metadata``
finds their entry points on ``sys.path``, exactly as it finds a plugin installed in
a virtual environment (and as it finds newslint's own rules).
"""

from __future__ import annotations

import json
import os
import shutil

import pytest

from conftest import run_cli
from plugins.support import PLUGIN_SOURCES, build_wheels, pip

pytestmark = pytest.mark.slow

PLUGINS = {
    "example": "newslint-example-plugin",
    "crashing": "newslint-crashing-plugin",
    "unimportable": "newslint-unimportable-plugin",
}

# Placeholder text (the plugin's EXA001) and an ad marker (built-in ADV001) in one article.
ARTICLE = (
    "The museum reopens in May after two years of repairs. Advertisement The new galleries hold the "
    "city's collection of maps.\n\n"
    "Lorem ipsum dolor sit amet, consectetur adipiscing elit.\n\n"
    "Tickets go on sale next week.\n"
)


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> dict[str, str]:
    """Plugin name -> the folder it is installed in."""
    root = tmp_path_factory.mktemp("third-party")
    sources = []
    for distribution in PLUGINS.values():  # build from a copy: no build/ or egg-info in the checkout
        sources.append(shutil.copytree(PLUGIN_SOURCES / distribution, root / "src" / distribution))
    wheels = build_wheels(sources, root / "wheels")
    assert len(wheels) == len(PLUGINS), wheels
    installed = {"pycache": str(root / "pycache")}
    for name, distribution in PLUGINS.items():
        wheel = next(w for w in wheels if w.name.startswith(distribution.replace("-", "_") + "-"))
        installed[name] = str(root / "site" / name)
        pip("install", "--quiet", "--no-deps", "--no-index", "--target", installed[name], wheel)
    return installed


@pytest.fixture
def article(tmp_path):
    path = tmp_path / "article.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def newslint(sites, *args, plugins=("example",), cwd=None):
    """Run the CLI with the given plugins installed (and nothing else of ours on the path)."""
    paths = [sites[name] for name in plugins]
    if os.environ.get("PYTHONPATH"):
        paths.append(os.environ["PYTHONPATH"])
    # bytecode in a temp folder, even under PYTHONDONTWRITEBYTECODE: each run then skips compiling newslint
    return run_cli(*args, cwd=cwd, env={"PYTHONPATH": os.pathsep.join(paths), "PYTHONDONTWRITEBYTECODE": "",
                                        "PYTHONPYCACHEPREFIX": sites["pycache"]})


def codes_of(proc) -> list[str]:
    return sorted(finding["code"] for finding in json.loads(proc.stdout))


def test_plugins_lists_the_plugin_with_its_version(sites, tmp_path):
    proc = newslint(sites, "plugins", "--output-format", "json", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    entries = {entry["name"]: entry for entry in json.loads(proc.stdout)}
    assert entries["example"]["distribution"] == "newslint-example-plugin"
    assert entries["example"]["version"] == "1.2.3"
    assert entries["example"]["module"] == "newslint_example_plugin"
    assert entries["stray-advertisement"]["distribution"] == "newslint"  # built-ins come the same way
    text = newslint(sites, "plugins", cwd=tmp_path).stdout
    assert any(line.split()[:3] == ["example", "newslint-example-plugin", "1.2.3"] for line in text.splitlines())


def test_plugins_lists_the_rules_of_a_plugin_package(sites, tmp_path):
    proc = newslint(sites, "plugins", "--output-format", "json", cwd=tmp_path)
    entries = {entry["name"]: entry for entry in json.loads(proc.stdout)}
    assert entries["example"]["rules"] == ["EXA001"]


def test_rules_lists_the_plugin_rule_in_its_own_category(sites, tmp_path):
    proc = newslint(sites, "rules", "--output-format", "json", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    rules = {rule["code"]: rule for rule in json.loads(proc.stdout)}
    assert rules["EXA001"]["name"] == "placeholder-text"
    assert rules["EXA001"]["category"] == "placeholder"
    assert rules["EXA001"]["plugin"] == "newslint-example-plugin"
    assert rules["EXA001"]["summary"] == "Template placeholder text published in place of an article's copy."
    assert rules["ADV001"]["plugin"] == "newslint"
    page = newslint(sites, "rule", "EXA001", cwd=tmp_path)
    assert page.returncode == 0, page.stderr
    assert "Plugin: newslint-example-plugin" in page.stdout and "## What it does" in page.stdout


def test_check_runs_the_plugin_alongside_the_builtins(sites, article):
    proc = newslint(sites, "check", "--output-format", "json", str(article), cwd=article.parent)
    assert proc.returncode == 1, proc.stderr
    findings = json.loads(proc.stdout)
    assert sorted(f["code"] for f in findings) == ["ADV001", "EXA001"]
    placeholder = next(f for f in findings if f["code"] == "EXA001")
    assert ARTICLE[placeholder["start_offset"]:placeholder["end_offset"]] == "Lorem ipsum dolor sit amet"
    assert placeholder["category"] == "placeholder"


def test_select_runs_only_the_plugin_rule(sites, article):
    for selector in ("EXA001", "placeholder"):  # by code, and by the category the plugin registered
        proc = newslint(sites, "check", "--output-format", "json", "--select", selector, str(article))
        assert proc.returncode == 1, (selector, proc.stderr)
        assert codes_of(proc) == ["EXA001"], selector


def test_ignore_drops_the_plugin_rule(sites, article):
    proc = newslint(sites, "check", "--output-format", "json", "--ignore", "EXA001", str(article))
    assert proc.returncode == 1, proc.stderr
    assert codes_of(proc) == ["ADV001"]
    proc = newslint(sites, "check", "--output-format", "json", "--select", "EXA001", "--ignore", "EXA001",
                    str(article))
    assert proc.returncode == 0, proc.stderr
    assert codes_of(proc) == []


def test_configuration_extends_the_plugin_vocabulary(sites, tmp_path):
    (tmp_path / "newslint.toml").write_text('[rules.placeholder-text]\nextend-phrases = ["insert quote here"]\n',
                                            encoding="utf-8")
    (tmp_path / "draft.txt").write_text("The mayor spoke first. Insert quote here.\n", encoding="utf-8")
    proc = newslint(sites, "check", "--output-format", "json", "--select", "EXA001", "draft.txt", cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    assert [f["start_offset"] for f in json.loads(proc.stdout)] == [23]


def test_without_the_plugin_its_rule_is_unknown(sites, article):
    proc = newslint(sites, "check", "--select", "EXA001", str(article), plugins=())
    assert proc.returncode == 2
    assert "EXA001" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_a_rule_that_raises_is_reported_and_the_others_still_run(sites, article):
    proc = newslint(sites, "check", "--output-format", "json", str(article), plugins=("example", "crashing"))
    assert proc.returncode == 2
    assert codes_of(proc) == ["ADV001", "EXA001"]
    assert (f"rule CRA001 (crashing-rule) failed on {article}: RuntimeError: the example plugin's rule has a bug"
            in proc.stderr), proc.stderr
    assert "Traceback" not in proc.stderr


def test_a_plugin_that_fails_to_import_is_a_clear_error(sites, article):
    for args in (("check", str(article)), ("rules",)):
        proc = newslint(sites, *args, plugins=("example", "unimportable"))
        assert proc.returncode == 2, args
        assert proc.stderr.startswith("newslint: error: plugin 'unimportable' from newslint-unimportable-plugin "
                                      "0.1.0 failed to load"), proc.stderr
        assert "ModuleNotFoundError" in proc.stderr and "newslint_missing_dependency" in proc.stderr
        assert "Traceback" not in proc.stderr
        assert proc.stdout == ""
