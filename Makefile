# Floe: the two commands of the README, and a few more.
#   make run    build Floe and run a workflow on a sample clip (or FILE=..., TEMPLATE=...)
#   make test   run every test: the Swift suites (the S3 ones against moto from .build-sdk-venv, the PostgreSQL
#               ones against a throwaway server they start), then the official IMS Python SDK against `floe serve`
#   make bench  benchmark Floe (release build): against plain FFmpeg, memory, the API against its no-op route,
#               triggers, callbacks, the engine on SQLite and PostgreSQL, the HLS ladder (docs/BENCHMARKS.md)
#   make reliability  the long reliability suite (release build, then a few minutes; not in `make test`): kill -9
#               loops, RPC and S3 fuzz, StartWorkflow load, a full disk, corrupt media (docs/RELIABILITY.md);
#               RELIABILITY_ONLY=killloop|fuzz|load|disk|corrupt runs one part, FLOE_BIN=... skips the build

SWIFT ?= swift
FLOE_DATA_DIR ?= floe-data
TEMPLATE ?=
FILE ?=

.PHONY: run test test-sdk bench reliability deps build clean

deps:
	@scripts/ensure-deps.sh

build: deps
	$(SWIFT) build --product floe

run: build
	$$($(SWIFT) build --show-bin-path)/floe run --data-dir "$(FLOE_DATA_DIR)" $(if $(TEMPLATE),--template "$(TEMPLATE)") $(if $(FILE),"$(FILE)")

test: deps
	scripts/python-env.sh
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build
	scripts/sdk-tests.sh

test-sdk: build
	scripts/sdk-tests.sh

bench:
	@scripts/ensure-deps.sh --bench
	scripts/bench.sh

reliability:
	scripts/reliability.sh

clean:
	rm -rf .build .build-sdk-venv floe-data
