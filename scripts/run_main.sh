#!/usr/bin/env bash
# The main job on bundled data (grows with the issues): for now a StRD fit.
set -euo pipefail
cd "$(dirname "$0")/.."
.build/release/sextant --help
.build/release/sextant fit --strd datasets/strd/Longley.dat
