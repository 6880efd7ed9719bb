"""Executes the notebooks of notebooks-export/ headlessly (scripts/notebooks.sh: Sextant's outputs on the
bundled optics history, then nbclient), as `make notebooks` does; checks that each executed notebook has
a PNG figure and no error output, and that each figure file was written. Exits non-zero on any failure."""
import glob
import os
import subprocess
import sys

import nbformat

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from support import ROOT, check, failures  # noqa: E402

OUT = os.path.join(ROOT, ".build", "notebooks")


def main():
    r = subprocess.run(["bash", os.path.join(ROOT, "scripts", "notebooks.sh"), OUT], capture_output=True, text=True, cwd=ROOT)
    print(r.stdout.strip().splitlines()[-1] if r.stdout.strip() else "(no output)")
    check(r.returncode == 0, f"scripts/notebooks.sh failed ({r.returncode}): {r.stdout[-2000:]} {r.stderr[-2000:]}")
    sources = sorted(glob.glob(os.path.join(ROOT, "notebooks-export", "*.ipynb")))
    check(len(sources) >= 4, f"only {len(sources)} notebooks")
    for src in sources:
        done = os.path.join(OUT, os.path.basename(src))
        if not os.path.exists(done):
            check(False, f"{done} not written")
            continue
        nb = nbformat.read(done, as_version=4)
        outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]
        check(all(c.get("execution_count") for c in nb.cells if c.cell_type == "code"), f"{done}: a cell was not executed")
        check(not [o for o in outputs if o.get("output_type") == "error"], f"{done}: error output")
        check(any("image/png" in o.get("data", {}) for o in outputs), f"{done}: no figure")
        png = os.path.join(OUT, os.path.basename(src).replace(".ipynb", ".png"))
        check(os.path.exists(png) and os.path.getsize(png) > 10_000, f"{png} missing or tiny")
    if failures:
        sys.exit(1)


if __name__ == "__main__":
    main()
