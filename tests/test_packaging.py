"""The built distributions hold what the source tree holds, and the installed wheel works outside the repo.

``rules/`` installs as ``newslint.rules`` through a setuptools ``package-dir``
mapping (STYLE.md section 3). Its traps are silent: a subpackage left out of
``packages`` vanishes from the wheel, and a repo-root ``sys.path`` entry hides a
broken install. So this builds the sdist and, from it, the wheel (``python -m
build``) from a copy of the working tree, compares the wheel with the tree, and
installs it in a fresh virtual environment that runs from a temp folder.
"""

from __future__ import annotations

import json
import sys
import tarfile
import tomllib
import venv
import zipfile
from configparser import ConfigParser
from pathlib import Path

import pytest

from plugins.support import pip, run, snapshot_worktree

pytestmark = pytest.mark.slow

# Run inside the installed environment: where newslint comes from, what `import rules` does, the packs.
PROBE = r"""
import importlib.metadata as md, importlib.resources as res, json, newslint
try:
    import rules
    rules_import = "imported " + rules.__file__
except ImportError as exc:
    rules_import = type(exc).__name__
print(json.dumps({
    "newslint": newslint.__file__,
    "rules_import": rules_import,
    "packs": sorted(p.name for p in res.files("newslint.rules.packs").iterdir() if p.name.endswith(".toml")),
    "entry_points": sorted(f"{ep.name} = {ep.value}" for ep in md.entry_points(group="newslint")),
}))
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """(source tree, sdist, wheel) built from a snapshot of the working tree."""
    root = tmp_path_factory.mktemp("packaging")
    source = snapshot_worktree(root / "source")
    run([sys.executable, "-m", "build", "--outdir", root / "dist", source], timeout=600)
    (sdist,) = (root / "dist").glob("*.tar.gz")
    (wheel,) = (root / "dist").glob("*.whl")
    return source, sdist, wheel


@pytest.fixture(scope="module")
def wheel_names(built) -> list[str]:
    with zipfile.ZipFile(built[2]) as archive:
        return archive.namelist()


@pytest.fixture(scope="module")
def dist_info(built, wheel_names):
    """name -> text of the wheel's .dist-info files."""
    with zipfile.ZipFile(built[2]) as archive:
        return {name.split("/", 1)[1]: archive.read(name).decode() for name in wheel_names
                if name.split("/", 1)[0].endswith(".dist-info")}


@pytest.fixture(scope="module")
def installed(built, tmp_path_factory):
    """A fresh virtual environment with only the wheel (and its dependencies) installed; its bin folder."""
    root = tmp_path_factory.mktemp("venv")
    venv.create(root / "env", with_pip=False)  # the test environment's pip installs into it
    bin_dir = root / "env" / ("Scripts" if sys.platform == "win32" else "bin")
    pip("install", "--quiet", built[2], python=bin_dir / "python")
    return bin_dir


@pytest.fixture
def outside(tmp_path):
    """A working folder far from the checkout, so nothing resolves to the source tree."""
    return tmp_path


def test_wheel_holds_only_the_newslint_package(wheel_names):
    tops = {name.split("/", 1)[0] for name in wheel_names}
    assert {top for top in tops if not top.endswith(".dist-info")} == {"newslint"}
    assert not any(name.startswith("rules/") for name in wheel_names)
    assert "newslint/rules/__init__.py" in wheel_names


def test_wheel_holds_every_module_and_pack_of_the_source_tree(built, wheel_names):
    source = built[0]
    expected = {f"newslint/{path.relative_to(source / 'newslint').as_posix()}"
                for pattern in ("*.py", "*.toml") for path in (source / "newslint").rglob(pattern)}
    expected |= {f"newslint/rules/{path.relative_to(source / 'rules').as_posix()}"
                 for path in (source / "rules").rglob("*.py") if "__pycache__" not in path.parts}
    expected |= {f"newslint/rules/packs/{path.name}" for path in (source / "rules" / "packs").glob("*.toml")}
    packaged = {name for name in wheel_names if name.endswith((".py", ".toml"))}
    missing = expected - packaged
    assert not missing, f"left out of the wheel (add the package to [tool.setuptools] packages): {sorted(missing)}"
    assert packaged == expected, f"in the wheel but not in the source tree: {sorted(packaged - expected)}"


