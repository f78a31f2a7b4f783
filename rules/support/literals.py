"""What every match of a regular expression must contain: cheap ``in`` tests to run before the expression.

A rule that runs pack patterns on many stretches of text first asks whether a stretch
holds the strings a match would need: :func:`required_literals` reads them from the
parsed pattern, and :func:`gates_pass` runs such tests for several patterns at once.
An answer may be weaker than it could be (a test that lets a stretch through for
nothing) but never wrong: a stretch it turns away holds no match.
"""

from __future__ import annotations

import re
from re import _constants as _c, _parser

#: Character classes with more members than this are not turned into a test.
_MAX_CLASS = 6


def required_literals(source: str, flags: int = 0) -> tuple[frozenset[str], ...] | None:
    """What every match of ``source`` (compiled with ``flags``) holds, as clauses: each match holds one string
    of every clause. None when nothing is known to be required (or the syntax is the ``regex`` package's).

    Read from the parsed expression: a run of literal characters is required, a small character class
    requires one of its characters, a group what its content requires, a repeat that must match at least
    once what its body requires, and an alternation one of the strings its branches require (when every
    branch requires something). Case-insensitive parts require nothing: there a literal also matches
    characters that lower-casing leaves alone ("s" matches "\u017f", "i" matches "\u0131"), so no ``in`` test
    on lower-cased text is exact. Clauses come in the order of the pattern, without repeats.
    """
    try:
        parsed = _parser.parse(source, flags)
    except Exception:
        return None
    clauses = _required(parsed, bool(parsed.state.flags & re.IGNORECASE))
    return tuple(dict.fromkeys(frozenset(clause) for clause in clauses)) or None


def gates_pass(gates, text: str) -> bool:
    """Whether ``text`` holds, for one of the gates (the clauses of one pattern), a string of each clause."""
    for clauses in gates:
        for clause in clauses:
            for literal in clause:
                if literal in text:
                    break
            else:
                break  # this clause fails, so does the gate
        else:
            return True
    return False


def _required(items, ignorecase: bool) -> list[set[str]]:
    clauses: list[set[str]] = []
    run: list[str] = []
    previous_run = ""
    for op, arg in items:
        if op is _c.LITERAL and not ignorecase:
            run.append(chr(arg))
            continue
        previous_run = "".join(run)
        if run:
            clauses.append({previous_run})
            run.clear()
        if op is _c.SUBPATTERN:
            _, add_flags, del_flags, body = arg
            inner = (ignorecase or bool(add_flags & re.IGNORECASE)) and not del_flags & re.IGNORECASE
            clauses.extend(_required(body, inner))
        elif op is _c.ATOMIC_GROUP:
            clauses.extend(_required(arg, ignorecase))
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT) and arg[0] >= 1:
            clauses.extend(_required(arg[2], ignorecase))
        elif op is _c.BRANCH:
            best = [_best(_required(branch, ignorecase)) for branch in arg[1]]
            if best and all(best):
                clauses.append(set().union(*best))
                # the parser moves a prefix the branches share out of them ("j(?:avascript|s)"): put it back
                if previous_run:
                    leads = [_leading_literal(branch, ignorecase) for branch in arg[1]]
                    if all(leads):
                        clauses.append({previous_run + lead for lead in leads})
        elif op is _c.IN and not ignorecase and 0 < len(arg) <= _MAX_CLASS \
                and all(kind is _c.LITERAL for kind, _ in arg):
            clauses.append({chr(value) for _, value in arg})
    if run:
        clauses.append({"".join(run)})
    return clauses


def _leading_literal(items, ignorecase: bool) -> str:
    out = []
    if not ignorecase:
        for op, arg in items:
            if op is not _c.LITERAL:
                break
            out.append(chr(arg))
    return "".join(out)


def _best(clauses: list[set[str]]) -> set[str] | None:
    """The clause of a branch to stand for it: the one whose shortest string is longest, then the smallest."""
    if not clauses:
        return None
    return max(clauses, key=lambda clause: (min(len(x.strip()) for x in clause), -len(clause)))
