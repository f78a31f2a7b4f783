"""The engine in-process: rule isolation, the fix loop, policies."""

from __future__ import annotations

import pytest

from newslint import Edit, Fix, FixAvailability, Rule, Severity
from newslint.app import build_app, instantiate_rules
from newslint.config import Settings
from newslint.document import Document
from newslint.engine import Session
from newslint.fixer import FixNotConverged, apply_fixes, fix_until_stable
from newslint.registry import RuleRegistry


class Crashing(Rule):
    code, name, category = "ZZZ001", "always-crashes", "typo"

    def check(self, doc):
        raise RuntimeError("boom")


class OutOfRange(Rule):
    code, name, category = "ZZZ002", "span-outside-text", "typo"

    def check(self, doc):
        yield self.report(0, len(doc.text) + 5, "too long")


class EditOutsideSpan(Rule):
    code, name, category = "ZZZ003", "edit-outside-span", "typo"
    fix_availability = FixAvailability.ALWAYS

    def check(self, doc):
        yield self.report(0, 1, "first letter", Fix.safe("delete more", Edit.deletion(0, 3)))


class Replace(Rule):
    """Replace one word with another (a configurable rule, for the fix loop tests)."""

    category = "typo"
    fix_availability = FixAvailability.ALWAYS
    old = new = ""

    def check(self, doc):
        at = doc.text.find(self.old)
        if at >= 0:
            yield self.report(at, at + len(self.old), f"{self.old} -> {self.new}",
                              Fix.safe(f"write {self.new}", Edit(at, at + len(self.old), self.new)))


class XtoY(Replace):
    code, name, old, new = "ZZZ010", "x-to-y", "x", "y"


class YtoX(Replace):
    code, name, old, new = "ZZZ011", "y-to-x", "y", "x"


class AbDelete(Replace):
    code, name, old, new = "ZZZ012", "ab-delete", "ab", ""


class BcUpper(Replace):
    code, name, old, new = "ZZZ013", "bc-upper", "bc", "BC"


def session_for(*rule_classes, settings=None, fix_mode="fix", unsafe=False):
    app = build_app()
    registry = RuleRegistry([*app.registry, *rule_classes], {})
    settings = settings or Settings()
    rules = [cls() for cls in rule_classes]
    return Session(settings, registry, rules, app.input_formats, fix_mode=fix_mode, unsafe_fixes=unsafe)


def test_a_crashing_rule_is_reported_and_the_others_still_run():
    session = session_for(Crashing, XtoY)
    found = session.lint(Document("an x here", "doc.txt"))
    assert [d.code for d in found] == ["ZZZ010"]
    assert len(session.failures) == 1
    failure = session.failures[0]
    assert (failure.code, failure.path) == ("ZZZ001", "doc.txt")
    assert "RuntimeError: boom" in failure.describe() and "ZZZ001 (always-crashes)" in failure.describe()


@pytest.mark.parametrize("rule", [OutOfRange, EditOutsideSpan])
def test_invalid_findings_count_as_rule_failures(rule):
    session = session_for(rule)
    assert session.lint(Document("some text", "doc.txt")) == []
    assert session.failures and session.failures[0].code == rule.code


def test_fixes_that_undo_each_other_fail_to_converge_and_name_the_rules():
    session = session_for(XtoY, YtoX)
    with pytest.raises(FixNotConverged) as caught:
        fix_until_stable(Document("x", "loop.txt"), session.lint, session.may_apply)
    assert caught.value.codes == ["ZZZ010", "ZZZ011"]
    assert "loop.txt" in str(caught.value) and "nothing was written" in str(caught.value)


def test_overlapping_fixes_are_resolved_over_rounds():
    session = session_for(AbDelete, BcUpper)
    final, remaining, fixed = fix_until_stable(Document("abc", "t.txt"), session.lint, session.may_apply)
    assert final.text == "c"
    assert [d.code for d in fixed] == ["ZZZ012"] and remaining == []


def test_apply_fixes_skips_overlaps_and_keeps_text_outside_edits():
    session = session_for(AbDelete, BcUpper)
    doc = Document("xx abc yy", "t.txt")
    text, applied = apply_fixes(doc.text, session.lint(doc))
    assert text == "xx c yy" and [d.code for d in applied] == ["ZZZ012"]


def test_at_one_start_the_longer_fix_wins():
    class AbcDelete(Replace):
        code, name, old, new = "ZZZ015", "abc-delete", "abc", ""

    session = session_for(AbDelete, AbcDelete)
    doc = Document("xx abc yy", "t.txt")
    text, applied = apply_fixes(doc.text, session.lint(doc))
    assert text == "xx  yy" and [d.code for d in applied] == ["ZZZ015"]


