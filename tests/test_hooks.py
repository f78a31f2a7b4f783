"""The hook API: every hook is documented, and every hook has a test here (``test_hook_<name>``).

These keep ``newslint/hookspecs.py`` (the plugin author's reference) and the engine
from drifting apart, as datasette's ``test_plugin_hooks_are_documented`` does.
"""

from __future__ import annotations

import inspect
import io
import json
import sys
import types

import pytest

from newslint import hookimpl, hookspecs
from newslint.app import build_app, instantiate_rules
from newslint.config import Settings
from newslint.document import Document
from newslint.engine import RunResult, Session
from newslint.errors import PluginError
from newslint.inputs import InputFormat, Source
from newslint.reporters import Reporter
from newslint.rule import PackField, Rule

HOOKS = sorted(name for name, value in vars(hookspecs).items()
               if name.startswith("newslint_") and inspect.isfunction(value))


def test_there_are_hooks():
    assert len(HOOKS) >= 6


@pytest.mark.parametrize("name", HOOKS)
def test_hook_is_documented(name):
    function = getattr(hookspecs, name)
    doc = inspect.getdoc(function) or ""
    assert ":returns:" in doc, f"{name}: document the return value"
    assert "Use in plugins" in doc, f"{name}: say what a plugin would use it for"
    for parameter in inspect.signature(function).parameters:
        assert f":param {parameter}:" in doc, f"{name}: document parameter {parameter}"
    assert name in hookspecs.__doc__, f"{name}: list it in the module docstring"


@pytest.mark.parametrize("name", HOOKS)
def test_hook_has_a_test(name):
    assert f"test_hook_{name}" in globals(), f"add test_hook_{name} to tests/test_hooks.py"


class Shouting(Rule):
    """Text in capitals.

    ## What it does
    Flags SHOUTING.
    """

    code, name, category = "XTS001", "shouting", "tone"
    pack_fields = {"words": PackField("words", "words to flag")}

    def setup(self):
        self.words = {w.upper() for w in self.vocabulary["words"]} | {"SHOUTING"}

    def check(self, doc):
        for word in self.words:
            at = doc.text.find(word)
            if at >= 0:
                yield self.report(at, at + len(word), f"{word} is shouted")


def _plugin(**hooks) -> types.SimpleNamespace:
    return types.SimpleNamespace(**{name: hookimpl(function) for name, function in hooks.items()})


def test_hook_newslint_register_categories():
    plugin = _plugin(newslint_register_categories=lambda: {"tone": "How the text sounds."},
                     newslint_register_rules=lambda: [Shouting])
    app = build_app(extra_plugins=(plugin,))
    assert app.registry.categories["tone"] == "How the text sounds."
    assert app.registry.expand("tone") == {"XTS001"}
    with pytest.raises(PluginError, match="unknown category 'tone'"):
        build_app(extra_plugins=(_plugin(newslint_register_rules=lambda: [Shouting]),))


def test_hook_newslint_register_rules():
    plugin = _plugin(newslint_register_categories=lambda: {"tone": "How the text sounds."},
                     newslint_register_rules=lambda: [Shouting])
    app = build_app(extra_plugins=(plugin,))
    assert app.registry.lookup("shouting") is Shouting
    assert "XTS001" in app.registry.select(None)
    rule = instantiate_rules(app, Settings(), ["XTS001"])[0]
    found = list(rule.check(Document("Stop SHOUTING please")))
    assert [(d.start_offset, d.end_offset) for d in found] == [(5, 13)]
    with pytest.raises(PluginError, match="not a Rule subclass"):
        build_app(extra_plugins=(_plugin(newslint_register_rules=lambda: ["nope"]),))


