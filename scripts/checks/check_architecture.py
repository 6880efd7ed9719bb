#!/usr/bin/env python3
"""The data flow of docs/ARCHITECTURE.md, checked on the sources (issue 11).

1. No module imports one later in the flow
       importers -> history store -> series -> analysis (numerics, change points, forecasts)
       -> verdicts (gate) -> renderers (report) -> CLI.
   Every `import` (also `@_exported` and `@testable`) in Sources/<Target>/**.swift is read and the
   imported Sextant module must sit in a strictly lower layer than the importing one (same-layer
   imports are refused too: change points and forecasts are siblings). A target missing from LAYERS
   fails the check, so that a new module is placed on purpose.
2. Package.swift's target dependencies follow the same order (a backwards edge there would let a later
   import slip in).
3. The CLI (Sources/sextant) holds no statistics: no arithmetic over samples (sums by reduce, square
   roots, logarithms, exponentials, sorting numbers for medians) and no call of a statistical kernel
   other than the library entry points; its files only parse options and wire modules.

Exits non-zero naming each offending file and line.
"""
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

# Lower number = earlier in the flow. Modules that are not Sextant's (Foundation, GRDB, ArgumentParser,
# system shims) are not ranked and may be imported by anyone who declares them.
LAYERS = {
    "_LapackShims": 0, "CLapack": 0, "CLibPQ": 0, "_ChangePointKernels": 0, "_InstructionCounter": 0, "_SHA256Kernel": 0,
    "SextantCore": 0, "SextantText": 0, "Optics": 0,
    "SextantNumerics": 1,
    "SextantNet": 1,               # the edge to HTTP (reads answers with SextantText's one JSON reader)
    "SextantHistory": 2,           # importers, store, series
    "SextantSync": 3,              # the history branch in git (an edge of the store)
    "SextantPostgres": 3,          # the PostgreSQL store backend (an edge of the store)
    "SextantChangePoint": 3, "SextantForecast": 3,   # analysis kernels
    "SextantAnalysis": 4,          # per-series analysis
    "SextantGate": 5,              # verdicts
    "SextantReport": 6,            # renderers
    "sextant": 7, "optics-bench": 7, "sextant-bench": 7,   # executables: parse and wire
}
MODULE_OF_TARGET = {"sextant-bench": "sextant_bench", "optics-bench": "optics_bench"}
IMPORT = re.compile(r"^\s*(?:@_exported\s+|@testable\s+)?import\s+(?:(?:struct|enum|class|func|protocol)\s+)?([A-Za-z_][A-Za-z0-9_]*)")

# Arithmetic that would be statistics in the CLI.
STATISTICS = [
    (re.compile(r"\.reduce\(\s*0(\.0)?\s*,\s*\+\s*\)"), "a sum by reduce"),
    (re.compile(r"\.squareRoot\(\)|\bsqrt\("), "a square root"),
    (re.compile(r"(?<![A-Za-z_.])(log|log10|log2|exp)\("), "a logarithm or exponential"),
    (re.compile(r"\bDescriptive\.|\bStudentT\(|\bNormal\(|\bMannWhitneyU\.|\bBootstrap\.|\bTheilSen\.|\bHodgesLehmann\."),
     "a statistical kernel called directly"),
]


def swift_files(folder):
    for base, _, names in os.walk(folder):
        for n in sorted(names):
            if n.endswith(".swift"):
                yield os.path.join(base, n)


def code_lines(path):
    """Lines with // comments and string literals' contents blanked (doc comments are not code)."""
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            stripped = re.sub(r'"(?:\\.|[^"\\])*"', '""', line)
            stripped = stripped.split("//", 1)[0]
            yield number, stripped


def main():
    problems = []
    targets = {}
    for name in sorted(os.listdir(os.path.join(ROOT, "Sources"))):
        if os.path.isdir(os.path.join(ROOT, "Sources", name)):
            targets[name] = os.path.join(ROOT, "Sources", name)
    targets["sextant-bench"] = os.path.join(ROOT, "Benchmarks", "sextant-bench")
    for target, folder in targets.items():
        if target not in LAYERS:
            problems.append(f"{folder}: target {target} has no layer in scripts/checks/check_architecture.py (place it in the flow)")
            continue
        for path in swift_files(folder):
            for number, line in code_lines(path):
                m = IMPORT.match(line)
                if not m:
                    continue
                imported = m.group(1)
                if imported in LAYERS and imported != target and LAYERS[imported] >= LAYERS[target]:
                    problems.append(f"{os.path.relpath(path, ROOT)}:{number}: {target} (layer {LAYERS[target]}) imports "
                                    f"{imported} (layer {LAYERS[imported]}): a backwards or sideways edge")
    # Package.swift: each target's dependency list.
    package = open(os.path.join(ROOT, "Package.swift"), encoding="utf-8").read()
    for m in re.finditer(r'\.(?:target|executableTarget)\(\s*name:\s*"([^"]+)"(.*?)\)\s*,\s*(?=\n\s*(?://|\.|\]))', package, re.S):
        target, body = m.group(1), m.group(2)
        deps = re.search(r"dependencies:\s*\[(.*?)\]\s*(?:,|\))", body, re.S)
        if target not in LAYERS or not deps:
            continue
        for dep in re.findall(r'^\s*"([^"]+)"|[\[,]\s*"([^"]+)"', deps.group(1), re.M):
            dep = dep[0] or dep[1]
            if dep in LAYERS and LAYERS[dep] >= LAYERS[target]:
                problems.append(f"Package.swift: target {target} depends on {dep}: a backwards or sideways edge")
    # The CLI holds no statistics.
    for path in swift_files(os.path.join(ROOT, "Sources", "sextant")):
        for number, line in code_lines(path):
            for pattern, what in STATISTICS:
                if pattern.search(line):
                    problems.append(f"{os.path.relpath(path, ROOT)}:{number}: {what} in the CLI (statistics belong in the library)")
    for p in problems:
        print(p)
    print(f"check_architecture: {len(targets)} targets, {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
