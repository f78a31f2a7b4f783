"""The rule registry: every rule the plugins contribute, validated, and rule selection.

Selectors (in ``select``, ``ignore``, ``per-file-ignores``, ``--select`` ...) are:

- ``ALL``: every rule;
- a rule code (``DON001``) or a code prefix (``DON``, ``TYP0``);
- a rule name (``donation-appeal``);
- a category name (``donation``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from newslint.categories import BUILTIN_CATEGORIES
from newslint.diagnostics import FixAvailability, Severity
from newslint.errors import PluginError
from newslint.rule import Rule

CODE_PATTERN = re.compile(r"^[A-Z]{1,3}[0-9]{0,3}$")
NAME_PATTERN = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")
STATUSES = ("stable", "preview", "deprecated")


class UnknownSelector(ValueError):
    pass


class RuleRegistry:
    """All registered rules by code, with lookups by name, prefix and category."""

    def __init__(self, rules: Iterable[type[Rule]], categories: dict[str, str] | None = None):
        self.categories = dict(BUILTIN_CATEGORIES)
        self.categories.update(categories or {})
        self.by_code: dict[str, type[Rule]] = {}
        self.by_name: dict[str, type[Rule]] = {}
        for rule in rules:
            self._add(rule)
        self.by_code = dict(sorted(self.by_code.items()))
        clash = set(self.by_name) & set(self.categories)
        if clash:
            raise PluginError(f"rule name(s) {sorted(clash)} clash with category names")

    def _add(self, rule: type[Rule]) -> None:
        label = f"{rule.__module__}.{rule.__qualname__}"
        for attribute in ("code", "name", "category"):
            if not isinstance(getattr(rule, attribute, None), str):
                raise PluginError(f"rule {label} has no {attribute}")
        if not CODE_PATTERN.match(rule.code):
            raise PluginError(f"rule {label}: code {rule.code!r} must be 1-3 capital letters and up to 3 digits")
        if not NAME_PATTERN.match(rule.name):
            raise PluginError(f"rule {label}: name {rule.name!r} must be kebab-case")
        if rule.category not in self.categories:
            raise PluginError(f"rule {rule.code} ({label}): unknown category {rule.category!r}; "
                              "register it with newslint_register_categories")
        if not isinstance(rule.severity, Severity) or not isinstance(rule.fix_availability, FixAvailability):
            raise PluginError(f"rule {rule.code}: severity and fix_availability must use newslint's enums")
        if rule.status not in STATUSES:
            raise PluginError(f"rule {rule.code}: status {rule.status!r} is not one of {STATUSES}")
        if rule.verdict not in (None, "reject", "review"):
            raise PluginError(f"rule {rule.code}: verdict must be None, 'review' or 'reject'")
        for existing in (self.by_code.get(rule.code), self.by_name.get(rule.name)):
            if existing is not None and existing is not rule:
                raise PluginError(
                    f"rule {rule.code} ({rule.name}) from {rule.plugin or label} clashes with "
                    f"{existing.code} ({existing.name}) from {existing.plugin or existing.__module__}"
                )
        self.by_code[rule.code] = rule
        self.by_name[rule.name] = rule

    def __iter__(self):
        return iter(self.by_code.values())

    def __len__(self) -> int:
        return len(self.by_code)

    def lookup(self, key: str) -> type[Rule] | None:
        """A rule by exact code or name."""
        return self.by_code.get(key.upper()) or self.by_name.get(key.lower())

    def expand(self, selector: str) -> set[str]:
        """The codes a selector stands for; raises UnknownSelector if it matches nothing."""
        selector = selector.strip()
        if selector == "ALL":
            return set(self.by_code)
        if selector in self.by_name:
            return {self.by_name[selector].code}
        if selector in self.categories:
            return {code for code, rule in self.by_code.items() if rule.category == selector}
        if CODE_PATTERN.match(selector):
            codes = {code for code in self.by_code if code.startswith(selector)}
            if codes:
                return codes
        raise UnknownSelector(selector)

    def select(self, select: Iterable[str] | None, extend_select: Iterable[str] = (), ignore: Iterable[str] = (),
               preview: bool = False) -> list[str]:
        """Codes of the rules to run, in code order.

        ``select`` replaces the default (every stable rule that is ``default``),
        ``extend_select`` adds to it and ``ignore`` removes. Preview rules run only
        with ``preview`` or when selected by their exact code or name.
        """
        explicit: set[str] = set()
        if select is None:
            chosen = {code for code, rule in self.by_code.items() if rule.status == "stable" and rule.default}
        else:
            chosen = set()
            for selector in select:
                chosen |= self.expand(selector)
                if self.lookup(selector):
                    explicit.add(self.lookup(selector).code)
        for selector in extend_select:
            chosen |= self.expand(selector)
            if self.lookup(selector):
                explicit.add(self.lookup(selector).code)
        for selector in ignore:
            chosen -= self.expand(selector)
        if not preview:
            chosen = {code for code in chosen
                      if self.by_code[code].status != "preview" or code in explicit}
        return sorted(chosen)
