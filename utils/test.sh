#!/usr/bin/env bash
# The project's test command (README, .ci/run): installs what is missing,
# configures and builds with Ninja + ccache + clang-22, runs the lit suite and
# the gtest unit tests, and ends with one line "N passed, N failed".
#
#   utils/test.sh                 normal build in build/
#   utils/test.sh --sanitize      ASan+UBSan build in build-sanitize/
#   utils/test.sh --fuzz SECONDS  also run the importer fuzzer (build-fuzz/)
set -uo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"

sanitize=0
fuzz_seconds=0
while [ $# -gt 0 ]; do
  case "$1" in
    --sanitize) sanitize=1 ;;
    --fuzz) fuzz_seconds="$2"; shift ;;
    *) echo "usage: utils/test.sh [--sanitize] [--fuzz SECONDS]" >&2; exit 2 ;;
  esac
  shift
done

bash utils/install-deps.sh || { echo "0 passed, 1 failed"; exit 1; }

build_dir=build
cmake_flags=()
if [ "$sanitize" = 1 ]; then
  build_dir=build-sanitize
  cmake_flags+=(-DQUANTC_SANITIZE=ON)
fi

configure() {
  local dir=$1; shift
  if [ ! -f "$dir/build.ninja" ]; then
    CC=clang-22 CXX=clang++-22 cmake -G Ninja -S . -B "$dir" \
      -DCMAKE_BUILD_TYPE=Release "$@" >"$dir.configure.log" 2>&1 ||
      { cat "$dir.configure.log"; return 1; }
  fi
}

log=$(mktemp -d)
passed=0
failed=0

if ! configure "$build_dir" "${cmake_flags[@]}" || ! ninja -C "$build_dir"; then
  echo "build failed"
  echo "0 passed, 1 failed"
  exit 1
fi

# lit: count from its summary lines ("Passed: N", "Failed: N", ...).
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
/usr/lib/llvm-22/bin/lit -sv "$build_dir/test" 2>&1 | tee "$log/lit.txt"
lit_count() {
  awk -F: -v pattern="$1" '$1 ~ pattern {split($2, n, " "); s += n[1]} END {print s + 0}' "$log/lit.txt"
}
lit_passed=$(lit_count '^ *(Passed|Expectedly Failed)$')
lit_failed=$(lit_count '^ *(Failed|Unexpectedly Passed|Unresolved|Timed Out)$')
if [ "$lit_passed" = 0 ] && [ "$lit_failed" = 0 ]; then lit_failed=1; fi
passed=$((passed + lit_passed))
failed=$((failed + lit_failed))

# gtest: one count per test.
"$build_dir/bin/QuantcUnitTests" 2>&1 | tee "$log/gtest.txt"
unit_passed=$(grep -c '^\[       OK \]' "$log/gtest.txt")
unit_failed=$(grep -c '^\[  FAILED  \] [A-Za-z]' "$log/gtest.txt")
if [ "$unit_passed" = 0 ] && [ "$unit_failed" = 0 ]; then unit_failed=1; fi
passed=$((passed + unit_passed))
failed=$((failed + unit_failed))

if [ "$fuzz_seconds" -gt 0 ]; then
  if configure build-fuzz -DQUANTC_FUZZ=ON && ninja -C build-fuzz quantc-import-fuzzer &&
     utils/fuzz/run.sh build-fuzz "$fuzz_seconds"; then
    passed=$((passed + 1))
  else
    echo "FAIL: importer fuzzing"
    failed=$((failed + 1))
  fi
fi

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
