"""Lint the vocabulary packs like code (as codespell lints its dictionaries).

Runs skip compiling newslint's own pack patterns for speed; this test compiles
every one of them, so a bad pattern never ships.
"""

from __future__ import annotations

import tomllib

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


@pytest.mark.parametrize("code", ["TYP001", "TYP002"])
def test_typo_context_patterns_compile_with_re(code):
    """The typo rules compile their context patterns (word lists expanded, spaces and
    apostrophes widened) only when first used: compile every one of them here."""
    from newslint.app import instantiate_rules
    from newslint.config import Settings
    from newslint.patterns import LazyPattern

    rule = instantiate_rules(installed_app(), Settings(), [code])[0]
    entries = [entry for group in getattr(rule, "contexts", {}).values() for entry in group]
    entries += [confusion for scan in getattr(rule, "scans", ()) for members in scan[2].values()
                for _, confusion in members]
    patterns = [scan[1] for scan in getattr(rule, "scans", ())]
    for entry in entries:
        patterns += [value for name in ("before", "after", "not_before", "not_after", "unless")
                     if isinstance(value := getattr(entry, name, None), LazyPattern)]
    assert patterns, "no pattern found: the test no longer sees the rule's contexts"
    for pattern in patterns:
        assert pattern.compiled.pattern == pattern.source


def test_a_word_list_after_a_quantifier_is_expanded():
    from newslint.rules.support.typo_patterns import expand_lists

    lists = {"nouns": "(?:album|tour)"}
    assert expand_lists("first (?:new )?<nouns>", lists, "t") == "first (?:new )?(?:album|tour)"
    assert expand_lists("(?P<nouns>x)", lists, "t") == "(?P<nouns>x)"  # a named group stays one
