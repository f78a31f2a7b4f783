"""newslint: a data-quality linter for scraped news text.

The public API for plugin authors, imported lazily so that ``import newslint``
stays cheap:

- :data:`hookimpl`: the marker for hook implementations;
- :class:`Rule`, :class:`CorpusRule`, :class:`Option`, :class:`PackField`: writing rules;
- :class:`Document`: what a rule checks;
- :class:`Diagnostic`, :class:`Fix`, :class:`Edit`, :class:`Applicability`,
  :class:`Severity`, :class:`FixAvailability`: what a rule reports.
"""

__version__ = "0.1.0"

_EXPORTS = {
    "hookimpl": "newslint.plugins",
    "Rule": "newslint.rule",
    "CorpusRule": "newslint.rule",
    "Option": "newslint.rule",
    "PackField": "newslint.rule",
    "Document": "newslint.document",
    "Diagnostic": "newslint.diagnostics",
    "Fix": "newslint.diagnostics",
    "Edit": "newslint.diagnostics",
    "Applicability": "newslint.diagnostics",
    "Severity": "newslint.diagnostics",
    "FixAvailability": "newslint.diagnostics",
}

__all__ = ["__version__", *_EXPORTS]


def __getattr__(name):
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'newslint' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
