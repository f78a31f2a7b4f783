"""Start-up time: ``newslint check`` on one small file (a pre-commit run) against ``python -c pass``.

Usage, with the Python of the environment newslint is installed in::

    python tests/benchmarks/bench_startup.py [--runs 20] [--no-bytecode-cache]

Prints the median and minimum wall time of ``python -c pass``, ``import
newslint``, ``newslint --version``, ``newslint rules`` and ``newslint check
small.txt`` (a three-sentence file in a temp folder, so no configuration is found),
then the imports that cost most, from ``python -X importtime``.

An installed package has its bytecode compiled (pip does it at install time). So
that an editable install or ``PYTHONDONTWRITEBYTECODE=1`` does not add compile time
to every run, the children write and reuse bytecode in a temp folder
(``PYTHONPYCACHEPREFIX``); ``--no-bytecode-cache`` measures with the environment as
it is.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SMALL_TEXT = (
    "The city council approved its budget on Tuesday.\n\n"
    "The plan pays for road repairs and two new libraries. Work starts in April.\n"
)


def newslint_command() -> list[str]:
    found = shutil.which("newslint")
    return [found] if found else [sys.executable, "-m", "newslint"]


def timings(command: list[str], runs: int, cwd: Path, env: dict[str, str]) -> tuple[list[float], list[float]]:
    """Wall and CPU (user + system) seconds of each run."""
    walls, cpus = [], []
    for _ in range(runs + 1):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        proc = subprocess.run(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        walls.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
        if proc.returncode not in (0, 1):
            sys.exit(f"bench_startup: {' '.join(command)} exited {proc.returncode}: {proc.stderr.decode()[-1500:]}")
    return walls[1:], cpus[1:]  # the first run warms the caches (and writes the bytecode)


def import_costs(cwd: Path, env: dict[str, str]) -> list[tuple[int, int, str]]:
    """(self µs, cumulative µs, module) of every import of one ``newslint check`` run."""
    proc = subprocess.run([sys.executable, "-X", "importtime", "-m", "newslint", "check", "small.txt"],
                          cwd=cwd, env=env, capture_output=True, text=True)
    rows = []
    for line in proc.stderr.splitlines():
        match = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|(\s*)(\S+)", line)
        if match:
            rows.append((int(match[1]), int(match[2]), len(match[3]), match[4]))
    top_level = min((depth for _, _, depth, _ in rows), default=0)
    return [(own, total, name) for own, total, depth, name in rows if depth == top_level], \
        sorted(((own, total, name) for own, total, _, name in rows), reverse=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=20, help="timed runs per command (default 20)")
    parser.add_argument("--no-bytecode-cache", action="store_true",
                        help="do not give the children a bytecode cache folder")
    parser.add_argument("--top", type=int, default=12, help="imports to list (default 12)")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="newslint-startup-") as tmp:
        folder = Path(tmp)
        (folder / "small.txt").write_text(SMALL_TEXT, encoding="utf-8")
        env = dict(os.environ, NO_COLOR="1")
        if not args.no_bytecode_cache:
            env.pop("PYTHONDONTWRITEBYTECODE", None)
            env["PYTHONPYCACHEPREFIX"] = str(folder / "pycache")
        newslint = newslint_command()
        commands = {
            "python -c pass": [sys.executable, "-c", "pass"],
            "import newslint": [sys.executable, "-c", "import newslint"],
            "newslint --version": [*newslint, "--version"],
            "newslint rules": [*newslint, "rules"],
            "newslint check small.txt": [*newslint, "check", "small.txt"],
        }
        print(f"python {sys.version.split()[0]}; {args.runs} runs each; bytecode cache: "
              f"{'as the environment has it' if args.no_bytecode_cache else 'a temp folder'}; load average "
              f"{' '.join(f'{x:.1f}' for x in os.getloadavg())}")
        medians = {}
        print(f"{'':<26} {'wall median':>11} {'wall min':>9} {'CPU median':>11}")
        for label, command in commands.items():
            walls, cpus = timings(command, args.runs, folder, env)
            medians[label] = statistics.median(walls)
            print(f"{label:<26} {medians[label] * 1000:8.1f} ms {min(walls) * 1000:6.1f} ms "
                  f"{statistics.median(cpus) * 1000:8.1f} ms")
        overhead = medians["newslint check small.txt"] - medians["python -c pass"]
        print(f"newslint check on one small file costs {overhead * 1000:.0f} ms over the interpreter's own start-up "
              f"({medians['newslint check small.txt'] / medians['python -c pass']:.1f}x python -c pass, medians)")

        top_level, by_self = import_costs(folder, env)
        print("\nTop-level imports of `newslint check small.txt` by cumulative time (ms):")
        for own, total, name in sorted(top_level, key=lambda row: row[1], reverse=True)[:args.top]:
            print(f"  {total / 1000:7.1f}  {name}")
        print("Modules by own import time (ms):")
        for own, total, name in by_self[:args.top]:
            print(f"  {own / 1000:7.1f}  {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
