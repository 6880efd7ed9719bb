# Sextant: `make run` and `make test` each set up a fresh Debian machine themselves.
SHELL := /bin/bash
SWIFT ?= swift
APT_PACKAGES := liblapacke-dev liblapack-dev libopenblas-dev libsqlite3-dev pkg-config
# optics-bench --counter instructions where the kernel has no hardware counter (Callgrind pass; strip for DWARF 5), issue 14
APT_PACKAGES += valgrind binutils
# The dashboard's browser test (issue 18): Debian's chromium driven by Selenium through chromium-driver.
APT_PACKAGES += chromium chromium-driver
# The PostgreSQL store (issue 20): libpq for the client, the server for its tests (scripts/with_postgres.sh).
APT_PACKAGES += postgresql libpq-dev
VENV := .venv
PY := $(VENV)/bin/python
# OpenBLAS spins threads on tiny calls; one thread is faster for our problem sizes and keeps timings honest.
export OPENBLAS_NUM_THREADS ?= 1

.PHONY: setup venv build build-release run test test-swift test-python bench clean

## Install the missing Debian packages (only those missing; needs root or sudo).
setup:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi

## A Python venv for the cross-checks (scipy, pandas, junitparser...).
venv: $(VENV)/.stamp
$(VENV)/.stamp: scripts/requirements.txt
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check -r scripts/requirements.txt
	touch $@

build: setup
	$(SWIFT) build

build-release: setup
	$(SWIFT) build -c release

## The main job on the bundled data.
run: build-release
	bash scripts/run_main.sh

## The whole test suite: Swift tests, then the Python cross-checks.
test: setup venv
	$(SWIFT) build --build-tests
	bash scripts/with_postgres.sh $(SWIFT) test --skip-build
	bash scripts/check_python.sh
	bash scripts/fuzz.sh smoke

## Benchmarks side by side with the peers; figures go into BENCHMARKS.md.
bench: setup venv build-release
	$(PY) -m pip install -q --disable-pip-version-check -r scripts/requirements-bench.txt
	@command -v sqlite3 >/dev/null && [ -x /usr/bin/time ] || $(MAKE) setup APT_PACKAGES="sqlite3 time"
	# issue 16's peer: changepoint-cython ships no wheel and its build needs Cython and numpy already installed.
	$(PY) -m pip install -q --disable-pip-version-check --no-build-isolation changepoint-cython
	bash scripts/bench_all.sh

## Notebooks (issue 18): run notebooks-export/ headlessly (nbclient) on the bundled optics history;
## executed notebooks and their PNGs go to .build/notebooks/. `make test` runs them too (check_notebooks.py).
.PHONY: notebooks
notebooks: setup venv
	$(SWIFT) build --product sextant
	bash scripts/notebooks.sh .build/notebooks

## Fuzzing (issue 12, docs/reliability.md): each libFuzzer target in Fuzz/ for FUZZ_RUNS executions
## (default 10 million; or FUZZ_TIME seconds), one at a time under nice -n 19, release build in
## .build-fuzz. `make test` runs each for a short fixed count on its committed corpus (Fuzz/corpus/).
## The toolset (Fuzz/toolset.json) needs no Debian package: lld and the sanitizer runtimes ship with Swift.
.PHONY: fuzz
fuzz: setup
	bash scripts/fuzz.sh long

clean:
	rm -rf .build $(VENV)
