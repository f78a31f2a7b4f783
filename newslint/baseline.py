"""Baselines: record today's findings so that CI fails only on new ones.

``newslint baseline FILE PATH…`` writes every current finding to ``FILE`` (TOML);
``newslint check --baseline FILE`` (or ``baseline = "FILE"`` in the configuration)
then leaves out the findings recorded there and reports the entries that no longer
match anything, so the baseline can be pruned (``newslint baseline --prune``).

An entry is keyed on content, never on line numbers or offsets:

- ``path``: the file, relative to the baseline's folder (``/`` separators);
- ``record-id``: for JSONL with ``jsonl.id-field`` set, the record's id; without
  an id, records are not told apart by position (inserting a record would shift
  every index), only by their text;
- ``code``: the rule;
- ``fingerprint``: a hash of the rule, the matched text and about 40 characters on
  either side (white space folded), as computed by the engine;
- ``occurrence``: which of the findings with that fingerprint in that file (or
  record) this is, in text order;
- ``text``: the matched text, for people reading the file, and for the second pass;
- ``neighbours``: short hashes of the text just before and just after the match
  on its line (for the second pass).

Matching runs in two passes. First, a finding matches an entry with the same
path, record id, code, fingerprint and occurrence. Then, findings still unmatched
are paired, in text order, with unused entries of the same path, record id, code
and matched text whose text on at least one side is unchanged (an empty side, at
the start or end of a line, does not count): so a finding whose
words on one side were edited stays baselined, while the same text appearing
somewhere else is new (and the entry it might have taken is reported as stale).
Every entry absorbs at most one finding, so a copy added beside a recorded
finding is new too.
"""

from __future__ import annotations

import hashlib
import os
import re
import tomllib
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import tomli_w

from newslint import __version__
from newslint.diagnostics import Diagnostic
from newslint.errors import NewslintError

FORMAT = 1
_HEADER = """\
# newslint baseline: findings recorded here are not reported by `newslint check --baseline`.
# Written by `newslint baseline FILE PATH...`; entries are keyed on content, not line numbers.
# Prune entries that no longer match with `newslint baseline --prune FILE PATH...`.

"""
_ENTRY_KEYS = {"path": str, "record-id": str, "code": str, "fingerprint": str, "occurrence": int, "text": str,
               "neighbours": str, "note": str}
_REQUIRED = ("path", "code", "fingerprint", "occurrence")


class BaselineError(NewslintError):
    """The baseline file is missing or invalid (exit 2)."""


_SURROGATE = re.compile("[\ud800-\udfff]")
#: Characters of neighbourhood on each side that the second matching pass compares.
NEAR = 40


def _scrub(text: str) -> str:
    """Text without lone surrogates (JSONL escapes can hold them; TOML and UTF-8 cannot)."""
    return _SURROGATE.sub("\ufffd", text)


def _fold(text: str) -> str:
    return " ".join(_scrub(text).split())


@dataclass(frozen=True)
class Entry:
    """One recorded finding."""

    path: str
    code: str
    fingerprint: str
    occurrence: int
    text: str = ""
    record_id: str | None = None
    note: str | None = None
    #: Hashes of the text just before and just after the match on its line ("" when unknown).
    neighbours: tuple[str, str] = ("", "")

    def key(self) -> tuple:
        return (self.path, self.record_id, self.code, self.fingerprint, self.occurrence)

    def loose_key(self) -> tuple:
        return (self.path, self.record_id, self.code, _fold(self.text))

    def to_dict(self) -> dict:
        out: dict = {"path": self.path}
        if self.record_id is not None:
            out["record-id"] = self.record_id
        out.update({"code": self.code, "fingerprint": self.fingerprint, "occurrence": self.occurrence,
                    "text": _scrub(self.text)})
        if any(self.neighbours):
            out["neighbours"] = " ".join(self.neighbours)
        if self.note is not None:
            out["note"] = self.note
        return out

    def describe(self) -> str:
        where = self.path if self.record_id is None else f"{self.path} (record {self.record_id})"
        text = _fold(self.text)
        if len(text) > 60:
            text = text[:57] + "..."
        shown = f" {text!r}" if text else ""
        return f"{where}: {self.code}{shown} (occurrence {self.occurrence})"


