"""Changed-only linting (``--since REF``, ``--diff-only``): which lines changed since a git ref.

``git diff --unified=0`` between the merge base of ``REF`` and ``HEAD`` and the
working tree gives the changed line ranges of every tracked file (committed,
staged and unstaged changes alike); files git does not track count as changed
throughout. A finding is kept when one of its lines changed; in a JSONL file,
when its record's line changed. Removed lines mark nothing (only added or
modified lines are new text that can hold a new defect). Binary files git
cannot diff (``.gz``) count as changed throughout when they changed at all.

Using the merge base means that on a branch, ``--since origin/main`` sees only
the branch's own changes, not what landed on ``main`` since the branch left it.
"""

from __future__ import annotations

import bisect
import os
import re
import subprocess
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from newslint.errors import UsageError

#: The whole file changed (new, untracked or binary).
WHOLE = ((1, 1 << 62),)
_HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@")
_ESCAPES = {"a": 7, "b": 8, "t": 9, "n": 10, "v": 11, "f": 12, "r": 13, '"': 34, "\\": 92}
#: Above this many paths, diff the whole repository instead of passing them all as pathspecs.
_MAX_PATHSPECS = 500


@dataclass
class ChangedLines:
    """Changed line ranges per file, keyed by the file's real path."""

    ref: str
    base: str
    toplevel: str
    ranges: dict[str, tuple[tuple[int, int], ...]] = field(default_factory=dict)
    untracked: set[str] = field(default_factory=set)

    def _key(self, path: str) -> str | None:
        if not path or path == "-":
            return None
        return os.path.realpath(path)

    def file_ranges(self, path: str) -> tuple[tuple[int, int], ...]:
        """The changed (first, last) line ranges of ``path``: empty when it did not change."""
        key = self._key(path)
        if key is None or key in self.untracked:
            return WHOLE
        if key in self.ranges:
            return self.ranges[key]
        if not key.startswith(self.toplevel + os.sep):
            return WHOLE  # outside the repository: git knows nothing of it, so all of it is new to us
        return ()

    def file_changed(self, path: str) -> bool:
        return bool(self.file_ranges(path))

    def keeps(self, diagnostic, jsonl: bool) -> bool:
        """Whether the finding sits on a changed line (its record's line when ``jsonl``: one record a line)."""
        if not os.path.exists(diagnostic.path) and diagnostic.path != "-":
            return True  # "no such file" and the like: always about the command line itself
        ranges = self.file_ranges(diagnostic.path)
        if not ranges:
            return False
        if ranges is WHOLE:
            return True
        if diagnostic.record is not None:
            if not jsonl:
                return True  # a record of a format whose lines git cannot map: the file changed, keep it
            first = last = diagnostic.record + 1
        elif jsonl:
            return True  # a problem with the file as a whole, and the file changed
        else:
            first = max(1, diagnostic.line)
            last = max(first, diagnostic.end_line)
            if last > first and diagnostic.end_column <= 1:
                last -= 1  # the span ends with a line break: the next line is not part of it
        return _overlaps(ranges, first, last)


def _overlaps(ranges: Sequence[tuple[int, int]], first: int, last: int) -> bool:
    """Whether any (start, end) range (sorted, disjoint) meets the lines first..last."""
    index = bisect.bisect_right(ranges, (last, 1 << 62)) - 1  # the last range starting at or before ``last``
    return index >= 0 and ranges[index][1] >= first


def _git(args: Sequence[str], cwd: str) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(["git", "-c", "core.quotepath=off", *args], cwd=cwd, capture_output=True)
    except FileNotFoundError:
        raise UsageError("--since needs git, and no 'git' program was found on PATH") from None


def _error_text(process: subprocess.CompletedProcess) -> str:
    text = process.stderr.decode("utf-8", "replace").strip().splitlines()
    return text[-1].removeprefix("fatal: ").removeprefix("error: ") if text else f"exit status {process.returncode}"


def unquote(path: str) -> str:
    """A path as git prints it in a diff: C-quoted when it holds special characters."""
    if not (len(path) >= 2 and path.startswith('"') and path.endswith('"')):
        return path
    raw = bytearray()
    body, i = path[1:-1], 0
    while i < len(body):
        ch = body[i]
        if ch != "\\" or i + 1 == len(body):
            raw += ch.encode("utf-8")
            i += 1
            continue
        nxt = body[i + 1]
        if nxt in _ESCAPES:
            raw.append(_ESCAPES[nxt])
            i += 2
        elif nxt in "01234567":
            digits = re.match(r"[0-7]{1,3}", body[i + 1:]).group()
            raw.append(int(digits, 8) & 0xFF)
            i += 1 + len(digits)
        else:
            raw += nxt.encode("utf-8")
            i += 2
    return raw.decode("utf-8", "surrogateescape")


