"""``json`` (an array of findings) and ``json-lines`` (one finding per line).

Each finding has exactly: ``path``, ``record``, ``code``, ``name``, ``category``,
``severity``, ``message``, ``start_offset``, ``end_offset``, ``line``, ``column``,
``end_line``, ``end_column``, ``fix`` (or null) and ``verdict`` (the verdict of
the document the finding is in). Offsets are code points, end exclusive.
"""

from __future__ import annotations

import json

from newslint.reporters import Reporter


class JsonReporter(Reporter):
    name = "json"
    description = "A JSON array of findings (the contract the evaluation scripts read)."

    def report(self, run) -> None:
        findings = [diagnostic.to_dict() for diagnostic in run.diagnostics()]
        self.stream.write(json.dumps(findings, indent=2, ensure_ascii=False))
        self.stream.write("\n")


class JsonLinesReporter(Reporter):
    name = "json-lines"
    description = "One JSON object per finding and line (streams well into jq and log systems)."

    def report(self, run) -> None:
        for diagnostic in run.diagnostics():
            self.stream.write(json.dumps(diagnostic.to_dict(), ensure_ascii=False))
            self.stream.write("\n")
