"""Helpers shared by the cross-checks in this folder (not a check itself: only check_*.py are run)."""
import os
import subprocess

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SEXTANT = os.path.join(ROOT, ".build", "debug", "sextant")
failures = []


def check(cond, message):
    """Records and prints a failed expectation; the check exits 1 at the end if any failed."""
    if not cond:
        failures.append(message)
        print("FAIL:", message)


def sextant(*args):
    """Runs the debug `sextant` binary; a non-zero exit ends the check with its stderr."""
    r = subprocess.run([SEXTANT, *args], capture_output=True, text=True)
    if r.returncode != 0:
        raise SystemExit(f"sextant {' '.join(args)} failed ({r.returncode}): {r.stderr}")
    return r.stdout
