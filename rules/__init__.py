"""newslint's built-in rules, installed as ``newslint.rules``.

Each module is one rule (its docstring is the rule's documentation) and one entry
point in newslint's own ``pyproject.toml``, loaded exactly as a third-party
plugin's would be. ``packs/`` holds their vocabulary as TOML.
"""

if __name__ != "newslint.rules":  # importing the source folder as `rules` would load every rule twice
    raise ImportError("import newslint.rules, not rules")
