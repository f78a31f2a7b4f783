"""Corpus-level checks: template lines and shared passages (BPL001), near-duplicates (DUP001).

The rules see the whole run, so they are tested on small corpora written here:
in-process through the real engine (``Session.process`` then ``finish_corpus``,
as ``newslint check`` runs them), and through the command line for what must hold
whatever the order of the files.
"""

from __future__ import annotations

import json
import random

import pytest

from conftest import REPO, installed_app, run_cli
from newslint import Diagnostic, Severity
from newslint.app import instantiate_rules
from newslint.config import Settings
from newslint.diagnostics import Applicability
from newslint.document import Document
from newslint.engine import Session
from newslint.errors import ConfigError
from newslint.inputs import Source

# ---- texts ----------------------------------------------------------------

FERRY = """Ferry crossings resume after the storm

The first ferry left the harbour at dawn on Thursday with forty passengers and a lorry of fresh bread on board.
Crossings had been suspended for three days while waves of up to six metres battered the island's exposed western coast.
"""
QUOTAS = """Fishing quotas to be reviewed in spring

The ministry will publish new quotas for cod and haddock in March, after scientists reported a recovery in northern stocks.
Skippers' groups said the review was overdue and warned that smaller boats had been hit hardest by last year's cuts.
"""
LIFEBOAT = """Lifeboat crew honoured for winter rescue

Seven volunteers were given medals on Saturday for saving three sailors whose yacht capsized off the headland in January.
The coxswain said the crew had trained for years for a night like that one, and thanked the families who waited ashore.
"""
MUSEUM = """Museum reopens with a new maritime gallery

The town museum reopened its doors on Sunday after a two-year refurbishment funded largely by a local trust.
Its new gallery tells the story of the herring fleet through photographs, nets and the logbooks of three skippers.
"""
STORIES = {"ferry.txt": FERRY, "quotas.txt": QUOTAS, "lifeboat.txt": LIFEBOAT, "museum.txt": MUSEUM}

WIRE = ("Engineers will inspect every bridge on the coastal railway before trains run again, the operator said on "
        "Monday, after floodwater undermined an embankment near the estuary. "
        "The line is expected to stay closed for at least a fortnight, and replacement buses will run between the "
        "two main stations in the meantime. "
        "A spokesperson for the operator said: \"Safety checks cannot be rushed, and we apologise to passengers "
        "for the disruption.\" "
        "Local councillors have called for a review of flood defences along the valley, which has flooded three "
        "times in the past decade.")


def with_line(story: str, line: str, after: int = 2) -> str:
    """``story`` with ``line`` on a line of its own after its ``after``-th line."""
    lines = story.split("\n")
    return "\n".join(lines[:after + 1] + [line] + lines[after + 1:])


def run(files: dict[str, str], *codes: str, options: dict | None = None, settings: Settings | None = None):
    """Run the given rules over in-memory files as ``newslint check`` does; return all findings."""
    app = installed_app()
    settings = settings or Settings(rules=options or {})
    selected = sorted({c for selector in codes for c in app.registry.expand(selector)})
    session = Session(settings, app.registry, instantiate_rules(app, settings, selected), app.input_formats)
    results = [session.process(Source(path, None, session.read_settings, data=text.encode("utf-8")))
               for path, text in files.items()]
    session.finish_corpus(results)
    assert not session.failures, [f.describe() + "\n" + f.traceback for f in session.failures]
    return [d for result in results for d in result.diagnostics]


def spans(findings, files, code="BPL001"):
    return [(d.path, files[d.path][d.start_offset:d.end_offset]) for d in findings if d.code == code]


# ---- template lines (BPL001, warning) ---------------------------------------------

TEMPLATE = "Get the Harbour Gazette briefing in your inbox"


