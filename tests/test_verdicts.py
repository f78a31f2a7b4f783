"""Document verdicts: keep, review or reject, from the findings and the configuration.

Each path of the policy is exercised in-process through the real engine
(``Session.process`` on in-memory sources, then ``finish_corpus``), with small
rules registered by a plugin in this file; the summary line, JSONL records, the
JSON output and the per-file reports are checked through the command line.
"""

from __future__ import annotations

import json
import tomllib
import types

import pytest

from conftest import run_cli
from newslint import Rule, Severity, hookimpl
from newslint.app import build_app, instantiate_rules
from newslint.config import Settings, VerdictSettings
from newslint.engine import RunResult, Session
from newslint.errors import NewslintError, PluginError
from newslint.inputs import Source
from newslint.reporters.text import summary_line


class _Marker(Rule):
    """Flags a marker word (a test rule: the marker and severity come from the subclass)."""

    category = "navigation"
    marker = ""

    def check(self, doc):
        at = doc.text.find(self.marker)
        if at >= 0:
            yield self.report(at, at + len(self.marker), f"{self.marker} found")


class WallRule(_Marker):
    """A whole-page bot wall (a test stand-in for the bot-wall rule)."""

    code, name, category, marker = "ZVD001", "test-bot-wall", "captcha", "Verify you are human"
    severity = Severity.ERROR
    verdict = "reject"


class InfoRule(_Marker):
    code, name, marker = "ZVD002", "test-info-note", "Editor's note"
    severity = Severity.INFO


class WarnRule(_Marker):
    code, name, marker = "ZVD003", "test-warning", "Skip to content"
    severity = Severity.WARNING


class ErrorRule(_Marker):
    code, name, marker = "ZVD004", "test-error", "Lorem ipsum"
    severity = Severity.ERROR


TEST_RULES = [WallRule, InfoRule, WarnRule, ErrorRule]
CODES = [rule.code for rule in TEST_RULES]

CLEAN = "The council approved the budget on Tuesday.\nSpending on roads rises by 4%.\n"
WALL = "Verify you are human\nThis check keeps automated traffic out. Ray ID: 7f3a09c1\n"
INFO_ONLY = "Editor's note: this story was updated on Friday.\nThe bridge reopened at noon.\n"
WARNING = "Skip to content\nThe bridge reopened at noon after repairs.\n"
ERROR = "Lorem ipsum dolor sit amet.\nThe bridge reopened at noon.\n"


def _plugin(**hooks) -> types.SimpleNamespace:
    return types.SimpleNamespace(**{name: hookimpl(function) for name, function in hooks.items()})


def make_app(verdict_hook=None):
    hooks = {"newslint_register_rules": lambda: TEST_RULES}
    if verdict_hook is not None:
        hooks["newslint_document_verdict"] = verdict_hook
    return build_app(extra_plugins=(_plugin(**hooks),))


@pytest.fixture(scope="module")
def app():
    return make_app()


def run(app, files: dict[str, str | bytes], settings: Settings | None = None, codes=CODES, hook=True):
    """Lint in-memory files with the given rules; return {path: FileResult}."""
    settings = settings or Settings()
    codes = sorted({c for selector in codes for c in app.registry.expand(selector)})
    session = Session(settings, app.registry, instantiate_rules(app, settings, codes), app.input_formats,
                      verdict_hook=app.pm.hook.newslint_document_verdict if hook else None)
    results = []
    for path, content in files.items():
        data = content.encode("utf-8") if isinstance(content, str) else content
        results.append(session.process(Source(path, None, session.read_settings, data=data)))
    session.finish_corpus(results)
    assert not session.failures, [f.describe() for f in session.failures]
    return {result.path: result for result in results}


def verdicts(results) -> dict[str, str]:
    return {path: result.verdict for path, result in results.items()}


# ---- the default policy ---------------------------------------------------


def test_clean_document_is_kept(app):
    results = run(app, {"clean.txt": CLEAN})
    assert results["clean.txt"].diagnostics == []
    assert results["clean.txt"].verdicts == {None: "keep"}