def _header_path(rest: str) -> str | None:
    """The path of ``diff --git a/P b/P`` when both sides are the same unquoted path."""
    if rest.startswith('"'):
        match = re.match(r'^("(?:[^"\\]|\\.)*") ', rest)
        return unquote(match.group(1))[2:] if match else None
    if len(rest) % 2 == 0 or not rest.startswith("a/"):
        return None
    size = (len(rest) - 5) // 2
    old, new = rest[2:2 + size], rest[size + 5:]
    return new if old == new and rest[2 + size:size + 5] == " b/" else None


def parse_diff(text: str) -> dict[str, list[tuple[int, int]]]:
    """Changed line ranges of the new side of a ``--unified=0`` diff, by path (relative to the top level)."""
    out: dict[str, list[tuple[int, int]]] = {}
    current: str | None = None
    for line in text.split("\n"):
        if line.startswith("diff --git "):
            current = _header_path(line[len("diff --git "):])
        elif line.startswith("rename to "):
            current = unquote(line[len("rename to "):])
        elif line.startswith("+++ "):
            target = line[4:]
            if target == "/dev/null":
                current = None  # deleted: nothing to lint
                continue
            if not target.startswith('"') and target.endswith("\t"):
                target = target[:-1]
            current = unquote(target)[2:]
        elif line.startswith("Binary files ") and current is not None:
            out[current] = list(WHOLE)
        elif line.startswith("@@ ") and current is not None:
            match = _HUNK.match(line)
            if match is None:
                continue
            start = int(match.group(1))
            count = 1 if match.group(2) is None else int(match.group(2))
            if count > 0:
                out.setdefault(current, []).append((start, start + count - 1))
    return out


def _merge(ranges: Iterable[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    merged: list[list[int]] = []
    for start, end in sorted(ranges):
        if merged and start <= merged[-1][1] + 1:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return tuple((start, end) for start, end in merged)


def changed_lines(ref: str, paths: Sequence[str], cwd: str | None = None) -> ChangedLines:
    """The lines changed in ``paths`` since ``ref`` (its merge base with HEAD), with untracked files.

    Raises :class:`UsageError` (exit 2) outside a git repository or for an unknown ref.
    """
    cwd = os.path.realpath(cwd or os.getcwd())
    top = _git(["rev-parse", "--show-toplevel"], cwd)
    if top.returncode != 0:
        raise UsageError(f"--since: {cwd} is not inside a git repository ({_error_text(top)})")
    toplevel = os.path.realpath(top.stdout.decode("utf-8", "surrogateescape").strip())
    if ref.startswith("-"):
        raise UsageError(f"--since: invalid git ref {ref!r}")
    resolved = _git(["rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}"], cwd)
    if resolved.returncode != 0:
        raise UsageError(f"--since: unknown git ref {ref!r} (is it fetched? in CI, fetch with enough depth)")
    commit = resolved.stdout.decode().strip()
    merge_base = _git(["merge-base", commit, "HEAD"], cwd)
    base = merge_base.stdout.decode().strip() if merge_base.returncode == 0 else commit

    pathspecs = [path for path in paths if path != "-"]
    if len(pathspecs) > _MAX_PATHSPECS or not pathspecs:
        pathspecs = [toplevel]
    diff = _git(["diff", "--no-color", "--no-ext-diff", "--no-textconv", "-M", "--unified=0",
                 "--src-prefix=a/", "--dst-prefix=b/", base, "--", *pathspecs], cwd)
    if diff.returncode != 0:
        raise UsageError(f"--since: git diff failed: {_error_text(diff)}")
    changed = ChangedLines(ref, base, toplevel)
    for relative, ranges in parse_diff(diff.stdout.decode("utf-8", "surrogateescape")).items():
        changed.ranges[os.path.realpath(os.path.join(toplevel, relative))] = _merge(ranges)
    others = _git(["ls-files", "-z", "--others", "--full-name", "--", *pathspecs], cwd)
    if others.returncode != 0:
        raise UsageError(f"--since: git ls-files failed: {_error_text(others)}")
    for relative in others.stdout.decode("utf-8", "surrogateescape").split("\0"):
        if relative:
            changed.untracked.add(os.path.realpath(os.path.join(toplevel, relative)))
    return changed


def filter_run(run, changed: ChangedLines, is_jsonl) -> int:
    """Drop the findings of ``run`` on unchanged lines; return how many were dropped."""
    dropped = 0
    for result in run.files:
        jsonl = is_jsonl(result.path)
        kept = [d for d in result.diagnostics if changed.keeps(d, jsonl)]
        dropped += len(result.diagnostics) - len(kept)
        result.diagnostics[:] = kept
    return dropped