def test_a_line_three_documents_share_is_a_template_line():
    files = {name: with_line(text, TEMPLATE) for name, text in list(STORIES.items())[:3]}
    files["museum.txt"] = MUSEUM
    found = run(files, "BPL001")
    assert sorted(p for p, _ in spans(found, files)) == ["ferry.txt", "lifeboat.txt", "quotas.txt"]
    for diagnostic in found:
        text = files[diagnostic.path]
        assert diagnostic.severity is Severity.WARNING
        assert text[diagnostic.start_offset:diagnostic.end_offset] == TEMPLATE + "\n"
        assert "recurs verbatim in 2 other documents" in diagnostic.message
        assert diagnostic.fix.applicability is Applicability.DISPLAY_ONLY
        assert diagnostic.fix.apply_to(text) == STORIES[diagnostic.path]
    named = {d.path: d.message.split("(e.g. ")[1].rstrip(")") for d in found}
    assert named == {"ferry.txt": "lifeboat.txt", "lifeboat.txt": "ferry.txt", "quotas.txt": "ferry.txt"}


def test_a_line_two_documents_share_is_not_enough_on_its_own():
    files = {"ferry.txt": with_line(FERRY, TEMPLATE), "quotas.txt": with_line(QUOTAS, TEMPLATE)}
    assert run(files, "BPL001") == []


def test_a_block_of_three_lines_two_documents_share_is_a_template():
    block = "Most read\nHarbour webcam\nTide tables\nLetters to the editor"
    files = {"ferry.txt": FERRY + "\n" + block + "\n", "quotas.txt": QUOTAS + "\n" + block + "\n",
             "museum.txt": MUSEUM}
    found = run(files, "BPL001")
    assert spans(found, files) == [("ferry.txt", "\n" + block + "\n"), ("quotas.txt", "\n" + block + "\n")]
    assert found[0].message == "Template block of 4 lines: they recur verbatim in quotas.txt"
    assert found[0].fix.apply_to(files["ferry.txt"]) == FERRY


def test_a_block_two_related_documents_share_is_their_content():
    block = "Box office: 0123 456 789\nTuesday to Saturday, 7.30pm\nTickets from the harbour kiosk"
    review = ("The cast of the harbour pageant rehearsed on the quay on Friday evening, watched by a crowd of "
              "fishermen who had stayed ashore because of the weather.")
    files = {"a.txt": FERRY + "\n" + review + "\n" + block + "\n", "b.txt": QUOTAS + "\n" + review + "\n" + block + "\n"}
    found = run(files, "BPL001")
    assert [d.severity for d in found] == [Severity.INFO, Severity.INFO], "the shared review, not a template"


def test_blank_lines_and_dates_inside_a_block_belong_to_it():
    block = "Most read\n\n2 hours ago\n\nHarbour webcam\n\nTide tables"
    files = {"a.txt": FERRY + "\n" + block + "\n", "b.txt": QUOTAS + "\n" + block + "\n"}
    found = run(files, "BPL001")
    assert [text.strip() for _, text in spans(found, files)] == [block, block]


def test_dates_numbers_and_function_words_alone_are_not_templates():
    trivial = ["Monday 3 March 2025", "10:30 GMT", "2 hours ago", "42", "and", "Updated 5 mins ago"]
    files = {name: text + "\n" + "\n".join(trivial) + "\n" for name, text in STORIES.items()}
    assert run(files, "BPL001") == []


def test_long_lines_are_prose_not_templates():
    line = "Readers can send news tips and photographs to the newsroom by email or through the website form"
    files = {name: with_line(text, line) for name, text in STORIES.items()}
    found = run(files, "BPL001")
    assert found and all(d.severity is Severity.INFO for d in found), "shared prose, not a template line"


def test_a_line_glued_into_a_paragraph_is_not_a_template_line():
    files = {name: text.replace("\n\n", "\n\nMost read. ", 1) for name, text in STORIES.items()}
    assert run(files, "BPL001") == []


def test_lines_other_rules_report_are_left_to_them():
    files = {name: with_line(text, "Advertisement") for name, text in STORIES.items()}
    alone = run(files, "BPL001")
    assert [text for _, text in spans(alone, files)] == ["Advertisement\n"] * 4
    rule = instantiate_rules(installed_app(), Settings(), ["BPL001"])[0]
    for path, text in files.items():
        at = text.index("Advertisement")
        marker = Diagnostic("ADV001", "stray-advertisement", "advertisement", Severity.WARNING, "ad", at, at + 14)
        rule.observe(Document(text, path), [marker] if path != "museum.txt" else [])
    assert [path for path, _, _ in rule.finish()] == ["museum.txt"], "only where no other rule explains it"
    settings = Settings(rules={"shared-boilerplate": {"include-reported": True}})
    rule = instantiate_rules(installed_app(), settings, ["BPL001"])[0]
    for path, text in files.items():
        at = text.index("Advertisement")
        marker = Diagnostic("ADV001", "stray-advertisement", "advertisement", Severity.WARNING, "ad", at, at + 14)
        rule.observe(Document(text, path), [marker])
    assert len(list(rule.finish())) == 4


