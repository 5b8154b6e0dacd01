#!/bin/bash
# Runs inside the HIL guest, chrooted into the host's read-only root (see init.sh). Sets up the emulated hardware,
# proves it works with the stock tools (i2cget/i2cset, gpiodetect/gpioget/gpioset), then runs rollmon's checks
# (rollmon-hil) once per libgpiod build. Exit status: 0 only if every step and every check passed.
#
# Environment (from init.sh): HIL_REPO (repository path), HIL_OUT (9p-shared, writable results directory).
# $HIL_OUT/run.env (written by run.sh) names the binaries to run: HIL_VARIANTS="v1 v2", HIL_BIN_v1=..., HIL_LIB_v1=...
set -uo pipefail
source "$HIL_REPO/scripts/hil/personas.sh"
source "$HIL_OUT/run.env"

KVER="$(uname -r)"
GPIO_SIM_KO="$HIL_REPO/.cache/hil/guest/gpio-sim/gpio-sim.ko"
CONFIGFS=/sys/kernel/config
SIM="$CONFIGFS/gpio-sim/rollmon"
# The simulated chip mirrors the Raspberry Pi's 40-pin header GPIO block (BCM lines 0..27, named GPIO0..GPIO27 after
# their BCM numbers), so SensorIO's default line offsets address the same lines here as on the Pi.
SIM_LINES=28

failures=0
step() { # name command...  — one line per infrastructure step, same "ok"/"FAIL" vocabulary as rollmon-hil
    # The command runs in this shell (not a subshell) so that what it sets (bus number, chip name) survives.
    local name="$1"; shift
    local log; log="$(mktemp)"
    local start=$EPOCHREALTIME
    if "$@" >"$log" 2>&1; then
        echo "ok   - guest: $name $(elapsed "$start")"
    else
        echo "FAIL - guest: $name: $(tr '\n' ' ' < "$log") $(elapsed "$start")"
        failures=$((failures + 1))
        rm -f "$log"
        return 1
    fi
    rm -f "$log"
}
elapsed() { # start (an $EPOCHREALTIME value) -> "(1.23 s)"
    awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN { printf "(%.2f s)", b - a }'
}
expect_eq() { # what actual expected
    [[ "$2" == "$3" ]] || { echo "$1: got '$2', expected '$3'"; return 1; }
}

# --- I2C: i2c-dev + i2c-stub with three chips --------------------------------------------------------------------
i2c_bus=""
load_i2c_stub() {
    modprobe -r i2c-stub 2>/dev/null
    modprobe i2c-dev || return 1
    modprobe i2c-stub chip_addr=$HIL_MPU_ADDR,$HIL_LSM_ADDR,$HIL_BMP_ADDR || return 1
    local a
    for a in /sys/bus/i2c/devices/i2c-*; do
        if [[ "$(cat "$a/name")" == "SMBus stub driver" ]]; then
            i2c_bus="${a##*/i2c-}"
            [[ -c "/dev/i2c-$i2c_bus" ]] || { echo "/dev/i2c-$i2c_bus missing"; return 1; }
            return 0
        fi
    done
    echo "no 'SMBus stub driver' adapter in /sys/bus/i2c/devices"
    return 1
}
i2c_smoke() {
    expect_eq "MPU-6050 WHO_AM_I" "$(i2cget -y "$i2c_bus" $HIL_MPU_ADDR 0x75 b)" 0x68 || return 1
    expect_eq "LSM6DS3 WHO_AM_I" "$(i2cget -y "$i2c_bus" $HIL_LSM_ADDR 0x0f b)" 0x69 || return 1
    expect_eq "BMP280 id" "$(i2cget -y "$i2c_bus" $HIL_BMP_ADDR 0xd0 b)" 0x58 || return 1
    # SMBus word reads return the low byte first (i2c-stub stores what i2cset wrote, one byte per register here).
    expect_eq "MPU-6050 ACCEL_XOUT_H/L as a word" "$(i2cget -y "$i2c_bus" $HIL_MPU_ADDR 0x3b w)" 0x0010 || return 1
    if i2cget -y "$i2c_bus" $HIL_ABSENT_ADDR 0x00 b >/dev/null 2>&1; then
        echo "address $HIL_ABSENT_ADDR answered although no chip is emulated there"; return 1
    fi
}

