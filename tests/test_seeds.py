"""Pin newslint's findings on seeds/ (the articles the project started from).

The snapshot lists every finding of a default run as ``path:line:column CODE
matched-text``. A change in any rule that moves, adds or drops a finding on the
seeds shows up here as a readable diff. After reviewing such a change, refresh the
snapshot with ``NEWSLINT_UPDATE_SNAPSHOTS=1 pytest tests/test_seeds.py``.
"""

from __future__ import annotations

import json
import os
import shutil

from conftest import REPO, run_cli

SNAPSHOT = REPO / "tests" / "snapshots" / "seeds.txt"


def render(findings: list[dict]) -> str:
    lines = []
    for f in findings:
        text = (REPO / f["path"]).read_text(encoding="utf-8")[f["start_offset"]:f["end_offset"]]
        shown = json.dumps(text if len(text) <= 70 else text[:40] + " … " + text[-20:], ensure_ascii=False)
        lines.append(f"{f['path']}:{f['line']}:{f['column']} {f['code']} {f['severity']} {shown}")
    return "\n".join(lines) + "\n"


def test_findings_on_the_seeds_are_pinned():
    result = run_cli("check", "--isolated", "--output-format", "json", "seeds", cwd=REPO)
    assert result.returncode == 1, result.stderr
    rendered = render(json.loads(result.stdout))
    if os.environ.get("NEWSLINT_UPDATE_SNAPSHOTS"):
        SNAPSHOT.parent.mkdir(exist_ok=True)
        SNAPSHOT.write_text(rendered, encoding="utf-8")
    assert SNAPSHOT.exists(), "no snapshot yet: run with NEWSLINT_UPDATE_SNAPSHOTS=1 and review it"
    assert rendered == SNAPSHOT.read_text(encoding="utf-8")


def test_fixing_the_seeds_twice_changes_nothing_the_second_time(tmp_path):
    work = tmp_path / "seeds"
    shutil.copytree(REPO / "seeds", work)
    first = run_cli("check", "--isolated", "--fix", "--unsafe-fixes", ".", cwd=work)
    assert first.returncode in (0, 1), first.stderr
    after_first = {p.name: p.read_bytes() for p in work.iterdir()}
    assert after_first != {p.name: p.read_bytes() for p in (REPO / "seeds").iterdir()}, "the seeds need fixes"
    second = run_cli("check", "--isolated", "--fix", "--unsafe-fixes", ".", cwd=work)
    assert second.returncode == first.returncode
    assert {p.name: p.read_bytes() for p in work.iterdir()} == after_first
    assert "Fixed 0 findings" in second.stdout