def test_copies_of_one_article_do_not_make_its_lines_templates():
    files = {"a.txt": with_line(FERRY, "Harbour news"), "b.txt": with_line(FERRY, "Harbour news"),
             "c.txt": with_line(FERRY, "Harbour news"), "d.txt": QUOTAS}
    assert run(files, "BPL001") == [], "copies are the duplicate rule's business"
    found = run(files, "DUP001")
    assert sorted(d.path for d in found) == ["a.txt", "b.txt", "c.txt"]


def test_the_same_line_twice_in_a_document_gives_two_findings_with_occurrences():
    text = with_line(with_line(FERRY, TEMPLATE, after=0), TEMPLATE, after=3)
    files = {"a.txt": text, "b.txt": with_line(QUOTAS, TEMPLATE), "c.txt": with_line(LIFEBOAT, TEMPLATE)}
    found = [d for d in run(files, "BPL001") if d.path == "a.txt"]
    assert [(d.line, d.occurrence) for d in found] == [(2, 1), (5, 2)]
    assert found[0].fingerprint == found[1].fingerprint


def test_windows_line_breaks_are_kept_by_the_suggestion():
    files = {name: with_line(text, TEMPLATE).replace("\n", "\r\n") for name, text in list(STORIES.items())[:3]}
    found = run(files, "BPL001")
    assert len(found) == 3
    for diagnostic in found:
        assert diagnostic.fix.apply_to(files[diagnostic.path]) == STORIES[diagnostic.path].replace("\n", "\r\n")


# ---- shared passages (BPL001, info) ------------------------------------------------


def test_a_wire_passage_shared_by_two_outlets_is_info_naming_the_other():
    own = ("Our reporter spent the morning at the station, where staff handed out timetables for the buses and "
           "apologised to commuters who had not heard about the closure until they reached the platform. "
           "A café owner opposite the station said she had sold twice the usual number of coffees to people waiting "
           "for the first replacement bus of the day.")
    page_a = "Railway shut after flood\n\n" + WIRE + "\n\n" + own + "\n"
    # Another outlet: curly quotes, its own paragraphs, its own intro and ending.
    curly = WIRE.replace(': "', ": \u201c").replace('." ', ".\u201d ")
    assert curly != WIRE
    split = curly.replace(" The line is expected", "\n\nThe line is expected").replace(
        " Local councillors", "\n\nLocal councillors")
    page_b = ("Coastal line closed for a fortnight\n\nPassengers faced long queues at the bus stops on Tuesday morning as "
              "the first replacement services ran late, and several schools told pupils from the villages up the "
              "valley that they could arrive after the first lesson until the trains were running again.\n\n"
              + split + "\n")
    files = {"a.txt": page_a, "b.txt": page_b, "c.txt": MUSEUM}
    found = run(files, "BPL001")
    assert {d.path for d in found} == {"a.txt", "b.txt"}
    assert all(d.severity is Severity.INFO and d.fix is None for d in found)
    a_text = " ".join(text for path, text in spans(found, files) if path == "a.txt")
    assert "Engineers will inspect" in a_text and "three times in the past decade." in a_text
    assert all(("also appears in b.txt" if d.path == "a.txt" else "also appears in a.txt") in d.message
               for d in found)


def test_quote_marks_and_case_do_not_hide_a_shared_sentence():
    sentence = ("The mayor said: \"We will rebuild the sea wall before next winter, whatever it costs the "
                "council.\"")
    curly = sentence.replace('"', "\u201c", 1).replace('"', "\u201d")
    files = {"a.txt": FERRY + "\n" + sentence + "\n", "b.txt": QUOTAS + "\n" + curly.upper() + "\n"}
    assert [p for p, _ in spans(run(files, "BPL001"), files)] == ["a.txt", "b.txt"]


