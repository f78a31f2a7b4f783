"""Configuration: find it, parse it strictly, merge the command line over it.

newslint reads the nearest of ``newslint.toml``, ``.newslint.toml`` or a
``pyproject.toml`` with a ``[tool.newslint]`` table, looking in the current folder
and then its parents (``--config FILE`` names one; ``--isolated`` ignores all).
In ``newslint.toml`` the keys sit at the top level; in ``pyproject.toml`` under
``[tool.newslint]``. Paths and globs are relative to the file's folder.

Unknown keys are errors naming the key and the file. Rule selectors and rule names
are checked against the registry once plugins are loaded (:func:`validate_against`).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from newslint.diagnostics import Severity
from newslint.errors import ConfigError

CONFIG_NAMES = ("newslint.toml", ".newslint.toml", "pyproject.toml")

DEFAULT_EXCLUDE = [
    ".git", ".hg", ".svn", ".bzr", ".tox", ".nox", ".venv", "venv", ".mypy_cache", ".pytest_cache",
    ".ruff_cache", "__pycache__", "node_modules", "build", "dist", "site-packages",
]


@dataclass
class VerdictSettings:
    """How a document's verdict (keep / review / reject) follows from its findings."""

    #: Selectors whose findings reject a document; default: rules that declare ``verdict = "reject"``.
    reject: list[str] | None = None
    #: Remaining findings at or above this severity put a document up for review.
    review_severity: Severity = Severity.WARNING
    #: Selectors whose findings never change the verdict.
    ignore: list[str] = field(default_factory=list)


@dataclass
class Settings:
    """Resolved settings for one run."""

    root: Path = field(default_factory=Path.cwd)
    config_file: Path | None = None
    select: list[str] | None = None
    extend_select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    per_file_ignores: dict[str, list[str]] = field(default_factory=dict)
    severity: dict[str, Severity] = field(default_factory=dict)
    fail_on: Severity = Severity.WARNING
    include: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=lambda: list(DEFAULT_EXCLUDE))
    extend_exclude: list[str] = field(default_factory=list)
    force_exclude: bool = False
    fixable: list[str] | None = None
    unfixable: list[str] = field(default_factory=list)
    extend_safe_fixes: list[str] = field(default_factory=list)
    extend_unsafe_fixes: list[str] = field(default_factory=list)
    unsafe_fixes: bool = False
    output_format: str = "full"
    preview: bool = False
    packs: list[str] = field(default_factory=list)
    baseline: str | None = None
    rules: dict[str, dict[str, Any]] = field(default_factory=dict)
    text_field: str = "text"
    id_field: str | None = None
    max_document_size: int = 50
    verdict: VerdictSettings = field(default_factory=VerdictSettings)

    def to_toml_dict(self) -> dict:
        """The resolved settings in configuration-file form (for ``newslint config``)."""
        out: dict[str, Any] = {}
        for item in fields(self):
            if item.name in ("root", "config_file", "verdict", "text_field", "id_field"):
                continue
            value = getattr(self, item.name)
            if value is None:
                continue
            key = item.name.replace("_", "-")
            if isinstance(value, Severity):
                value = value.value
            elif item.name == "severity":
                value = {k: v.value for k, v in value.items()}
            out[key] = value
        out["jsonl"] = {"text-field": self.text_field, **({"id-field": self.id_field} if self.id_field else {})}
        verdict: dict[str, Any] = {"review-severity": self.verdict.review_severity.value,
                                   "ignore": self.verdict.ignore}
        if self.verdict.reject is not None:
            verdict["reject"] = self.verdict.reject
        out["verdict"] = verdict
        return out


