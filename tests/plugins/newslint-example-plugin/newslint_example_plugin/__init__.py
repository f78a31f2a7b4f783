"""Example third-party newslint plugin: one rule, one category of its own, one pack."""

from importlib.resources import files

from newslint import hookimpl

from newslint_example_plugin.placeholder_text import PlaceholderText


@hookimpl
def newslint_register_categories():
    return {"placeholder": "Template placeholder text that a CMS published by mistake."}


@hookimpl
def newslint_register_rules():
    return [PlaceholderText]


@hookimpl
def newslint_register_packs():
    return [files(__name__) / "packs"]