def test_unsafe_fixes_need_the_flag():
    class Unsafe(Replace):
        code, name, old, new = "ZZZ014", "unsafe-one", "a", "b"

        def check(self, doc):
            for diagnostic in super().check(doc):
                diagnostic.fix = Fix.unsafe(diagnostic.fix.title, *diagnostic.fix.edits)
                yield diagnostic

    safe_only = session_for(Unsafe)
    assert fix_until_stable(Document("a", "t"), safe_only.lint, safe_only.may_apply)[0].text == "a"
    with_unsafe = session_for(Unsafe, unsafe=True)
    assert fix_until_stable(Document("a", "t"), with_unsafe.lint, with_unsafe.may_apply)[0].text == "b"


def test_fixable_unfixable_and_regrading():
    settings = Settings(unfixable=["ZZZ010"])
    session = session_for(XtoY, settings=settings)
    doc = Document("x", "t")
    assert fix_until_stable(doc, session.lint, session.may_apply)[0].text == "x"
    located = session.finalize(doc, session.lint(doc))
    assert located[0].fix.applicability.value == "display-only"
    regraded = session_for(XtoY, settings=Settings(extend_unsafe_fixes=["ZZZ010"]))
    assert fix_until_stable(doc, regraded.lint, regraded.may_apply)[0].text == "x"


def test_severity_overrides_apply_most_specific_last():
    settings = Settings(severity={"ZZZ010": Severity.ERROR, "typo": Severity.INFO, "ALL": Severity.WARNING})
    session = session_for(XtoY, YtoX, settings=settings, fix_mode=None)
    doc = Document("x y", "t")
    graded = {d.code: d.severity for d in session.finalize(doc, session.lint(doc))}
    assert graded == {"ZZZ010": Severity.ERROR, "ZZZ011": Severity.INFO}


def test_per_file_ignores_match_globs(tmp_path):
    settings = Settings(root=tmp_path, per_file_ignores={"archive/**": ["ZZZ010"], "*.md": ["typo"]})
    session = session_for(XtoY, settings=settings, fix_mode=None)
    assert session.lint(Document("x", str(tmp_path / "archive" / "2019" / "a.txt"))) == []
    assert session.lint(Document("x", str(tmp_path / "notes.md"))) == []
    assert len(session.lint(Document("x", str(tmp_path / "new" / "a.txt")))) == 1


def test_fingerprints_survive_edits_elsewhere():
    app = build_app()
    settings = Settings()
    rules = instantiate_rules(app, settings, ["ADV001"])
    session = Session(settings, app.registry, rules, app.input_formats)
    text = "It rose. Advertisement It fell. Then it rose. Advertisement It fell.\n"
    first = session.finalize(Document(text, "a"), session.lint(Document(text, "a")))
    moved_text = "A new paragraph at the top.\n\n" + text
    moved = session.finalize(Document(moved_text, "a"), session.lint(Document(moved_text, "a")))
    assert [(d.fingerprint, d.occurrence) for d in first] == [(d.fingerprint, d.occurrence) for d in moved]
    assert [d.line for d in first] != [d.line for d in moved]
    assert first[0].fingerprint != first[1].fingerprint  # different neighbourhoods


def test_registry_rejects_duplicates_and_bad_codes():
    from newslint.errors import PluginError

    class Clash(Rule):
        code, name, category = "ZZZ010", "another-name", "typo"

    with pytest.raises(PluginError, match="clashes"):
        RuleRegistry([XtoY, Clash])

    class BadCode(Rule):
        code, name, category = "zz-1", "bad-code", "typo"

    with pytest.raises(PluginError, match="code"):
        RuleRegistry([BadCode])

    class BadCategory(Rule):
        code, name, category = "ZZZ020", "bad-category", "gossip"

    with pytest.raises(PluginError, match="unknown category 'gossip'"):
        RuleRegistry([BadCategory])


def test_selection_by_code_prefix_name_category_and_all():
    registry = RuleRegistry([XtoY, YtoX, AbDelete])
    assert registry.expand("ZZZ01") == {"ZZZ010", "ZZZ011", "ZZZ012"}
    assert registry.expand("x-to-y") == {"ZZZ010"}
    assert registry.expand("typo") == {"ZZZ010", "ZZZ011", "ZZZ012"}
    assert registry.select(["ALL"], ignore=["ZZZ011"]) == ["ZZZ010", "ZZZ012"]
    assert registry.select(None, extend_select=[], ignore=["typo"]) == []


def test_two_insertions_at_one_offset_are_not_both_applied_in_one_round():
    class InsertQuote(Rule):
        code, name, category = "ZZZ015", "insert-quote", "typo"
        fix_availability = FixAvailability.ALWAYS

        def check(self, doc):
            if not doc.text.endswith('"'):
                yield self.report(0, len(doc.text), "close it", Fix.safe("close", Edit.insertion(len(doc.text), '"')))

    class InsertQuoteToo(InsertQuote):
        code, name = "ZZZ016", "insert-quote-too"

    session = session_for(InsertQuote, InsertQuoteToo)
    doc = Document('"open', "t")
    text, applied = apply_fixes(doc.text, session.lint(doc))
    assert text == '"open"' and len(applied) == 1
    assert fix_until_stable(doc, session.lint, session.may_apply)[0].text == '"open"'
