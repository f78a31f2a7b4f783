"""Configuration files: discovery, strict validation with the file and key named."""

from __future__ import annotations

import pytest

from conftest import installed_app
from newslint.config import find_config, load_settings, validate_against
from newslint.diagnostics import Severity
from newslint.errors import ConfigError


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_nearest_configuration_wins_and_newslint_toml_beats_pyproject(tmp_path):
    write(tmp_path / "pyproject.toml", "[tool.newslint]\nfail-on = \"error\"\n")
    write(tmp_path / "newslint.toml", "fail-on = \"info\"\n")
    write(tmp_path / "a" / "b" / ".newslint.toml", "fail-on = \"warning\"\n")
    assert find_config(tmp_path) == tmp_path / "newslint.toml"
    assert find_config(tmp_path / "a" / "b") == tmp_path / "a" / "b" / ".newslint.toml"
    assert load_settings(cwd=tmp_path).fail_on is Severity.INFO


def test_pyproject_without_a_newslint_table_is_skipped(tmp_path):
    write(tmp_path / "pyproject.toml", "[project]\nname = 'x'\n")
    assert find_config(tmp_path) != tmp_path / "pyproject.toml"
    write(tmp_path / "pyproject.toml", "[project]\nname = 'x'\n\n[tool.newslint]\n")
    assert find_config(tmp_path) == tmp_path / "pyproject.toml"


def test_isolated_ignores_files(tmp_path):
    write(tmp_path / "newslint.toml", "fail-on = \"info\"\n")
    assert load_settings(isolated=True, cwd=tmp_path).fail_on is Severity.WARNING


@pytest.mark.parametrize(("content", "message"), [
    ("fail-on = \"loud\"\n", "fail-on: unknown severity 'loud'"),
    ("select = \"DON001\"\n", "select must be a list of strings, e.g. ['DON001']"),
    ("force-exclude = \"yes\"\n", "force-exclude must be true or false"),
    ("[per-file-ignores]\n\"*.md\" = \"TYP\"\n", "per-file-ignores.'*.md' must be a list of strings"),
    ("[severity]\nADV001 = 3\n", "severity.ADV001 must be"),
    ("[jsonl]\nfield = \"body\"\n", "jsonl: unknown key 'field' (allowed: text-field, id-field)"),
    ("[verdict]\nrejct = []\n", "verdict: unknown key 'rejct'"),
    ("max-document-size = 0\n", "max-document-size must be a positive integer"),
    ("[rules]\nstray-advertisement = 1\n", "rules must hold one table per rule"),
])
def test_invalid_values_name_file_and_key(tmp_path, content, message):
    path = write(tmp_path / "newslint.toml", content)
    with pytest.raises(ConfigError) as caught:
        load_settings(cwd=tmp_path)
    assert str(path) in str(caught.value)
    assert message in str(caught.value)


@pytest.mark.parametrize(("content", "message"), [
    ("ignore = [\"ADV999\"]\n", "ignore: unknown rule or selector 'ADV999'"),
    ("[severity]\nNOPE = \"error\"\n", "severity: unknown rule or selector 'NOPE'"),
    ("[per-file-ignores]\n\"*.md\" = [\"typos\"]\n", "unknown rule or selector 'typos'"),
    ("[rules.no-such-rule]\nx = 1\n", "rules.no-such-rule: unknown rule 'no-such-rule'"),
    ("[rules.stray-advertisement]\nextend-markerz = [\"x\"]\n", "unknown option 'extend-markerz' for ADV001"),
])
def test_unknown_rules_and_options_are_errors(tmp_path, content, message):
    path = write(tmp_path / "newslint.toml", content)
    settings = load_settings(cwd=tmp_path)
    with pytest.raises(ConfigError) as caught:
        validate_against(settings, installed_app().registry)
    assert str(path) in str(caught.value) and message in str(caught.value)


def test_resolved_configuration_round_trips(tmp_path):
    import tomllib

    import tomli_w

    write(tmp_path / "newslint.toml", "select = [\"ADV\"]\nignore = [\"ADV001\"]\n[jsonl]\ntext-field = \"body\"\n")
    settings = load_settings(cwd=tmp_path)
    dumped = tomllib.loads(tomli_w.dumps(settings.to_toml_dict()))
    assert dumped["select"] == ["ADV"] and dumped["jsonl"]["text-field"] == "body"
