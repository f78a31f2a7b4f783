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
from pathlib import Path, PurePosixPath


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
    pattern = pattern.strip().rstrip("/")
    if pattern.startswith("./"):
        pattern = pattern[2:]
    regex = _glob_regex(pattern)
    if regex.match(relative):
        return True
    if "/" not in pattern:
        return any(regex.match(part) for part in PurePosixPath(relative).parts)
    # a folder pattern also matches everything below that folder
    return any(regex.match(str(parent)) for parent in PurePosixPath(relative).parents if str(parent) != ".")


def relative_to_root(path: Path, root: Path) -> str:
    """POSIX path of ``path`` relative to ``root`` (absolute if it lies outside)."""
    absolute = Path(os.path.abspath(path))
    try:
        return absolute.relative_to(root).as_posix()
    except ValueError:
        return absolute.as_posix()


class FileFilter:
    """Decides which paths are linted."""

    def __init__(self, root: Path, include: Iterable[str], exclude: Iterable[str], suffixes: Iterable[str]):
        self.root = Path(os.path.abspath(root))
        self.include = list(include)
        self.exclude = list(exclude)
        self.suffixes = tuple(sorted(set(suffixes)))

    def excluded(self, path: Path) -> bool:
        relative = relative_to_root(path, self.root)
        return any(glob_matches(pattern, relative) for pattern in self.exclude)

    def readable_suffix(self, name: str) -> bool:
        lowered = name.lower()
        if lowered.endswith(".gz"):
            lowered = lowered[:-3]
        return lowered.endswith(self.suffixes)

    def included(self, path: Path) -> bool:
        if self.include:
            relative = relative_to_root(path, self.root)
            return any(glob_matches(pattern, relative) for pattern in self.include)
        return self.readable_suffix(path.name)


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
        dirnames[:] = sorted(d for d in dirnames if not file_filter.excluded(Path(folder, d)))
        for name in sorted(filenames):
            path = Path(folder, name)
            if file_filter.included(path) and not file_filter.excluded(path):
                yield os.path.normpath(os.path.join(folder, name))
