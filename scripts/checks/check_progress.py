"""Progress bars: `ingest` of many files, `analyze`, `dashboard` and `evaluate-changepoints` draw a bar with
counts and an ETA on stderr when it is a terminal (run here under a pseudo-terminal), nothing when stderr is
a pipe or with --quiet; the commands' standard output is the same either way. Exits non-zero on failure."""
import os
import pty
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from support import ROOT, SEXTANT, check, failures  # noqa: E402

OPTICS = os.path.join(ROOT, "datasets", "optics")
BAR = re.compile(r"(\w[\w-]*) \[[#.]{24}\] (\d+)/(\d+) (\d+)% ETA (\d+:\d\d|--:--)")


def run_tty(args):
    """Runs with stderr on a pseudo-terminal; returns (exit code, stdout, what the terminal received)."""
    master, slave = pty.openpty()
    p = subprocess.Popen([SEXTANT, *args], stdout=subprocess.PIPE, stderr=slave, stdin=subprocess.DEVNULL)
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:  # EIO once the child closed its end
            break
        if not data:
            break
        chunks.append(data)
    out = p.stdout.read()
    p.wait()
    os.close(master)
    return p.returncode, out.decode(), b"".join(chunks).decode(errors="replace")


def run_pipe(args):
    r = subprocess.run([SEXTANT, *args], capture_output=True, text=True)
    return r.returncode, r.stdout, r.stderr


def bars(text, label):
    return [m for m in BAR.finditer(text) if m.group(1) == label]


def main():
    if not os.path.exists(SEXTANT):
        raise SystemExit(f"{SEXTANT} is missing: run `swift build` first")
    files = [os.path.join(OPTICS, f"run-{k:04d}.json") for k in range(201, 231)]
    with tempfile.TemporaryDirectory() as tmp:
        cases = [
            ("ingest", lambda store: ["ingest", *files, "--store", store], 60),
            ("analyze", lambda store: ["analyze", "--store", store, "--format", "csv"], 40),
            ("dashboard", lambda store: ["dashboard", "--store", store, "--output", os.path.join(tmp, "d.html")], None),
        ]
        for k, (label, args, total) in enumerate(cases):
            store = os.path.join(tmp, "tty.sqlite")
            code, out, term = run_tty(args(store))
            check(code == 0, f"{label} under a terminal exited {code}: {term[-300:]}")
            found = bars(term, label)
            check(found, f"{label}: no progress bar on the terminal: {term[-300:]!r}")
            if found:
                last = found[-1]
                check(last.group(2) == last.group(3) and last.group(4) == "100", f"{label}: last bar {last.group(0)!r}")
                if total is not None:
                    check(int(last.group(3)) == total, f"{label}: bar counts to {last.group(3)}, expected {total}")
                check("\r\x1b[K" in term, f"{label}: the bar is not erased at the end")
            # --quiet on a terminal, and a pipe: no bar; the same standard output.
            quiet_store = os.path.join(tmp, "quiet.sqlite")
            pipe_store = os.path.join(tmp, "pipe.sqlite")
            qcode, qout, qterm = run_tty(args(quiet_store) + ["--quiet"])
            check(qcode == 0 and not bars(qterm, label) and "\x1b[K" not in qterm, f"{label} --quiet drew on the terminal: {qterm[-200:]!r}")
            pcode, pout, perr = run_pipe(args(pipe_store))
            check(pcode == 0 and not bars(perr, label) and "\r" not in perr, f"{label} with stderr a pipe drew a bar: {perr[-200:]!r}")
            normalise = (lambda s: s.replace(quiet_store, "S").replace(pipe_store, "S").replace(store, "S"))
            check(normalise(out) == normalise(qout) == normalise(pout), f"{label}: standard output depends on the terminal")
        # The evaluation command over the bundled TCPD series.
        tcpd = os.path.join(ROOT, "datasets", "tcpd")
        code, out, term = run_tty(["evaluate-changepoints", os.path.join(tcpd, "series"), os.path.join(tcpd, "annotations.json")])
        check(code == 0 and bars(term, "evaluate"), f"evaluate-changepoints: no bar ({code}): {term[-300:]!r}")
        pcode, pout, perr = run_pipe(["evaluate-changepoints", os.path.join(tcpd, "series"), os.path.join(tcpd, "annotations.json")])
        check(pcode == 0 and not bars(perr, "evaluate") and pout == out, "evaluate-changepoints: bar on a pipe or output differs")
    print("progress bars: ingest, analyze, dashboard, evaluate-changepoints on a terminal; none on a pipe or with --quiet")
    if failures:
        sys.exit(1)


if __name__ == "__main__":
    main()
