"""newslint hook specifications: the plugin author's reference, top to bottom.

A plugin is a module (or any object) with functions marked ``@newslint.hookimpl``
and named after the hooks below. It is found through an entry point in the
``newslint`` group of its distribution::

    # pyproject.toml of "newslint-house-style"
    [project.entry-points.newslint]
    house-style = "newslint_house_style"

newslint's own rules are registered in exactly this way, so anything they do, a
plugin can do too. Conventions:

- Every hook is prefixed ``newslint_`` and called with keyword arguments only, so
  an implementation may accept fewer parameters than the specification lists.
- ``register`` hooks are called once per run and return values; the engine merges
  the answers of all plugins and rejects duplicates (two rules with one code, two
  output formats with one name) with a clear error, exit code 2.
- Rules are *not* run through pluggy: the engine runs each rule on its own, so a
  rule that raises is reported (which rule, which file) and the others still run.
- Set ``NEWSLINT_TRACE_PLUGINS=1`` to print every hook call on stderr.

Hooks, in the order a run uses them:

1. Vocabulary: ``newslint_register_categories``
2. Rules and their data: ``newslint_register_rules``, ``newslint_register_packs``
3. Inputs: ``newslint_register_input_formats``
4. Outputs: ``newslint_register_output_formats``
5. Results: ``newslint_document_verdict``
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:  # pragma: no cover - imported for annotations only
    from collections.abc import Sequence
    from importlib.resources.abc import Traversable
    from pathlib import Path

    from newslint.diagnostics import Diagnostic
    from newslint.document import Document
    from newslint.inputs import InputFormat
    from newslint.reporters import Reporter
    from newslint.rule import Rule

hookspec = pluggy.HookspecMarker("newslint")


# ---------------------------------------------------------------------------
# 1. Vocabulary
# ---------------------------------------------------------------------------


@hookspec
def newslint_register_categories() -> dict[str, str]:
    """Add categories to the vocabulary rules are grouped by.

    The built-in vocabulary (``donation``, ``captcha``, ``advertisement``,
    ``quotes``, ``typo``, ``newsletter``, ``navigation``, ``related``, ``promo``,
    ``metadata``, ``punctuation`` and a few more; see ``newslint rules``) is always
    there. A rule whose category is in no plugin's answer is refused at start-up.

    :returns: a mapping of category name (one lower-case word) to a one-line
        description, shown by ``newslint rules``.

    Use in plugins: return only the categories your rules introduce; a name that
    another plugin already registered with a different description is an error.
    """


# ---------------------------------------------------------------------------
# 2. Rules and their data
# ---------------------------------------------------------------------------


@hookspec
def newslint_register_rules() -> Sequence[type[Rule]]:
    """Contribute rules.

    :returns: a sequence of :class:`newslint.Rule` subclasses (classes, not
        instances). The engine instantiates each selected rule once per run with
        its options (``[tool.newslint.rules.<rule-name>]``) and vocabulary.

    Each rule must have a unique ``code`` (1-3 capital letters and up to three
    digits) and ``name`` (kebab case), a known ``category`` and a module docstring
    with the sections ``## What it does``, ``## Why it matters``, ``## Example``
    (with "Use instead:") and, if it can fix, ``## Fix safety``. A corpus-level
    check is a :class:`newslint.CorpusRule`, which sees every document of the run.

    Use in plugins: one rule per module, the module docstring being its docs.
    """


@hookspec
def newslint_register_packs() -> Sequence[Traversable | Path]:
    """Contribute vocabulary packs: TOML files that feed phrases and patterns to rules.

    :returns: a sequence of TOML files or folders of them (``pathlib.Path`` or
        ``importlib.resources`` traversables, so packs can ship inside a wheel:
        ``[importlib.resources.files(__package__) / "packs"]``).

    Every pack file names the rule it feeds (``feeds = "donation-appeal"``) and
    may set only the keys that rule declares in its ``pack_fields``; anything else
    is an error naming the file and the key. Packs are merged: a plugin's phrases
    are added to the built-in ones, never replace them.

    Use in plugins: ship a house list of banner phrases without writing a rule.
    """


# ---------------------------------------------------------------------------
# 3. Inputs
# ---------------------------------------------------------------------------


@hookspec
def newslint_register_input_formats() -> Sequence[InputFormat]:
    """Contribute input formats: how files of some suffixes become documents.

    :returns: a sequence of :class:`newslint.inputs.InputFormat` instances. Each
        has a ``name``, the ``suffixes`` it claims (``(".txt", ".md")``), a
        ``read(source)`` method returning the file's documents, and, if it can
        write fixes back, a ``write(source, fixed)`` method returning the new
        bytes. ``.gz`` files are decompressed before the inner suffix is looked up.

    Use in plugins: read WARC extracts, CSV exports or a corpus's own JSON layout.
    """


# ---------------------------------------------------------------------------
# 4. Outputs
# ---------------------------------------------------------------------------


@hookspec
def newslint_register_output_formats() -> Sequence[type[Reporter]]:
    """Contribute output formats for ``--output-format``.

    :returns: a sequence of :class:`newslint.reporters.Reporter` subclasses, each
        with a unique ``name``. A reporter receives the finished run (every file,
        every finding, the summary) and writes to the stream it is given.

    Use in plugins: feed a ticket system, a dashboard or a house JSON layout.
    """


# ---------------------------------------------------------------------------
# 5. Results
# ---------------------------------------------------------------------------


@hookspec(firstresult=True)
def newslint_document_verdict(document: Document, diagnostics: Sequence[Diagnostic], verdict: str) -> str | None:
    """Override the verdict newslint gives a document.

    :param document: the document, after any fixes.
    :param diagnostics: the findings that remain on it.
    :param verdict: what newslint's own policy decided: ``keep``, ``review`` or
        ``reject`` (configured with ``[tool.newslint.verdict]``).
    :returns: ``"keep"``, ``"review"``, ``"reject"``, or ``None`` to leave the
        verdict as it is. Stops at the first non-``None`` result.

    Use in plugins: apply a house policy, such as rejecting documents under a
    minimum length or in the wrong language.
    """
