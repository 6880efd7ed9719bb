#!/usr/bin/env python3
"""Hostile rerun of issue 12 against the release `sextant` binary.

Run by hand (not part of `make test`):

    swift build -c release
    .venv/bin/python scripts/hostile/hostile.py            # full: a few thousand mutants, 1 GiB name, ...
    .venv/bin/python scripts/hostile/hostile.py --quick    # under a minute

For every numbered defect of issue 12 it runs the reproducer and close variants; then random mutants
of the real example files (datasets/, Tests/Fixtures), policy mutants, SIGKILLs mid-ingest and
concurrent writers with readers. The criteria, for every process: no crash (a signal, or an exit code
other than 0, 1, 2, 3), no hang (a timeout); a refused input exits 2 with ONE line on standard error
naming the file (and the line where the format has one); nothing already stored is lost or changed;
nothing impossible is stored (export checked after every accepted file).

Writes a Markdown table of results to standard output (and to --report FILE) and exits 1 if any
check failed. Inputs that failed are kept in WORK/failures/.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import html.parser
import io
import json
import math
import os
import random
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = str(ROOT / ".build" / "release" / "sextant")
WORK = Path("/work/scratch/hostile/run")
QUICK = False

RESULTS: list[tuple[str, str, int, list[str]]] = []  # (defect, variant, cases, failures)


class Check:
    """One row of the result table: a defect, the variants tried, the failures found."""

    def __init__(self, defect: str, variant: str):
        self.defect, self.variant, self.cases, self.failures = defect, variant, 0, []

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        if exc[0] is not None and exc[0] is not KeyboardInterrupt:
            self.failures.append(f"checker raised {exc[0].__name__}: {exc[1]}")
        RESULTS.append((self.defect, self.variant, self.cases, self.failures))
        mark = "ok" if not self.failures else f"FAIL ({len(self.failures)})"
        print(f"[{mark}] {self.defect}: {self.variant} ({self.cases} cases)", file=sys.stderr, flush=True)
        for f in self.failures[:5]:
            print(f"     - {f}", file=sys.stderr, flush=True)
        if self.failures:
            with open(WORK / "failures.txt", "a") as log:
                for f in self.failures:
                    log.write(f"{self.defect}: {self.variant}: {f}\n")
        return exc[0] is not None and exc[0] is not KeyboardInterrupt

    def fail(self, what: str):
        self.failures.append(what)


def run(args, stdin=None, timeout=60, cwd=None):
    """Runs sextant; returns (rc, stdout bytes, stderr bytes); rc is 'timeout' on a hang."""
    try:
        p = subprocess.run([BIN] + [str(a) for a in args], input=stdin, capture_output=True,
                           timeout=timeout, cwd=cwd)
        return p.returncode, p.stdout, p.stderr
    except subprocess.TimeoutExpired as e:
        return "timeout", e.stdout or b"", e.stderr or b""


def crashed(rc) -> bool:
    return rc == "timeout" or rc not in (0, 1, 2, 3)


def short(b: bytes, n=200) -> str:
    return repr(b[:n])


def keep(data: bytes, name: str) -> Path:
    d = WORK / "failures"
    d.mkdir(parents=True, exist_ok=True)
    p = d / f"{hashlib.sha1(data).hexdigest()[:10]}-{name}"
    p.write_bytes(data)
    return p


CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u0080-\u009f\u202a-\u202e\u2066-\u2069]")


def one_line_error(err: bytes, name: str | None, line: int | None = None) -> str | None:
    """None when `err` is one line naming `name` (and `name:line`), else what is wrong."""
    text = err.decode("utf-8", "replace")
    if not text.endswith("\n") or text.count("\n") != 1:
        return f"not one line: {text[:300]!r}"
    if CONTROL.search(text[:-1]):
        return f"control character in the message: {text[:300]!r}"
    if name is not None and name not in text:
        return f"does not name {name}: {text.strip()[:300]!r}"
    if line is not None and f"{name}:{line}" not in text:
        return f"does not give line {line}: {text.strip()[:300]!r}"
    return None


# ---------------------------------------------------------------- stores

GOOD_CSV = "benchmark,value,unit,timestamp,commit\nlens.get,1.5,ms,2024-06-01T12:00:00Z,c0\n"


def copy_store(src: Path, dst: Path):
    for suffix in ("", "-wal", "-shm"):
        s = Path(str(src) + suffix)
        d = Path(str(dst) + suffix)
        if d.exists():
            d.unlink()
        if s.exists():
            shutil.copyfile(s, d)


def store_digest(store: Path) -> str:
    """The store's content (every table's rows), read-only."""
    c = sqlite3.connect(f"file:{store}?mode=ro", uri=True)
    try:
        h = hashlib.sha1()
        for (name,) in c.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name"):
            h.update(name.encode())
            for row in sorted(repr(r) for r in c.execute(f'SELECT * FROM "{name}"')):
                h.update(row.encode())
        return h.hexdigest()
    finally:
        c.close()


class Template:
    """A store holding one good run, its digest and its export: copied for each refused-input case."""

    def __init__(self):
        d = WORK / "template"
        d.mkdir(parents=True, exist_ok=True)
        self.store = d / "t.sqlite"
        good = d / "good.csv"
        good.write_text(GOOD_CSV)
        rc, _, err = run(["ingest", "--store", self.store, good])
        assert rc == 0, err
        rc, self.export, err = run(["export", "--store", self.store, "--format", "csv"])
        assert rc == 0, err
        self.digest = store_digest(self.store)


TEMPLATE: Template | None = None


def case_dir(tag: str) -> Path:
    d = WORK / "cases" / tag
    if d.exists():
        shutil.rmtree(d)
    d.mkdir(parents=True)
    return d


def refused(chk: Check, content: bytes, name: str, extra=(), fragment=None, line=None, full=True,
            names_file=True, timeout=60):
    """Ingests `content` as `name` into a copy of the template store: exit 2, one line naming the file
    (and line), the store unchanged and still readable."""
    chk.cases += 1
    d = case_dir("refused")
    store = d / "s.sqlite"
    copy_store(TEMPLATE.store, store)
    f = d / name
    f.write_bytes(content)
    rc, out, err = run(["ingest", "--store", store, *extra, f], timeout=timeout)
    label = f"{name} {list(extra)} {short(content, 120)}"
    if crashed(rc):
        chk.fail(f"CRASH rc={rc} on {label}: {short(err, 300)} (kept {keep(content, name)})")
        return
    if rc != 2:
        chk.fail(f"accepted (rc={rc}) {label}: {short(out + err, 200)} (kept {keep(content, name)})")
        return
    problem = one_line_error(err, name if names_file else None, line)
    if problem:
        chk.fail(f"{label}: {problem}")
    if fragment and fragment not in err.decode("utf-8", "replace"):
        chk.fail(f"{label}: message lacks {fragment!r}: {short(err, 300)}")
    if store_digest(store) != TEMPLATE.digest:
        chk.fail(f"{label}: the store changed")
    if full:
        rc, out, err = run(["export", "--store", store, "--format", "csv"])
        if rc != 0 or out != TEMPLATE.export:
            chk.fail(f"{label}: export after refusal rc={rc} {short(err)}")
        for cmd in (["runs"], ["series"]):
            rc, out, err = run(cmd + ["--store", store])
            if rc != 0:
                chk.fail(f"{label}: {cmd[0]} after refusal rc={rc} {short(err)}")


ISO_RE = re.compile(r"^(\d{4})-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$")


def strict_json(text: str):
    def bad_constant(c):
        raise ValueError(f"non-JSON constant {c}")

    def no_dups(pairs):
        keys = [k for k, _ in pairs]
        if len(keys) != len(set(keys)):
            raise ValueError(f"duplicate key in output: {keys}")
        return dict(pairs)

    return json.loads(text, parse_constant=bad_constant, object_pairs_hook=no_dups)


def nonchar(ch: str) -> bool:
    o = ord(ch)
    return 0xFDD0 <= o <= 0xFDEF or (o & 0xFFFE) == 0xFFFE or 0xD800 <= o <= 0xDFFF


def stored_problems(store: Path) -> list[str]:
    """Reads the whole store back (export jsonl, runs, series) and lists anything impossible in it."""
    problems = []
    rc, out, err = run(["export", "--store", store, "--format", "jsonl"], timeout=120)
    if rc != 0:
        return [f"export of the store rc={rc}: {short(err, 300)}"]
    for n, line in enumerate(out.decode("utf-8").splitlines(), 1):
        try:
            o = strict_json(line)
        except Exception as e:  # noqa: BLE001
            problems.append(f"export line {n} not strict JSON: {e}: {line[:200]}")
            continue
        v = o.get("value")
        if not isinstance(v, (int, float)) or not math.isfinite(v) or str(v) == "-0.0":
            problems.append(f"stored value {v!r}")
        for s in o.get("samples") or []:
            if not math.isfinite(s) or str(s) == "-0.0":
                problems.append(f"stored sample {s!r}")
                break
        ts = o.get("timestamp")
        if ts is not None:
            m = ISO_RE.match(ts)
            if not m or not (1970 <= int(m.group(1)) <= 9999):
                problems.append(f"stored timestamp {ts!r}")
        for key in ("benchmark", "metric", "unit", "commit", "branch", "machine", "toolchain"):
            t = o.get(key)
            if t is None:
                continue
            limit = 4096 if key == "benchmark" else 1024
            if key == "benchmark" and t == "":
                problems.append("stored an empty benchmark name")
            if "\x00" in t or any(nonchar(c) for c in t) or len(t.encode()) > limit:
                problems.append(f"stored {key} {t[:80]!r} ({len(t.encode())} bytes)")
        if len(problems) > 5:
            break
    for cmd in (["runs"], ["series"]):
        rc, _, err = run(cmd + ["--store", store], timeout=120)
        if rc != 0:
            problems.append(f"{cmd[0]} rc={rc}: {short(err, 300)}")
    return problems


def accepted(chk: Check, content: bytes, name: str, extra=()):
    """Ingests `content` into a copy of the template: exit 0, and the store reads back whole."""
    chk.cases += 1
    d = case_dir("accepted")
    store = d / "s.sqlite"
    copy_store(TEMPLATE.store, store)
    f = d / name
    f.write_bytes(content)
    rc, out, err = run(["ingest", "--store", store, *extra, f])
    if rc != 0:
        chk.fail(f"refused a valid file {name} {list(extra)} {short(content, 100)}: rc={rc} {short(err, 300)}")
        return None
    for p in stored_problems(store):
        chk.fail(f"{name} {short(content, 100)}: {p}")
    for cmd in (["dashboard", "--output", d / "d.html"], ["analyze"]):
        rc, _, err = run(cmd + ["--store", store])
        if crashed(rc) or rc == 2:
            chk.fail(f"{name}: {cmd[0]} on the store rc={rc} {short(err, 300)}")
    return store


# ---------------------------------------------------------------- JSON helpers

STRING_RE = re.compile(r'"(?:[^"\\]|\\.)*"', re.S)
NUMBER_RE = re.compile(r"(?<=[:\[,\s])-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?(?=[\s,\]}])")


COMMENT_RE = re.compile(r"//[^\n]*|/\*.*?\*/", re.S)


def number_spans(text: str) -> list[tuple[int, int]]:
    """Number tokens outside strings and (policy) comments."""
    masked = STRING_RE.sub(lambda m: '"' + "x" * (len(m.group(0)) - 2) + '"', text)
    masked = COMMENT_RE.sub(lambda m: "x" * len(m.group(0)), masked)
    return [m.span() for m in NUMBER_RE.finditer(masked)]


def line_of(text: str, pos: int) -> int:
    return text.count("\n", 0, pos) + 1


def jsonl_line(**fields) -> str:
    base = {"benchmark": "b", "value": 1, "unit": "s", "timestamp": "2024-01-01T00:00:00Z"}
    base.update(fields)
    return json.dumps(base) + "\n"


def data_js(date="1700000000000", name='"b"', value="1") -> str:
    return ('window.BENCHMARK_DATA = {"lastUpdate": 1700000000000, "repoUrl": "https://x", "entries": {"s": '
            '[{"commit": {"id": "a", "message": "m", "timestamp": "2023-11-14T22:13:20Z"}, "date": ' + date +
            ', "tool": "cargo", "benches": [{"name": ' + name + ', "value": ' + value + ', "unit": "ns/iter"}]}]}}\n')


def lean(ts='"2024-06-01T12:00:00Z"', name='"b"', avg="1") -> str:
    return ('[{"testName": ' + name + ', "iterations": 1, "totalTimeMs": 1, "avgTimeMs": ' + avg +
            ', "timestamp": ' + ts + '}]')


def hyperfine(command: str, mean=0.01) -> str:
    return json.dumps({"results": [{"command": command, "mean": mean, "stddev": 0.001, "median": mean,
                                    "min": mean * 0.9, "max": mean * 1.1,
                                    "times": [mean * (1 + 0.01 * k) for k in range(5)]}]})


def package_benchmark(hist: str) -> str:
    return ('{"results": [{"target": "T", "name": "b"}, [{"metric": {"wallClock": {}}, "statistics": '
            '{"prefersLarger": false, "histogram": ' + hist + '}}]], "machine": {"hostname": "h"}}')


# ---------------------------------------------------------------- defects

# Epoch numbers above 10^11 are milliseconds (Timestamps.parse, documented): 253402300800000 is 10000-01-01.
BAD_EPOCHS = ["1e300", "-1e300", "1e19", "9.3e18", "2e15", "253402300800000", "-1", "-0.5", "1e-400",
              "99999999999999999999999"]
BAD_ISO = ["10000-01-01T00:00:00Z", "1969-12-31T23:59:59Z", "0000-01-01T00:00:00Z", "-0001-01-01T00:00:00Z",
           "9999-12-31T24:00:01Z", "2024-02-30T00:00:00Z", "2024-13-01T00:00:00Z", "+10000-01-01T00:00:00Z"]


def defect1():
    with Check("1 timestamps", "CSV epoch and ISO timestamps out of 1970..9999, NaN, inf") as c:
        for v in BAD_EPOCHS + BAD_ISO + ["nan", "inf", "-inf", "NaN"]:
            refused(c, f"benchmark,value,timestamp\nb,1,{v}\n".encode(), "t.csv", line=2, full=not QUICK)
    with Check("1 timestamps", "JSONL timestamp (number and string)") as c:
        for v in BAD_EPOCHS:
            refused(c, ('{"benchmark":"b","value":1,"timestamp":%s}\n' % v).encode(), "t.jsonl", line=1, full=False)
        for v in BAD_ISO:
            refused(c, jsonl_line(timestamp=v).encode(), "t.jsonl", line=1, full=False)
    with Check("1 timestamps", "lean-optics timestamp (number and string)") as c:
        for v in BAD_EPOCHS[:6]:
            refused(c, lean(ts=v).encode(), "lean.json", full=False)
        for v in BAD_ISO[:4]:
            refused(c, lean(ts=json.dumps(v)).encode(), "lean.json", full=False)
    with Check("1 timestamps", "data.js `date` (ms): huge, negated, negative, years 1919/318857/63379447") as c:
        for v in ["1e300", "-1605314959564", "1e19", "2e15", "-1", "253402300800000", "1e16", "-1e300",
                  "9.2e18", "1e-400", "253402300799999.99"]:
            refused(c, data_js(date=v).encode(), "data.js", full=False)
    with Check("1 timestamps", "--timestamp option: 1e300, -99999999999999, 1e19, nan, ISO out of range") as c:
        for v in ["--timestamp=1e300", "--timestamp=1e19", "--timestamp=nan", "--timestamp=inf",
                  "--timestamp=10000-01-01T00:00:00Z", "--timestamp=1969-12-31T23:59:59Z"]:
            refused(c, b"benchmark,value\nb,1\n", "ok.csv", extra=[v], names_file=False, full=False)
        for v in ["-99999999999999", "-1", "1e300"]:
            refused(c, b"benchmark,value\nb,1\n", "ok.csv", extra=["--timestamp", v], names_file=False, full=False)
    with Check("1 timestamps", "the range's ends are stored and the store stays readable (export, runs, series, dashboard, analyze)") as c:
        rows = "".join(f"b,{k + 1},{t},c{k}\n" for k, t in enumerate(
            ["0", "1970-01-01T00:00:00Z", "253402300799", "9999-12-31T23:59:59Z", "9999-12-31T23:59:59.999Z"]))
        accepted(c, ("benchmark,value,timestamp,commit\n" + rows).encode(), "ends.csv")
        accepted(c, data_js(date="253402300799000").encode(), "data.js")
        accepted(c, b"benchmark,value\nb,1\n", "ok.csv", extra=["--timestamp", "9999-12-31T23:59:59Z"])
    with Check("1 timestamps", "query options --since/--until with out-of-range values (export, runs, series)") as c:
        for v in ["1e300", "-99999999999999", "10000-01-01", "99999-01-01T00:00:00Z", "nan"][:2 if QUICK else 5]:
            for cmd in (["export", "--format", "csv"], ["runs"], ["series"]):
                for opt in ("--since", "--until"):
                    if cmd[0] != "export" and opt == "--until":
                        continue
                    c.cases += 1
                    rc, out, err = run(cmd + ["--store", TEMPLATE.store, opt, v])
                    if crashed(rc):
                        c.fail(f"CRASH {cmd} {opt} {v}: rc={rc} {short(err)}")
                    elif rc == 2 and one_line_error(err, None):
                        c.fail(f"{cmd} {opt} {v}: {one_line_error(err, None)}")


def defect2():
    with Check("2 histograms", "package-benchmark unitMagnitude/subBucketHalfCountMagnitude >= 2^63, 1e300, negative, fractional, 63, 64") as c:
        for v in [str(2 ** 63), str(2 ** 64), "1e19", "1e300", str(-(2 ** 63) - 1), "-1", "1.5", "63", "64",
                  "1e18", "-1e300", "4.5e15"]:
            refused(c, package_benchmark('{"counts": [0, 3], "subBucketHalfCountMagnitude": 1, "unitMagnitude": %s}' % v).encode(),
                    "h.json", full=False)
            refused(c, package_benchmark('{"counts": [0, 3], "subBucketHalfCountMagnitude": %s, "unitMagnitude": 0}' % v).encode(),
                    "h.json", full=False)
    with Check("2 histograms", "counts 1.5, -1, 2^63, 1e300, 1e19, more than 10^7 samples (memory bomb)") as c:
        for v in ["1.5", "-1", str(2 ** 63), "1e300", "1e19", "10000001", "9007199254740992", "1e-400"]:
            refused(c, package_benchmark('{"counts": [0, %s], "subBucketHalfCountMagnitude": 1, "unitMagnitude": 0}' % v).encode(),
                    "h.json", full=False, timeout=60)
        refused(c, package_benchmark('{"counts": [0, 1.5], "subBucketHalfCountMagnitude": 1, "unitMagnitude": 0}').encode(),
                "h.json", fragment="not a whole number", full=False)
    with Check("2 histograms", "other integer fields (lean-optics and JSONL iterations) 1e300 / 2^63 / 1.5 / -1") as c:
        for v in ["1e300", str(2 ** 63), "1.5", "-1"]:
            refused(c, lean(avg="1").replace('"iterations": 1', '"iterations": ' + v).encode(), "lean.json", full=False)
            refused(c, jsonl_line().replace('"value": 1', '"value": 1, "iterations": ' + v).encode(), "it.jsonl", line=1, full=False)


def big_name_file(path: Path, size: int, kind: str):
    with open(path, "wb") as f:
        if kind == "csv":
            f.write(b"benchmark,value\n")
        else:
            f.write(b'{"value":1,"benchmark":"')
        chunk = b"n" * (1 << 20)
        left = size
        while left > 0:
            f.write(chunk[:min(left, len(chunk))])
            left -= len(chunk)
        f.write(b",1\n" if kind == "csv" else b'"}\n')


def defect3():
    with Check("3 sizes", "names 4096 bytes (kept), 4097, multibyte over, commit/metric/unit/branch/machine 1025, --commit 2000") as c:
        accepted(c, ("benchmark,value\n" + "n" * 4096 + ",1\n").encode(), "n4096.csv")
        refused(c, ("benchmark,value\n" + "n" * 4097 + ",1\n").encode(), "long.csv", line=2, full=False)
        refused(c, ("benchmark,value\n" + "€" * 1366 + ",1\n").encode(), "long.csv", line=2, full=False)
        for key in ("commit", "metric", "unit", "branch", "machine", "toolchain"):
            refused(c, jsonl_line(**{key: "c" * 1025}).encode(), "long.jsonl", line=1, full=False)
        refused(c, hyperfine("x" * 5000).encode(), "hf.json", full=False)
        refused(c, lean(name=json.dumps("n" * 5000)).encode(), "lean.json", full=False)
        for opt in ("--commit", "--branch", "--machine"):
            refused(c, b"benchmark,value\nb,1\n", "ok.csv", extra=[opt, "c" * 2000], names_file=False, full=False)
    sizes = [(1 << 30, "csv"), (300 << 20, "jsonl")] if not QUICK else [(40 << 20, "csv")]
    for size, kind in sizes:
        with Check("3 sizes", f"a {size >> 20} MiB benchmark name ({kind})") as c:
            d = case_dir("big")
            store = d / "s.sqlite"
            copy_store(TEMPLATE.store, store)
            f = d / f"big.{kind}"
            big_name_file(f, size, kind)
            c.cases += 1
            rc, out, err = run(["ingest", "--store", store, f], timeout=600)
            if rc != 2:
                c.fail(f"rc={rc} {short(err, 300)}")
            else:
                # a JSONL line longer than the content detector's window is "unrecognised content": no line
                p = one_line_error(err, f"big.{kind}", 2 if kind == "csv" else None)
                if p:
                    c.fail(p)
            if store_digest(store) != TEMPLATE.digest:
                c.fail("store changed")
            f.unlink()
            shutil.rmtree(d)


NUL_VALUES = ["bench\u0000evil", "\u0000", "a\ufffeb", "a\uffff", "\ufdd0", "x\U0001fffe", "\ud800", "x\udfffy"]


def defect4():
    with Check("4 NUL / non-characters", "JSONL benchmark, commit, metric, unit, branch, machine, toolchain") as c:
        for key in ("benchmark", "commit", "metric", "unit", "branch", "machine", "toolchain"):
            for v in (NUL_VALUES if not QUICK else NUL_VALUES[:4]):
                refused(c, jsonl_line(**{key: v}).encode(), "nul.jsonl", line=1, full=False)
    with Check("4 NUL / non-characters", "raw NUL / U+FFFE bytes in CSV name and commit; hyperfine command; google-benchmark, lean-optics, data.js, package-benchmark names") as c:
        for v in ["bench\x00evil", "\x00", "a\ufffeb", "\uffff"]:
            refused(c, f"benchmark,value,commit\n{v},1,c\n".encode(), "nul.csv", line=2, full=False)
            refused(c, f"benchmark,value,commit\nb,1,{v}\n".encode(), "nul.csv", line=2, full=False)
        for v in NUL_VALUES[:4]:
            refused(c, hyperfine(v).encode(), "hf.json", full=False)
            refused(c, lean(name=json.dumps(v)).encode(), "lean.json", full=False)
            refused(c, data_js(name=json.dumps(v)).encode(), "data.js", full=False)
            refused(c, json.dumps({"context": {"date": "2024-01-01T00:00:00+00:00"}, "benchmarks": [
                {"name": v, "run_type": "iteration", "iterations": 1, "real_time": 1, "cpu_time": 1, "time_unit": "ns"}]}).encode(),
                "gb.json", full=False)
            refused(c, package_benchmark('{"counts": [0, 3], "subBucketHalfCountMagnitude": 1, "unitMagnitude": 0}')
                    .replace('"name": "b"', '"name": ' + json.dumps(v)).encode(), "pb.json", full=False)
    with Check("4 NUL / non-characters", "options --commit/--branch/--machine with U+FFFE, U+FFFF, U+FDD0") as c:
        for opt in ("--commit", "--branch", "--machine"):
            for v in ["a\ufffe", "\uffff", "\ufdd0x"]:
                refused(c, b"benchmark,value\nb,1\n", "ok.csv", extra=[opt, v], names_file=False, full=False)
    with Check("4 NUL / non-characters", "empty names after CSV un-neutralisation (a lone apostrophe) and whitespace-only") as c:
        refused(c, b"benchmark,value\n',1\n", "apos.csv", line=2, full=False)
        refused(c, b'benchmark,value\n"",1\n', "empty.csv", line=2, full=False)
        refused(c, jsonl_line(benchmark="").encode(), "empty.jsonl", line=1, full=False)


# hostile names through the outputs
IMG = "<img src=x onerror=alert(1)>"
HOSTILE = {
    "command": "sleep `id` " + IMG,
    "backtick": "a`b``c" + IMG,
    "newline": "nl\n# injected heading",
    "tab": "a\tb",
    "space": "a b",
    "cr": "cr\rcarriage",
    "esc": "evil\x1b[31mred\x1b]0;title\x07",
    "c1": "c1\u009b2Jcsi",
    "bidi": "bidi\u202eevil",
    "formula": "=cmd|' /C calc'!A0",
    "plus": "+1",
    "minus": "-1",
    "at": "@SUM(1)",
    "tabformula": "\t=1+2",
    "crformula": "\r=1+2",
    "script": "</script><script>alert(1)</script>",
    "xml": "]]><x>&amp;\"'",
    "pipe": "p|i|pe",
    "link": "[x](javascript:alert(1))",
    "del": "del\x7fx",
}
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def hostile_store() -> tuple[Path, Path]:
    """A store with 30 runs of every hostile name (a level shift at run 15), commits hostile too;
    and a candidate file (JSONL) with the same names at the shifted level."""
    d = WORK / "names"
    if d.exists():
        shutil.rmtree(d)
    d.mkdir(parents=True)
    store = d / "s.sqlite"
    lines = []
    commits = ['=HYPERLINK("http://x","y")', "+c", "-c", "@c", IMG, "`c`", "c\x1b[2J"]
    for k in range(30):
        for j, name in enumerate(HOSTILE.values()):
            level = 1.0 if k < 15 else 1.4
            v = level * (1 + 0.01 * ((k + j) % 4)) * 1e-3
            lines.append(json.dumps({"benchmark": name, "metric": "time", "value": v, "unit": "s",
                                     "samples": [v * (1 + 0.002 * s) for s in range(5)],
                                     "timestamp": f"2024-01-{1 + k // 24:02d}T{k % 24:02d}:00:00Z",
                                     "commit": commits[k % len(commits)] + str(k), "run": f"r{k}",
                                     "branch": "=main" if k % 2 else "main"}))
    f = d / "hist.jsonl"
    f.write_text("\n".join(lines) + "\n")
    rc, _, err = run(["ingest", "--store", store, f], timeout=120)
    if rc != 0:
        raise RuntimeError(f"hostile names refused at ingest: {err!r}")
    cand = d / "cand.jsonl"
    cand.write_text("".join(json.dumps({"benchmark": n, "metric": "time", "value": 2e-3, "unit": "s",
                                        "samples": [2e-3 * (1 + 0.003 * s) for s in range(5)],
                                        "commit": '=HYPERLINK("http://x","z")'}) + "\n" for n in HOSTILE.values()))
    return store, cand


class Tags(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list]] = []
        self.text: list[str] = []
        self.stack: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))

    def handle_data(self, data):
        self.text.append(data)


def check_markdown(c: Check, what: str, md: str):
    from markdown_it import MarkdownIt
    rendered = MarkdownIt("commonmark", {"html": True}).enable("table").render(md)
    t = Tags()
    t.feed(rendered)
    for tag, attrs in t.tags:
        if tag in ("img", "script", "iframe", "svg", "x") or any(a.startswith("on") for a, _ in attrs) \
                or any(v and "javascript:" in v for _, v in attrs):
            c.fail(f"{what}: a real <{tag} {attrs}> in the rendered Markdown")
    for h in re.findall(r"<h(\d)>(.*?)</h\1>", rendered, re.S):
        if "injected heading" in h[1] and not re.search(r"nl\s", h[1]):
            c.fail(f"{what}: the newline in a name made its own heading {h}")
    if CONTROL.search(md.replace("\n", "")):
        c.fail(f"{what}: control character in Markdown {CONTROL.search(md.replace(chr(10), '')).group()!r}")
    rows = [ln for ln in md.split("\n") if ln.startswith("|")]
    # cells per table row (unescaped pipes), compared within each block of consecutive rows
    block: list[int] = []
    for ln in md.split("\n") + [""]:
        if ln.startswith("|"):
            n, prev = 0, " "
            for ch in ln:
                if ch == "|" and prev != "\\":
                    n += 1
                prev = ch
            block.append(n)
        else:
            if len(set(block)) > 1:
                c.fail(f"{what}: table rows with different cell counts {sorted(set(block))}")
            block = []
    del rows


def check_csv(c: Check, what: str, text: str):
    rows = list(csv.reader(io.StringIO(text, newline="")))
    if len(rows) < 2:
        c.fail(f"{what}: no rows")
    raw = set(HOSTILE.values()) | {'=HYPERLINK("http://x","y")', "=main"}
    widths = {len(r) for r in rows if r}
    if len(widths) > 1:
        c.fail(f"{what}: rows with different cell counts {widths}")
    for r in rows[1:]:
        for cell in r:
            if not cell:
                continue
            try:
                float(cell)
                numeric = True
            except ValueError:
                numeric = False
            if cell[0] in FORMULA_START and not numeric:
                c.fail(f"{what}: formula cell {cell!r}")
                return
            if cell in ("+1", "-1") and r.count(cell):
                # a name "+1"/"-1" must come out as "'+1"; a number column may hold "-1" legitimately,
                # so only text columns are judged: the header says which.
                col = rows[0][r.index(cell)] if r.index(cell) < len(rows[0]) else ""
                if col.lower() in ("benchmark", "name", "series", "label", "commit", "metric"):
                    c.fail(f"{what}: formula cell {cell!r} in column {col}")
                    return


def check_terminal(c: Check, what: str, out: bytes):
    text = out.decode("utf-8", "replace")
    m = CONTROL.search(text.replace("\n", ""))
    if m:
        c.fail(f"{what}: control character {m.group()!r} reaches the terminal")


def check_xml(c: Check, what: str, data: bytes, junit=False):
    try:
        root = ET.fromstring(data)
    except ET.ParseError as e:
        c.fail(f"{what}: not well-formed XML: {e}")
        return None
    if junit:
        names = [tc.get("name") for tc in root.iter("testcase")]
        for want in ("a\tb", "a b"):
            if not any(n and want in n for n in names):
                c.fail(f"{what}: testcase for {want!r} missing or altered: {[n for n in names if n and 'a' in n][:6]}")
        try:
            import junitparser
            junitparser.JUnitXml.fromstring(data.decode())
        except Exception as e:  # noqa: BLE001
            c.fail(f"{what}: junitparser refuses it: {e}")
    return root


def dashboard_checks(c: Check, what: str, page: bytes):
    text = page.decode("utf-8")
    t = Tags()
    t.feed(text)
    for tag, attrs in t.tags:
        if tag in ("img", "iframe", "x") or any(a.startswith("on") and "alert" in (v or "") for a, v in attrs):
            c.fail(f"{what}: a real <{tag} {attrs}> in the dashboard")
    if "</script><script>alert" in text:
        c.fail(f"{what}: a name closes the dashboard's script element")
    if any(0xFFFE <= ord(ch) <= 0xFFFF for ch in text):
        c.fail(f"{what}: U+FFFE/U+FFFF in the dashboard")


def outputs(store: Path, cand: Path, d: Path):
    """Every output with names in it: (label, command, kind)."""
    s = ["--store", store]
    return [
        ("gate md", ["gate", cand, *s, "--format", "md"], "md"),
        ("gate table", ["gate", cand, *s, "--format", "table"], "term"),
        ("gate csv", ["gate", cand, *s, "--format", "csv"], "csv"),
        ("gate junit", ["gate", cand, *s, "--format", "junit"], "junit"),
        ("gate json", ["gate", cand, *s, "--format", "json"], "json"),
        ("analyze md", ["analyze", *s, "--format", "md"], "md"),
        ("analyze table", ["analyze", *s, "--format", "table"], "term"),
        ("analyze csv", ["analyze", *s, "--format", "csv"], "csv"),
        ("analyze json", ["analyze", *s, "--format", "json"], "json"),
        ("changepoints md", ["changepoints", *s, "--benchmark", "*", "--format", "md"], "md"),
        ("changepoints table", ["changepoints", *s, "--benchmark", "*", "--format", "table"], "term"),
        ("changepoints csv", ["changepoints", *s, "--benchmark", "*", "--format", "csv"], "csv"),
        ("changepoints json", ["changepoints", *s, "--benchmark", "*", "--format", "json"], "json"),
        ("forecast md", ["forecast", *s, "--benchmark", "*", "--format", "md"], "md"),
        ("forecast table", ["forecast", *s, "--benchmark", "*", "--format", "table"], "term"),
        ("forecast csv", ["forecast", *s, "--benchmark", "*", "--format", "csv"], "csv"),
        ("export csv", ["export", *s, "--format", "csv"], "csv"),
        ("export jsonl", ["export", *s, "--format", "jsonl"], "jsonl"),
        ("runs table", ["runs", *s], "term"),
        ("series table", ["series", *s], "term"),
        ("series points", ["series", *s, "--points"], "term"),
        ("dashboard", ["dashboard", *s, "--output", d / "dash.html"], "dash"),
    ]


def names_through_outputs():
    store, cand = hostile_store()
    d = store.parent
    for label, cmd, kind in outputs(store, cand, d):
        defect = {"md": "5 Markdown", "junit": "7 XML", "dash": "7 XML", "csv": "8 CSV",
                  "term": "10 terminal", "json": "names JSON", "jsonl": "names JSON"}[kind]
        with Check(defect, f"{len(HOSTILE)} hostile names and commits through `{label}`") as c:
            c.cases += 1
            rc, out, err = run(cmd, timeout=300)
            if crashed(rc) or rc == 2:
                c.fail(f"rc={rc} {short(err, 300)}")
                continue
            text = out.decode("utf-8")
            if kind == "md":
                check_markdown(c, label, text)
            elif kind == "csv":
                check_csv(c, label, text)
            elif kind == "term":
                check_terminal(c, label, out)
                check_terminal(c, label + " (stderr)", err)
            elif kind == "junit":
                check_xml(c, label, out, junit=True)
            elif kind == "json":
                try:
                    o = strict_json(text)
                    found = set()

                    def walk(x):
                        if isinstance(x, str):
                            found.add(x)
                        elif isinstance(x, list):
                            for y in x:
                                walk(y)
                        elif isinstance(x, dict):
                            for y in x.values():
                                walk(y)
                    walk(o)
                    missing = [n for n in HOSTILE.values() if n not in found]
                    if missing:
                        c.fail(f"{label}: names not read back exactly: {missing[:4]}")
                except Exception as e:  # noqa: BLE001
                    c.fail(f"{label}: not strict JSON: {e}")
            elif kind == "jsonl":
                for ln in text.splitlines():
                    try:
                        strict_json(ln)
                    except Exception as e:  # noqa: BLE001
                        c.fail(f"{label}: not strict JSON: {e}")
                        break
            elif kind == "dash":
                page = (d / "dash.html").read_bytes()
                dashboard_checks(c, label, page)
                check_xml(c, label, page)
    with Check("8 CSV", "changepoints/forecast --input with hostile labels (--label-column)") as c:
        f = d / "input.csv"
        rows = ["value,commit"] + [f"{(1 if k < 15 else 2) * (1 + 0.01 * (k % 3))},{list(HOSTILE.values())[k % 6 + 9] if k % 3 else IMG}" for k in range(30)]
        buf = io.StringIO()
        w = csv.writer(buf)
        for r in rows[1:]:
            v, lab = r.split(",", 1)
            w.writerow([v, lab])
        f.write_text("value,commit\n" + buf.getvalue())
        for cmd in (["changepoints", "--input", f, "--column", "value", "--label-column", "commit", "--format", "csv"],
                    ["changepoints", "--input", f, "--column", "value", "--label-column", "commit", "--format", "md"],
                    ["changepoints", "--input", f, "--column", "value", "--label-column", "commit", "--format", "table"]):
            c.cases += 1
            rc, out, err = run(cmd)
            if rc != 0:
                c.fail(f"{cmd[-1]} rc={rc} {short(err)}")
                continue
            {"csv": check_csv, "md": check_markdown, "table": lambda c, w, t: check_terminal(c, w, t.encode())}[cmd[-1]](c, "changepoints --input " + cmd[-1], out.decode())
    with Check("7 XML", "U+FFFE/U+FFFF, ESC, C0 written into the store by hand (an older version's rows): junit, dashboard, table") as c:
        hand = d / "hand.sqlite"
        copy_store(store, hand)
        con = sqlite3.connect(hand)
        changed = 0
        for (tname,) in con.execute("SELECT name FROM sqlite_master WHERE type='table'").fetchall():
            cols = [r[1] for r in con.execute(f'PRAGMA table_info("{tname}")')]
            for col in cols:
                try:
                    n = con.execute(f'UPDATE "{tname}" SET "{col}" = replace("{col}", \'a b\', ?) WHERE "{col}" = \'a b\'',
                                    ("x\ufffey\uffff\x01\x1b[2J",)).rowcount
                    changed += n
                except sqlite3.Error:
                    pass
        con.commit()
        con.close()
        if not changed:
            c.fail("could not place the name in the store")
        c.cases += 3
        rc, out, err = run(["gate", cand, "--store", hand, "--format", "junit"])
        if crashed(rc) or rc == 2:
            c.fail(f"gate junit rc={rc} {short(err)}")
        else:
            try:
                ET.fromstring(out)
            except ET.ParseError as e:
                c.fail(f"junit not well-formed: {e}")
        rc, _, err = run(["dashboard", "--store", hand, "--output", d / "hand.html"])
        if rc != 0:
            c.fail(f"dashboard rc={rc} {short(err)}")
        else:
            page = (d / "hand.html").read_bytes()
            try:
                ET.fromstring(page)
            except ET.ParseError as e:
                c.fail(f"dashboard not well-formed: {e}")
        for cmd in (["series"], ["analyze"], ["runs"]):
            rc, out, err = run(cmd + ["--store", hand])
            if crashed(rc):
                c.fail(f"{cmd} rc={rc}")
            check_terminal(c, f"{cmd[0]} with a hand-written name", out)


def policy_case(c: Check, text: bytes, line=None, fragment=None, name="policy.json", label=None):
    c.cases += 1
    d = case_dir("policy")
    p = d / name
    p.write_bytes(text)
    rc, out, err = run(["analyze", "--store", TEMPLATE.store, "--policy", p])
    if crashed(rc):
        c.fail(f"CRASH rc={rc} {short(text)} {short(err)}")
    elif rc != 2:
        c.fail(f"accepted (rc={rc}): {label or short(text, 160)}")
    else:
        prob = one_line_error(err, name, line)
        if prob:
            c.fail(f"{short(text, 100)}: {prob}")
        if fragment and fragment not in err.decode():
            c.fail(f"{short(text, 100)}: message lacks {fragment!r}: {short(err)}")


def defect6():
    with Check("6 duplicate keys", "policy: top level, overrides[i] (first, middle, last entry), directions, \\u-escaped duplicates") as c:
        policy_case(c, b'{"maxAvgTimeMs": 1, "maxAvgTimeMs": 100}')
        policy_case(c, b'{"overrides":[{"benchmark":"lens_*","maxAvgTimeMs":1e-9,"maxAvgTimeMs":100}]}', line=1)
        policy_case(c, b'{"overrides":[{"benchmark":"a"},{"benchmark":"lens_*","minimumEffect":0.1,\n"minimumEffect":0.9},{"benchmark":"c"}]}', line=2)
        policy_case(c, b'{"overrides":[{"benchmark":"a","benchmark":"b","maxAvgTimeMs":1}]}')
        policy_case(c, b'{"directions":{"score":"higher","score":"lower"}}')
        policy_case(c, b'{"directions":{"score":"higher","sc\\u006fre":"lower"}}')
        policy_case(c, b'{"maxAvgTimeMs": 1, "max\\u0041vgTimeMs": 100}')
        policy_case(c, b'{"overrides":[{"benchmark":"x","maxAvgTimeMs":1,"max\\u0041vgTimeMs":100}]}')
        policy_case(c, b'{"overrides":[],"overrides":[{"benchmark":"x","maxAvgTimeMs":1}]}')
        policy_case(c, b'{"directions":{},"directions":{"time":"higher"}}')
    with Check("6 duplicate keys", "data files: JSONL, lean-optics, hyperfine, google-benchmark, data.js, package-benchmark (every depth)") as c:
        refused(c, b'{"benchmark":"a","benchmark":"b","value":1}\n', "d.jsonl", line=1, full=False)
        refused(c, b'{"benchmark":"a","value":1,"value":2}\n', "d.jsonl", line=1, full=False)
        refused(c, b'{"benchmark":"a","value":1,"v\\u0061lue":2}\n', "d.jsonl", line=1, full=False)
        refused(c, lean().replace('"avgTimeMs": 1', '"avgTimeMs": 1, "avgTimeMs": 2').encode(), "lean.json", full=False)
        hf = json.loads(hyperfine("cmd"))
        t = json.dumps(hf).replace('"mean": 0.01', '"mean": 0.01, "mean": 5')
        refused(c, t.encode(), "hf.json", full=False)
        refused(c, ('{"results": [], ' + json.dumps(hf)[1:]).encode(), "hf.json", full=False)
        refused(c, data_js().replace('"value": 1', '"value": 1, "value": 9').encode(), "data.js", full=False)
        refused(c, data_js().replace('"id": "a"', '"id": "a", "id": "b"').encode(), "data.js", full=False)
        refused(c, package_benchmark('{"counts": [0, 3], "subBucketHalfCountMagnitude": 1, "unitMagnitude": 0, "unitMagnitude": 1}').encode(),
                "pb.json", full=False)
        refused(c, json.dumps({"context": {"date": "2024-01-01T00:00:00+00:00"}, "benchmarks": [
            {"name": "x", "run_type": "iteration", "iterations": 1, "real_time": 1, "cpu_time": 1, "time_unit": "ns"}]})
            .replace('"real_time": 1', '"real_time": 1, "real_time": 7').encode(), "gb.json", full=False)


BAD_NUMBERS = ["01", "-01", "00.5", "1.", "1.e2", ".5", "+1", "1e", "1e+", "0x10", "Infinity", "-Infinity", "NaN",
               "1e-400", "1e400", "-", "1_0", "\u0661", "0.", "-.5", "1E", "１"]


def defect9():
    with Check("9 strict JSON", f"{len(BAD_NUMBERS)} bad numbers in place of a number of every JSON example file") as c:
        files = [p for p in sorted((ROOT / "Tests" / "Fixtures" / "formats").rglob("*"))
                 if p.is_file() and p.suffix in (".json", ".jsonl", ".js") and p.stat().st_size < 300_000]
        files += [ROOT / "sla_thresholds.json"]
        rng = random.Random(9)
        for p in files:
            text = p.read_text()
            spans = number_spans(text)
            if not spans:
                continue
            picks = [spans[0], spans[-1], spans[len(spans) // 2]]
            for bad in (BAD_NUMBERS if not QUICK else rng.sample(BAD_NUMBERS, 2)):
                a, b = rng.choice(picks)
                mutated = (text[:a] + bad + text[b:]).encode()
                if p.name == "sla_thresholds.json":
                    policy_case(c, mutated, line=line_of(text, a), name="sla_thresholds.json", label=f"{bad!r} at line {line_of(text, a)}")
                else:
                    ln = line_of(text, a) if p.suffix == ".jsonl" else None
                    refused(c, mutated, p.name, line=ln, full=False)
    with Check("9 strict JSON", "BOMs, NUL and control characters, comments and trailing commas in data files; -0.0 kept as 0") as c:
        body = lean()
        for t in ["\ufeff\ufeff" + body, body[:1] + "\ufeff" + body[1:], body + "\x00", body.replace(", ", ",\x00", 1),
                  body.replace('"b"', '"b\x01"'), body.replace('"b"', '"b\t"'), "// c\n" + body, "/* c */" + body,
                  body.replace("}]", "},]"), body.replace('"b"', "'b'"), body + "\n[]", body.replace('"}]', '",}]')]:
            refused(c, t.encode(), "lean.json", full=False)
        refused(c, ("\ufeff" + jsonl_line() + "\ufeff" + jsonl_line(benchmark="c")).encode(), "bom.jsonl", line=2, full=False)
        store = accepted(c, b'{"benchmark":"b","value":-0.0,"samples":[-0.0,-0e0,1],"unit":"s"}\n', "z.jsonl")
        store = accepted(c, b"benchmark,value\nb,-0\nc,-0.0e5\n", "z.csv")
        # (stored_problems flags a stored -0.0)
        del store
    with Check("9 strict JSON", "policy: bad numbers, doubled BOM, NUL / control characters in comments, unterminated comment") as c:
        base = '{\n  // comment\n  "maxAvgTimeMs": 1.0,\n  "overrides": [ { "benchmark": "a*", "minimumEffect": 0.2 } ]\n}\n'
        for bad in BAD_NUMBERS:
            policy_case(c, base.replace("1.0", bad).encode(), line=3)
        policy_case(c, ("\ufeff\ufeff" + base).encode())
        policy_case(c, base.replace("// comment", "// com\x00ment").encode(), line=2)
        policy_case(c, base.replace("// comment", "/* com\x00ment */").encode(), line=2)
        policy_case(c, base.replace("// comment", "// com\x1bment").encode(), line=2)
        policy_case(c, base.replace("// comment", "/* never closed").encode())
        policy_case(c, (base + "x").encode())
        policy_case(c, base.replace("0.2 }", "0.2, }").encode(), line=4)


def defect10():
    with Check("10 smaller", "policy encoding errors name file and line (bad UTF-8, overlong, lone surrogate bytes)") as c:
        base = b'{\n  "maxAvgTimeMs": 1.0,\n  "overrides": [ { "benchmark": "a*X" } ]\n}\n'
        for bad in [b"\xff", b"\xc0\xaf", b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"\xe2\x82"]:
            policy_case(c, base.replace(b"X", bad), line=3)
    with Check("10 smaller", "ingest /dev/null, a missing file, an unreadable file (skipped when run as root)") as c:
        for target in ["/dev/null"]:
            c.cases += 1
            rc, _, err = run(["ingest", "--store", WORK / "dn.sqlite", target])
            if rc != 2 or one_line_error(err, target) or b"permission" in err.lower():
                c.fail(f"{target}: rc={rc} {short(err)}")
        d = case_dir("misc")
        (d / "sub").mkdir()
        (d / "locked.csv").write_text("benchmark,value\nb,1\n")
        os.chmod(d / "locked.csv", 0)
        for target in [d / "missing.csv"] + ([d / "locked.csv"] if os.geteuid() != 0 else []):
            c.cases += 1
            rc, _, err = run(["ingest", "--store", WORK / "dn.sqlite", target])
            if rc != 2 or one_line_error(err, target.name):
                c.fail(f"{target.name}: rc={rc} {short(err)}")
        os.chmod(d / "locked.csv", 0o644)
    with Check("10 smaller", "--store on a foreign SQLite database, a text file, a truncated store, a look-alike with a table runs, a directory: refused, untouched") as c:
        d = case_dir("foreign")
        foreign = d / "foreign.sqlite"
        con = sqlite3.connect(foreign)
        con.execute("CREATE TABLE invoices(id INTEGER, total REAL)")
        con.execute("INSERT INTO invoices VALUES (1, 9.5)")
        con.commit()
        con.close()
        text = d / "notes.txt"
        text.write_text("hello, not a database\n" * 100)
        trunc = d / "trunc.sqlite"
        trunc.write_bytes(TEMPLATE.store.read_bytes()[:2048])
        # a store by another tool that happens to have a table called "runs"
        lookalike = d / "lookalike.sqlite"
        con = sqlite3.connect(lookalike)
        con.execute("CREATE TABLE runs(id INTEGER PRIMARY KEY, note TEXT)")
        con.commit()
        con.close()
        good = d / "good.csv"
        good.write_text(GOOD_CSV)
        for target in (foreign, text, trunc, lookalike, d):
            before = target.read_bytes() if target.is_file() else None
            for cmd in (["runs"], ["export"], ["series"], ["analyze"], ["dashboard", "--output", d / "x.html"], ["ingest", good]):
                c.cases += 1
                rc, _, err = run([cmd[0], "--store", target, *cmd[1:]])
                if rc != 2:
                    c.fail(f"{target.name} {cmd[0]}: rc={rc} {short(err)}")
                elif one_line_error(err, None):
                    c.fail(f"{target.name} {cmd[0]}: {one_line_error(err, None)}")
            if before is not None and target.read_bytes() != before:
                c.fail(f"{target.name} was modified")
            for suffix in ("-wal", "-shm", "-journal"):
                if Path(str(target) + suffix).exists():
                    c.fail(f"{target.name}{suffix} was created")
    with Check("10 smaller", "control sequences in error messages: bad values, file names, globs with ESC") as c:
        d = case_dir("esc")
        for content in [b"benchmark,value\nb,x\x1b]0;pwn\x07\n", b"benchmark,value\nb\x1b[2J,nope\n",
                        b'{"benchmark":"b","value":"\x1b[31m"}\n']:
            c.cases += 1
            f = d / "e.csv"
            f.write_bytes(content)
            rc, _, err = run(["ingest", "--store", WORK / "e.sqlite", f])
            if rc != 2:
                c.fail(f"rc={rc} for {content!r}")
            check_terminal(c, f"ingest error for {content!r}", err.rstrip(b"\n"))
        f = d / "evil\x1b[2J.csv"
        f.write_bytes(b"benchmark,value\nb,x\n")
        c.cases += 1
        rc, _, err = run(["ingest", "--store", WORK / "e.sqlite", f])
        check_terminal(c, "file name with ESC in the error", err.rstrip(b"\n"))
        for cmd in (["series", "--benchmark", "\x1b[2J*"], ["changepoints", "--benchmark", "\x1b]0;x\x07"],
                    ["gate", d / "nope\x1b[2J.json"]):
            c.cases += 1
            rc, out, err = run(cmd + ["--store", TEMPLATE.store])
            if crashed(rc):
                c.fail(f"{cmd}: rc={rc}")
            check_terminal(c, f"{cmd[0]} message", out + err.rstrip(b"\n"))


# ---------------------------------------------------------------- mutants

INTERESTING = [b"1e300", b"-1e300", b"9223372036854775808", b"18446744073709551616", b"-1", b"1.5", b"0", b"-0.0",
               b"NaN", b"1e-400", b'"\\u0000"', b'"\\uFFFE"', b"\x00", b"\xff", b"\xef\xbf\xbe", b'"', b",", b"\n",
               b"{", b"}", b"[", b"]", b"\r\n", b"'", b"=", b"`", b"\x1b[2J", b"1" * 400, b"[" * 5000]


def mutate(data: bytes, rng: random.Random) -> bytes:
    b = bytearray(data)
    for _ in range(rng.choice([1, 1, 1, 2, 3, 8])):
        op = rng.randrange(9)
        n = len(b)
        pos = rng.randrange(n + 1) if n else 0
        if op == 0 and n:  # flip a byte
            b[rng.randrange(n)] = rng.randrange(256)
        elif op == 1 and n:  # flip a bit
            i = rng.randrange(n)
            b[i] ^= 1 << rng.randrange(8)
        elif op == 2:  # insert an interesting token
            b[pos:pos] = rng.choice(INTERESTING)
        elif op == 3 and n:  # delete a range
            ln = rng.randrange(1, min(64, n) + 1)
            del b[pos:pos + ln]
        elif op == 4 and n:  # duplicate a range
            ln = rng.randrange(1, min(256, n) + 1)
            b[pos:pos] = b[pos:pos + ln]
        elif op == 5 and n:  # truncate
            del b[rng.randrange(n):]
        elif op == 6:  # replace a number with an interesting one
            text = bytes(b).decode("latin-1")
            spans = number_spans(text)
            if spans:
                s, e = rng.choice(spans)
                b[s:e] = rng.choice(INTERESTING[:11])
        elif op == 7 and n:  # swap two lines
            lines = bytes(b).split(b"\n")
            if len(lines) > 2:
                i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
                lines[i], lines[j] = lines[j], lines[i]
                b = bytearray(b"\n".join(lines))
        elif op == 8 and n:  # duplicate a line (duplicate keys, repeated measurements)
            lines = bytes(b).split(b"\n")
            i = rng.randrange(len(lines))
            lines.insert(i, lines[i])
            b = bytearray(b"\n".join(lines))
    return bytes(b)


def example_files() -> list[Path]:
    out = []
    for top in (ROOT / "datasets", ROOT / "Tests" / "Fixtures"):
        for p in sorted(top.rglob("*")):
            if p.is_file() and p.suffix not in (".md", ".py", ".png", ".sqlite", ".gz", ".zip", ".npz") \
                    and p.stat().st_size <= 512_000:
                out.append(p)
    return out


def mutants(count: int):
    files = example_files()
    rng = random.Random(12)
    with Check("mutants", f"{count} random mutants of {len(files)} real example files (datasets/, Tests/Fixtures), one process each, 60 s timeout") as c:
        d = case_dir("mutants")
        store = d / "s.sqlite"
        accepted_n = refused_n = 0
        t0 = time.time()
        for k in range(count):
            src = rng.choice(files)
            data = mutate(src.read_bytes(), rng)
            name = src.name
            d = case_dir("mutants")  # fresh: an asv result file reads its siblings
            store = d / "s.sqlite"
            f = d / name
            f.write_bytes(data)
            copy_store(TEMPLATE.store, store)
            c.cases += 1
            rc, out, err = run(["ingest", "--store", store, f], timeout=60)
            where = f"mutant {k} of {src.relative_to(ROOT)}"
            if crashed(rc):
                c.fail(f"CRASH rc={rc} {where}: {short(err, 300)} (kept {keep(data, name)})")
                continue
            if rc == 2:
                refused_n += 1
                p = one_line_error(err, name)
                if p:
                    c.fail(f"{where}: {p} (kept {keep(data, name)})")
                if store_digest(store) != TEMPLATE.digest:
                    c.fail(f"{where}: refused, but the store changed (kept {keep(data, name)})")
            elif rc == 0:
                accepted_n += 1
                for p in stored_problems(store):
                    c.fail(f"{where}: accepted and {p} (kept {keep(data, name)})")
            else:
                c.fail(f"{where}: ingest exit {rc} {short(err)}")
        c.variant += f"; {accepted_n} accepted (store read back and checked), {refused_n} refused, {time.time() - t0:.0f} s"


def policy_mutants(count: int):
    seeds = [ROOT / "sla_thresholds.json"] + sorted(p for p in (ROOT / "Tests").rglob("*policy*.json") if p.is_file())
    doc = (ROOT / "docs" / "policy.md").read_text()
    m = re.search(r"```jsonc\n(.*?)```", doc, re.S)
    texts = [p.read_bytes() for p in seeds] + ([m.group(1).encode()] if m else [])
    rng = random.Random(6)
    with Check("policy mutants", f"{count} mutants of {len(texts)} policies through `analyze --policy`") as c:
        d = case_dir("pmut")
        for k in range(count):
            data = mutate(rng.choice(texts), rng)
            p = d / "p.json"
            p.write_bytes(data)
            c.cases += 1
            rc, out, err = run(["analyze", "--store", TEMPLATE.store, "--policy", p], timeout=60)
            if crashed(rc):
                c.fail(f"CRASH rc={rc} (kept {keep(data, 'p.json')})")
            elif rc == 2:
                prob = one_line_error(err, "p.json")
                if prob:
                    c.fail(f"policy mutant {k}: {prob} (kept {keep(data, 'p.json')})")


# ---------------------------------------------------------------- SIGKILL and concurrency

def run_counts(store: Path) -> dict[str, int] | str:
    rc, out, err = run(["export", "--store", store, "--format", "csv"], timeout=300)
    if rc != 0:
        return f"export rc={rc} {short(err)}"
    counts: dict[str, int] = {}
    for row in csv.DictReader(io.StringIO(out.decode(), newline="")):
        counts[row["commit"]] = counts.get(row["commit"], 0) + 1
    return counts


def write_run_file(path: Path, commit: str, rows: int, ts: int):
    with open(path, "w") as f:
        f.write("benchmark,value,unit,timestamp,commit\n")
        for i in range(rows):
            f.write(f"bench{i},{1 + (i % 7) * 0.01},ms,{ts},{commit}\n")


def sigkills(n: int):
    rows = 20000 if not QUICK else 4000
    with Check("SIGKILL", f"{n} SIGKILLs mid-ingest of 4 files x {rows} rows (one process): no run lost, no partial run, store usable") as c:
        d = case_dir("kill")
        store = d / "s.sqlite"
        first = d / "first.csv"
        write_run_file(first, "base", rows, 1_700_000_000)
        rc, _, err = run(["ingest", "--store", store, first], timeout=300)
        if rc != 0:
            c.fail(f"first ingest rc={rc} {short(err)}")
            return
        t0 = time.time()
        write_run_file(d / "probe.csv", "probe", rows, 1_700_000_001)
        run(["ingest", "--store", store, d / "probe.csv"], timeout=300)
        one = time.time() - t0
        rng = random.Random(50)
        expected = {"base": rows, "probe": rows}
        for k in range(n):
            files = []
            for j in range(4):
                f = d / f"k{k}_{j}.csv"
                write_run_file(f, f"k{k}_{j}", rows, 1_700_000_100 + k * 10 + j)
                files.append(f)
            p = subprocess.Popen([BIN, "ingest", "--store", str(store)] + [str(f) for f in files],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            time.sleep(rng.uniform(0.01, one * 4.5))
            p.send_signal(signal.SIGKILL)
            p.wait()
            c.cases += 1
            counts = run_counts(store)
            if isinstance(counts, str):
                c.fail(f"kill {k}: {counts}")
                return
            for commit, cnt in counts.items():
                if cnt != rows:
                    c.fail(f"kill {k}: partial run {commit} with {cnt} of {rows} rows")
            for commit in expected:
                if counts.get(commit) != rows:
                    c.fail(f"kill {k}: run {commit} lost")
            for commit in counts:
                expected[commit] = rows
            for f in files:
                f.unlink()
            con = sqlite3.connect(store)
            ok = con.execute("PRAGMA integrity_check").fetchone()[0]
            con.close()
            if ok != "ok":
                c.fail(f"kill {k}: integrity_check {ok}")
            rc, _, err = run(["runs", "--store", store])
            if rc != 0:
                c.fail(f"kill {k}: runs rc={rc} {short(err)}")
        # after all kills the store takes a new run
        last = d / "last.csv"
        write_run_file(last, "last", rows, 1_800_000_000)
        rc, _, err = run(["ingest", "--store", store, last], timeout=300)
        if rc != 0:
            c.fail(f"ingest after the kills rc={rc} {short(err)}")
        c.variant += f" ({len(expected) - 2} of {4 * n} killed files had landed whole)"


def concurrency(writers: int, files_each: int):
    rows = 300
    with Check("concurrency", f"{writers} concurrent writers x {files_each} files, 3 readers (runs, export, series) in loops") as c:
        d = case_dir("conc")
        store = d / "s.sqlite"
        write_run_file(d / "seed.csv", "seed", rows, 1_600_000_000)
        run(["ingest", "--store", store, d / "seed.csv"])
        problems: list[str] = []
        stop = threading.Event()
        lock = threading.Lock()
        reads = [0]

        def writer(w):
            for j in range(files_each):
                f = d / f"w{w}_{j}.csv"
                write_run_file(f, f"w{w}_{j}", rows, 1_600_000_100 + w * 100 + j)
                rc, _, err = run(["ingest", "--store", store, f], timeout=300)
                if rc != 0:
                    with lock:
                        problems.append(f"writer {w} file {j}: rc={rc} {short(err)}")

        def reader(cmd):
            while not stop.is_set():
                rc, _, err = run(cmd + ["--store", store], timeout=300)
                with lock:
                    reads[0] += 1
                    if rc != 0:
                        problems.append(f"reader {cmd[0]}: rc={rc} {short(err)}")

        ws = [threading.Thread(target=writer, args=(w,)) for w in range(writers)]
        rs = [threading.Thread(target=reader, args=(cmd,)) for cmd in (["runs"], ["export", "--format", "csv"], ["series"])]
        for t in ws + rs:
            t.start()
        for t in ws:
            t.join()
        stop.set()
        for t in rs:
            t.join()
        c.cases += writers * files_each + reads[0]
        for p in problems:
            c.fail(p)
        counts = run_counts(store)
        if isinstance(counts, str):
            c.fail(counts)
        else:
            want = {f"w{w}_{j}" for w in range(writers) for j in range(files_each)} | {"seed"}
            if set(counts) != want or any(v != rows for v in counts.values()):
                c.fail(f"runs after the writers: {len(counts)} of {len(want)}, partial: "
                       f"{[k for k, v in counts.items() if v != rows][:5]}")
        c.variant += f"; {reads[0]} reads"


def resource_limits():
    with Check("limits", "nesting 100000 deep, a 50 MB number, a 10^6-column CSV header, 10^6 samples of 1e308") as c:
        refused(c, b"[" * 100000 + b"]" * 100000, "deep.json", full=False)
        refused(c, b'{"benchmark":"b","value":' + b"[" * 100000 + b"]" * 100000 + b"}\n", "deep.jsonl", line=1, full=False)
        refused(c, b'{"benchmark":"b","value":' + b"9" * (5_000_000 if QUICK else 50_000_000) + b"}\n", "num.jsonl", line=1,
                full=False, timeout=300)
        refused(c, b"benchmark,value," + b",".join(b"c%d" % i for i in range(200_000 if QUICK else 1_000_000)) + b"\nb,x\n",
                "wide.csv", line=2, full=False, timeout=300)
        refused(c, ('{"benchmark":"b","value":1,"samples":[' + ",".join(["1e308"] * 1000) + ",1e309]}\n").encode(),
                "s.jsonl", line=1, full=False)


# ---------------------------------------------------------------- main

def main():
    global BIN, WORK, QUICK, TEMPLATE
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="a short run (under a minute)")
    ap.add_argument("--bin", default=BIN)
    ap.add_argument("--work", default=str(WORK))
    ap.add_argument("--mutants", type=int, default=None)
    ap.add_argument("--only", default=None, help="comma-separated parts: d1,d2,d3,d4,names,d6,d9,d10,mutants,policy,kill,conc,limits")
    ap.add_argument("--report", default=None, help="also write the Markdown table here")
    a = ap.parse_args()
    BIN, WORK, QUICK = a.bin, Path(a.work), a.quick
    if not os.access(BIN, os.X_OK):
        sys.exit(f"hostile.py: {BIN} is not built (swift build -c release)")
    if WORK.exists():
        shutil.rmtree(WORK)
    WORK.mkdir(parents=True)
    TEMPLATE = Template()
    parts = {
        "d1": defect1, "d2": defect2, "d3": defect3, "d4": defect4, "names": names_through_outputs,
        "d6": defect6, "d9": defect9, "d10": defect10, "limits": resource_limits,
        "mutants": lambda: mutants(a.mutants if a.mutants is not None else (40 if QUICK else 3000)),
        "policy": lambda: policy_mutants(10 if QUICK else 400),
        "kill": lambda: sigkills(3 if QUICK else 50),
        "conc": lambda: concurrency(4 if QUICK else 8, 2 if QUICK else 5),
    }
    chosen = a.only.split(",") if a.only else list(parts)
    t0 = time.time()
    for name in chosen:
        t = time.time()
        parts[name]()
        print(f"  ({name}: {time.time() - t:.1f} s)", file=sys.stderr, flush=True)
    lines = ["| defect | variants tried | cases | result |", "|---|---|---|---|"]
    for defect, variant, cases, failures in RESULTS:
        res = "pass" if not failures else f"**FAIL** ({len(failures)}): " + "; ".join(f.replace("|", "\\|") for f in failures[:2])[:300]
        lines.append(f"| {defect} | {variant.replace('|', chr(92) + '|')} | {cases} | {res} |")
    table = "\n".join(lines)
    print(table)
    total = sum(r[2] for r in RESULTS)
    failed = sum(1 for r in RESULTS if r[3])
    summary = f"{len(RESULTS) - failed} passed, {failed} failed ({total} cases, {time.time() - t0:.0f} s, {'quick' if QUICK else 'full'})"
    print("\n" + summary)
    if a.report:
        Path(a.report).write_text(table + "\n\n" + summary + "\n")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
