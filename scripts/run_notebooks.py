"""Executes notebooks headlessly with nbclient: `run_notebooks.py DATA OUT NOTEBOOK...`.

Each notebook reads Sextant's outputs from DATA (environment SEXTANT_NOTEBOOK_DATA) and saves its figures
to OUT (SEXTANT_NOTEBOOK_OUT); the executed notebook is written to OUT under its own name. A cell that
raises fails the run (nbclient's CellExecutionError), as does a notebook that produced no PNG output.
"""
import os
import sys
import time

import nbformat
from nbclient import NotebookClient


def run(path, data, out):
    nb = nbformat.read(path, as_version=4)
    os.environ["SEXTANT_NOTEBOOK_DATA"] = os.path.abspath(data)
    os.environ["SEXTANT_NOTEBOOK_OUT"] = os.path.abspath(out)
    os.environ.pop("MPLBACKEND", None)  # the kernel's inline backend: figures become PNG outputs
    client = NotebookClient(nb, timeout=120, kernel_name="python3",
                            resources={"metadata": {"path": os.path.abspath(out)}})
    client.execute()
    target = os.path.join(out, os.path.basename(path))
    nbformat.write(nb, target)
    images = sum(1 for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])
                 if "image/png" in o.get("data", {}))
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []) if o.get("output_type") == "error"]
    return target, images, errors


def main():
    if len(sys.argv) < 4:
        raise SystemExit("usage: run_notebooks.py DATA OUT NOTEBOOK...")
    data, out, notebooks = sys.argv[1], sys.argv[2], sys.argv[3:]
    os.makedirs(out, exist_ok=True)
    bad = 0
    for path in notebooks:
        t0 = time.time()
        target, images, errors = run(path, data, out)
        ok = images > 0 and not errors
        bad += not ok
        print(f"{'ok' if ok else 'FAILED'}: {path} -> {target} ({images} figure(s), {time.time() - t0:.1f} s)")
    pngs = sorted(f for f in os.listdir(out) if f.endswith(".png"))
    print(f"notebooks: {len(notebooks) - bad} passed, {bad} failed; PNGs in {out}: {', '.join(pngs)}")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