# key -> (attribute, kind); kinds: list, bool, str, severity, table-of-lists, table, int
_KEYS: dict[str, tuple[str, str]] = {
    "select": ("select", "list"),
    "extend-select": ("extend_select", "list"),
    "ignore": ("ignore", "list"),
    "per-file-ignores": ("per_file_ignores", "table-of-lists"),
    "severity": ("severity", "severity-table"),
    "fail-on": ("fail_on", "severity"),
    "include": ("include", "list"),
    "exclude": ("exclude", "list"),
    "extend-exclude": ("extend_exclude", "list"),
    "force-exclude": ("force_exclude", "bool"),
    "fixable": ("fixable", "list"),
    "unfixable": ("unfixable", "list"),
    "extend-safe-fixes": ("extend_safe_fixes", "list"),
    "extend-unsafe-fixes": ("extend_unsafe_fixes", "list"),
    "unsafe-fixes": ("unsafe_fixes", "bool"),
    "output-format": ("output_format", "str"),
    "preview": ("preview", "bool"),
    "packs": ("packs", "list"),
    "baseline": ("baseline", "str"),
    "max-document-size": ("max_document_size", "int"),
    "rules": ("rules", "rules"),
    "jsonl": ("jsonl", "jsonl"),
    "verdict": ("verdict", "verdict"),
}


def find_config(start: Path) -> Path | None:
    """The nearest configuration file at or above ``start``."""
    for folder in (start, *start.parents):
        for name in CONFIG_NAMES:
            candidate = folder / name
            if candidate.is_file():
                if name != "pyproject.toml" or _has_tool_table(candidate):
                    return candidate
    return None


def _has_tool_table(pyproject: Path) -> bool:
    try:
        data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return False
    return isinstance(data.get("tool"), dict) and "newslint" in data["tool"]