def _hash(*parts: str) -> str:
    return hashlib.sha256("\x00".join(_fold(part) for part in parts).encode("utf-8")).hexdigest()[:12]


def neighbours(diagnostic: Diagnostic) -> tuple[str, str]:
    """Hashes of up to ``NEAR`` characters on either side of the match, on its line ("" when unknown)."""
    context, start = diagnostic.context, diagnostic.context_start
    length = diagnostic.end_offset - diagnostic.start_offset
    if not context or not 0 <= start <= len(context) or context[start:start + length] != diagnostic.excerpt:
        return ("", "")  # no context, or a long span shown shortened: the text alone must do
    left = context[max(0, start - NEAR):start].rsplit("\n", 1)[-1]
    right = context[start + length:start + length + NEAR].split("\n", 1)[0]
    # an empty side (the match starts or ends its line) is no evidence of being the same finding
    return (_hash(diagnostic.code, "left", left) if left.strip() else "-",
            _hash(diagnostic.code, "right", right) if right.strip() else "-")


def _near(entry: Entry, identity: Entry) -> bool:
    """Second pass: the same text counts as the same finding when one side of its neighbourhood is unchanged."""
    if not any(entry.neighbours) or not any(identity.neighbours):
        return True  # unknown (a long span shown shortened, or no context): the matched text decides
    return any(ours == theirs != "-" for ours, theirs in zip(entry.neighbours, identity.neighbours))


def fallback_fingerprint(diagnostic: Diagnostic) -> str:
    """For findings the engine did not locate (input problems, corpus findings): rule, message and text."""
    folded = "\x00".join(_fold(part) for part in (diagnostic.code, diagnostic.message, diagnostic.excerpt))
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()[:20]


def record_id_lookup(run) -> Callable[[Diagnostic], str | None]:
    """The JSONL record id of a finding (``jsonl.id-field``), or None.

    Uses ``Diagnostic.record_id`` when the engine provides it; otherwise reads the
    ids back from the file (only when an id field is configured).
    """
    id_field = getattr(run.settings, "id_field", None)
    sources = {result.path: result.source for result in run.files}
    cache: dict[str, dict[int, str]] = {}

    def lookup(diagnostic: Diagnostic) -> str | None:
        given = getattr(diagnostic, "record_id", None)
        if given is not None:
            return str(given)
        if not id_field or diagnostic.record is None:
            return None
        ids = cache.get(diagnostic.path)
        if ids is None:
            ids = cache[diagnostic.path] = _read_ids(sources.get(diagnostic.path))
        return ids.get(diagnostic.record)

    return lookup


def _read_ids(source) -> dict[int, str]:
    from newslint.document import Document
    from newslint.inputs import JsonlFormat

    if source is None or not source.inner_name.lower().endswith(JsonlFormat.suffixes):
        return {}
    try:
        return {item.record: item.record_id for item in JsonlFormat().documents(source)
                if isinstance(item, Document) and item.record_id is not None}
    except OSError:
        return {}


def identities(diagnostics: Iterable[Diagnostic], path: str,
               record_id_of: Callable[[Diagnostic], str | None]) -> list[tuple[Diagnostic, Entry]]:
    """Each finding of one file with its content-based identity (occurrences numbered per file or record)."""
    seen: Counter = Counter()
    out = []
    ordered = sorted(diagnostics, key=lambda d: (-1 if d.record is None else d.record, d.start_offset,
                                                 d.end_offset, d.code))
    for diagnostic in ordered:
        record_id = record_id_of(diagnostic)
        fingerprint = diagnostic.fingerprint or fallback_fingerprint(diagnostic)
        group = (record_id, diagnostic.code, fingerprint)
        seen[group] += 1
        out.append((diagnostic, Entry(path, diagnostic.code, fingerprint, seen[group], _scrub(diagnostic.excerpt),
                                      record_id, neighbours=neighbours(diagnostic))))
    return out


