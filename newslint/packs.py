"""Vocabulary packs: TOML files that feed phrases, patterns and tables to rules.

A pack file names the rule it feeds and sets only keys that rule declares::

    # rules/packs/donation-appeal.toml
    feeds = "donation-appeal"
    description = "Openers of reader-revenue appeals."
    phrases = ["become a member", "support independent journalism"]

Packs come from newslint's own ``rules/packs/`` (through the ``core-packs``
plugin), from plugins (``newslint_register_packs``) and from the ``packs`` key of
the configuration. Every pack feeding a rule is merged into that rule's vocabulary.
Unknown keys, wrong types and patterns that do not compile are errors naming the
file and the key.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newslint.errors import ConfigError
from newslint.rule import PackField, Rule

_RESERVED = {"feeds": str, "description": str}


@dataclass
class Pack:
    """One parsed pack file."""

    origin: str
    feeds: str
    description: str
    fields: dict[str, list] = field(default_factory=dict)


def iter_pack_files(sources: Iterable[Any]) -> Iterable[Any]:
    """Every ``*.toml`` file in the given files and folders, folders in name order."""
    for source in sources:
        if source.is_dir():
            yield from sorted((item for item in source.iterdir() if item.name.endswith(".toml")),
                              key=lambda item: item.name)
        elif source.name.endswith(".toml"):
            yield source
        else:
            raise ConfigError(f"pack source {source} is neither a .toml file nor a folder")


def read_pack(source: Any, rules_by_name: Mapping[str, type[Rule]], wanted: set[str] | None = None,
              compile_patterns: bool = True) -> Pack:
    """Parse and validate one pack file against the rule it feeds.

    Packs feeding a rule outside ``wanted`` (when given) are only checked to name a
    known rule: their values are not validated, since nothing will use them.
    ``compile_patterns=False`` skips compiling regular expressions (for newslint's own
    packs, which the test suite compiles; a run then compiles each pattern once, in
    the rule that uses it).
    """
    origin = str(source)
    try:
        data = tomllib.loads(source.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{origin}: cannot read pack: {exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{origin}: invalid TOML: {exc}") from exc
    feeds = data.get("feeds")
    if not isinstance(feeds, str):
        raise ConfigError(f"{origin}: a pack needs `feeds = \"<rule-name>\"`")
    rule = rules_by_name.get(feeds)
    if rule is None:
        raise ConfigError(f"{origin}: feeds unknown rule {feeds!r}")
    pack = Pack(origin, feeds, data.get("description", ""))
    if wanted is not None and feeds not in wanted:
        return pack
    for key, value in data.items():
        if key in _RESERVED:
            if not isinstance(value, _RESERVED[key]):
                raise ConfigError(f"{origin}: key {key!r} must be a string")
            continue
        spec = rule.pack_fields.get(key)
        if spec is None:
            allowed = ", ".join(sorted([*_RESERVED, *rule.pack_fields])) or "none"
            raise ConfigError(f"{origin}: unknown key {key!r} for rule {feeds!r} (allowed: {allowed})")
        pack.fields[key] = validate_field(origin, key, spec, value, compile_patterns)
    return pack


def validate_field(origin: str, key: str, spec: PackField, value: Any, compile_patterns: bool = True) -> list:
    """Check a pack value against its field description; return it as a list."""
    if not isinstance(value, list):
        raise ConfigError(f"{origin}: key {key!r} must be a list")
    if spec.kind in ("phrases", "patterns", "words"):
        for position, item in enumerate(value):
            if not isinstance(item, str) or not item.strip():
                raise ConfigError(f"{origin}: {key}[{position}] must be a non-empty string")
        if spec.kind == "patterns" and compile_patterns:
            for position, item in enumerate(value):
                compile_pattern(item, f"{origin}: {key}[{position}]")
        if spec.kind == "words":
            for position, item in enumerate(value):
                if item != item.lower() or " " in item.strip():
                    raise ConfigError(f"{origin}: {key}[{position}] must be one lower-case word: {item!r}")
        return list(value)
    for position, item in enumerate(value):
        where = f"{origin}: {key}[{position}]"
        if not isinstance(item, dict):
            raise ConfigError(f"{where} must be a table")
        for name in spec.required:
            if name not in item:
                raise ConfigError(f"{where} is missing {name!r}")
        for name, item_value in item.items():
            expected = spec.keys.get(name)
            if expected is None:
                raise ConfigError(f"{where}: unknown key {name!r} (allowed: {', '.join(sorted(spec.keys))})")
            if not isinstance(item_value, expected):
                raise ConfigError(f"{where}: {name!r} must be {expected.__name__}")
            if name in spec.pattern_keys and compile_patterns:
                compile_pattern(item_value, f"{where}.{name}")
    return list(value)


def compile_pattern(source: str, where: str):
    """Compile a pack pattern with the ``regex`` package (case-insensitive)."""
    import regex

    try:
        return regex.compile(source, regex.IGNORECASE | regex.V0)
    except regex.error as exc:
        raise ConfigError(f"{where}: pattern does not compile: {exc}: {source!r}") from exc


def load_vocabularies(sources: Iterable[Any], rules_by_name: Mapping[str, type[Rule]],
                      wanted: set[str] | None = None, trusted: Iterable[Any] = ()) -> tuple[dict, list[Pack]]:
    """Merge the packs into ``{rule name: {field: [items]}}``; also return the packs read.

    With ``wanted`` (rule names), only packs feeding those rules are validated and merged.
    Patterns of packs from ``trusted`` sources (newslint's own) are not compiled here.
    """
    vocabularies: dict[str, dict[str, list]] = {}
    packs = []
    trusted_names = {str(source) for source in trusted}
    for folder in sources:
        compile_patterns = str(folder) not in trusted_names
        for source in iter_pack_files([folder]):
            _merge(vocabularies, packs, read_pack(source, rules_by_name, wanted, compile_patterns))
    return vocabularies, packs


def _merge(vocabularies: dict, packs: list, pack: Pack) -> None:
    packs.append(pack)
    merged = vocabularies.setdefault(pack.feeds, {})
    for key, items in pack.fields.items():
        merged.setdefault(key, []).extend(items)


def local_pack_sources(paths: Iterable[str], root: Path) -> list[Path]:
    """Pack folders or files named in the configuration, relative to its folder."""
    out = []
    for item in paths:
        path = (root / item).resolve()
        if not path.exists():
            raise ConfigError(f"pack {item!r} not found (looked at {path})")
        out.append(path)
    return out
