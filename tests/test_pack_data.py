"""Lint the vocabulary packs like code (as codespell lints its dictionaries).

Runs skip compiling newslint's own pack patterns for speed; this test compiles
every one of them, so a bad pattern never ships.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from conftest import REPO, installed_app
from newslint.packs import iter_pack_files, read_pack
from newslint.phrases import normalise_phrase

PACKS = sorted((REPO / "rules" / "packs").glob("*.toml"))


def test_there_are_packs():
    assert len(PACKS) >= 10


@pytest.mark.parametrize("path", PACKS, ids=[p.name for p in PACKS])
def test_pack_validates_and_its_patterns_compile(path):
    pack = read_pack(path, installed_app().registry.by_name, compile_patterns=True)
    assert path.name == f"{pack.feeds}.toml", "name the pack after the rule it feeds"
    assert pack.description, "say what the pack holds"


@pytest.mark.parametrize("path", PACKS, ids=[p.name for p in PACKS])
def test_phrase_lists_are_sorted_and_free_of_duplicates(path):
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    rule = installed_app().registry.lookup(data["feeds"])
    for key, spec in rule.pack_fields.items():
        if spec.kind not in ("phrases", "words") or key not in data:
            continue
        items = [normalise_phrase(item) for item in data[key]]
        duplicates = sorted({item for item in items if items.count(item) > 1})
        assert not duplicates, f"{path.name}: {key} repeats {duplicates}"
        assert items == sorted(items), f"{path.name}: keep {key} sorted (a curator finds entries by eye)"


def test_every_rule_with_vocabulary_has_a_pack():
    fed = {tomllib.loads(path.read_text(encoding="utf-8"))["feeds"] for path in PACKS}
    builtin = [r for r in installed_app().registry if r.__module__.startswith("newslint.rules.")]
    missing = [rule.name for rule in builtin if rule.pack_fields and rule.name not in fed]
    assert not missing


def test_a_broken_pattern_is_reported_with_file_and_key(tmp_path):
    from newslint.errors import ConfigError

    bad = tmp_path / "stray-advertisement.toml"
    bad.write_text('feeds = "stray-advertisement"\nmarkers = ["ok"]\n', encoding="utf-8")
    read_pack(bad, installed_app().registry.by_name)
    pack_dir = tmp_path / "house"
    pack_dir.mkdir()
    (pack_dir / "captcha-error.toml").write_text('feeds = "captcha-error"\npatterns = ["unclosed (group"]\n')
    with pytest.raises(ConfigError, match=r"captcha-error.toml: patterns\[0\]: pattern does not compile"):
        for source in iter_pack_files([pack_dir]):
            read_pack(source, installed_app().registry.by_name)