@dataclass
class Outcome:
    """What filtering a run through a baseline did."""

    hidden: int = 0
    stale: list[Entry] = field(default_factory=list)


class Baseline:
    """A baseline file: its entries, and paths relative to its folder."""

    def __init__(self, path: Path, entries: list[Entry]):
        self.path = Path(path)
        self.entries = entries
        self.folder = os.path.dirname(os.path.abspath(self.path))

    def relative(self, file_path: str) -> str:
        """A finding's path as the baseline spells it: relative to the baseline's folder."""
        if file_path in ("", "-"):
            return file_path
        relative = os.path.relpath(os.path.abspath(file_path), self.folder)
        return relative.replace(os.sep, "/")

    def _exists(self, entry_path: str) -> bool:
        return entry_path in ("", "-") or os.path.exists(os.path.join(self.folder, entry_path))

    # ---- reading ----------------------------------------------------------

    @classmethod
    def load(cls, path: Path) -> "Baseline":
        path = Path(path)
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise BaselineError(f"baseline {path} not found (write it with `newslint baseline {path} PATH...`)") \
                from None
        except OSError as exc:
            raise BaselineError(f"cannot read baseline {path}: {exc.strerror or exc}") from None
        except UnicodeDecodeError:
            raise BaselineError(f"baseline {path} is not valid UTF-8") from None
        except tomllib.TOMLDecodeError as exc:
            raise BaselineError(f"baseline {path}: invalid TOML: {exc}") from None
        unknown = set(data) - {"newslint-version", "format", "findings"}
        if unknown:
            raise BaselineError(f"baseline {path}: unknown key {sorted(unknown)[0]!r} "
                                "(expected: newslint-version, format, findings)")
        version = data.get("format", FORMAT)
        if not isinstance(version, int) or isinstance(version, bool):
            raise BaselineError(f"baseline {path}: format must be an integer")
        if version > FORMAT:
            raise BaselineError(f"baseline {path} has format {version}, written by a newer newslint "
                                f"({data.get('newslint-version', '?')}); this is {__version__}")
        findings = data.get("findings", [])
        if not isinstance(findings, list):
            raise BaselineError(f"baseline {path}: findings must be an array of tables ([[findings]])")
        return cls(path, [_entry(path, index, item) for index, item in enumerate(findings, 1)])


    # ---- filtering ----------------------------------------------------------

    def filter(self, run) -> Outcome:
        """Remove the baselined findings from ``run`` (in place); find the stale entries."""
        outcome = Outcome()
        record_id_of = record_id_lookup(run)
        exact: dict[tuple, list[Entry]] = defaultdict(list)
        by_path: dict[str, list[Entry]] = defaultdict(list)
        for entry in self.entries:
            exact[entry.key()].append(entry)
            by_path[entry.path].append(entry)
        used: set[int] = set()
        checked: set[str] = set()
        for result in run.files:
            path = self.relative(result.path)
            checked.add(path)
            if path not in by_path:
                continue
            hidden: set[int] = set()
            unmatched = []
            for diagnostic, identity in identities(result.diagnostics, path, record_id_of):
                entry = next((e for e in exact.get(identity.key(), ()) if id(e) not in used), None)
                if entry is None:
                    unmatched.append((diagnostic, identity))
                    continue
                used.add(id(entry))
                hidden.add(id(diagnostic))
            if unmatched:
                pool: dict[tuple, list[Entry]] = defaultdict(list)
                for entry in by_path[path]:
                    if id(entry) not in used:
                        pool[entry.loose_key()].append(entry)
                for diagnostic, identity in unmatched:
                    candidates = pool.get(identity.loose_key(), [])
                    entry = next((e for e in candidates if _near(e, identity)), None)
                    if entry is not None:
                        candidates.remove(entry)
                        used.add(id(entry))
                        hidden.add(id(diagnostic))
            if hidden:
                result.diagnostics[:] = [d for d in result.diagnostics if id(d) not in hidden]
                outcome.hidden += len(hidden)
        selected = set(run.selected) | {code for code in run.registry.by_code if code.startswith("NL9")}
        for entry in self.entries:
            if id(entry) in used:
                continue
            if (entry.path in checked and entry.code in selected) or not self._exists(entry.path):
                outcome.stale.append(entry)
        return outcome