def test_every_subfolder_of_rules_is_a_listed_package(built):
    """A subpackage of rules/ left out of [tool.setuptools] packages silently vanishes from the wheel."""
    folders = {path.name for path in (built[0] / "rules").iterdir() if path.is_dir()} - {"__pycache__"}
    with open(built[0] / "pyproject.toml", "rb") as handle:
        listed = set(tomllib.load(handle)["tool"]["setuptools"]["packages"])
    assert {f"newslint.rules.{folder}" for folder in folders} <= listed
    assert folders >= {"packs", "support"}


def test_top_level_is_newslint(dist_info):
    assert dist_info["top_level.txt"].split() == ["newslint"]


def test_entry_points_list_every_rule_module(built, dist_info):
    parser = ConfigParser(delimiters=("=",))
    parser.optionxform = str  # entry point names keep their case
    parser.read_string(dist_info["entry_points.txt"])
    assert parser["console_scripts"]["newslint"].strip() == "newslint.cli:main"
    modules = {value.strip() for value in parser["newslint"].values()}
    assert all(module.startswith("newslint.rules.") for module in modules), modules
    rule_modules = {f"newslint.rules.{path.stem}" for path in (built[0] / "rules").glob("*.py")
                    if path.stem != "__init__"}
    assert modules == rule_modules, ("entry points and rules/ modules differ (a new module needs a line in "
                                     "[project.entry-points.newslint] and `pip install -e .`): "
                                     f"{sorted(modules ^ rule_modules)}")
    with open(built[0] / "pyproject.toml", "rb") as handle:
        declared = tomllib.load(handle)["project"]["entry-points"]["newslint"]
    assert {name: value.strip() for name, value in parser["newslint"].items()} == declared


def test_sdist_keeps_rules_at_its_source_path(built):
    with tarfile.open(built[1]) as archive:
        names = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}
    assert {"pyproject.toml", "rules/__init__.py", "newslint/__init__.py", "README.md"} <= names
    packs = {f"rules/packs/{path.name}" for path in (built[0] / "rules" / "packs").glob("*.toml")}
    assert packs <= names, sorted(packs - names)


def test_installed_wheel_imports_from_site_packages_and_not_rules(built, installed, outside):
    probe = json.loads(run([installed / "python", "-c", PROBE], cwd=outside).stdout)
    assert Path(probe["newslint"]).is_relative_to(installed.parent), probe["newslint"]
    assert probe["rules_import"] == "ModuleNotFoundError"
    assert probe["packs"] == sorted(path.name for path in (built[0] / "rules" / "packs").glob("*.toml"))
    assert probe["entry_points"], "no entry points in group newslint"


def test_installed_cli_lists_and_runs_the_rules(built, installed, outside):
    proc = run([installed / "newslint", "rules", "--output-format", "json"], cwd=outside)
    listed = {rule["code"]: rule for rule in json.loads(proc.stdout)}
    from conftest import installed_app  # the rules of the development install, for comparison

    builtin = {rule.code for rule in installed_app().registry if rule.__module__.startswith("newslint.rules.")}
    assert builtin <= set(listed), sorted(builtin - set(listed))
    assert all(listed[code]["plugin"] == "newslint" for code in builtin)

    (outside / "dirty.txt").write_text("The vote is on Monday. Advertisement Polls open at seven.\n",
                                       encoding="utf-8")
    (outside / "clean.txt").write_text("The vote is on Monday. Polls open at seven.\n", encoding="utf-8")
    dirty = run([installed / "newslint", "check", "--output-format", "json", "dirty.txt"], cwd=outside,
                check=False)
    assert dirty.returncode == 1, dirty.stderr
    assert [finding["code"] for finding in json.loads(dirty.stdout)] == ["ADV001"]
    clean = run([installed / "newslint", "check", "clean.txt"], cwd=outside, check=False)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    version = run([installed / "newslint", "--version"], cwd=outside).stdout
    with open(built[0] / "pyproject.toml", "rb") as handle:
        assert version.split() == ["newslint", tomllib.load(handle)["project"]["version"]]
