"""Input problems as rules: files newslint could not read become findings.

The engine, not a rule's ``check``, produces these findings (as ruff turns an I/O
error into ``E902``), so they can be selected, ignored, given a severity and
counted like any other finding. Their codes are reserved: ``NL9xx``.
"""

from __future__ import annotations

from newslint.diagnostics import Severity
from newslint.rule import Rule


class InputProblemRule(Rule):
    """Base for the engine's own input findings: never run, only reported."""

    category = "input"
    severity = Severity.ERROR
    verdict = "reject"
    scope = "input"  # never run on documents: the input formats report these

    def check(self, doc):
        return ()


class UnreadableFile(InputProblemRule):
    code = "NL901"
    name = "unreadable-file"
    docs = """The file could not be opened or read.

## What it does
Reports a file that exists but cannot be read: permissions, a broken link, a
corrupt ``.gz`` stream.

## Why it matters
A corpus check that silently skips files gives a false sense of cleanliness.

## Example
```text
$ newslint check secret.txt   # mode 000
secret.txt:1:1: NL901 cannot read file: Permission denied
```
Use instead:
```text
A file newslint can read.
```
"""


class InvalidUtf8(InputProblemRule):
    code = "NL902"
    name = "invalid-utf8"
    docs = """The file (or a JSONL line) is not valid UTF-8.

## What it does
Reports the first byte that is not valid UTF-8, with its line and offset. Nothing
is written to the file, even with ``--fix``.

## Why it matters
Scrapers that guess encodings leave Latin-1 or Windows-1252 bytes behind; the
text then cannot be read reliably, and offsets would not mean anything.

## Example
```text
caf\\xe9 (a Latin-1 byte in a UTF-8 corpus)
```
Use instead:
```text
café, re-encoded as UTF-8.
```
"""


class BinaryFile(InputProblemRule):
    code = "NL903"
    name = "binary-file"
    docs = """The file is binary, not text.

## What it does
Reports files with NUL bytes or made mostly of control characters (an image, a
PDF or a compressed file saved under a text name).

## Why it matters
A binary file in a text corpus is a scraper failure; linting it as text would be
meaningless.

## Example
```text
article.txt holding the bytes of a PNG image
```
Use instead:
```text
The article's text, extracted.
```
"""


class EmptyDocument(InputProblemRule):
    code = "NL904"
    name = "empty-document"
    severity = Severity.WARNING
    docs = """The file or record holds no text.

## What it does
Reports empty files and documents that are only white space.

## Why it matters
An empty page is a failed fetch; it should be re-fetched or dropped, so its verdict
is ``reject``.

## Example
```text
(a zero-byte file)
```
Use instead:
```text
The article text, re-fetched.
```
"""


class MalformedJsonl(InputProblemRule):
    code = "NL905"
    name = "malformed-jsonl"
    docs = """A JSONL line is not a JSON object.

## What it does
Reports each line of a ``.jsonl`` file that does not parse as a JSON object, with
its line number; the other lines are still checked, and nothing is written to a
file with malformed lines unless the fix leaves them byte for byte as they were.

## Why it matters
Truncated writes and concatenated files leave half records behind; the tools that
read the corpus next will fail on them.

## Example
```text
{"text": "A complete record."}
{"text": "A record cut off in the mid
```
Use instead:
```text
{"text": "A complete record."}
```
"""


class MissingTextField(InputProblemRule):
    code = "NL906"
    name = "missing-text-field"
    docs = """A JSONL record has no string in the configured text field.

## What it does
Reports records whose text field (``jsonl.text-field``, default ``text``) is
missing or is not a string.

## Why it matters
Usually the field is named differently (``body``, ``content``): configure it.
Otherwise the record has no text to check.

## Example
```text
{"body": "The article text."}
```
Use instead:
```text
{"text": "The article text."}   (or set jsonl.text-field = "body")
```
"""


class DocumentTooLarge(InputProblemRule):
    code = "NL907"
    name = "document-too-large"
    docs = """A document is larger than ``max-document-size``.

## What it does
Reports a file (or JSONL line) larger than the limit (default 50 MiB) instead of
reading it into memory.

## Why it matters
A single "article" of that size is a concatenation or a dump, not an article.

## Example
```text
a 2 GiB dump.txt
```
Use instead:
```text
one article per file, or a .jsonl file with one article per line
```
"""


RULES = [UnreadableFile, InvalidUtf8, BinaryFile, EmptyDocument, MalformedJsonl, MissingTextField,
         DocumentTooLarge]