def test_short_shared_sentences_are_not_reported():
    files = {"a.txt": FERRY + "\nThe council declined to comment on the claims.\n",
             "b.txt": QUOTAS + "\nThe council declined to comment on the claims.\n"}
    assert run(files, "BPL001") == []


def test_passages_can_be_switched_off_and_thresholds_set():
    files = {"a.txt": "Rail line shut\n\n" + WIRE + "\n", "b.txt": "Coastal line closed\n\n" + WIRE + "\n\nMore.\n",
             "c.txt": FERRY}
    assert run(files, "BPL001", options={"shared-boilerplate": {"report-passages": False}}) == []
    two = {"ferry.txt": with_line(FERRY, TEMPLATE), "quotas.txt": with_line(QUOTAS, TEMPLATE)}
    assert len(run(two, "BPL001", options={"shared-boilerplate": {"min-documents": 2}})) == 2
    block = "Most read\nHarbour webcam\nTide tables"
    pair = {"a.txt": FERRY + block + "\n", "b.txt": QUOTAS + block + "\n"}
    assert len(run(pair, "BPL001")) == 2
    assert run(pair, "BPL001", options={"shared-boilerplate": {"block-lines": 4}}) == []
    assert run(pair, "BPL001", options={"shared-boilerplate": {"max-template-words": 1}}) == []


@pytest.mark.parametrize(("rule", "options"), [
    ("shared-boilerplate", {"min-documents": 0}),
    ("shared-boilerplate", {"block-lines": "three"}),
    ("near-duplicate", {"min-containment": 1.5}),
    ("near-duplicate", {"min-words": 2}),
])
def test_invalid_options_are_configuration_errors(rule, options):
    with pytest.raises(ConfigError, match=rule):
        run({"a.txt": FERRY}, rule, options={rule: options})


# ---- near-duplicates (DUP001, info) ----------------------------------------------


def test_an_edited_copy_is_a_near_duplicate_naming_its_twin():
    edited = WIRE.replace("on Monday", "on Monday evening").replace("at least a fortnight", "about two weeks")
    files = {"wire.txt": "Railway shut\n\n" + WIRE + "\n", "copy.txt": "Coastal railway closed\n\n" + edited + "\n",
             "museum.txt": MUSEUM}
    found = sorted(run(files, "DUP001"), key=lambda d: d.path)
    assert [(d.path, d.severity) for d in found] == [("copy.txt", Severity.INFO), ("wire.txt", Severity.INFO)]
    assert found[0].message.startswith("Near-duplicate of wire.txt: ")
    assert found[1].message.startswith("Near-duplicate of copy.txt: ")
    assert (found[0].line, found[0].column) == (1, 1)
    assert found[0].end_line == 3


def test_a_short_story_inside_a_longer_page_counts_by_containment():
    page = (FERRY + "\n" + QUOTAS + "\n" + LIFEBOAT + "\n" + MUSEUM + "\n" + WIRE + "\n") * 2
    files = {"story.txt": WIRE + "\n", "page.txt": page}
    found = {d.path: d.message for d in run(files, "DUP001")}
    assert set(found) == {"story.txt", "page.txt"}
    assert "100% of this document's text appears there" in found["story.txt"]


def test_articles_on_one_topic_are_not_duplicates():
    other = ("Rail passengers faced a fortnight of replacement buses after floods closed the coastal line. "
             "The operator apologised and said engineers would inspect the bridges, while councillors asked "
             "whether the valley's flood defences were good enough after three floods in ten years. "
             "Commuters said the buses took twice as long as the trains and often left before the connecting ferry "
             "arrived, and a petition for a faster service had gathered a thousand names by Tuesday.")
    files = {"wire.txt": WIRE + "\n", "other.txt": other + "\n"}
    assert run(files, "DUP001") == []


def test_short_documents_are_not_compared():
    notice = "Tide tables for the week ahead, with sunrise and sunset times for every harbour along the coast.\n"
    files = {"a.txt": notice, "b.txt": notice}
    assert run(files, "DUP001") == []
    assert len(run(files, "DUP001", options={"near-duplicate": {"min-words": 5}})) == 2


