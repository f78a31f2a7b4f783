"""The command line: ``newslint check | baseline | apply | rule | rules | plugins | config``.

Exit codes (as ruff's): 0 no finding at or above the failure level; 1 findings;
2 usage, configuration, plugin or internal error (including a rule that raised).
"""

from __future__ import annotations

import argparse
import difflib
import os
import sys
from pathlib import Path

from newslint import __version__
from newslint.errors import NewslintError, UsageError

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # usage errors exit 2 with one line, as everywhere else
        self.print_usage(sys.stderr)
        raise UsageError(message)


def _add_selection_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("rule selection")
    group.add_argument("--select", metavar="RULES", help="comma-separated rules to run (codes, prefixes, names, "
                       "categories or ALL); replaces the configured set")
    group.add_argument("--extend-select", metavar="RULES", help="rules to add to the selection")
    group.add_argument("--ignore", metavar="RULES", help="rules to leave out")
    group.add_argument("--preview", action="store_true", default=None, help="also run preview rules")


def _add_incremental_options(check: argparse.ArgumentParser) -> None:
    group = check.add_argument_group("baseline and changed-only linting")
    group.add_argument("--baseline", type=Path, metavar="FILE",
                       help="leave out the findings recorded in FILE (see `newslint baseline`) and report its "
                            "entries that no longer match")
    group.add_argument("--no-baseline", action="store_true", help="ignore the baseline named in the configuration")
    since = group.add_mutually_exclusive_group()
    since.add_argument("--since", metavar="REF", help="only findings on lines changed since git REF (from its "
                       "merge base with HEAD; uncommitted changes and untracked files included)")
    since.add_argument("--diff-only", action="store_true", help="only findings on lines changed since HEAD "
                       "(uncommitted changes and untracked files): --since HEAD")