def test_bot_wall_is_rejected(app):
    results = run(app, {"wall.txt": WALL})
    assert [d.code for d in results["wall.txt"].diagnostics] == ["ZVD001"]
    assert results["wall.txt"].verdict == "reject"
    assert results["wall.txt"].diagnostics[0].verdict == "reject"


def test_the_real_bot_wall_rule_rejects_when_installed():
    app = build_app()
    rule = app.registry.lookup("bot-wall-page")
    if rule is None:
        pytest.skip("the bot-wall-page rule is not installed")
    assert rule.verdict == "reject"
    wall = ("Just a moment...\nChecking if the site connection is secure\n"
            "Enable JavaScript and cookies to continue\nRay ID: 8a1b2c3d4e5f6a7b\n")
    results = run(app, {"wall.txt": wall}, codes=[rule.code])
    assert results["wall.txt"].verdict == "reject"


@pytest.mark.parametrize("content", [b"", b"   \n\n", "\ufeff".encode("utf-8")])
def test_empty_file_is_rejected(app, content):
    results = run(app, {"empty.txt": content})
    assert [d.code for d in results["empty.txt"].diagnostics] == ["NL904"]
    assert results["empty.txt"].verdict == "reject"


def test_only_info_findings_keep_the_document(app):
    results = run(app, {"note.txt": INFO_ONLY})
    assert [d.severity for d in results["note.txt"].diagnostics] == [Severity.INFO]
    assert results["note.txt"].verdict == "keep"


def test_warnings_and_errors_put_a_document_up_for_review(app):
    results = run(app, {"warn.txt": WARNING, "error.txt": ERROR})
    assert verdicts(results) == {"warn.txt": "review", "error.txt": "review"}


def test_reject_wins_over_review_in_one_document(app):
    results = run(app, {"both.txt": WALL + WARNING})
    assert results["both.txt"].verdict == "reject"


def test_the_file_verdict_is_the_worst_record_verdict(app):
    lines = [json.dumps({"text": text}) for text in (CLEAN, WARNING, WALL)]
    results = run(app, {"c.jsonl": "\n".join(lines) + "\n"})
    assert results["c.jsonl"].verdicts == {0: "keep", 1: "review", 2: "reject"}
    assert results["c.jsonl"].verdict == "reject"


# ---- configuration ------------------------------------------------------------


def test_configured_reject_list_replaces_the_rules_own_verdicts(app):
    settings = Settings(verdict=VerdictSettings(reject=["ZVD003"]))
    results = run(app, {"warn.txt": WARNING, "wall.txt": WALL}, settings)
    assert verdicts(results) == {"warn.txt": "reject", "wall.txt": "review"}


def test_configured_reject_accepts_categories_and_prefixes(app):
    by_category = run(app, {"warn.txt": WARNING}, Settings(verdict=VerdictSettings(reject=["navigation"])))
    by_prefix = run(app, {"warn.txt": WARNING}, Settings(verdict=VerdictSettings(reject=["ZVD"])))
    assert by_category["warn.txt"].verdict == by_prefix["warn.txt"].verdict == "reject"


def test_ignored_findings_never_change_the_verdict(app):
    settings = Settings(verdict=VerdictSettings(ignore=["ZVD003", "ZVD001"]))
    results = run(app, {"warn.txt": WARNING, "wall.txt": WALL, "error.txt": ERROR}, settings)
    assert verdicts(results) == {"warn.txt": "keep", "wall.txt": "keep", "error.txt": "review"}
    assert [d.code for d in results["warn.txt"].diagnostics] == ["ZVD003"], "ignored for the verdict, still reported"


def test_review_severity_sets_the_bar_for_review(app):
    errors_only = Settings(verdict=VerdictSettings(review_severity=Severity.ERROR))
    results = run(app, {"warn.txt": WARNING, "error.txt": ERROR}, errors_only)
    assert verdicts(results) == {"warn.txt": "keep", "error.txt": "review"}
    everything = Settings(verdict=VerdictSettings(review_severity=Severity.INFO))
    assert run(app, {"note.txt": INFO_ONLY}, everything)["note.txt"].verdict == "review"