def _entry(path: Path, index: int, item) -> Entry:
    where = f"baseline {path}: finding #{index}"
    if not isinstance(item, dict):
        raise BaselineError(f"{where} must be a table")
    for key, value in item.items():
        kind = _ENTRY_KEYS.get(key)
        if kind is None:
            raise BaselineError(f"{where}: unknown key {key!r} (expected: {', '.join(_ENTRY_KEYS)})")
        if not isinstance(value, kind) or isinstance(value, bool):
            raise BaselineError(f"{where}: {key} must be {'an integer' if kind is int else 'a string'}")
    missing = [key for key in _REQUIRED if key not in item]
    if missing:
        raise BaselineError(f"{where}: missing {', '.join(missing)}")
    if item["occurrence"] < 1:
        raise BaselineError(f"{where}: occurrence must be 1 or more")
    near = item.get("neighbours", " ").split(" ")
    if len(near) != 2:
        raise BaselineError(f"{where}: neighbours must be two hashes separated by a space")
    return Entry(item["path"], item["code"], item["fingerprint"], item["occurrence"], item.get("text", ""),
                 item.get("record-id"), item.get("note"), tuple(near))


def entries_for(run, baseline_path: Path) -> list[Entry]:
    """Every finding of ``run`` as a baseline entry, paths relative to ``baseline_path``'s folder."""
    holder = Baseline(baseline_path, [])
    record_id_of = record_id_lookup(run)
    entries = []
    for result in run.files:
        entries.extend(entry for _, entry in identities(result.diagnostics, holder.relative(result.path),
                                                        record_id_of))
    entries.sort(key=lambda e: (e.path, e.record_id or ""))  # stable: text order kept within a file
    return entries


def prune(baseline: Baseline, run) -> tuple[list[Entry], int]:
    """The entries of ``baseline`` that still match a finding of ``run`` (kept notes and all), and how many went."""
    outcome = baseline.filter(run)
    stale = {id(entry) for entry in outcome.stale}
    return [entry for entry in baseline.entries if id(entry) not in stale], len(stale)


def dumps(entries: Iterable[Entry]) -> str:
    data = {"newslint-version": __version__, "format": FORMAT, "findings": [entry.to_dict() for entry in entries]}
    return _HEADER + tomli_w.dumps(data)


def write(path: Path, entries: Iterable[Entry]) -> None:
    """Write the baseline atomically (a new file, or a replacement through a rename)."""
    from newslint.fixer import write_atomic

    data = dumps(entries).encode("utf-8")
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists():
            write_atomic(path, lambda out: out.write(data))
        else:
            path.write_bytes(data)
    except OSError as exc:
        raise BaselineError(f"cannot write baseline {path}: {exc.strerror or exc}") from None


def stale_messages(baseline: Baseline, outcome: Outcome, limit: int = 20) -> list[str]:
    """Lines for stderr about entries that matched nothing."""
    if not outcome.stale:
        return []
    count = len(outcome.stale)
    lines = [f"{count} baseline entr{'ies' if count != 1 else 'y'} in {baseline.path} no longer "
             f"match{'' if count != 1 else 'es'} "
             f"(prune with `newslint baseline --prune {baseline.path} PATH...`):"]
    lines += [f"  {entry.describe()}" for entry in outcome.stale[:limit]]
    if count > limit:
        lines.append(f"  ... and {count - limit} more")
    return lines
