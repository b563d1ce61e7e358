# Floe: the two commands of the README, and a few more.
#   make run    build Floe and run a workflow on a sample clip (or FILE=..., TEMPLATE=...)
#   make test   run every test: the Swift suites (the S3 ones against moto from .build-sdk-venv, the PostgreSQL
#               ones against a throwaway server they start), then the official IMS Python SDK against `floe serve`
#   make bench  benchmark Floe (release build): against plain FFmpeg, the API against its no-op route, triggers,
#               callbacks, the engine on SQLite and PostgreSQL (docs/BENCHMARKS.md)

SWIFT ?= swift
FLOE_DATA_DIR ?= floe-data
TEMPLATE ?=
FILE ?=

.PHONY: run test test-sdk bench deps build clean

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

clean:
	rm -rf .build .build-sdk-venv floe-data