def test_hook_newslint_register_packs(tmp_path):
    pack = tmp_path / "tone.toml"
    pack.write_text('feeds = "shouting"\ndescription = "house words"\nwords = ["loud"]\n')
    plugin = _plugin(newslint_register_categories=lambda: {"tone": "How the text sounds."},
                     newslint_register_rules=lambda: [Shouting],
                     newslint_register_packs=lambda: [tmp_path])
    app = build_app(extra_plugins=(plugin,))
    rule = instantiate_rules(app, Settings(), ["XTS001"])[0]
    assert rule.vocabulary["words"] == ["loud"]
    assert [d.message for d in rule.check(Document("a LOUD voice"))] == ["LOUD is shouted"]
    pack.write_text('feeds = "shouting"\nwords = ["loud"]\ncolour = "red"\n')
    from newslint.errors import ConfigError

    with pytest.raises(ConfigError, match="unknown key 'colour' for rule 'shouting'"):
        instantiate_rules(build_app(extra_plugins=(plugin,)), Settings(), ["XTS001"])


class PipeFormat(InputFormat):
    """Documents separated by lines holding only '|||'."""

    name = "pipes"
    suffixes = (".pipes",)

    def documents(self, source):
        with source.open_binary() as handle:
            for index, part in enumerate(handle.read().decode("utf-8").split("\n|||\n")):
                yield Document(part, source.path, record=index)


def test_hook_newslint_register_input_formats(tmp_path):
    plugin = _plugin(newslint_register_input_formats=lambda: [PipeFormat()])
    app = build_app(extra_plugins=(plugin,))
    assert any(fmt.name == "pipes" for fmt in app.input_formats)
    path = tmp_path / "a.pipes"
    path.write_text("It rose. Advertisement It fell.\n|||\nClean.\n|||\nADVERTISEMENT\n")
    settings = Settings(root=tmp_path)
    session = Session(settings, app.registry, instantiate_rules(app, settings, ["ADV001"]), app.input_formats)
    result = session.process(Source(str(path), path))
    assert [(d.record, d.code) for d in result.diagnostics] == [(0, "ADV001"), (2, "ADV001")]


class CountReporter(Reporter):
    name = "count"
    description = "The number of findings."

    def report(self, run):
        self.stream.write(json.dumps({"findings": sum(1 for _ in run.diagnostics())}))


def test_hook_newslint_register_output_formats():
    app = build_app(extra_plugins=(_plugin(newslint_register_output_formats=lambda: [CountReporter]),))
    assert app.reporter("count") is CountReporter
    stream = io.StringIO()
    run = RunResult([], [], [], app.registry, [], Settings())
    CountReporter(stream).report(run)
    assert json.loads(stream.getvalue()) == {"findings": 0}
    with pytest.raises(PluginError, match="already registered"):
        build_app(extra_plugins=(_plugin(newslint_register_output_formats=lambda: [CountReporter, CountReporter]),))


def test_hook_newslint_document_verdict():
    def verdict(document, diagnostics, verdict):
        return "reject" if len(document.text) < 20 else None

    app = build_app(extra_plugins=(_plugin(newslint_document_verdict=verdict),))
    settings = Settings()
    session = Session(settings, app.registry, instantiate_rules(app, settings, ["ADV001"]), app.input_formats,
                      verdict_hook=app.pm.hook.newslint_document_verdict)
    assert session.verdict(Document("Too short."), []) == "reject"
    assert session.verdict(Document("A long enough article text."), []) == "keep"


def test_a_plugin_with_an_unknown_hook_is_refused():
    with pytest.raises(PluginError, match="does not have"):
        build_app(extra_plugins=(_plugin(newslint_register_ruels=lambda: []),))


def test_register_hook_errors_name_the_plugin():
    module = types.ModuleType("newslint_broken_example")

    @hookimpl
    def newslint_register_rules():
        raise KeyError("missing")

    module.newslint_register_rules = newslint_register_rules
    sys.modules["newslint_broken_example"] = module
    try:
        with pytest.raises(PluginError, match="newslint_broken_example: newslint_register_rules failed"):
            build_app(extra_plugins=(module,))
    finally:
        del sys.modules["newslint_broken_example"]