def test_the_twin_is_the_closest_copy_then_the_first_by_path():
    body = "Railway shut\n\n" + WIRE + "\n"
    files = {"c.txt": body, "a.txt": body, "b.txt": body,
             "d.txt": body.replace("on Monday", "late on Monday night after a long meeting")}
    found = {d.path: d.message for d in run(files, "DUP001")}
    assert found["a.txt"].startswith("Near-duplicate of b.txt: 100% ")
    assert found["b.txt"].startswith("Near-duplicate of a.txt: 100% ")
    assert found["c.txt"].startswith("Near-duplicate of a.txt: 100% ")
    assert found["c.txt"].endswith("; 2 more near-duplicates in the run")
    assert found["d.txt"].startswith("Near-duplicate of a.txt: ")


def test_text_other_rules_report_is_left_out_of_the_comparison():
    tail = "\n".join([QUOTAS, LIFEBOAT, MUSEUM]) * 2
    files = {"a.txt": FERRY + "\n" + tail, "b.txt": WIRE + "\n" + tail}
    app = installed_app()
    rule = instantiate_rules(app, Settings(), ["DUP001"])[0]
    for path, text in files.items():
        rule.observe(Document(text, path), [])
    assert len(list(rule.finish())) == 2, "alike through the shared tail"
    for path, text in files.items():
        start = text.index(tail)
        covering = Diagnostic("REL001", "related-tail", "related", Severity.WARNING, "tail", start, len(text))
        rule.observe(Document(text, path), [covering])
    assert list(rule.finish()) == [], "not alike once the tail is set aside"


def test_jsonl_records_are_documents_named_by_their_record():
    records = [with_line(text, TEMPLATE) for text in (FERRY, QUOTAS)] + [MUSEUM]
    files = {"c.jsonl": "\n".join(json.dumps({"text": text}) for text in records) + "\n",
             "lifeboat.txt": with_line(LIFEBOAT, TEMPLATE)}
    found = run(files, "BPL001")
    assert [(d.path, d.record) for d in found] == [("c.jsonl", 0), ("c.jsonl", 1), ("lifeboat.txt", None)]
    assert found[0].message.endswith("(e.g. c.jsonl[1])")
    assert found[2].message.endswith("(e.g. c.jsonl[0])")


# ---- what every corpus finding carries ------------------------------------------------


def test_findings_carry_positions_and_stable_fingerprints():
    files = {name: with_line(text, TEMPLATE) for name, text in list(STORIES.items())[:3]}
    files["wire-a.txt"] = "Rail line shut\n\n" + WIRE + "\n"
    files["wire-b.txt"] = "Coastal line closed\n\n" + WIRE + "\n"
    before = {(d.path, d.code): d for d in run(files, "BPL001", "DUP001")}
    files["ferry.txt"] = "An extra paragraph at the top, written later by an editor.\n\n" + files["ferry.txt"]
    files["wire-a.txt"] = files["wire-a.txt"] + "\nA late update at the bottom.\n"
    after = {(d.path, d.code): d for d in run(files, "BPL001", "DUP001")}
    assert set(before) == set(after)
    for key, diagnostic in after.items():
        assert diagnostic.line >= 1 and diagnostic.column >= 1 and diagnostic.end_line >= diagnostic.line
        assert len(diagnostic.fingerprint) == 20
        if key != ("wire-a.txt", "DUP001"):  # the text of that document changed
            assert diagnostic.fingerprint == before[key].fingerprint, key
    ferry = after[("ferry.txt", "BPL001")]
    assert (ferry.line, ferry.column) == (before[("ferry.txt", "BPL001")].line + 2, 1)


