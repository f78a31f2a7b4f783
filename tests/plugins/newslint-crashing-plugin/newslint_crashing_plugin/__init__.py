"""A rule with a bug: it raises on every document.

## What it does
Nothing useful: its ``check`` raises, as a plugin with a bug would.

## Why it matters
It shows that one broken rule is reported and does not take the others down.

## Example
```text
Any text.
```
Use instead:
```text
Any text.
```
"""

from newslint import Rule, hookimpl


class CrashingRule(Rule):
    code = "CRA001"
    name = "crashing-rule"
    category = "typo"

    def check(self, doc):
        raise RuntimeError("the example plugin's rule has a bug")
        yield  # a generator, as most rules are


@hookimpl
def newslint_register_rules():
    return [CrashingRule]