def _add_baseline_and_apply_commands(commands) -> None:
    baseline = commands.add_parser(
        "baseline", help="record the current findings in a baseline file",
        description="Lint PATHs and write every finding to FILE (TOML), so that `newslint check --baseline FILE` "
                    "reports only new findings. Entries are keyed on content (path, record id, rule, a hash of the "
                    "matched text and its neighbourhood, occurrence), not on line numbers.")
    baseline.add_argument("file", type=Path, metavar="FILE", help="the baseline to write")
    baseline.add_argument("paths", nargs="*", metavar="PATH", help="files or folders (default: .)")
    baseline.add_argument("--prune", action="store_true",
                          help="only remove the entries of FILE that no longer match a finding; add nothing")
    baseline.add_argument("--config", type=Path, metavar="FILE", help="use this configuration file")
    baseline.add_argument("--isolated", action="store_true", help="ignore every configuration file")
    _add_selection_options(baseline)
    baseline.add_argument("--exclude", metavar="GLOBS", help="comma-separated globs to add to the excludes")
    baseline.add_argument("--force-exclude", action="store_true", default=None,
                          help="apply excludes to paths given explicitly too")
    baseline.add_argument("--text-field", metavar="NAME", help="JSONL field holding the text (default: text)")
    baseline.add_argument("--progress", choices=("auto", "always", "never"), default="auto")
    baseline.add_argument("--quiet", "-q", action="store_true", help="no summary line")

    apply = commands.add_parser(
        "apply", help="apply the fixes left in reviewed reports (written by check --report-dir)",
        description="Apply every suggestion that remains in the given per-file TOML reports, whatever its "
                    "applicability: a curator who kept it has reviewed it. Refuses (exit 2, writes nothing) "
                    "when a file changed since its report was written, or when kept edits overlap.")
    apply.add_argument("reports", nargs="+", metavar="REPORT", help="report files, or folders of them")
    apply.add_argument("--dry-run", action="store_true", help="show what would be applied; write nothing")
    apply.add_argument("--config", type=Path, metavar="FILE", help="use this configuration file")
    apply.add_argument("--isolated", action="store_true", help="ignore every configuration file")
    apply.add_argument("--text-field", metavar="NAME", help="JSONL field holding the text (default: text)")
    apply.add_argument("--quiet", "-q", action="store_true", help="no summary line")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="newslint", description="A data-quality linter for scraped news text.")
    parser.add_argument("--version", action="version", version=f"newslint {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    check = commands.add_parser("check", help="lint files and folders (and fix them with --fix)",
                                description="Lint .txt, .md and .jsonl files (and .gz of them); '-' reads stdin.")
    check.add_argument("paths", nargs="*", metavar="PATH", help="files or folders (default: .)")
    check.add_argument("--config", type=Path, metavar="FILE", help="use this configuration file")
    check.add_argument("--isolated", action="store_true", help="ignore every configuration file")
    _add_selection_options(check)
    fixing = check.add_argument_group("fixing")
    fixing.add_argument("--fix", action="store_true", help="apply safe fixes in place")
    fixing.add_argument("--unsafe-fixes", action="store_true", default=None,
                        help="also apply unsafe fixes (with --fix or --diff)")
    fixing.add_argument("--diff", action="store_true", help="print the fixes as a unified diff; write nothing")
    fixing.add_argument("--exit-non-zero-on-fix", action="store_true", help="exit 1 if any fix was applied")
    output = check.add_argument_group("output")
    output.add_argument("--output-format", metavar="FORMAT",
                        help="full (default), concise, json, json-lines, sarif, github, junit, or a plugin's")
    output.add_argument("--output-file", "-o", type=Path, metavar="FILE", help="write the report to FILE")
    output.add_argument("--report-dir", type=Path, metavar="DIR",
                        help="also write one TOML report per input file under DIR")
    output.add_argument("--statistics", action="store_true", help="print the number of findings per rule")
    output.add_argument("--timing", action="store_true", help="print the time each rule took, on stderr")
    output.add_argument("--color", choices=("auto", "always", "never"), default="auto")
    output.add_argument("--progress", choices=("auto", "always", "never"), default="auto",
                        help="progress bar on stderr (auto: only on a terminal, never in CI)")
    output.add_argument("--quiet", "-q", action="store_true", help="no summary line")
    gate = check.add_argument_group("exit status")
    gate.add_argument("--fail-on", choices=("error", "warning", "info"),
                      help="lowest severity that makes the run fail (default: warning)")
    gate.add_argument("--exit-zero", action="store_true", help="exit 0 even with findings (report-only runs)")
    inputs = check.add_argument_group("inputs")
    inputs.add_argument("--force-exclude", action="store_true", default=None,
                        help="apply excludes to paths given explicitly too (for pre-commit)")
    inputs.add_argument("--exclude", metavar="GLOBS", help="comma-separated globs to add to the excludes")
    inputs.add_argument("--text-field", metavar="NAME", help="JSONL field holding the text (default: text)")
    inputs.add_argument("--stdin-filename", metavar="NAME", help="the name standard input stands for")
    _add_incremental_options(check)

    rule = commands.add_parser("rule", help="print a rule's documentation")
    rule.add_argument("rule", nargs="?", metavar="CODE|NAME")
    rule.add_argument("--all", action="store_true", help="print every rule's documentation")

    rules = commands.add_parser("rules", help="list every rule")
    rules.add_argument("--output-format", choices=("text", "json"), default="text")
    rules.add_argument("--category", help="only rules of this category")

    plugins = commands.add_parser("plugins", help="list plugins and their versions")
    plugins.add_argument("--output-format", choices=("text", "json"), default="text")

    _add_baseline_and_apply_commands(commands)

    config = commands.add_parser("config", help="print the resolved configuration as TOML")
    config.add_argument("--config", type=Path, metavar="FILE")
    config.add_argument("--isolated", action="store_true")
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        if args.command is None:
            parser.print_help()
            return EXIT_ERROR
        handler = _COMMANDS[args.command]
        return handler(args)
    except NewslintError as exc:
        print(f"newslint: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("newslint: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # the reader went away (``newslint check ... | head``): not an error of ours
        try:
            sys.stdout = open(os.devnull, "w")
        except OSError:
            pass
        return EXIT_OK
    except Exception as exc:  # a bug: one clear line, the traceback only when asked
        if os.environ.get("NEWSLINT_DEBUG"):
            raise
        print(f"newslint: internal error: {type(exc).__name__}: {exc} (set NEWSLINT_DEBUG=1 for the traceback; "
              "please report it)", file=sys.stderr)
        return EXIT_ERROR


def _split(value: str | None) -> list[str] | None:
    if value is None:
        return None
    return [item.strip() for item in value.split(",") if item.strip()]


def _settings_from(args):
    from newslint.config import load_settings

    return load_settings(getattr(args, "config", None), getattr(args, "isolated", False))


def _apply_cli(settings, args) -> None:
    from newslint.diagnostics import Severity

    if args.select is not None:
        settings.select = _split(args.select)
    if args.extend_select is not None:
        settings.extend_select = settings.extend_select + _split(args.extend_select)
    if args.ignore is not None:
        settings.ignore = settings.ignore + _split(args.ignore)
    if args.preview:
        settings.preview = True
    if args.fail_on:
        settings.fail_on = Severity.parse(args.fail_on)
    if args.output_format:
        settings.output_format = args.output_format
    if args.unsafe_fixes:
        settings.unsafe_fixes = True
    if args.force_exclude:
        settings.force_exclude = True
    if args.exclude:
        settings.extend_exclude = settings.extend_exclude + _split(args.exclude)
    if args.text_field:
        settings.text_field = args.text_field


def cmd_check(args, on_run=None) -> int:
    from newslint.app import build_app, instantiate_rules
    from newslint.discovery import FileFilter, discover
    from newslint.engine import RunResult, Session
    from newslint.inputs import Source
    from newslint.progress import ProgressBar, progress_wanted
    from newslint.reporters.text import summary_line

    settings = _settings_from(args)
    _apply_cli(settings, args)
    if args.diff and args.fix:
        raise UsageError("--diff and --fix cannot be combined: --diff writes nothing")
    baseline, changed = _incremental_setup(args, settings)  # --baseline, --since: fail early on a bad file or ref
    app = build_app()
    from newslint.config import validate_against

    validate_against(settings, app.registry)  # before selection: name the bad key, not a bare selector
    codes = app.registry.select(settings.select, settings.extend_select, settings.ignore, settings.preview)
    rules = instantiate_rules(app, settings, codes)
    reporter_class = app.reporter(settings.output_format)
    fix_mode = "fix" if args.fix else "diff" if args.diff else None
    session = Session(settings, app.registry, rules, app.input_formats,
                      verdict_hook=app.pm.hook.newslint_document_verdict, fix_mode=fix_mode)
    if getattr(args, "timing", False):
        session.timings = {}

    suffixes = [suffix for fmt in app.input_formats for suffix in fmt.suffixes]
    file_filter = FileFilter(settings.root, settings.include, settings.exclude + settings.extend_exclude, suffixes)
    paths = args.paths or ["."]
    found, missing = discover(paths, file_filter, settings.force_exclude)
    if "-" in found and len(paths) > 1:
        raise UsageError("'-' (standard input) cannot be combined with other paths")
    skipped = 0
    if changed is not None and not session.corpus_rules:  # a file without changed lines cannot keep a finding
        kept = [path for path in found if path == "-" or changed.file_changed(path)]
        skipped, found = len(found) - len(kept), kept

    results = []
    for path in missing:
        from newslint.engine import FileResult
        from newslint.inputs import InputProblem

        result = FileResult(path, None)
        result.diagnostics.append(session.problem_diagnostic(path, InputProblem("NL901", "no such file or folder")))
        result.verdicts[None] = "reject"
        results.append(result)

    progress = ProgressBar(len(found), sys.stderr, progress_wanted(sys.stderr, args.progress),
                           delay=0.0 if args.progress == "always" else 0.5)
    try:
        for display in found:
            if display == "-":
                source = Source(args.stdin_filename or "-", None, session.read_settings, data=sys.stdin.buffer.read())
                size = len(source.data)
            else:
                source = Source(display, Path(display), session.read_settings)
                size = 0
                if progress.enabled:  # the bar shows MB/s
                    try:
                        size = os.path.getsize(display)
                    except OSError:
                        pass
            results.append(session.process(source))
            progress.advance(size)
    finally:
        progress.close()
    session.finish_corpus(results)

    run = RunResult(results, session.failures, [r.error for r in results if r.error], app.registry, codes,
                    settings, fix_mode)
    notes = _filter_findings(run, session, baseline, changed, skipped)
    if on_run is not None:
        return on_run(run)
    stdin_fixed = fix_mode == "fix" and any(r.source is not None and r.source.fs_path is None for r in results)
    out = _open_output(args.output_file, sys.stderr if stdin_fixed else sys.stdout)
    try:
        color = _color_wanted(args.color, out)
        reporter = reporter_class(out, color=color)
        reporter.report(run)
        if args.statistics:
            _print_statistics(run, out)
        if fix_mode == "diff":
            _print_diffs(results, sys.stdout)
        if stdin_fixed:
            for result in results:
                if result.source is not None and result.source.fs_path is None:
                    data = result.new_bytes if result.new_bytes is not None else result.source.data
                    sys.stdout.buffer.write(data)
                    sys.stdout.flush()
        if not args.quiet:
            summary_stream = sys.stderr if (reporter_class.machine_readable or stdin_fixed
                                            or args.output_file) else out
            print(summary_line(run), file=summary_stream)
        if session.timings is not None:
            _print_timings(session.timings, app.registry, sys.stderr)
    finally:
        if out not in (sys.stdout, sys.stderr):
            out.close()

    if args.report_dir:
        from newslint.report_files import write_reports

        written = write_reports(args.report_dir, run)
        if not args.quiet:
            print(f"Wrote {written} report{'s' if written != 1 else ''} to {args.report_dir}", file=sys.stderr)

    for result in results:
        if result.note:
            print(f"newslint: note: {result.note}", file=sys.stderr)
    for note, always in notes:
        if always or not args.quiet:
            print(f"newslint: {note}", file=sys.stderr)
    problems = [failure.describe() for failure in session.failures] + run.errors
    for problem in problems:
        print(f"newslint: error: {problem}", file=sys.stderr)
        if os.environ.get("NEWSLINT_DEBUG"):
            for failure in session.failures:
                print(failure.traceback, file=sys.stderr)
    if problems:
        return EXIT_ERROR
    if args.exit_zero:
        return EXIT_OK
    if (args.exit_non_zero_on_fix or fix_mode == "diff") and any(r.fixed for r in results):
        return EXIT_FINDINGS  # --diff: there is something to change (as ruff's --diff)
    threshold = settings.fail_on.rank
    if any(d.severity.rank >= threshold for d in run.diagnostics()):
        return EXIT_FINDINGS
    return EXIT_OK


def _incremental_setup(args, settings):
    """The baseline (``--baseline`` or the configured one) and the changed lines (``--since``), or None."""
    baseline = None
    path = getattr(args, "baseline", None)
    if path is None and settings.baseline and not getattr(args, "no_baseline", False):
        path = settings.root / settings.baseline
    if path is not None:
        from newslint.baseline import Baseline

        baseline = Baseline.load(path)
    changed = None
    ref = "HEAD" if getattr(args, "diff_only", False) else getattr(args, "since", None)
    if ref is not None:
        from newslint.vcs import changed_lines

        changed = changed_lines(ref, args.paths or ["."])
    return baseline, changed


def _filter_findings(run, session, baseline, changed, skipped: int) -> list[tuple[str, bool]]:
    """Apply the baseline, then ``--since``, to the run's findings; return (note, shown even with -q) pairs."""
    notes: list[tuple[str, bool]] = []
    if baseline is not None:
        from newslint.baseline import stale_messages

        outcome = baseline.filter(run)
        if outcome.hidden:
            notes.append((f"{outcome.hidden} finding{'s' if outcome.hidden != 1 else ''} recorded in the baseline "
                          f"{baseline.path} not shown", False))
        stale = stale_messages(baseline, outcome)
        if stale:
            notes.append(("\n".join(stale), True))
    if changed is not None:
        from newslint.vcs import filter_run

        dropped = filter_run(run, changed, lambda path: session.input_format(path).name == "jsonl")
        notes.append((f"--since {changed.ref}: {dropped} finding{'s' if dropped != 1 else ''} on unchanged lines "
                      f"not shown; {skipped} unchanged file{'s' if skipped != 1 else ''} skipped", False))
    return notes


def cmd_baseline(args) -> int:
    """``newslint baseline FILE PATH...``: lint as ``check`` does, then write (or prune) the baseline."""
    from newslint import baseline as baselines

    merged = vars(build_parser().parse_args(["check"]))  # every check option at its default ...
    merged.update(vars(args))  # ... then what this command was given
    merged.update(baseline=None, no_baseline=True, since=None, diff_only=False, output_format=None, fix=False,
                  diff=False)

    def write(run) -> int:
        problems = [failure.describe() for failure in run.failures] + run.errors
        if problems:
            for problem in problems:
                print(f"newslint: error: {problem}", file=sys.stderr)
            print(f"newslint: baseline {args.file} not written: the run had errors", file=sys.stderr)
            return EXIT_ERROR
        if args.prune:
            current = baselines.Baseline.load(args.file)
            kept, removed = baselines.prune(current, run)
            baselines.write(args.file, kept)
            message = (f"Removed {removed} stale entr{'ies' if removed != 1 else 'y'} from {args.file}; "
                       f"{len(kept)} remain")
        else:
            entries = baselines.entries_for(run, args.file)
            baselines.write(args.file, entries)
            files = len({entry.path for entry in entries})
            message = (f"Wrote {len(entries)} finding{'s' if len(entries) != 1 else ''} in {files} "
                       f"file{'s' if files != 1 else ''} to {args.file}")
        if not args.quiet:
            print(message, file=sys.stderr)
        return EXIT_OK

    return cmd_check(argparse.Namespace(**merged), on_run=write)


def cmd_apply(args) -> int:
    """``newslint apply REPORT...``: apply the suggestions left in reviewed reports."""
    from newslint.app import build_app
    from newslint.apply import run_apply
    from newslint.inputs import ReadSettings

    settings = _settings_from(args)
    if args.text_field:
        settings.text_field = args.text_field
    app = build_app()
    read_settings = ReadSettings(settings.text_field, settings.id_field, settings.max_document_size * 1024 * 1024)
    return run_apply(args.reports, read_settings, app.input_formats, dry_run=args.dry_run, quiet=args.quiet)


def _open_output(path: Path | None, default):
    if path is None:
        return default
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        return open(path, "w", encoding="utf-8", newline="\n")
    except OSError as exc:
        raise UsageError(f"cannot write {path}: {exc.strerror or exc}") from exc


def _color_wanted(setting: str, stream) -> bool:
    if setting != "auto":
        return setting == "always"
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return hasattr(stream, "isatty") and stream.isatty()


def _print_statistics(run, stream) -> None:
    from collections import Counter

    counts = Counter((d.code, d.name) for d in run.diagnostics())
    fixable = {d.code for d in run.diagnostics() if d.fixable}
    for (code, name), count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        marker = "[*]" if code in fixable else "   "
        stream.write(f"{count:6d}  {code:<7} {marker} {name}\n")


def _print_timings(timings: dict[str, float], registry, stream) -> None:
    total = sum(timings.values()) or 1e-9
    stream.write(f"{'seconds':>8}  {'share':>6}  rule\n")
    for code, seconds in sorted(timings.items(), key=lambda item: -item[1]):
        stream.write(f"{seconds:8.3f}  {100 * seconds / total:5.1f}%  {code} {registry.by_code[code].name}\n")


def _print_diffs(results, stream) -> None:
    for result in results:
        if result.new_bytes is None or result.source is None:
            continue
        with result.source.open_binary() as handle:
            old = handle.read().decode("utf-8", errors="replace")
        new = result.new_bytes.decode("utf-8", errors="replace")
        diff = difflib.unified_diff(old.splitlines(keepends=True), new.splitlines(keepends=True),
                                    fromfile=f"a/{result.path}", tofile=f"b/{result.path}")
        for line in diff:
            stream.write(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n")


def cmd_rule(args) -> int:
    from newslint.app import build_app

    app = build_app()
    if args.all:
        for rule in app.registry:
            print(_rule_page(rule))
            print()
        return EXIT_OK
    if not args.rule:
        raise UsageError("name a rule (code or name), or pass --all")
    rule = app.registry.lookup(args.rule)
    if rule is None:
        close = difflib.get_close_matches(args.rule, [*app.registry.by_code, *app.registry.by_name], n=3)
        hint = f" (did you mean {', '.join(close)}?)" if close else ""
        raise UsageError(f"unknown rule {args.rule!r}{hint}")
    print(_rule_page(rule))
    return EXIT_OK


def _rule_page(rule) -> str:
    header = (f"# {rule.name} ({rule.code})\n\n"
              f"Category: {rule.category} · Severity: {rule.severity.value} · Fix: {rule.fix_availability.value}"
              f" · Status: {rule.status} · Plugin: {rule.plugin}\n")
    options = ""
    if rule.options:
        options = "\n## Options\n" + "".join(f"- `{key}` (default `{option.default!r}`): {option.description}\n"
                                             for key, option in rule.options.items())
    if rule.pack_fields:
        options += "\n## Vocabulary (packs feeding this rule, or `extend-<key>` in its options)\n" + "".join(
            f"- `{key}` ({spec.kind}): {spec.description}\n" for key, spec in rule.pack_fields.items())
    return header + "\n" + rule.documentation() + "\n" + options


def cmd_rules(args) -> int:
    import json

    from newslint.app import build_app

    app = build_app()
    rules = [rule for rule in app.registry if not args.category or rule.category == args.category]
    if args.category and args.category not in app.registry.categories:
        raise UsageError(f"unknown category {args.category!r}")
    if args.output_format == "json":
        print(json.dumps([{"code": r.code, "name": r.name, "category": r.category, "severity": r.severity.value,
                           "fix": r.fix_availability.value, "status": r.status, "plugin": r.plugin,
                           "summary": r.summary()} for r in rules], indent=2, ensure_ascii=False))
        return EXIT_OK
    rows = [("CODE", "NAME", "CATEGORY", "SEVERITY", "FIX", "STATUS", "PLUGIN")]
    rows += [(r.code, r.name, r.category, r.severity.value, r.fix_availability.value, r.status, r.plugin)
             for r in rules]
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip())
    return EXIT_OK


def cmd_plugins(args) -> int:
    import json

    from newslint.app import build_app

    app = build_app()
    entries = [{"name": info.name, "distribution": info.distribution, "version": info.version,
                "module": info.module,
                "rules": sorted(code for code, source in app.rule_sources.items() if source == info.name)}
               for info in app.plugins]
    if args.output_format == "json":
        print(json.dumps(entries, indent=2))
        return EXIT_OK
    rows = [("PLUGIN", "DISTRIBUTION", "VERSION", "RULES")]
    rows += [(e["name"], e["distribution"], e["version"], ", ".join(e["rules"]) or "-") for e in entries]
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip())
    return EXIT_OK


def cmd_config(args) -> int:
    import tomli_w

    settings = _settings_from(args)
    source = settings.config_file or "(no configuration file: defaults)"
    print(f"# resolved from {source}")
    print(tomli_w.dumps(settings.to_toml_dict()), end="")
    return EXIT_OK


_COMMANDS = {"check": cmd_check, "rule": cmd_rule, "rules": cmd_rules, "plugins": cmd_plugins, "config": cmd_config,
             "baseline": cmd_baseline, "apply": cmd_apply}