def test_the_rules_keep_hashes_and_offsets_not_text():
    app = installed_app()
    rules = instantiate_rules(app, Settings(), ["BPL001", "DUP001"])
    marker = "Zanzibarquetzal"
    for index, (path, text) in enumerate(STORIES.items()):
        for rule in rules:
            rule.observe(Document(text.replace("harbour", marker) + WIRE, path), [])

    def strings(value, depth=0):
        if isinstance(value, str):
            yield value
        elif depth < 4 and isinstance(value, dict):
            for item in value.values():
                yield from strings(item, depth + 1)
        elif depth < 4 and isinstance(value, (list, tuple, set)):
            for item in value:
                yield from strings(item, depth + 1)
        elif depth < 4 and hasattr(value, "__slots__"):
            for slot in value.__slots__:
                yield from strings(getattr(value, slot, None), depth + 1)

    for rule in rules:
        state = {key: value for key, value in vars(rule).items() if key not in ("settings", "vocabulary")}
        held = list(strings(state))
        assert not any(marker.lower() in s.lower() or len(s) > 200 for s in held), rule.code


def test_corpus_rules_are_not_in_the_default_selection():
    app = installed_app()
    defaults = app.registry.select(None)
    assert "BPL001" not in defaults and "DUP001" not in defaults
    assert {"BPL001", "DUP001"} <= set(app.registry.select(None, ["boilerplate", "duplicate"]))


# ---- through the command line --------------------------------------------------------

SEEDS = sorted((REPO / "seeds").glob("*.txt"))


def corpus_findings(*paths: str, extra=()) -> list[str]:
    result = run_cli("check", "--isolated", "--select", "BPL001,DUP001", "--output-format", "json", *extra, *paths,
                     cwd=REPO)
    assert result.returncode in (0, 1), result.stderr
    return sorted(json.dumps(finding, sort_keys=True) for finding in json.loads(result.stdout))


def test_seeds_findings_do_not_depend_on_the_order_of_the_files():
    names = [f"seeds/{p.name}" for p in SEEDS]
    forward = corpus_findings("seeds")
    assert forward, "the seeds share wire copy and a template block"
    assert corpus_findings(*reversed(names)) == forward
    shuffled = names[:]
    for seed in (1, 2):
        random.Random(seed).shuffle(shuffled)
        assert corpus_findings(*shuffled) == forward
    assert corpus_findings(names[2], "seeds") == forward, "a file named twice is linted once"


def test_seeds_template_block_wire_passages_and_near_duplicates():
    findings = [json.loads(f) for f in corpus_findings("seeds")]
    by = {}
    for finding in findings:
        by.setdefault((finding["code"], finding["severity"]), set()).add(finding["path"].split("/")[-1][:3])
    assert by[("BPL001", "warning")] == {"000", "002"}, "the aggregator's widget block"
    assert by[("BPL001", "info")] == {"000", "001", "004"}, "the wire story's paragraphs"
    assert by[("DUP001", "info")] == {"000", "001", "004"}
    for finding in findings:
        assert finding["fix"] is None or finding["fix"]["applicability"] == "display-only"
    blocks = [f for f in findings if f["severity"] == "warning"]
    assert all(f["end_line"] - f["line"] >= 5 for f in blocks)
    twins = {f["path"][-28:-25]: f["message"].split(": ")[0] for f in findings if f["code"] == "DUP001"}
    assert all(message.startswith("Near-duplicate of seeds/00") for message in twins.values())


def test_configured_thresholds_and_display_only_suggestions_through_the_cli(tmp_path):
    (tmp_path / "pyproject.toml").write_text(
        '[tool.newslint]\nselect = ["boilerplate"]\n\n'
        '[tool.newslint.rules.shared-boilerplate]\nmin-documents = 2\nreport-passages = false\n', encoding="utf-8")
    for name in ("ferry.txt", "quotas.txt"):
        (tmp_path / name).write_text(with_line(STORIES[name], TEMPLATE), encoding="utf-8")
    before = {p.name: p.read_bytes() for p in tmp_path.glob("*.txt")}
    result = run_cli("check", "--output-format", "concise", ".", cwd=tmp_path)
    lines = [line for line in result.stdout.splitlines() if "BPL001" in line]
    assert lines == ["ferry.txt:4:1: BPL001 Template line: it recurs verbatim in quotas.txt",
                     "quotas.txt:4:1: BPL001 Template line: it recurs verbatim in ferry.txt"]
    fixed = run_cli("check", "--fix", "--unsafe-fixes", ".", cwd=tmp_path)
    assert fixed.returncode == 1
    assert {p.name: p.read_bytes() for p in tmp_path.glob("*.txt")} == before, "suggestions are never applied"
