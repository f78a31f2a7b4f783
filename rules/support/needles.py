"""Many literal strings found in one pass over a text, shared by the rules that look for them.

A rule adds its needles in ``setup``; :data:`NEEDLES` picks a few rare characters as *keys* and
compiles, per key, one expression for the needles holding it. A document is scanned once per key,
whatever the number of rules and needles, and every rule reads the positions it asked for.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Iterable, Sequence


#: Rough share (per cent) of each letter in lower-cased English news text. A pass keyed on a
#: character stops at every occurrence of it, so rare characters make cheap keys.
_LETTER_SHARE = {
    "a": 6.4, "b": 1.24, "c": 2.76, "d": 2.77, "e": 9.29, "f": 1.61, "g": 1.78, "h": 3.02, "i": 5.77,
    "j": 0.14, "k": 0.66, "l": 3.29, "m": 2.07, "n": 5.43, "o": 5.83, "p": 1.88, "q": 0.09, "r": 5.04,
    "s": 5.35, "t": 6.7, "u": 2.3, "v": 0.88, "w": 1.26, "x": 0.19, "y": 1.4, "z": 0.1,
}


def _key_cost(char: str) -> float:
    """What a pass keyed on ``char`` costs, roughly: the scan itself plus a stop per occurrence."""
    share = _LETTER_SHARE.get(char)
    if share is None:
        share = 16.0 if char.isspace() else 1.0 if char.isascii() else 0.05
    return 19.0 + 20.0 * share


def choose_keys(needles: Sequence[str]) -> list[str]:
    """Few cheap characters such that every needle holds one of them (greedy, then improved by swaps)."""
    def covers(keys) -> bool:
        return all(any(k in n for k in keys) for n in needles)

    def cost(keys) -> float:
        return sum(map(_key_cost, keys))

    left = set(needles)
    keys: list[str] = []
    while left:
        chars = sorted({c for n in left for c in n})
        best = max(chars, key=lambda c: (sum(c in n for n in left) / _key_cost(c), c))
        keys.append(best)
        left = {n for n in left if best not in n}
    chars = sorted({c for n in needles for c in n})
    improved = True
    while improved:
        improved = False
        candidates = []
        for i, a in enumerate(keys):
            rest = keys[:i] + keys[i + 1:]
            candidates.append(rest)
            candidates.extend(rest + [c] for c in chars if c not in keys)
            for b in keys[i + 1:]:
                rest2 = [k for k in rest if k != b]
                candidates.extend(rest2 + [c] for c in chars if c not in keys)
        for candidate in candidates:
            if cost(candidate) < cost(keys) - 1e-9 and covers(candidate):
                keys = candidate
                improved = True
                break
    return sorted(keys)


class NeedleIndex:
    """Every occurrence of many literal strings ("needles") in a lower-cased text, in a few passes.

    ``str.find`` costs one pass over the text per needle, and a regular expression that
    alternates between words scans slowly. Here the needles are grouped by a *key*: a
    character each of them holds, chosen so that few, rare characters cover them all
    (:func:`choose_keys`). Each group is one expression that starts with its key (the
    regular expression engine skips to a leading literal character quickly) and checks
    the rest of the needle around it with a trie and a look-behind. A pass runs
    the first time a rule asks for one of its needles in a document, and its result is
    kept in ``doc.cache``, so the rules of this group that look for needles with the same
    key share it. Rules add their needles once, in ``setup``.
    """

    def __init__(self, cache_key: str):
        self.cache_key = cache_key
        self._needles: set[str] = set()
        self._optional: set[str] = set()
        self._plan: tuple[dict, dict, dict] | None = None
        self._keys: tuple[str, ...] | None = None
        self._compiled: dict[tuple, tuple] = {}  # (key, its needles) -> (pattern, groups)
        self._listeners: list = []
        self._generation = 0

    def add(self, needles: Iterable[str], optional: bool = False) -> None:
        """Look for these needles too (add them in ``setup``, before the first document).

        Required needles decide which passes run; optional ones are found only when they
        hold the key of one of those passes (see :meth:`indexed`).
        """
        if optional:
            new = {n for n in needles if n and n not in self._needles and n not in self._optional}
            self._optional.update(new)
        else:
            new = {n for n in needles if n and n not in self._needles}
            self._needles.update(new)
            self._optional -= new  # an optional needle that becomes required
            if new:
                self._keys = None
        if new:
            self._plan = None
            self._generation += 1

    def keys(self) -> tuple[str, ...]:
        """The characters the passes start from (chosen for the required needles).

        When they are chosen, the methods given to :meth:`when_keyed` are called, so that
        they add their optional needles before any pass is compiled.
        """
        if self._keys is None:
            keys = self._keys = tuple(choose_keys(sorted(self._needles)))
            for ref in list(self._listeners):
                listener = ref()
                if listener is None:
                    self._listeners.remove(ref)
                else:
                    listener(self, keys)
        return self._keys

    def when_keyed(self, method) -> None:
        """Call ``method(index, keys)`` whenever the keys are chosen (the index keeps no hold on its object)."""
        self._listeners.append(weakref.WeakMethod(method))

    def indexed(self, needle: str, keys: tuple[str, ...] | None = None) -> bool:
        """Whether :meth:`find` reports ``needle`` (added, or about to be added, as optional, with these keys):
        a required one, or one that holds a key."""
        return needle in self._needles or any(k in needle for k in (self.keys() if keys is None else keys))

    def _build(self) -> tuple[dict, dict, dict]:
        needles = sorted(self._needles)
        keys = self.keys()
        key_of = {}
        for n in needles + sorted(self._optional - self._needles):
            held = [k for k in keys if k in n[:-1]] or [k for k in keys if k in n]
            if held:
                key_of[n] = min(held, key=lambda k: (_key_cost(k), k))
        passes = {}
        for key in keys:
            members = tuple(sorted(n for n in key_of if key_of[n] == key))
            if not members:
                continue
            compiled = self._compiled.get((key, members))
            if compiled is not None:
                passes[key] = compiled
                continue
            placed = []  # (needle, offset of its key)
            for n in members:
                offsets = [i for i, c in enumerate(n) if c == key]
                offset = next((i for i in offsets if i + 1 < len(n)), offsets[-1])  # prefer a key with text after it
                placed.append((n, offset))
            groups = {}
            for i, (n, offset) in enumerate(placed):
                partners = [(m, o) for m, o in placed if m != n and _aligned(n, offset, m, o)]
                groups[f"n{i}"] = (n, offset, tuple(partners))
            trie: dict = {}
            for i, (n, offset) in enumerate(placed):
                node = trie
                for char in n[offset + 1:]:
                    node = node.setdefault(char, {})
                node.setdefault("", []).append((f"n{i}", n, offset))
            passes[key] = self._compiled[(key, members)] = (re.compile(re.escape(key) + _needle_trie(trie)), groups)
        return key_of, passes, {}

    def find(self, doc, needles: Sequence[str]) -> dict[str, list[int]]:
        """Start offsets (ascending) of the occurrences of the needles in ``doc.lower``, overlaps included.

        The answer maps each needle found to its offsets (and may hold other needles that
        share a pass with them): look needles up with ``.get(needle, ())``. It is shared:
        do not change it.
        """
        if self._plan is None:
            self._plan = self._build()
        key_of, passes, keys_of = self._plan
        keys = keys_of.get(id(needles))
        if keys is None or keys[0] is not needles:  # (the needles are kept, so their id is not reused)
            keys = keys_of[id(needles)] = (needles, tuple(sorted({key_of[n] for n in needles if n in key_of})))
        keys = keys[1]
        cached = doc.cache.get(self.cache_key)
        if cached is None or cached[0] != self._generation:
            cached = doc.cache[self.cache_key] = (self._generation, set(), {})
        _, done, found = cached
        for key in keys:
            if key not in done:
                done.add(key)
                _scan(doc.lower, *passes[key], found)
        return found


def _aligned(a: str, a_key: int, b: str, b_key: int) -> bool:
    """Whether needles ``a`` and ``b`` can both occur with their keys at the same place."""
    shift = a_key - b_key  # b starts at a's index ``shift``
    for i, char in enumerate(b):
        j = i + shift
        if 0 <= j < len(a) and a[j] != char:
            return False
    return True


def _needle_trie(node: dict) -> str:
    branches = [re.escape(char) + _needle_trie(child) for char, child in sorted(node.items()) if char]
    for name, needle, offset in node.get("", ()):
        behind = f"(?<={re.escape(needle)})" if offset else ""
        branches.append(f"{behind}(?P<{name}>)")
    return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"


def _scan(lower: str, pattern, groups: dict, found: dict[str, list[int]]) -> None:
    """Add the needles one pass finds to ``found``."""
    search = pattern.search
    match = search(lower)
    while match is not None:
        at = match.start()
        needle, offset, partners = groups[match.lastgroup]
        found.setdefault(needle, []).append(at - offset)
        for other, other_offset in partners:
            start = at - other_offset
            if start >= 0 and lower.startswith(other, start):
                found.setdefault(other, []).append(start)
        match = search(lower, at + 1)  # the next key may lie inside this needle


class Literals:
    """A rule's strings found in ``doc.lower``: by the passes of an index for those its keys let it report
    (added to it as optional needles, so a pass another rule runs anyway finds them too), by ``str.find``
    for the rest."""

    def __init__(self, needles: Iterable[str], index: NeedleIndex):
        self.needles = tuple(sorted(set(needles)))
        self.index = index
        self._split: tuple | None = None  # (keys, found by the index, found by str.find)
        index.when_keyed(self._keyed)

    def _keyed(self, index: NeedleIndex, keys: tuple[str, ...]) -> None:
        shared = tuple(n for n in self.needles if index.indexed(n, keys))
        index.add(shared, optional=True)
        self._split = (keys, shared, tuple(n for n in self.needles if n not in shared))

    def find(self, doc) -> dict[str, list[int]]:
        """Start offsets (ascending, overlaps included) of the needles found, as :meth:`NeedleIndex.find` gives
        them (look needles up with ``.get(needle, ())``; do not change the answer)."""
        keys = self.index.keys()
        if self._split is None or self._split[0] is not keys:
            self._keyed(self.index, keys)
        _, shared, rest = self._split
        found = self.index.find(doc, shared) if shared else {}
        if not rest:
            return found
        found = dict(found)
        lower = doc.lower
        find = lower.find
        for needle in rest:
            pos = find(needle)
            if pos >= 0:
                hits = found[needle] = []
                while pos >= 0:
                    hits.append(pos)
                    pos = find(needle, pos + 1)
        return found


#: The needles of this group's rules (reader-revenue appeals, captcha errors, bot walls, ad markers).
NEEDLES = NeedleIndex("support/needles")

