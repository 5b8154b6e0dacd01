#!/usr/bin/env bash
# Builds rollmon-fuzz with libFuzzer + AddressSanitizer and runs each target (README "Fuzzing").
#   scripts/fuzz.sh                      every target, 1 M executions each (make fuzz)
#   FUZZ_ARGS="-runs=30000 -seed=1" scripts/fuzz.sh   a short, reproducible pass (CI)
#   scripts/fuzz.sh config               one target
# A separate scratch path keeps the instrumented build away from the normal .build. Crash inputs land in
# .build-fuzz/artifacts/; copy them to Tests/FuzzRegressions/<target>/ once fixed (the CLI tests replay them).
set -euo pipefail
cd "$(dirname "$0")/.."
SWIFT=${SWIFT:-swift}
FUZZ_ARGS=${FUZZ_ARGS:--runs=1000000}
targets=("$@")
((${#targets[@]})) || targets=(trace euroc config)

# libFuzzer ships with the Swift toolchain on Linux (swift.org builds, /opt/swift here); nothing to apt-get.
swiftc_dir=$(dirname "$(command -v swiftc)")
if ! compgen -G "$swiftc_dir/../lib/swift/clang/lib/linux/libclang_rt.fuzzer*" >/dev/null; then
  echo "fuzz: this Swift toolchain has no libFuzzer runtime (libclang_rt.fuzzer); use a swift.org Linux toolchain" >&2
  exit 69
fi

# -sanitize=fuzzer instruments the Swift modules (RollTrace, RollConfig, TOMLKit's Swift side) and links libFuzzer;
# the C++ TOML parser under TOMLKit (toml++) gets coverage and ASan through -Xcc/-Xcxx. lld (in the toolchain):
# ld.gold stops with an internal error (dwarf_reader.cc) on the instrumented objects.
san=(-Xswiftc -sanitize=fuzzer,address -Xswiftc -DFUZZING
     -Xcc -fsanitize=fuzzer-no-link,address -Xcxx -fsanitize=fuzzer-no-link,address
     -Xswiftc -use-ld=lld)
$SWIFT build -c release --scratch-path .build-fuzz --product rollmon-fuzz "${san[@]}"
bin=.build-fuzz/release/rollmon-fuzz
mkdir -p .build-fuzz/artifacts

for t in "${targets[@]}"; do
  # libFuzzer writes new inputs into the first corpus directory: a scratch copy, so the committed seeds stay small.
  work=.build-fuzz/corpus/$t
  rss_mb=1024
  [ "$t" = config ] && rss_mb=6144
  mkdir -p "$work"
  echo "== fuzz $t ($FUZZ_ARGS)"
  # -max_len: the seeds are slices of a few KB (the 64 KiB line limit and 10 MB lines are checked by hand, README).
  # -timeout: a trace of 16 KiB reads in well under a millisecond; 10 s is a hang. -rss_limit_mb: an OOM.
  # -detect_leaks=0 and config's larger RSS limit: TOMLKit never frees a parsed table (its TOMLTable class has no
  # deinit releasing the toml++ table: about 3 KB per parse, not ours, harmless once per CLI run), so 1 M config runs
  # grow to about 3.5 GB; a leak report would stop every run at its first input.
  # shellcheck disable=SC2086
  # SWIFT_BACKTRACE=enable=no: libFuzzer reports the crash; the Swift backtracer racing it only adds noise.
  # ASAN_OPTIONS detect_leaks=0: the same TOMLKit leak would otherwise fail LeakSanitizer's check at process exit
  # after a clean run (libFuzzer's -detect_leaks only covers the runs themselves).
  ASAN_OPTIONS=detect_leaks=0${ASAN_OPTIONS:+:$ASAN_OPTIONS} SWIFT_BACKTRACE=enable=no ROLLMON_FUZZ_TARGET=$t "$bin" "$work" "Fuzz/corpus/$t" -dict="Fuzz/$t.dict" \
    -max_len=16384 -timeout=10 -rss_limit_mb="$rss_mb" -detect_leaks=0 -artifact_prefix=".build-fuzz/artifacts/$t-" \
    -print_final_stats=1 $FUZZ_ARGS
done
