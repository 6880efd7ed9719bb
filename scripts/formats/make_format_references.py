#!/usr/bin/env python3
"""Writes Tests/Fixtures/formats/references.json: what each benchmark tool itself reports for the
real output files under Tests/Fixtures/formats and datasets/formats, for the importer tests.

asv and pyperf are read with the tools' own Python APIs (asv.results.Results, asv's benchmarks.json
loader semantics, pyperf.BenchmarkSuite), as `asv show` and `pyperf show` do. Go benchfmt, JMH,
BenchmarkDotNet, libtest and Catch2 files are parsed here independently of Sextant's Swift code
(benchstat, a Go module, cannot be installed here: the Go module proxy is unreachable), computing the
per-benchmark mean and median that benchstat's table would show from the raw lines.

Run with a venv holding asv and pyperf:  python scripts/formats/make_format_references.py
"""
import glob, itertools, json, os, re, statistics, sys
import xml.etree.ElementTree as ET

ROOT = os.path.join(os.path.dirname(__file__), "..", "..")
F = os.path.join(ROOT, "Tests", "Fixtures", "formats")
rel = lambda p: os.path.relpath(p, ROOT)
out = {}

def entry(name, metric, unit, direction, value, samples):
    return {"benchmark": name, "metric": metric, "unit": unit, "direction": direction,
            "value": float(value), "sampleCount": samples}

# asv: through asv's own result loader.
import asv.results
def asv_dir(results_dir):
    rows = []
    benchmarks = json.load(open(os.path.join(results_dir, "benchmarks.json")))
    for machine in sorted(os.listdir(results_dir)):
        mdir = os.path.join(results_dir, machine)
        if not os.path.isfile(os.path.join(mdir, "machine.json")):
            continue
        for f in sorted(glob.glob(os.path.join(mdir, "*.json"))):
            if os.path.basename(f) == "machine.json":
                continue
            r = asv.results.Results.load(f, machine)
            failed = 0
            for key in r.get_all_result_keys():
                # a result whose benchmark left the suite (not in benchmarks.json) is typed by its
                # name's prefix, the convention asv itself uses to discover benchmarks
                last = key.split(".")[-1]
                guess = ("peakmemory" if last.startswith("peakmem_") else "memory" if last.startswith("mem_")
                         else "track" if last.startswith("track_") else "time")
                b = benchmarks.get(key, {"type": guess, "unit": {"time": "seconds", "track": ""}.get(guess, "bytes")})
                btype = b.get("type", "time")
                metric = {"time": "time", "memory": "memory", "peakmemory": "peak_memory", "track": "track"}[btype]
                unit = {"seconds": "s", "bytes": "B"}.get(b.get("unit"), b.get("unit"))
                params = r.get_result_params(key)
                values = r.get_result_value(key, params)
                samples = r.get_result_samples(key, params)
                combos = list(itertools.product(*params)) if params else [()]
                if values is None:
                    failed += 1
                    continue
                for k, combo in enumerate(combos):
                    if values[k] is None:
                        failed += 1
                        continue
                    name = key
                    if combo:
                        names = b.get("param_names", [])
                        name += "(" + ", ".join(f"{n}={v}" for n, v in zip(names, combo)) + ")"
                    s = samples[k] if samples else None
                    rows.append(dict(entry(name, metric, unit, "lower", values[k], len(s) if s else 0),
                                     commit=r.commit_hash, file=os.path.basename(f)))
            rows.append({"file": os.path.basename(f), "failed": failed})
    return rows
out["asv"] = asv_dir(os.path.join(F, "asv", "results"))
out["asv-django"] = asv_dir(os.path.join(ROOT, "datasets", "formats", "asv-django"))

# pyperf: through pyperf's own suite loader (what `pyperf show` prints: mean of all values).
import pyperf
suite = pyperf.BenchmarkSuite.load(os.path.join(F, "pyperf", "pyperf-suite.json"))
out["pyperf"] = [entry(b.get_name(), "time", "s", "lower", b.mean(), b.get_nvalue()) for b in suite.get_benchmarks()]

# Go benchfmt: parsed here; value = mean of the -count lines, plus the median benchstat shows.
rows, data = {}, open(os.path.join(F, "go", "go-bench-count5-benchmem.txt")).read().splitlines()
for line in data:
    m = re.match(r"^Benchmark(\S+?)-(\d+)\s+(\d+)\s+(.*)$", line)
    if not m:
        continue
    f = m.group(4).split()
    for v, u in zip(f[0::2], f[1::2]):
        rows.setdefault((m.group(1), u), []).append(float(v))
go_units = {"ns/op": ("time", 1e-9, "s", "lower"), "B/op": ("alloc_bytes", 1, "B", "lower"),
            "allocs/op": ("allocs", 1, "count", "lower"), "MB/s": ("bytes_per_second", 1e6, "B/s", "higher")}