def test_per_rule_severity_override_moves_the_verdict(app):
    settings = Settings(severity={"ZVD002": Severity.WARNING})
    assert run(app, {"note.txt": INFO_ONLY}, settings)["note.txt"].verdict == "review"


def test_an_input_problem_ignored_for_a_path_still_counts_the_document(app):
    settings = Settings(per_file_ignores={"*.txt": ["NL904"]})
    results = run(app, {"empty.txt": b""}, settings)
    assert results["empty.txt"].diagnostics == []
    assert results["empty.txt"].verdicts == {None: "keep"}


# ---- the plugin hook ---------------------------------------------------------------


def test_hook_can_override_the_verdict():
    def house_policy(document, diagnostics, verdict):
        if len(document.text.split()) < 8:
            return "reject"  # too short to be an article
        if verdict == "review" and all(d.code == "ZVD003" for d in diagnostics):
            return "keep"  # this house tolerates skip links
        return None

    app = make_app(house_policy)
    results = run(app, {"short.txt": "Too short.\n", "warn.txt": WARNING + CLEAN, "error.txt": ERROR})
    assert verdicts(results) == {"short.txt": "reject", "warn.txt": "keep", "error.txt": "review"}
    assert [d.verdict for d in results["warn.txt"].diagnostics] == ["keep"]


def test_hook_sees_the_fixed_document_and_its_remaining_findings():
    seen = []

    def record(document, diagnostics, verdict):
        seen.append((document.path, [d.code for d in diagnostics], verdict))

    app = make_app(record)
    run(app, {"warn.txt": WARNING, "clean.txt": CLEAN})
    assert seen == [("warn.txt", ["ZVD003"], "review"), ("clean.txt", [], "keep")]


def test_hook_returning_something_else_is_an_error():
    app = make_app(lambda document, diagnostics, verdict: "maybe")
    with pytest.raises(NewslintError, match="returned 'maybe'"):
        run(app, {"clean.txt": CLEAN})


def test_a_raising_hook_is_a_plugin_error_naming_the_document():
    def broken(document, diagnostics, verdict):
        raise KeyError("house")

    app = make_app(broken)
    with pytest.raises(PluginError, match="newslint_document_verdict failed on clean.txt: KeyError"):
        run(app, {"clean.txt": CLEAN})


def test_hook_is_not_asked_about_unreadable_inputs():
    asked = []
    app = make_app(lambda document, diagnostics, verdict: asked.append(document.path))
    results = run(app, {"empty.txt": b""})
    assert asked == [] and results["empty.txt"].verdict == "reject"


# ---- corpus-level findings ----------------------------------------------------------

FOOTER = "Sign up for the Harbour Gazette morning briefing\nFollow us on Mastodon\nContact the newsroom\n"
STORIES = [
    "Ferry crossings resume after the storm\nThe first ferry left the harbour at dawn with forty passengers on board.\n",
    "Fishing quotas to be reviewed\nThe ministry will publish new quotas for cod and haddock in the spring.\n",
    "Lifeboat crew honoured for rescue\nThe volunteers were given medals for saving three sailors in January.\n",
]
WIRE = ("Officials said the coastal railway would stay closed until engineers had checked every bridge "
        "on the line, a process expected to take at least a fortnight after the flooding of the valley. ")


def test_corpus_warning_puts_a_kept_document_up_for_review(app):
    files = {f"s{i}.txt": story + FOOTER for i, story in enumerate(STORIES)}
    results = run(app, files, codes=CODES + ["BPL001"])
    for result in results.values():
        assert [d.code for d in result.diagnostics] == ["BPL001"]
        assert result.verdict == "review"
        assert result.diagnostics[0].verdict == "review"