# --- GPIO: gpio-sim, configured through configfs -----------------------------------------------------------------
gpio_chip=""        # e.g. gpiochip1
gpio_sysfs=""       # /sys/devices/platform/gpio-sim.0/gpiochip1 (holds sim_gpioN/{pull,value})
load_gpio_sim() {
    modprobe configfs || return 1
    mountpoint -q "$CONFIGFS" || mount -t configfs none "$CONFIGFS" || return 1
    insmod "$GPIO_SIM_KO" || return 1
    mkdir "$SIM" "$SIM/bank0" || return 1
    echo "$SIM_LINES" > "$SIM/bank0/num_lines"
    echo "rollmon-sim" > "$SIM/bank0/label"
    local i dirs=()
    for ((i = 0; i < SIM_LINES; i++)); do dirs+=("$SIM/bank0/line$i"); done
    mkdir "${dirs[@]}" || return 1   # one process for all of them: a process start is slow in the emulator
    for ((i = 0; i < SIM_LINES; i++)); do echo "GPIO$i" > "$SIM/bank0/line$i/name" || return 1; done
    # A line held by another consumer: the kernel itself hogs GPIO26 as an output, consumer "hil-hog".
    mkdir "$SIM/bank0/line26/hog" || return 1
    echo "hil-hog" > "$SIM/bank0/line26/hog/name"
    echo "output-high" > "$SIM/bank0/line26/hog/direction"
    echo 1 > "$SIM/live" || return 1
    gpio_chip="$(cat "$SIM/bank0/chip_name")"
    gpio_sysfs="/sys/devices/platform/$(cat "$SIM/dev_name")/$gpio_chip"
    [[ -c "/dev/$gpio_chip" && -d "$gpio_sysfs/sim_gpio0" ]] || { echo "no /dev/$gpio_chip or $gpio_sysfs"; return 1; }
}
gpio_smoke() {
    expect_eq "gpiodetect" "$(gpiodetect | grep -c "^$gpio_chip \[rollmon-sim\] ($SIM_LINES lines)")" 1 || return 1
    # Input: the simulator's pull decides what a consumer reads.
    echo pull-up > "$gpio_sysfs/sim_gpio17/pull"
    expect_eq "GPIO17 with pull-up" "$(gpioget "$gpio_chip" 17)" 1 || return 1
    echo pull-down > "$gpio_sysfs/sim_gpio17/pull"
    expect_eq "GPIO17 with pull-down" "$(gpioget "$gpio_chip" 17)" 0 || return 1
    # Output: what a consumer drives shows in the simulator's value while the line is requested.
    gpioset --mode=time --sec=1 "$gpio_chip" 18=1 &
    local setter=$!
    local v="" n
    for n in 1 2 3 4 5 6 7 8 9 10; do
        v="$(cat "$gpio_sysfs/sim_gpio18/value")"
        [[ "$v" == 1 ]] && break
        sleep 0.1
    done
    wait "$setter"
    expect_eq "GPIO18 driven high by gpioset" "$v" 1 || return 1
    # The hog: requesting GPIO26 must fail with EBUSY.
    if gpioget "$gpio_chip" 26 >/dev/null 2>&1; then echo "GPIO26 is hogged but gpioget could request it"; return 1; fi
    expect_eq "GPIO26 consumer" "$(gpioinfo "$gpio_chip" | awk '$2 == "26:" {print $4}')" '"hil-hog"' || return 1
}

echo "hil-guest: kernel $KVER, $(nproc) CPU, $(awk '/MemTotal/ {print int($2/1024)}' /proc/meminfo) MiB"
step "i2c-stub loaded with chips at $HIL_MPU_ADDR $HIL_LSM_ADDR $HIL_BMP_ADDR" load_i2c_stub
step "personas set with i2cset on i2c-$i2c_bus" personas_load "$i2c_bus"
step "i2cget reads the personas back; $HIL_ABSENT_ADDR does not answer" i2c_smoke
step "gpio-sim chip live via configfs ($SIM_LINES lines, GPIO26 hogged)" load_gpio_sim
step "gpioget/gpioset/gpioinfo see the simulator's pulls, values and hog" gpio_smoke

if ((failures > 0)); then
    echo "hil-guest: the emulated hardware is not working; not running the checks"
    exit 1
fi

# --- rollmon's checks, once per libgpiod build ------------------------------------------------------------------
checks_ran=0
for variant in $HIL_VARIANTS; do
    bin_var="HIL_BIN_$variant"; lib_var="HIL_LIB_$variant"; rollmon_var="HIL_ROLLMON_$variant"
    bin="${!bin_var}"; lib="${!lib_var:-}"; rollmon="${!rollmon_var:-}"
    echo "hil-guest: === checks against libgpiod $variant (binaries in $bin) ==="
    # Fresh chips for every variant: i2c-stub starts all registers at zero, so a configuration write that a
    # driver forgot cannot be hidden by one left over from the previous run. (The first run gets the chips the
    # tool-level checks above only read.)
    if ((checks_ran > 0)); then
        step "i2c-stub reloaded for $variant" load_i2c_stub || continue
        step "personas set for $variant" personas_load "$i2c_bus" || continue
    fi
    checks_ran=$((checks_ran + 1))
    mkdir -p "$HIL_OUT/$variant"
    checks_start=$EPOCHREALTIME
    LD_LIBRARY_PATH="$lib" \
    HIL_VARIANT="$variant" HIL_I2C_BUS="$i2c_bus" \
    HIL_MPU_ADDR=$HIL_MPU_ADDR HIL_LSM_ADDR=$HIL_LSM_ADDR HIL_BMP_ADDR=$HIL_BMP_ADDR HIL_ABSENT_ADDR=$HIL_ABSENT_ADDR \
    HIL_GPIO_CHIP="$gpio_chip" HIL_GPIO_SYSFS="$gpio_sysfs" HIL_GPIO_HOGGED_LINE=26 \
    HIL_ROLLMON="$rollmon" HIL_WORK="$HIL_OUT/$variant" \
        "$bin/rollmon-hil"
    rc=$?
    echo "hil-guest: rollmon-hil ($variant) took $(elapsed "$checks_start")"
    if ((rc != 0)); then
        echo "hil-guest: rollmon-hil ($variant) exited with status $rc"
        failures=$((failures + 1))
    fi
done

((failures == 0))
