"""Context patterns of the typo rules' packs (TYP001 confused-word, TYP002 doubled-word, TYP003 verb-edit-residue).

A pack pattern is a regular expression written the way the text reads:

- a space matches any run of spaces or tabs (``"could of"`` also finds ``"could  of"``), and a
  quantified space (``"a ?b"``) keeps its quantifier;
- an apostrophe matches both the straight and the curly one (``they're`` / ``they’re``), also
  inside a character class;
- ``<name>`` stands for a named word list of the pack (a table with ``name`` and ``words``),
  compiled as one trie-shaped alternation.

:func:`compile_pattern` turns such a pattern into an expression compiled on first use, and
names the pack entry in the error when it does not compile.
"""

from __future__ import annotations

import re

from newslint import Fix, PackField
from newslint.patterns import LazyPattern
from newslint.phrases import trie_pattern

#: The fix applicabilities a pack entry may ask for (``fix = "unsafe"``).
FIX_MAKERS = {"safe": Fix.safe, "unsafe": Fix.unsafe, "display-only": Fix.display_only}

#: The pack field that holds the named word lists.
WORD_LISTS_FIELD = PackField(
    "table",
    "Named word lists that the patterns use as `<name>`: `name` and `words` (lower case).",
    keys={"name": str, "words": list},
    required=("name", "words"),
)

_LIST_NAME = re.compile(r"(?<!\(\?P)(?<!\(\?)<([a-z][a-z0-9-]*)>")  # not a named group: (?P<name> or (?<name>


def prepare_pattern(source: str) -> str:
    """Rewrite a pack pattern: a space matches any run of spaces or tabs, an apostrophe both kinds."""
    out, in_class, escaped = [], False, False
    for index, char in enumerate(source):
        if escaped:
            out.append(char)
            escaped = False
        elif char == "\\":
            out.append(char)
            escaped = True
        elif in_class:
            out.append(char + "\u2019" if char == "'" else char)
            in_class = char != "]"
        elif char == "[":
            out.append(char)
            in_class = True
        elif char == " ":
            out.append("[ \\t]" if source[index + 1:index + 2] in ("?", "*", "+", "{") else "[ \\t]+")
        elif char == "'":
            out.append("['\u2019]")
        else:
            out.append(char)
    return "".join(out)


def word_lists(tables: list[dict]) -> dict[str, str]:
    """``{name: pattern}`` for the pack's named word lists (tables with ``name`` and ``words``)."""
    merged: dict[str, set[str]] = {}
    for index, table in enumerate(tables):
        name, words = table["name"], table["words"]
        if not _LIST_NAME.fullmatch("<" + name + ">"):
            raise ValueError(f"lists[{index}]: name {name!r} must be lower case letters, digits and hyphens")
        if not all(isinstance(word, str) and word.strip() for word in words):
            raise ValueError(f"lists[{index}] ({name!r}): words must be non-empty strings")
        merged.setdefault(name, set()).update(" ".join(word.lower().split()) for word in words)
    # A trie-shaped alternation; its spaces become plain spaces, which prepare_pattern widens.
    return {name: "(?:" + trie_pattern(words).replace("\\s+", " ") + ")" for name, words in merged.items()}


def expand_lists(source: str, lists: dict[str, str], where: str) -> str:
    """Replace every ``<name>`` in a pattern with the alternation of that word list."""
    def replace(match: re.Match) -> str:
        if match.group(1) not in lists:
            raise ValueError(f"{where}: unknown word list <{match.group(1)}> (define it in `lists`)")
        return lists[match.group(1)]
    return _LIST_NAME.sub(replace, source)


def compile_pattern(source: str | None, where: str, suffix: str = "") -> LazyPattern | None:
    """The prepared pattern (followed by ``suffix``, e.g. ``\\Z``), compiled when first used; None for no pattern.

    Most patterns are never needed in a run over a few files (their word is not in the
    text), and compiling the packs' word lists is most of a rule's start-up. Patterns from
    packs and configuration newslint does not ship are checked when they are loaded; one
    that still does not compile raises, when first used, a ValueError naming ``where``.
    """
    if not source:
        return None
    return LazyPattern(f"(?:{prepare_pattern(source)}){suffix}", re.MULTILINE, where)
