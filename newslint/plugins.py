"""Build the plugin manager: hook specs, built-in formats, and every entry-point plugin.

Plugins are found through entry points in the ``newslint`` group, in a stable
order (distribution name, then entry-point name), so runs are deterministic.
newslint's own rules come in the same way, from newslint's own metadata.

Environment:

- ``NEWSLINT_LOAD_PLUGINS``: a comma-separated allow-list of entry-point names or
  distribution names to load (an empty value loads none); unset loads all.
- ``NEWSLINT_TRACE_PLUGINS=1``: print every hook call on stderr.
"""

from __future__ import annotations

import importlib
import os
import sys
from dataclasses import dataclass
from importlib import metadata

import pluggy

from newslint import hookspecs
from newslint.errors import PluginError

ENTRY_POINT_GROUP = "newslint"
hookimpl = pluggy.HookimplMarker("newslint")

# Formats are part of the engine, registered the way pytest registers its builtins.
_BUILTIN_MODULES = ("newslint.inputs", "newslint.reporters")


@dataclass(frozen=True)
class PluginInfo:
    """Where a registered plugin came from, for ``newslint plugins``."""

    name: str
    module: str
    distribution: str
    version: str


def make_plugin_manager(load_entry_points: bool = True,
                        extra_plugins: tuple = ()) -> tuple[pluggy.PluginManager, list[PluginInfo]]:
    """A plugin manager with the hook specs, the built-in formats and (by default) all plugins.

    ``extra_plugins`` are registered after the entry points: objects or modules with
    hook implementations, for embedding newslint or testing a plugin in-process.
    """
    pm = pluggy.PluginManager("newslint")
    pm.add_hookspecs(hookspecs)
    infos: list[PluginInfo] = []
    for module_name in _BUILTIN_MODULES:
        pm.register(importlib.import_module(module_name), name=module_name)
    if load_entry_points:
        infos.extend(_load_entry_points(pm))
    for plugin in extra_plugins:
        try:
            pm.register(plugin)
        except (ValueError, pluggy.PluginValidationError) as exc:
            raise PluginError(f"plugin {plugin!r} is not a valid newslint plugin: {exc}") from exc
    try:
        pm.check_pending()
    except pluggy.PluginValidationError as exc:
        raise PluginError(f"a plugin implements a hook newslint does not have: {exc}") from exc
    if os.environ.get("NEWSLINT_TRACE_PLUGINS"):
        pm.trace.root.setwriter(sys.stderr.write)
        pm.enable_tracing()
    return pm, infos


def _load_entry_points(pm: pluggy.PluginManager) -> list[PluginInfo]:
    allowed = os.environ.get("NEWSLINT_LOAD_PLUGINS")
    allow = None if allowed is None else {item.strip() for item in allowed.split(",") if item.strip()}
    found = []
    seen = set()
    # entry_points(group=...) reads only entry_points.txt of each distribution; the
    # metadata of the few distributions that have a newslint entry point is read after.
    for ep in metadata.entry_points(group=ENTRY_POINT_GROUP):
        dist = ep.dist
        dist_name = (dist.name if dist is not None else None) or "?"
        if (dist_name, ep.name) in seen:
            continue  # the same distribution can be visible twice on sys.path
        seen.add((dist_name, ep.name))
        if allow is not None and ep.name not in allow and dist_name not in allow:
            continue
        version = dist.version if dist is not None else "?"
        found.append((dist_name.lower(), ep.name, dist_name, version, ep))
    infos = []
    for _, ep_name, dist_name, version, ep in sorted(found, key=lambda item: item[:2]):
        if pm.get_plugin(ep_name) is not None:
            other = next((i.distribution for i in infos if i.name == ep_name), "?")
            raise PluginError(f"plugin name {ep_name!r} is registered by both {other} and {dist_name}")
        try:
            plugin = ep.load()
        except Exception as exc:  # a broken plugin: say which one, never a traceback
            raise PluginError(
                f"plugin {ep_name!r} from {dist_name} {version} failed to load ({ep.value}): "
                f"{type(exc).__name__}: {exc}"
            ) from exc
        try:
            pm.register(plugin, name=ep_name)
        except (ValueError, pluggy.PluginValidationError) as exc:
            raise PluginError(f"plugin {ep_name!r} from {dist_name} is not a valid newslint plugin: {exc}") from exc
        infos.append(PluginInfo(ep_name, getattr(plugin, "__name__", repr(plugin)), dist_name, version))
    return infos


def plugin_label(pm: pluggy.PluginManager, infos: list[PluginInfo], plugin: object) -> str:
    """``distribution`` for entry-point plugins, ``newslint`` for the engine's own, else the module name."""
    name = pm.get_name(plugin) or ""
    for info in infos:
        if info.name == name:
            return info.distribution
    if name in _BUILTIN_MODULES:
        return "newslint"
    return getattr(plugin, "__name__", name)
