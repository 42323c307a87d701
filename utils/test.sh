#!/usr/bin/env bash
# The project's test command (README, .ci/run). Installs what is missing, then:
#   1. builds in build/ (Ninja, ccache, clang-22) and runs the lit suite and
#      the gtest suites (compiler unit tests, runtime kernel tests, runner);
#   2. runs the gtest suites of the runtime and the runner that build/ cross-
#      built for AArch64 (build/lib/quantc/aarch64-linux-gnu) under qemu;
#   3. builds in build-sanitize/ with ASan+UBSan and runs lit and gtest again;
#   4. builds the fuzzers in build-fuzz/ and fuzzes the importer for 60 s and
#      the runner's tensor-file readers for 20 s.
# Ends with one line "N passed, N failed" (lit tests and gtest tests of every
# build, plus one for each fuzz run).
#
#   utils/test.sh            everything above
#   utils/test.sh --quick    step 1 only
set -uo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
# ccache rewrites paths under the checkout to relative ones, so that a fresh
# clone elsewhere (CI's) reuses what earlier builds compiled.
export CCACHE_BASEDIR="$here"

quick=0
case "${1:-}" in
  "") ;;
  --quick) quick=1 ;;
  *) echo "usage: utils/test.sh [--quick]" >&2; exit 2 ;;
esac

passed=0
failed=0
finish() {
  echo "$passed passed, $failed failed"
  [ "$failed" = 0 ]
  exit
}

bash utils/install-deps.sh || { failed=1; finish; }

# build DIR TARGETS [cmake flags...]: configure once, then build TARGETS
# ("" for everything).
build() {
  local dir=$1 targets=$2; shift 2
  if [ ! -f "$dir/build.ninja" ]; then
    mkdir -p "$dir"
    CC=clang-22 CXX=clang++-22 cmake -G Ninja -S . -B "$dir" -DCMAKE_BUILD_TYPE=Release "$@" \
      >"$dir/configure.log" 2>&1 || { cat "$dir/configure.log"; return 1; }
  fi
  # shellcheck disable=SC2086
  ninja -C "$dir" $targets
}

# Every gtest binary a build produces (under DIR/bin).
gtest_binaries=(QuantcUnitTests QuantcRuntimeTests QuantcRunnerTests)

# run_gtest LABEL COMMAND...: one gtest binary, adding to the totals. Skipped
# tests (kernel variants this CPU cannot run) count as neither.
run_gtest() {
  local label=$1 log; shift
  log=$(mktemp)
  "$@" 2>&1 | tee "$log"
  local gtest_passed gtest_failed
  gtest_passed=$(grep -c '^\[       OK \]' "$log")
  gtest_failed=$(grep -c '^\[  FAILED  \] [A-Za-z]' "$log")
  [ "$gtest_passed" = 0 ] && [ "$gtest_failed" = 0 ] && gtest_failed=1
  rm -f "$log"
  echo "$label: gtest $gtest_passed passed, $gtest_failed failed"
  passed=$((passed + gtest_passed))
  failed=$((failed + gtest_failed))
}

# run_suites DIR: lit and every gtest binary, adding to the totals.
run_suites() {
  local dir=$1 log
  log=$(mktemp)
  /usr/lib/llvm-22/bin/lit -sv "$dir/test" 2>&1 | tee "$log"
  local lit_passed lit_failed
  lit_passed=$(awk -F: '$1 ~ /^ *(Passed|Expectedly Failed) *$/ {split($2, n, " "); s += n[1]} END {print s + 0}' "$log")
  lit_failed=$(awk -F: '$1 ~ /^ *(Failed|Unexpectedly Passed|Unresolved|Timed Out) *$/ {split($2, n, " "); s += n[1]} END {print s + 0}' "$log")
  [ "$lit_passed" = 0 ] && [ "$lit_failed" = 0 ] && lit_failed=1
  rm -f "$log"
  echo "$dir: lit $lit_passed passed, $lit_failed failed"
  passed=$((passed + lit_passed))
  failed=$((failed + lit_failed))
  local binary
  for binary in "${gtest_binaries[@]}"; do
    run_gtest "$dir/$binary" "$dir/bin/$binary"
  done
}

if build build ""; then run_suites build; else echo "FAIL: build"; failed=$((failed + 1)); fi
[ "$quick" = 1 ] && finish

# The runtime and the runner, cross-built for AArch64 by the main build (its
# quantc-aarch64-runtime sub-build, which quantc compile --target=aarch64
# links against) and run under user-mode qemu; -cpu max enables every
# extension qemu emulates, so every arm64 variant runs. The runner tests start
# the AArch64 runner under qemu themselves.
aarch64_dir=build/lib/quantc/aarch64-linux-gnu
for binary in QuantcRuntimeTests QuantcRunnerTests; do
  if [ -x "$aarch64_dir/$binary" ]; then
    run_gtest "$aarch64_dir/$binary" \
      qemu-aarch64 -cpu max -L /usr/aarch64-linux-gnu "$aarch64_dir/$binary"
  else
    echo "FAIL: no AArch64 $binary in $aarch64_dir"; failed=$((failed + 1))
  fi
done

# The instrumented compiler needs no second AArch64 runtime: the lit tests
# that use one are the uninstrumented build's.
if build build-sanitize "" -DQUANTC_SANITIZE=ON -DQUANTC_AARCH64_RUNTIME=OFF; then
  run_suites build-sanitize
else
  echo "FAIL: sanitizer build"; failed=$((failed + 1))
fi

if build build-fuzz "quantc-import-fuzzer quantc-tensor-file-fuzzer" -DQUANTC_FUZZ=ON \
  -DQUANTC_AARCH64_RUNTIME=OFF; then
  # fuzz TARGET SECONDS: one fuzz run, one test.
  fuzz() {
    if utils/fuzz/run.sh build-fuzz "$2" "$1"; then
      passed=$((passed + 1))
    else
      echo "FAIL: $1 fuzzing"; failed=$((failed + 1))
    fi
  }
  fuzz importer 60
  fuzz tensor-file 20
else
  echo "FAIL: fuzzer build"; failed=$((failed + 2))
fi
finish
