#!/usr/bin/env python3
"""PELT's change-in-mean kernel (Sources/_ChangePointKernels/pelt_mean.c) is exactly optimal: builds
scripts/checks/pelt_exact_harness.c with the kernel, optimised, and compares F(t) with the plain O(n^2)
optimal-partitioning recursion at every t on 2000 random signals of 200-1600 points (both the AVX2 and
the portable code paths, MBIC/BIC/manual penalties, minimum segment 1-4). Exits 1 on any mismatch.

Why here and not only in `swift test`: the debug-built Swift property tests can afford a few hundred
short signals; a pruning error that shows on a few percent of long MBIC signals (a sign error planted
in the exclusion refresh passed them) is caught here within the first 40 signals."""
import os
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def compiler():
    swift = shutil.which("swift")
    if swift:
        clang = os.path.join(os.path.dirname(os.path.realpath(swift)), "clang")
        if os.path.exists(clang):
            return clang
    return shutil.which("clang") or shutil.which("cc")


def main():
    cc = compiler()
    if cc is None:
        print("check_changepoint_pelt_exact: no C compiler (clang from the Swift toolchain, or cc)")
        return 1
    kernels = os.path.join(ROOT, "Sources", "_ChangePointKernels")
    with tempfile.TemporaryDirectory() as tmp:
        exe = os.path.join(tmp, "pelt_exact_harness")
        subprocess.run([cc, "-O2", "-I", os.path.join(kernels, "include"),
                        os.path.join(ROOT, "scripts", "checks", "pelt_exact_harness.c"),
                        os.path.join(kernels, "pelt_mean.c"), "-lm", "-o", exe], check=True)
        run = subprocess.run([exe, "2000"], capture_output=True, text=True)
    print(run.stdout.strip())
    if run.returncode != 0:
        print("check_changepoint_pelt_exact: FAILED", run.stderr.strip())
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
