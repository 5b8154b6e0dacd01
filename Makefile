# rollmon — the two commands of the README, and the ones behind them.
#   make demo   the whole live coaching path without hardware (simulated chips, real drivers)
#   make test   every test: unit, device-model, end-to-end, and kernel-in-the-loop when the machine can
#   make fuzz   libFuzzer on the trace reader (rollmon-trace, EuRoC) and the config parser, 1 M runs each
SWIFT ?= swift
BIN := .build/debug/rollmon
# DEMO_SPEED=10 make demo plays the bundled session ten times faster.
DEMO_SPEED ?= 1

.PHONY: deps build demo test unit hil fuzz bench clean

deps:
	@scripts/install-deps.sh

build: deps
	$(SWIFT) build

demo: build
	$(BIN) demo --fixture Fixtures/imu-traces/demo-session.csv --speed $(DEMO_SPEED)

unit: build
	$(SWIFT) test

test: unit hil

# Kernel-in-the-loop: i2c-stub and gpio-sim in a QEMU guest (docs/hil.md). Skips, saying why, where it cannot run,
# unless HIL_REQUIRED=1 (as in CI).
hil: deps
	scripts/hil/run.sh

# FUZZ_ARGS=-max_total_time=60 make fuzz runs about a minute each instead (as CI does).
fuzz: deps
	scripts/fuzz.sh

bench: deps
	$(SWIFT) build -c release --product rollmon
	$(SWIFT) build -c release --product rollmon-bench
	.build/release/rollmon-bench

clean:
	rm -rf .build .build-fuzz .build-hil-v1 .build-hil-v2 .cache/hil