out["go"] = []
for (name, u), vs in rows.items():
    metric, factor, unit, direction = go_units.get(u, (u, 1, u, "lower"))
    e = entry(name, metric, unit, direction, statistics.fmean(vs) * factor, len(vs))
    e["median"] = statistics.median(vs) * factor
    out["go"].append(e)

# JMH: the tool's own score per result; samples = rawData iterations or histogram counts.
jmh_mode = {"thrpt": ("throughput", "higher"), "avgt": ("time", "lower"), "sample": ("sample_time", "lower"), "ss": ("single_shot_time", "lower")}
def jmh_factor(u):
    a, b = u.split("/")
    t = {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1, "min": 60}
    return (1 / t[b], "1/s") if b in t else (t[a], "s")
for fname in ["hollow-jmh-result.json", "jcasbin-jmh-result.json"]:
    rows = []
    for e in json.load(open(os.path.join(F, "jmh", fname))):
        pm = e["primaryMetric"]
        name = e["benchmark"] + ("(" + ", ".join(f"{k}={v}" for k, v in e["params"].items()) + ")" if e.get("params") else "")
        metric, direction = jmh_mode[e["mode"]]
        factor, unit = jmh_factor(pm["scoreUnit"])
        n = sum(len(f) for f in pm["rawData"]) if "rawData" in pm else sum(c for f in pm["rawDataHistogram"] for it in f for _, c in it)
        rows.append(entry(name, metric, unit, direction, pm["score"] * factor, n))
    out["jmh/" + fname] = rows

# BenchmarkDotNet: Statistics.Mean (ns) and N; allocated bytes per operation.
for fname in sorted(os.listdir(os.path.join(F, "benchmarkdotnet"))):
    d = json.load(open(os.path.join(F, "benchmarkdotnet", fname)))
    rows = []
    for b in d["Benchmarks"]:
        if b["Statistics"] is None:
            rows.append({"benchmark": b["FullName"], "failed": True})
            continue
        rows.append(entry(b["FullName"], "time", "s", "lower", b["Statistics"]["Mean"] * 1e-9, b["Statistics"]["N"]))
        if (b.get("Memory") or {}).get("BytesAllocatedPerOperation") is not None:
            rows.append(entry(b["FullName"], "alloc_bytes", "B", "lower", b["Memory"]["BytesAllocatedPerOperation"], 0))
    out["benchmarkdotnet/" + fname] = rows

# libtest text and Catch2 XML: the numbers as the tools print them.
out["rust-libtest"] = [entry(m.group(1), "time", "s", "lower", float(m.group(2).replace(",", "")) * 1e-9, 0)
                       for m in re.finditer(r"^test (\S+)\s+\.\.\. bench:\s+([\d,.]+) ns/iter", open(os.path.join(F, "rust", "libtest-bench.txt")).read(), re.M)]
rows = []
for tc in ET.parse(os.path.join(F, "catch2", "catch2-bench.xml")).getroot().iter("TestCase"):
    for br in tc.iter("BenchmarkResults"):
        name = tc.get("name") + "/" + br.get("name")
        e = entry(name, "time", "s", "lower", float(br.find("mean").get("value")) * 1e-9, 0)
        e["iterations"] = int(br.get("iterations"))
        rows.append(e)
        rows.append(entry(name, "time_stddev", "s", "lower", float(br.find("standardDeviation").get("value")) * 1e-9, 0))
out["catch2"] = rows

# cargo-criterion: criterion's own typical estimate; samples = measured_values / iteration_count.
# Integrity of the copied lines: the slope through the origin, mean and median recomputed from the raw
# values equal criterion's reported slope/mean/median estimates (asserted here).
rows = []
for line in open(os.path.join(F, "cargo-criterion", "fuel-core-cargo-criterion.jsonl")):
    d = json.loads(line)
    if d["reason"] != "benchmark-complete":
        continue
    x, y = d["iteration_count"], d["measured_values"]
    per = [b / a for a, b in zip(x, y)]
    assert abs(sum(a * b for a, b in zip(x, y)) / sum(a * a for a in x) - (d["slope"] or d["mean"])["estimate"]) < 1e-9 * d["typical"]["estimate"]
    assert abs(statistics.median(per) - d["median"]["estimate"]) < 1e-9 * d["typical"]["estimate"]
    rows.append(entry(d["id"], "time", "s", "lower", d["typical"]["estimate"] * 1e-9, len(per)))
out["cargo-criterion"] = rows

json.dump(out, open(os.path.join(F, "references.json"), "w"), indent=1)
print("wrote", rel(os.path.join(F, "references.json")), {k: len(v) for k, v in out.items()})
