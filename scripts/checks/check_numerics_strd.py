#!/usr/bin/env python3
"""make test cross-check: `sextant fit --strd` meets the issue-2 LRE thresholds on all 11 NIST StRD
linear-regression sets, scored in Python independently of the Swift tests (prints the README table)."""
import os, runpy, sys

here = os.path.dirname(os.path.abspath(__file__))
sys.argv = [os.path.join(here, "..", "strd_compare.py")]
mod = runpy.run_path(sys.argv[0])
sys.exit(mod["main"]())
