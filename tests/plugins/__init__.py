"""Fixture plugin distributions (one folder each) and helpers for the tests that build them.

Nothing here is imported by newslint: the folders are sources that
``tests/test_third_party_plugin.py`` builds into wheels and installs, and
:mod:`plugins.support` holds what the packaging, plugin and pre-commit tests share.
"""