def read_config_file(path: Path) -> dict:
    """The newslint table of a configuration file."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read configuration: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: configuration is not valid UTF-8") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from exc
    if path.name == "pyproject.toml":
        table = data.get("tool", {}).get("newslint", {})
        if not isinstance(table, dict):
            raise ConfigError(f"{path}: [tool.newslint] must be a table")
        return table
    return data


def load_settings(config_file: Path | None = None, isolated: bool = False, cwd: Path | None = None) -> Settings:
    """Settings from the given or discovered configuration file (defaults if none)."""
    cwd = cwd or Path.cwd()
    if isolated:
        return Settings(root=cwd)
    if config_file is None:
        config_file = find_config(cwd)
    elif not config_file.is_file():
        raise ConfigError(f"configuration file {config_file} not found")
    if config_file is None:
        return Settings(root=cwd)
    config_file = config_file.resolve()
    settings = Settings(root=config_file.parent, config_file=config_file)
    apply_table(settings, read_config_file(config_file), str(config_file))
    return settings


def apply_table(settings: Settings, table: dict, origin: str) -> None:
    """Apply a configuration table to settings, validating every key."""
    for key, value in table.items():
        if key not in _KEYS:
            raise ConfigError(f"{origin}: unknown key {key!r}" + _suggest(key, _KEYS))
        attribute, kind = _KEYS[key]
        where = f"{origin}: {key}"
        if kind == "list":
            setattr(settings, attribute, _string_list(value, where))
        elif kind == "bool":
            if not isinstance(value, bool):
                raise ConfigError(f"{where} must be true or false")
            setattr(settings, attribute, value)
        elif kind == "str":
            if not isinstance(value, str):
                raise ConfigError(f"{where} must be a string")
            setattr(settings, attribute, value)
        elif kind == "int":
            if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
                raise ConfigError(f"{where} must be a positive integer")
            setattr(settings, attribute, value)
        elif kind == "severity":
            settings.fail_on = _severity(value, where)
        elif kind == "severity-table":
            if not isinstance(value, dict):
                raise ConfigError(f"{where} must be a table of selector = \"error\" | \"warning\" | \"info\"")
            settings.severity = {sel: _severity(level, f"{where}.{sel}") for sel, level in value.items()}
        elif kind == "table-of-lists":
            if not isinstance(value, dict):
                raise ConfigError(f"{where} must be a table of glob = [selectors]")
            settings.per_file_ignores = {glob: _string_list(items, f"{where}.{glob!r}") for glob, items in value.items()}
        elif kind == "rules":
            if not isinstance(value, dict) or not all(isinstance(v, dict) for v in value.values()):
                raise ConfigError(f"{where} must hold one table per rule: [rules.<rule-name>]")
            settings.rules = {name: dict(options) for name, options in value.items()}
        elif kind == "jsonl":
            _apply_jsonl(settings, value, where)
        elif kind == "verdict":
            _apply_verdict(settings, value, where)


def _apply_jsonl(settings: Settings, value: Any, where: str) -> None:
    if not isinstance(value, dict):
        raise ConfigError(f"{where} must be a table")
    for key, item in value.items():
        if key not in ("text-field", "id-field"):
            raise ConfigError(f"{where}: unknown key {key!r} (allowed: text-field, id-field)")
        if not isinstance(item, str) or not item:
            raise ConfigError(f"{where}.{key} must be a non-empty string")
    settings.text_field = value.get("text-field", settings.text_field)
    settings.id_field = value.get("id-field", settings.id_field)


def _apply_verdict(settings: Settings, value: Any, where: str) -> None:
    if not isinstance(value, dict):
        raise ConfigError(f"{where} must be a table")
    for key, item in value.items():
        if key == "reject":
            settings.verdict.reject = _string_list(item, f"{where}.reject")
        elif key == "ignore":
            settings.verdict.ignore = _string_list(item, f"{where}.ignore")
        elif key == "review-severity":
            settings.verdict.review_severity = _severity(item, f"{where}.review-severity")
        else:
            raise ConfigError(f"{where}: unknown key {key!r} (allowed: reject, ignore, review-severity)")


def _string_list(value: Any, where: str) -> list[str]:
    if isinstance(value, str):
        raise ConfigError(f"{where} must be a list of strings, e.g. [{value!r}]")
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ConfigError(f"{where} must be a list of strings")
    return list(value)


def _severity(value: Any, where: str) -> Severity:
    if not isinstance(value, str):
        raise ConfigError(f"{where} must be \"error\", \"warning\" or \"info\"")
    try:
        return Severity.parse(value)
    except ValueError as exc:
        raise ConfigError(f"{where}: {exc}") from None


def _suggest(key: str, known) -> str:
    import difflib

    close = difflib.get_close_matches(key, list(known), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


def validate_against(settings: Settings, registry) -> None:
    """Check every rule selector and per-rule table against the registered rules."""
    from newslint.registry import UnknownSelector

    origin = str(settings.config_file) if settings.config_file else "the command line"
    groups: list[tuple[str, list[str]]] = [
        ("select", settings.select or []), ("extend-select", settings.extend_select), ("ignore", settings.ignore),
        ("fixable", settings.fixable or []), ("unfixable", settings.unfixable),
        ("extend-safe-fixes", settings.extend_safe_fixes), ("extend-unsafe-fixes", settings.extend_unsafe_fixes),
        ("severity", list(settings.severity)), ("verdict.reject", settings.verdict.reject or []),
        ("verdict.ignore", settings.verdict.ignore),
    ]
    groups += [(f"per-file-ignores.{glob!r}", items) for glob, items in settings.per_file_ignores.items()]
    for key, selectors in groups:
        for selector in selectors:
            try:
                registry.expand(selector)
            except UnknownSelector:
                raise ConfigError(f"{origin}: {key}: unknown rule or selector {selector!r}"
                                  + _suggest(selector, [*registry.by_code, *registry.by_name])) from None
    for name, options in settings.rules.items():
        rule = registry.lookup(name)
        if rule is None:
            raise ConfigError(f"{origin}: rules.{name}: unknown rule {name!r}"
                              + _suggest(name, list(registry.by_name)))
        allowed = set(rule.options) | {f"extend-{key}" for key in rule.pack_fields}
        for key, value in options.items():
            if key not in allowed:
                listing = ", ".join(sorted(allowed)) or "none"
                raise ConfigError(f"{origin}: rules.{name}: unknown option {key!r} for {rule.code} "
                                  f"(options: {listing})")
            if key in rule.options:
                try:
                    rule.options[key].validate(key, value)
                except ValueError as exc:
                    raise ConfigError(f"{origin}: rules.{name}: {exc}") from None
