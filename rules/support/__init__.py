"""Helpers shared by several built-in rules, and the base class of the cue-sentence rules.

Nothing registers from this package: the rules themselves are the modules of ``newslint.rules``.
"""
