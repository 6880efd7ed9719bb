"""CI (issue 15): actionlint (with shellcheck) on the workflows and, through their `uses: ./`, on
action.yml; shellcheck on the CI scripts; then scripts/ci_rehearsal.sh, which runs the workflow's
steps against a bare git remote and a loopback GitHub API (transcript: out/ci-rehearsal/transcript.txt).
Exits non-zero on any finding or failed rehearsal check."""
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BIN = os.path.dirname(sys.executable)  # the venv's bin: actionlint, shellcheck
env = dict(os.environ, PATH=BIN + os.pathsep + os.environ.get("PATH", ""))

failed = False
lint = subprocess.run([os.path.join(BIN, "actionlint")], cwd=ROOT, env=env, capture_output=True, text=True)
if lint.returncode != 0:
    print(lint.stdout + lint.stderr)
    print("FAILED: actionlint")
    failed = True
else:
    print("actionlint: clean (.github/workflows/*.yml, action.yml)")
scripts = ["scripts/ci_job.sh", "scripts/ci_rehearsal.sh", "scripts/run_performance_tests.sh", "scripts/run_main.sh"]
sc = subprocess.run([os.path.join(BIN, "shellcheck")] + scripts, cwd=ROOT, env=env, capture_output=True, text=True)
if sc.returncode != 0:
    print(sc.stdout + sc.stderr)
    print("FAILED: shellcheck")
    failed = True
else:
    print("shellcheck: clean (" + ", ".join(scripts) + ")")

rehearsal = subprocess.run(["bash", "scripts/ci_rehearsal.sh"], cwd=ROOT, env=env, capture_output=True, text=True)
tail = rehearsal.stdout.strip().splitlines()
summary = [l for l in tail if l.startswith("  FAILED") or l.startswith("ci rehearsal:")]
print("\n".join(summary) if summary else rehearsal.stdout[-2000:] + rehearsal.stderr[-2000:])
if rehearsal.returncode != 0:
    print(rehearsal.stderr[-2000:])
    print("FAILED: ci rehearsal (transcript: out/ci-rehearsal/transcript.txt)")
    failed = True
sys.exit(1 if failed else 0)
