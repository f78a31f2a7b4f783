"""Output formats (``--output-format``), contributed through ``newslint_register_output_formats``.

A reporter gets the finished run and writes it to a stream. The built-in ones:
``full`` (the default: findings with a code frame and the suggested change),
``concise`` (one line each), ``json``, ``json-lines``, ``sarif``, ``github``
(workflow annotations) and ``junit``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, TextIO

from newslint.plugins import hookimpl

if TYPE_CHECKING:  # pragma: no cover
    from newslint.engine import RunResult


class Reporter:
    """Base class for output formats."""

    #: The value of ``--output-format``.
    name: ClassVar[str]
    #: One line for ``newslint check --help`` and ``newslint plugins``.
    description: ClassVar[str] = ""
    #: Machine-readable formats get the run summary on stderr instead of stdout.
    machine_readable: ClassVar[bool] = True

    def __init__(self, stream: TextIO, color: bool = False):
        self.stream = stream
        self.color = color

    def report(self, run: "RunResult") -> None:
        """Write the whole run to ``self.stream``."""
        raise NotImplementedError


@hookimpl
def newslint_register_output_formats():
    from newslint.reporters import ci, json_formats, text

    return [text.FullReporter, text.ConciseReporter, json_formats.JsonReporter, json_formats.JsonLinesReporter,
            ci.SarifReporter, ci.GithubReporter, ci.JunitReporter]
