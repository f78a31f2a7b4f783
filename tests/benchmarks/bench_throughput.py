"""Throughput of ``newslint check`` over a fixed list of real files, against peers run in the same session.

Usage (from the repository root, with newslint installed)::

    python tests/benchmarks/bench_throughput.py [--runs 5] [--corpora ../shared/corpora]

The file list is every ``*.txt`` under ``bbc-news/`` (professional prose),
``wceb-2025/fullpage/`` (2025 pages as full text: the worst case, many short
lines) and ``aeb/noisy/`` (ten real extractors' output) of the shared corpora, in
sorted order: about 32 MB in 5,300 files. The script prints the list's size and a
fingerprint so that runs on different days can be compared.

Each tool runs once untimed (to warm the page cache), then ``--runs`` times,
interleaved with the others so that load from other processes is spread evenly.
newslint runs in one process with all default rules and no configuration
(``--isolated``). Reported per tool: the median wall time, the median CPU time
(user + system of the process and its children, which is steadier than wall time
on a shared machine) and MB/s for both, plus the ratio to newslint.

Peers, run on the same files when they are on ``PATH`` (the script says which are
missing): ``codespell`` (``pip install codespell``), ``typos`` (``pip install
typos``; run with one thread) and ``grep -c`` of one fixed string, the floor for reading the files at
all. Peers differ in what they check; the ratios say how far newslint is from
tools people already run on text of this kind. The product goal is 20 MB/s per
core with every rule on; the floor for now is 5 MB/s.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

SETS = ("bbc-news", "wceb-2025/fullpage", "aeb/noisy")
DEFAULT_CORPORA = Path(__file__).resolve().parents[3] / "shared" / "corpora"
MB = 1_000_000
GOAL_MB_S, FLOOR_MB_S = 20.0, 5.0


def file_list(corpora: Path) -> list[str]:
    """The fixed list: relative POSIX paths, sorted within each set, sets in a fixed order."""
    names = []
    for folder in SETS:
        base = corpora / folder
        if not base.is_dir():
            sys.exit(f"bench_throughput: {base} is missing (pass --corpora)")
        names.extend(sorted(path.relative_to(corpora).as_posix() for path in base.rglob("*.txt")))
    return names


def fingerprint(corpora: Path, names: list[str]) -> tuple[int, str]:
    digest = hashlib.sha256()
    total = 0
    for name in names:
        size = (corpora / name).stat().st_size
        total += size
        digest.update(f"{name}\0{size}\n".encode())
    return total, digest.hexdigest()[:12]


def newslint_command() -> list[str]:
    found = shutil.which("newslint")
    return [found] if found else [sys.executable, "-P", "-m", "newslint"]


def tools(output_format: str) -> tuple[dict[str, list[str]], list[str]]:
    """name -> command prefix (the file names are appended); and the peers that are missing."""
    commands = {"newslint": [*newslint_command(), "check", "--isolated", "--quiet", "--exit-zero",
                             "--progress", "never", "--output-format", output_format]}
    missing = []
    for name, args in (("codespell", []), ("typos", ["--threads", "1"]), ("grep", ["-c", "-F", "Advertisement"])):
        path = shutil.which(name)
        if path:
            commands[f"{name} -c" if name == "grep" else name] = [path, *args]
        else:
            missing.append(name)
    return commands, missing


def timed(command: list[str], cwd: Path) -> tuple[float, float]:
    """Wall and CPU seconds (user + system of the child and its children) of one run; output discarded."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    # peers exit non-zero when they find something (codespell 65, typos 2); newslint runs with --exit-zero
    failed = proc.returncode < 0 or (proc.returncode != 0 and "check" in command[:4])
    if failed:
        sys.exit(f"bench_throughput: {' '.join(command[:4])} ... exited {proc.returncode}:\n"
                 f"{proc.stderr.decode(errors='replace')[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def per_rule(corpora: Path, output_format: str) -> int:
    """Each default rule alone: its start-up on one tiny file, its checking on a fifth of the files (CPU, best of 2)."""
    import tempfile

    from newslint.app import build_app  # the newslint of this interpreter

    registry = build_app().registry
    codes = [code for code in registry.select(None, [], [], False) if registry.by_code[code].category != "input"]
    names = file_list(corpora)[::5]
    total, digest = fingerprint(corpora, names)
    command = [*newslint_command(), "check", "--isolated", "--quiet", "--exit-zero", "--progress", "never",
               "--output-format", output_format, "--select"]
    print(f"files: {len(names)} (every 5th of the list), {total / MB:.1f} MB, fingerprint {digest}")
    with tempfile.TemporaryDirectory() as tmp:
        tiny = Path(tmp, "tiny.txt")
        tiny.write_text("The council met on Tuesday.\n", encoding="utf-8")
        def cpu(selector: str, paths: list[str]) -> float:  # the better of two runs
            return min(timed(command + [selector] + paths, corpora)[1] for _ in range(2))

        timed(command + ["NL901"] + names, corpora)  # warm-up
        base_start = cpu("NL901", [str(tiny)])
        base = cpu("NL901", names) - base_start
        rows = {}
        for code in codes:
            start = cpu(code, [str(tiny)])
            rows[code] = (start - base_start, cpu(code, names) - start - base)
    print(f"start-up without rules {base_start:.2f} s; reading and reporting the files {base:.2f} s (CPU)")
    print(f"{'rule':<36} {'start-up s':>10} {'check s':>8} {'check MB/s':>11}")
    for code, (start, check) in sorted(rows.items(), key=lambda item: -item[1][1]):
        rate = f"{total / MB / check:11.1f}" if check > 0.02 else f"{'(tiny)':>11}"
        print(f"{code + ' ' + registry.by_code[code].name:<36} {start:10.2f} {check:8.2f} {rate}")
    print("A rule run alone also pays for the document views rules share when run together (lower-cased text,\n"
          "lines, sentences) and for loading the packs, so the columns add up to more than a run of all rules.")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpora", type=Path, default=DEFAULT_CORPORA, help="the shared corpora folder")
    parser.add_argument("--runs", type=int, default=5, help="timed runs per tool (default 5)")
    parser.add_argument("--output-format", default="concise", help="newslint's output format (default concise)")
    parser.add_argument("--only-newslint", action="store_true", help="skip the peers")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument("--per-rule", action="store_true",
                        help="instead: start-up and checking CPU seconds of each default rule alone (every 5th file)")
    args = parser.parse_args(argv)
    if args.per_rule:
        return per_rule(args.corpora.resolve(), args.output_format)

    corpora = args.corpora.resolve()
    names = file_list(corpora)
    total, digest = fingerprint(corpora, names)
    commands, missing = tools(args.output_format)
    if args.only_newslint:
        commands, missing = {"newslint": commands["newslint"]}, []
    if not args.json:
        print(f"files: {len(names)} ({', '.join(SETS)}), {total / MB:.1f} MB, list fingerprint {digest}")
        print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load average "
              f"{' '.join(f'{x:.1f}' for x in os.getloadavg())}; {args.runs} timed runs per tool")
        for name in missing:
            print(f"peer not installed: {name} (not run)")

    samples: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
    for name, command in commands.items():  # warm-up: page cache, bytecode
        timed(command + names, corpora)
    for _ in range(args.runs):
        for name, command in commands.items():
            samples[name].append(timed(command + names, corpora))

    results = {}
    for name, runs in samples.items():
        wall = statistics.median(w for w, _ in runs)
        cpu = statistics.median(c for _, c in runs)
        results[name] = {"wall_s": round(wall, 3), "cpu_s": round(cpu, 3), "mb_s_wall": round(total / MB / wall, 2),
                         "mb_s_cpu": round(total / MB / cpu, 2) if cpu else None,
                         "runs_wall_s": [round(w, 3) for w, _ in runs]}
    base = results["newslint"]
    for result in results.values():
        result["speed_vs_newslint_cpu"] = round(base["cpu_s"] / result["cpu_s"], 2) if result["cpu_s"] else None
    if args.json:
        print(json.dumps({"files": len(names), "bytes": total, "fingerprint": digest, "missing": missing,
                          "results": results}, indent=2))
        return 0

    print(f"{'tool':<12} {'wall s':>8} {'cpu s':>8} {'MB/s wall':>10} {'MB/s cpu':>9} {'x newslint':>11}")
    for name, result in results.items():
        print(f"{name:<12} {result['wall_s']:>8.2f} {result['cpu_s']:>8.2f} {result['mb_s_wall']:>10.2f} "
              f"{result['mb_s_cpu'] or 0:>9.2f} {result['speed_vs_newslint_cpu'] or 0:>10.2f}x")
    rate = base["mb_s_cpu"] or 0
    verdict = "meets the goal" if rate >= GOAL_MB_S else "above the floor" if rate >= FLOOR_MB_S else "BELOW the floor"
    print(f"newslint: {rate:.2f} MB/s per core (CPU time): {verdict} "
          f"(floor {FLOOR_MB_S:g} MB/s, goal {GOAL_MB_S:g} MB/s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
