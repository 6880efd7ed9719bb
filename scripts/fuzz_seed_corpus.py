#!/usr/bin/env python3
"""Writes the seed corpus of the libFuzzer targets (issue 12) into Fuzz/corpus/<target>/.

The seeds are the project's own example files (Tests/Fixtures, the policy file), each at most
SEED_BYTES long (longer files are cut there: a cut file is a seed as good as any for a parser, and
short seeds keep executions fast), plus hand-written policies and hostile names. Files are named by
the SHA-1 of their content, as libFuzzer names the inputs it adds, so re-running this script adds
nothing twice. Crash reproducers found later are added to the same folders by hand (named
crash-<what>), so that every short run in `make test` replays them.

Usage: python3 scripts/fuzz_seed_corpus.py
"""
import hashlib
import pathlib

ROOT = pathlib.Path(__file__).resolve().parent.parent
CORPUS = ROOT / "Fuzz" / "corpus"
SEED_BYTES = 4096


def add(target: str, data: bytes) -> None:
    folder = CORPUS / target
    folder.mkdir(parents=True, exist_ok=True)
    data = data[:SEED_BYTES]
    (folder / hashlib.sha1(data).hexdigest()).write_bytes(data)


def files(*patterns: str):
    for pattern in patterns:
        yield from sorted(p for p in ROOT.glob(pattern) if p.is_file())


POLICIES = [
    b'{"maxAvgTimeMs": 1.0, "confidence": 0.99, "falseDiscoveryRate": 0.1, "forecastHorizon": 5, "baselineWindow": 10}',
    b'{\n  // comment\n  "overrides": [ {"benchmark": "lens_*", "maxAvgTimeMs": 2, "minimumEffect": 0.05} ], /* block */\n'
    b'  "directions": [ {"metric": "throughput", "direction": "higher"}, {"benchmark": "x?", "direction": "lower"} ]\n}\n',
    b'{"regressionThreshold": 0.1, "maxTotalTimeMs": 1000, "minThroughput": 1e4, "maxMemoryUsage": 16777216};',
    b'{"overrides":[{"benchmark":"lens_*","maxAvgTimeMs":1e-9,"maxAvgTimeMs":100}]}',
    b'\xef\xbb\xbf{"maxAvgTimeMs": 01}',
]

# Hostile names, joined by 0xFF (the fuzz-render-* targets split their input there into at most six names).
RENDER_TARGETS = ["fuzz-render-md", "fuzz-render-junit", "fuzz-render-csv", "fuzz-render-table", "fuzz-render-json",
                  "fuzz-render-html"]
NAMES = [
    "sleep 0.1` <img src=x onerror=alert(1)> `x", "=cmd|' /C calc'!A0", "+1", "-2", "@SUM(1)", "\tx", "\rx",
    "a\nb", "a\tb", "a b", "x\ufffey\uffff", "e\x1b[31mred", "## h", "| a | b |", "<details>", "\u202eevil",
    "]]>", "&amp;", "\\`", "``", "*_*", "lens.get",
]


def main() -> None:
    json_files = list(files("Tests/Fixtures/**/*.json", "sla_thresholds.json"))
    for p in json_files:
        add("fuzz-json", p.read_bytes())
    for p in files("sla_thresholds.json"):
        add("fuzz-policy", p.read_bytes())
    for data in POLICIES:
        add("fuzz-policy", data)
        add("fuzz-json", data)
    for p in files("Tests/Fixtures/formats/**/*", "Tests/Fixtures/bad/**/*", "Tests/Fixtures/*.csv"):
        if p.name == "README.md":
            continue
        add("fuzz-importers", p.read_bytes())
    for k in range(0, len(NAMES), 4):
        for target in RENDER_TARGETS:
            add(target, b"\xff".join(n.encode() for n in NAMES[k:k + 6]))
    for target in sorted(CORPUS.iterdir()):
        print(f"{target.name}: {len(list(target.iterdir()))} seeds")


if __name__ == "__main__":
    main()
