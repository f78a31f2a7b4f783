"""Helpers shared by several built-in rules (no rules here: nothing registers from this package)."""
