"""Validates real outputs of sextant against the JSON Schemas (2020-12) in docs/formats/ with PyPI
jsonschema: gate, analyze, changepoints (store and --input), forecast (store and --input), every
line of export --format jsonl, the history-branch run files and triage files of sync push, and the
generic body of notify --format json (issue 19: bisect windows, triage statuses, notifications). Every output must
carry the schemaVersion its schema names. The outputs come from the bundled django-asv history
(datasets/formats/asv-django) and a short --input series."""
import glob, json, os, shutil, subprocess, sys, tempfile

from jsonschema import Draft202012Validator

sys.path.insert(0, os.path.dirname(__file__))
from support import ROOT, check, failures, sextant

SCHEMAS = os.path.join(ROOT, "docs", "formats")


def validator(name):
    schema = json.load(open(os.path.join(SCHEMAS, f"{name}.schema.json")))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def validate(name, doc, what):
    errors = sorted(validator(name).iter_errors(doc), key=lambda e: list(e.path))
    for e in errors[:5]:
        check(False, f"{what} against {name}.schema.json: {'/'.join(map(str, e.path))}: {e.message[:200]}")
    return not errors


tmp = tempfile.mkdtemp()
try:
    store = os.path.join(tmp, "h.sqlite")
    sextant("ingest", "--store", store, os.path.join(ROOT, "datasets", "formats", "asv-django"))
    series = os.path.join(tmp, "s.txt")
    open(series, "w").write("1\n1\n1\n1\n5\n5\n5\n5\n1\n1\n1\n")

    doc = json.loads(sextant("analyze", "--store", store, "--format", "json"))
    check(doc.get("schemaVersion") == 1 and len(doc["series"]) == 40, "analyze: schemaVersion 1 and 40 series")
    validate("analyze", doc, "analyze")
    # the schemas can fail: a missing schemaVersion, an unknown trend and a string level are refused
    for mutate in (lambda d: d.pop("schemaVersion"), lambda d: d["series"][0].update(trend="sideways"),
                   lambda d: d["series"][0].update(level="fast")):
        broken = json.loads(json.dumps(doc))
        mutate(broken)
        check(not validator("analyze").is_valid(broken), "analyze schema accepted a broken document")

    cand = os.path.join(ROOT, "datasets", "formats", "asv-django", "macos-12", "fde6fb28-virtualenv-py3.10.json")
    r = subprocess.run([os.path.join(ROOT, ".build", "debug", "sextant"), "gate", "--store", store, "--format", "json", cand],
                       capture_output=True, text=True)
    check(r.returncode in (0, 1, 3), f"gate exit {r.returncode}: {r.stderr}")
    doc = json.loads(r.stdout)
    check(doc.get("schemaVersion") == 1 and doc["report"]["results"], "gate: schemaVersion 1 and results")
    validate("gate", doc, "gate")

    for args, what in [(["--store", store, "--benchmark", "form_*"], "changepoints (store)"), (["--input", series], "changepoints (--input)")]:
        doc = json.loads(sextant("changepoints", *args, "--format", "json"))
        check(doc.get("schemaVersion") == 1 and doc["changePoints"], f"{what}: schemaVersion 1 and change points")
        validate("changepoints", doc, what)

    for args, what in [(["--store", store, "--benchmark", "form_*"], "forecast (store)"), (["--input", series], "forecast (--input)")]:
        doc = json.loads(sextant("forecast", *args, "--format", "json"))
        items = doc if isinstance(doc, list) else [doc]
        check(items and all(x.get("schemaVersion") == 1 for x in items), f"{what}: schemaVersion 1 in every object")
        validate("forecast", doc, what)

    lines = sextant("export", "--store", store, "--format", "jsonl").splitlines()
    check(len(lines) == 1240, f"export jsonl: {len(lines)} lines, 1240 expected")
    v = validator("export-jsonl")
    bad = [(k, e) for k, l in enumerate(lines, 1) for e in v.iter_errors(json.loads(l))]
    for k, e in bad[:5]:
        check(False, f"export line {k}: {'/'.join(map(str, e.path))}: {e.message[:200]}")

    # a triage record, so that analyze, the gate and the history branch carry one
    sextant("triage", "expected", "--benchmark", "form_*", "--commit", "0123456789abcdef0123456789abcdef01234567",
            "--reason", "schema check", "--by", "check", "--store", store)
    doc = json.loads(sextant("analyze", "--store", store, "--format", "json"))
    changes = [c for s in doc["series"] for c in s.get("changes", [])]
    check(changes and all("window" in c for c in changes if c["index"] > 0), "analyze: changes with bisect windows")
    validate("analyze", doc, "analyze (with triage)")
    broken = json.loads(json.dumps(doc))
    next(s for s in broken["series"] if s.get("changes"))["changes"][0]["usedAsLevelShift"] = "yes"
    check(not validator("analyze").is_valid(broken), "analyze schema accepted a string usedAsLevelShift")

    # notify --format json to the loopback webhook sink: a gate report with one regression
    hist = os.path.join(tmp, "hist.csv")
    with open(hist, "w") as f:
        f.write("run,commit,timestamp,benchmark,metric,unit,value\n")
        for k in range(21):
            f.write(f"r{k},{k:040x},2026-11-01T00:{k:02d}:00Z,parse.json,time,s,{(1.3 if k == 20 else 1.0) * (1 + 0.01 * ((k * 7) % 5 - 2) / 2)}\n")
    lines = open(hist).read().splitlines()
    open(hist, "w").write("\n".join(lines[:-1]) + "\n")
    cand = os.path.join(tmp, "cand.csv")
    open(cand, "w").write(lines[0] + "\n" + lines[-1] + "\n")
    store2 = os.path.join(tmp, "n.sqlite")
    sextant("ingest", "--store", store2, hist)
    report = os.path.join(tmp, "gate.json")
    r = subprocess.run([os.path.join(ROOT, ".build", "debug", "sextant"), "gate", "--store", store2, cand, "--format", "json", "--output", report],
                       capture_output=True, text=True)
    check(r.returncode == 1, f"notify fixture: gate exit {r.returncode}: {r.stderr}")
    validate("gate", json.load(open(report)), "gate (a regression with its bisect window)")
    portfile = os.path.join(tmp, "port")
    fake = subprocess.Popen([sys.executable, os.path.join(ROOT, "scripts", "fake_github_api.py"), "--token", "t", "--port-file", portfile,
                             "--lifetime", "60"], stdout=subprocess.DEVNULL)
    try:
        import time, urllib.request
        for _ in range(200):
            if os.path.exists(portfile) and open(portfile).read().strip():
                break
            time.sleep(0.025)
        base = f"http://127.0.0.1:{open(portfile).read().strip()}"
        r = subprocess.run([os.path.join(ROOT, ".build", "debug", "sextant"), "notify", report, "--format", "json",
                            "--webhook", base + "/hooks/schema-check-secret"], capture_output=True, text=True,
                           env=dict(os.environ, GITHUB_SERVER_URL="https://github.example", GITHUB_REPOSITORY="o/r", GITHUB_RUN_ID="7"))
        check(r.returncode == 0, f"notify: {r.stderr}")
        hooks = json.loads(urllib.request.urlopen(base + "/_sextant/state").read())["hooks"]
        check(len(hooks) == 1, f"notify: {len(hooks)} webhook bodies, 1 expected")
        body = hooks[0]["body"] if hooks else {}
        check(body.get("schemaVersion") == 1 and len(body.get("alerts", [])) == 1, "notify: schemaVersion 1 and one alert")
        validate("notification", body, "notify --format json")
        broken = json.loads(json.dumps(body))
        broken["alerts"][0]["kind"] = "slowdown"
        check(not validator("notification").is_valid(broken), "notification schema accepted an unknown alert kind")
    finally:
        fake.terminate()
        fake.wait()

    # sync push into a local bare repository, then validate every line of every run file
    if shutil.which("git"):
        remote = os.path.join(tmp, "remote.git")
        subprocess.run(["git", "init", "-q", "--bare", remote], check=True)
        env = dict(os.environ, GIT_AUTHOR_NAME="s", GIT_AUTHOR_EMAIL="s@s.invalid", GIT_COMMITTER_NAME="s", GIT_COMMITTER_EMAIL="s@s.invalid")
        r = subprocess.run([os.path.join(ROOT, ".build", "debug", "sextant"), "sync", "push", "--remote", remote, "--store", store],
                           capture_output=True, text=True, cwd=tmp, env=env)
        check(r.returncode == 0, f"sync push: {r.stderr}")
        clone = os.path.join(tmp, "clone")
        subprocess.run(["git", "clone", "-q", "--branch", "sextant-history", remote, clone], check=True, capture_output=True)
        files = [f for f in glob.glob(os.path.join(clone, "**", "*.jsonl"), recursive=True)]
        check(len(files) == 31, f"sync: {len(files)} run files, 31 expected")
        v = validator("sync-run")
        n = 0
        for f in files:
            for k, l in enumerate(open(f), 1):
                n += 1
                for e in v.iter_errors(json.loads(l)):
                    check(False, f"{os.path.relpath(f, clone)}:{k}: {e.message[:200]}")
        check(n == 31 + 1240, f"sync: {n} lines, {31 + 1240} expected")
        triage = glob.glob(os.path.join(clone, "triage", "*.json"))
        check(len(triage) == 1, f"sync: {len(triage)} triage files, 1 expected")
        for f in triage:
            for e in validator("triage").iter_errors(json.loads(open(f).read())):
                check(False, f"{os.path.relpath(f, clone)}: {e.message[:200]}")
    else:
        check(False, "git not found: the sync run files cannot be made")
finally:
    shutil.rmtree(tmp, ignore_errors=True)

if failures:
    sys.exit(1)
print("output schemas: gate, analyze, changepoints, forecast, export jsonl, sync run and triage files, notification valid")
