#!/usr/bin/env bash
# Runs the ONNX importer fuzzer for a fixed time on a seed corpus of small
# valid models (ONNX's node tests and quantc's own importer tests).
#
#   utils/fuzz/run.sh BUILD_DIR SECONDS
# Exits non-zero if libFuzzer finds a crash, a leak, a timeout or an
# out-of-memory; the reproducer is left in BUILD_DIR/fuzz-artifacts/.
set -euo pipefail

build=$1
seconds=$2
here=$(cd "$(dirname "$0")/../.." && pwd)
fuzzer="$build/bin/quantc-import-fuzzer"

seeds="$build/fuzz-seeds"
corpus="$build/fuzz-corpus"
artifacts="$build/fuzz-artifacts"
mkdir -p "$seeds" "$corpus" "$artifacts"
# Small node-test models (< 2 KiB) and the importer's text-format tests.
for model in /usr/share/libonnx-testdata/data/node/*/model.onnx; do
  if [ "$(stat -c %s "$model")" -lt 2048 ]; then
    cp "$model" "$seeds/$(basename "$(dirname "$model")").onnx"
  fi
done
find "$here/test/Import/ONNX" -name '*.onnxtxt' -exec cp {} "$seeds/" \;

echo "fuzzing the importer for ${seconds}s with $(ls "$seeds" | wc -l) seeds"
"$fuzzer" "$corpus" "$seeds" -seed=1 -max_total_time="$seconds" -max_len=4096 \
  -timeout=10 -rss_limit_mb=4096 -malloc_limit_mb=1024 \
  -artifact_prefix="$artifacts/" -print_final_stats=1 2>&1 | tail -n 25
