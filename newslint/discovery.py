"""Find the files to lint: walk folders in a stable order, honour include and exclude globs.

Globs are matched against the path relative to the configuration's folder, in
POSIX form; a glob without a ``/`` also matches any single path component
(``exclude = ["drafts"]`` skips every folder named ``drafts``). ``**`` matches
any number of folders.

Files named explicitly on the command line are linted even if excluded, unless
``force-exclude`` is set (what a pre-commit hook wants: pre-commit passes file
names, and the project's excludes should still apply).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path


@lru_cache(maxsize=512)
def _glob_regex(pattern: str) -> re.Pattern:
    out, i = [], 0
    while i < len(pattern):
        char = pattern[i]
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
            continue
        if pattern.startswith("**", i):
            out.append(".*")
            i += 2
            continue
        if char == "*":
            out.append("[^/]*")
        elif char == "?":
            out.append("[^/]")
        elif char == "[":
            close = pattern.find("]", i + 1)
            if close < 0:
                out.append(re.escape(char))
            else:
                body = pattern[i + 1:close]
                if body.startswith("!"):
                    body = "^" + body[1:]
                out.append(f"[{body}]")
                i = close
        else:
            out.append(re.escape(char))
        i += 1
    return re.compile("".join(out) + r"\Z")


def glob_matches(pattern: str, relative: str) -> bool:
    """Whether a root-relative POSIX path matches a glob (see the module docs)."""
    return _single_glob(pattern).matches(relative, whole=True)


@lru_cache(maxsize=256)
def _single_glob(pattern: str) -> "_GlobSet":
    return _compile_globs([pattern])


def relative_to_root(path: Path, root: Path) -> str:
    """POSIX path of ``path`` relative to ``root`` (absolute if it lies outside)."""
    absolute = Path(os.path.abspath(path))
    try:
        return absolute.relative_to(root).as_posix()
    except ValueError:
        return absolute.as_posix()


class FileFilter:
    """Decides which paths are linted.

    Globs compile once into two expressions: one for globs without a ``/`` (matched
    against single path components) and one for the others (matched against the
    root-relative path and its parent folders).
    """

    def __init__(self, root: Path, include: Iterable[str], exclude: Iterable[str], suffixes: Iterable[str]):
        self.root = Path(os.path.abspath(root))
        self.include = _compile_globs(include)
        self.exclude = _compile_globs(exclude)
        self.suffixes = tuple(sorted(set(suffixes)))

    def relative(self, path: Path | str) -> str:
        return relative_to_root(Path(path), self.root)

    def excluded(self, path: Path | str) -> bool:
        """Whether the path or any folder above it (below the root) is excluded."""
        return self.exclude.matches(self.relative(path), whole=True)

    def excluded_entry(self, relative: str) -> bool:
        """Whether one walked entry is excluded (its parents were checked on the way down)."""
        return self.exclude.matches(relative, whole=False)

    def readable_suffix(self, name: str) -> bool:
        lowered = name.lower()
        if lowered.endswith(".gz"):
            lowered = lowered[:-3]
        return lowered.endswith(self.suffixes)

    def included(self, relative: str, name: str) -> bool:
        if self.include.empty:
            return self.readable_suffix(name)
        return self.include.matches(relative, whole=True)


class _GlobSet:
    def __init__(self, names: re.Pattern | None, paths: re.Pattern | None):
        self.names = names
        self.paths = paths
        self.empty = names is None and paths is None

    def matches(self, relative: str, whole: bool) -> bool:
        if self.empty:
            return False
        parts = relative.split("/")
        if self.names is not None:
            candidates = parts if whole else parts[-1:]
            if any(self.names.match(part) for part in candidates):
                return True
        if self.paths is not None:
            if self.paths.match(relative):
                return True
            if whole:
                return any(self.paths.match("/".join(parts[:n])) for n in range(1, len(parts)))
        return False


def _compile_globs(patterns: Iterable[str]) -> _GlobSet:
    names, paths = [], []
    for pattern in patterns:
        pattern = pattern.strip().rstrip("/")
        if pattern.startswith("./"):
            pattern = pattern[2:]
        if not pattern:
            continue
        (paths if "/" in pattern else names).append(_glob_regex(pattern).pattern)
    return _GlobSet(_union(names), _union(paths))


def _union(sources: list[str]) -> re.Pattern | None:
    return re.compile("|".join(f"(?:{source})" for source in sources)) if sources else None


def discover(paths: Iterable[str], file_filter: FileFilter, force_exclude: bool) -> tuple[list[str], list[str]]:
    """The files to lint (as display paths, sorted within each folder) and the paths not found."""
    found: list[str] = []
    missing: list[str] = []
    seen: set[str] = set()

    def add(display: str) -> None:
        key = os.path.normcase(os.path.abspath(display))
        if key not in seen:
            seen.add(key)
            found.append(display)

    for given in paths:
        if given == "-":
            add(given)
            continue
        path = Path(given)
        if path.is_dir():
            if force_exclude and file_filter.excluded(path):
                continue
            for display in _walk(given, file_filter):
                add(display)
        elif path.exists() or path.is_symlink():
            if force_exclude and file_filter.excluded(path):
                continue
            add(given)
        else:
            missing.append(given)
    return found, missing


def _walk(top: str, file_filter: FileFilter) -> Iterable[str]:
    for folder, dirnames, filenames in os.walk(top):
        base = file_filter.relative(folder)
        prefix = "" if base in (".", "") else base + "/"
        dirnames[:] = sorted(d for d in dirnames if not file_filter.excluded_entry(prefix + d))
        for name in sorted(filenames):
            relative = prefix + name
            if file_filter.included(relative, name) and not file_filter.excluded_entry(relative):
                yield os.path.normpath(os.path.join(folder, name))
