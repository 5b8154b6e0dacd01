# rollmon — the two commands of the README, and the ones behind them.
#   make demo   the whole coaching path without hardware
#   make test   every test: unit, device-model, end-to-end, kernel-in-the-loop (when the machine can)
SWIFT ?= swift
BIN := .build/debug/rollmon
FIXTURE := Fixtures/imu-traces/ball-force-markers.csv

.PHONY: deps build demo test unit hil bench clean

deps:
	@scripts/install-deps.sh

build: deps
	$(SWIFT) build

demo: build
	$(BIN) replay $(FIXTURE)

unit: build
	$(SWIFT) test

test: unit hil

hil: deps
	scripts/hil/run.sh

bench: deps
	$(SWIFT) build -c release --product rollmon-bench
	.build/release/rollmon-bench

clean:
	rm -rf .build .cache/hil
