"""Plugin contributing the vocabulary packs in ``newslint/rules/packs/``."""

from importlib.resources import files

from newslint import hookimpl


@hookimpl
def newslint_register_packs():
    return [files("newslint.rules.packs")]
