# Portunus — the two commands are `make run` and `make test`.
SWIFT ?= swift
DATA_DIR ?= $(or $(PORTUNUS_DATA_DIR),./portunus-data)

# OpenBLAS's kernels for this CPU (see scripts/blas-coretype): the sentence encoder and the
# biometric search run several times slower on its generic fallback.
ifeq ($(origin OPENBLAS_CORETYPE),undefined)
  BLAS_CORETYPE := $(shell scripts/blas-coretype)
  ifneq ($(BLAS_CORETYPE),)
    export OPENBLAS_CORETYPE := $(BLAS_CORETYPE)
  endif
endif

.PHONY: run test build bench fuzz bootstrap clean lint format

# The Swift sources swift-format checks (.swift-format: 4 spaces, lines up to 150).
FORMAT_PATHS := Package.swift Sources Tests fuzz Benchmarks/Package.swift Benchmarks/Benchmarks Benchmarks/Tools

# Set up what is missing, build in release mode (incremental after the first time), install the
# airport time-zone table, fill an empty data directory with demo data, and start the main job.
run: bootstrap
	$(SWIFT) build -c release --product portunus
	@if [ ! -f "$(DATA_DIR)/reference/airports.csv" ]; then \
	  ./.build/release/portunus travel airports "$$(.venv/bin/python -c 'import airportsdata, os; print(os.path.join(os.path.dirname(airportsdata.__file__), "airports.csv"))')" --data-dir "$(DATA_DIR)"; \
	fi
	./.build/release/portunus run --data-dir "$(DATA_DIR)"

# Set up what is missing, check the formatting (a warning fails), then run every test (debug build), then every libFuzzer target for a
# few seconds (FUZZ_SECONDS, default 5; a finding fails the run under PORTUNUS_STRICT=1).
test: bootstrap lint
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build
	scripts/fuzz --smoke

build:
	$(SWIFT) build -c release --product portunus

# Release-mode benchmarks (never part of CI): the Benchmarks/ package and the peer scripts.
bench:
	PORTUNUS_BENCH=1 scripts/bootstrap
	$(SWIFT) build -c release --product portunus
	cd Benchmarks && $(SWIFT) package --disable-sandbox benchmark
	.venv/bin/python Benchmarks/peers/mrz_checker.py "$${PORTUNUS_BENCH_DIR:-/tmp/portunus-mrz-bench}/mrz.txt"
	.venv/bin/python Benchmarks/peers/shapely_contains.py --bench "$${PORTUNUS_BENCH_DIR:-/tmp/portunus-bench}/geo/star.geojson" "$${PORTUNUS_BENCH_DIR:-/tmp/portunus-bench}/geo/star-points.csv"
	.venv/bin/python Benchmarks/peers/shapely_contains.py --bench "$${PORTUNUS_BENCH_DIR:-/tmp/portunus-bench}/geo/zones.geojson" "$${PORTUNUS_BENCH_DIR:-/tmp/portunus-bench}/geo/zone-points.csv"
	Benchmarks/peers/run
	Benchmarks/http/run
	Benchmarks/tracking/run
	Benchmarks/tariff/run
	Benchmarks/clearance/run

# A long libFuzzer run of every parser reachable from outside (FUZZ_SECONDS a target, default
# 600; FUZZ_TARGETS="capture mrz" for some; see scripts/fuzz).
fuzz: bootstrap
	scripts/fuzz $(FUZZ_TARGETS)

bootstrap:
	@scripts/bootstrap

# Formatting: `make lint` fails on any difference from .swift-format; `make format` rewrites in place.
lint:
	$(SWIFT) format lint --strict --recursive --parallel $(FORMAT_PATHS)

format:
	$(SWIFT) format format --in-place --recursive --parallel $(FORMAT_PATHS)

clean:
	rm -rf .build Benchmarks/.build .build-fuzz