def test_corpus_info_keeps_the_document_unless_configured_to_reject(app):
    files = {"a.txt": "Railway closed\n" + WIRE * 3, "b.txt": "Coastal line shut\n" + WIRE * 3 + "More later.\n"}
    kept = run(app, files, codes=["DUP001"])
    assert [d.code for d in kept["a.txt"].diagnostics] == ["DUP001"]
    assert verdicts(kept) == {"a.txt": "keep", "b.txt": "keep"}
    rejected = run(app, files, Settings(verdict=VerdictSettings(reject=["duplicate"])), codes=["DUP001"])
    assert verdicts(rejected) == {"a.txt": "reject", "b.txt": "reject"}
    assert {d.verdict for r in rejected.values() for d in r.diagnostics} == {"reject"}


def test_corpus_findings_never_soften_a_verdict(app):
    files = {"wall.txt": WALL + FOOTER, **{f"s{i}.txt": story + FOOTER for i, story in enumerate(STORIES[:2])}}
    results = run(app, files, codes=CODES + ["BPL001"])
    assert results["wall.txt"].verdict == "reject"


# ---- what the outputs show ---------------------------------------------------------


def test_summary_counts_every_document_including_those_without_findings(app):
    lines = [json.dumps({"text": text}) for text in (CLEAN, CLEAN, WARNING, WALL)] + [json.dumps({"text": "  "})]
    results = run(app, {"c.jsonl": "\n".join(lines) + "\n", "clean.txt": CLEAN, "note.txt": INFO_ONLY,
                        "empty.txt": b""})
    run_result = RunResult(list(results.values()), [], [], app.registry, CODES, Settings())
    assert summary_line(run_result).endswith("Verdicts: 4 keep, 1 review, 3 reject.")


def test_cli_summary_json_and_reports_carry_verdicts(tmp_path):
    records = ['{"id": "a", "text": "Quiet day at the harbour."}',
               '{"id": "b", "text": "It rose. Advertisement It fell."}',
               '{"id": "c", "text": "   "}',
               '{"id": "d", "text": "Also quiet."}']
    (tmp_path / "corpus.jsonl").write_text("\n".join(records) + "\n", encoding="utf-8")
    (tmp_path / "clean.txt").write_text(CLEAN, encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    args = ("check", "--isolated", "--select", "ADV001", "--output-format", "json", "--report-dir", "reports",
            "corpus.jsonl", "clean.txt", "empty.txt")
    result = run_cli(*args, cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert "Verdicts: 3 keep, 1 review, 2 reject." in result.stderr
    findings = json.loads(result.stdout)
    assert {(f["path"], f["record"], f["verdict"]) for f in findings} == {
        ("corpus.jsonl", 1, "review"), ("corpus.jsonl", 2, "reject"), ("empty.txt", None, "reject")}
    jsonl_report = tomllib.loads((tmp_path / "reports" / "corpus.jsonl.toml").read_text(encoding="utf-8"))
    assert jsonl_report["verdict"] == "reject"
    assert jsonl_report["verdicts"] == {"0": "keep", "1": "review", "2": "reject", "3": "keep"}
    clean_report = tomllib.loads((tmp_path / "reports" / "clean.txt.toml").read_text(encoding="utf-8"))
    assert clean_report["verdict"] == "keep" and clean_report["findings"] == []


def test_cli_reads_the_verdict_table_from_the_configuration(tmp_path):
    (tmp_path / "pyproject.toml").write_text(
        '[tool.newslint]\nselect = ["ADV001"]\n\n[tool.newslint.verdict]\nreject = ["advertisement"]\n',
        encoding="utf-8")
    (tmp_path / "ad.txt").write_text("It rose. Advertisement It fell.\n", encoding="utf-8")
    (tmp_path / "clean.txt").write_text(CLEAN, encoding="utf-8")
    result = run_cli("check", "--output-format", "json", "ad.txt", "clean.txt", cwd=tmp_path)
    assert [f["verdict"] for f in json.loads(result.stdout)] == ["reject"]
    assert "Verdicts: 1 keep, 0 review, 1 reject." in result.stderr
