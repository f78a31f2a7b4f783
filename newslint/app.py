"""Assemble a run: load plugins, collect what they register, build rules with their data.

Each plugin's ``register`` hook implementation is called on its own, so an error in
one is reported with the plugin's name rather than as a bare traceback.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pluggy

from newslint.config import Settings
from newslint.errors import ConfigError, PluginError
from newslint.plugins import PluginInfo, make_plugin_manager, plugin_label
from newslint.registry import RuleRegistry
from newslint.rule import Rule


@dataclass
class App:
    """Plugins and everything they contributed."""

    pm: pluggy.PluginManager
    plugins: list[PluginInfo]
    registry: RuleRegistry
    input_formats: list
    reporters: dict[str, type]
    pack_sources: list
    #: rule code -> name of the plugin that registered it (entry-point name for plugins)
    rule_sources: dict[str, str]

    def reporter(self, name: str):
        try:
            return self.reporters[name]
        except KeyError:
            raise ConfigError(f"unknown output format {name!r} (choose from: {', '.join(self.reporters)})") from None


def _call_each(pm: pluggy.PluginManager, infos: list[PluginInfo], hook_name: str,
               names: list[str] | None = None) -> Iterable[tuple[str, object]]:
    """Call every implementation of a no-argument register hook; yield (plugin label, answer).

    ``names``, if given, receives the plugin manager's name of each answering plugin.
    """
    hook = getattr(pm.hook, hook_name)
    for impl in reversed(hook.get_hookimpls()):  # registration order
        label = plugin_label(pm, infos, impl.plugin)
        try:
            answer = impl.function()
        except Exception as exc:
            raise PluginError(f"plugin {label}: {hook_name} failed: {type(exc).__name__}: {exc}") from exc
        if answer is not None:
            if names is not None:
                names.append(pm.get_name(impl.plugin) or label)
            yield label, answer


def build_app(load_entry_points: bool = True, extra_plugins: tuple = ()) -> App:
    """Load plugins and collect their rules, categories, formats and packs."""
    pm, infos = make_plugin_manager(load_entry_points, extra_plugins)
    categories: dict[str, str] = {}
    for label, answer in _call_each(pm, infos, "newslint_register_categories"):
        for name, description in dict(answer).items():
            if name in categories and categories[name] != description:
                raise PluginError(f"plugin {label}: category {name!r} is already registered differently")
            categories[name] = description
    rules: list[type[Rule]] = []
    rule_sources: dict[str, str] = {}
    names: list[str] = []
    for label, answer in _call_each(pm, infos, "newslint_register_rules", names):
        for rule in answer:
            if not (isinstance(rule, type) and issubclass(rule, Rule)):
                raise PluginError(f"plugin {label}: newslint_register_rules returned {rule!r}, not a Rule subclass")
            rule.plugin = label
            rules.append(rule)
            rule_sources[getattr(rule, "code", "")] = names[-1]
    registry = RuleRegistry(rules, categories)
    formats = []
    for label, answer in _call_each(pm, infos, "newslint_register_input_formats"):
        formats.extend(answer)
    reporters: dict[str, type] = {}
    for label, answer in _call_each(pm, infos, "newslint_register_output_formats"):
        for reporter in answer:
            if reporter.name in reporters:
                raise PluginError(f"plugin {label}: output format {reporter.name!r} is already registered")
            reporters[reporter.name] = reporter
    pack_sources = []
    for _, answer in _call_each(pm, infos, "newslint_register_packs"):
        pack_sources.extend(answer)
    return App(pm, infos, registry, formats, reporters, pack_sources, rule_sources)


def builtin_packs():
    """newslint's own vocabulary folder (``newslint/rules/packs``)."""
    from importlib.resources import files

    return files("newslint.rules.packs")


def instantiate_rules(app: App, settings: Settings, codes: Iterable[str]) -> list[Rule]:
    """Build the selected rules with their options and merged vocabulary."""
    from newslint.packs import load_vocabularies, local_pack_sources, validate_field

    classes = [app.registry.by_code[code] for code in codes]
    vocabularies: dict = {}
    if any(rule.pack_fields for rule in classes) or settings.packs:
        sources = list(app.pack_sources) + local_pack_sources(settings.packs, settings.root)
        vocabularies, _ = load_vocabularies(sources, app.registry.by_name, {rule.name for rule in classes},
                                            trusted=[builtin_packs()])
    options_by_code: dict[str, dict] = {}
    for key, options in settings.rules.items():
        rule = app.registry.lookup(key)
        options_by_code.setdefault(rule.code, {}).update(options)
    instances = []
    origin = str(settings.config_file) if settings.config_file else "configuration"
    for rule in classes:
        options = dict(options_by_code.get(rule.code, {}))
        vocabulary = {key: list(items) for key, items in vocabularies.get(rule.name, {}).items()}
        for field_name, spec in rule.pack_fields.items():
            extra = options.pop(f"extend-{field_name}", None)
            if extra is not None:
                items = validate_field(f"{origin}: rules.{rule.name}", f"extend-{field_name}", spec, extra)
                vocabulary.setdefault(field_name, []).extend(items)
        try:
            instances.append(rule(options, vocabulary))
        except (ValueError, TypeError) as exc:
            raise ConfigError(f"rule {rule.code} ({rule.name}): invalid settings: {exc}") from exc
        except Exception as exc:
            raise PluginError(f"rule {rule.code} ({rule.name}) from {rule.plugin} failed to start: "
                              f"{type(exc).__name__}: {exc}") from exc
    return instances
