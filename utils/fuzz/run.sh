#!/usr/bin/env bash
# Runs one of quantc's libFuzzer targets for a fixed time on its seed corpus:
#   importer     the ONNX importer (quantc-import-fuzzer), seeded with small
#                valid models: ONNX's node tests and quantc's importer tests;
#   tensor-file  quantc-runner's .npy and TensorProto readers
#                (quantc-tensor-file-fuzzer), seeded with test/Runner/fixtures.
#
#   utils/fuzz/run.sh BUILD_DIR SECONDS [importer|tensor-file]   (default: importer)
# Exits non-zero if libFuzzer finds a crash, a leak, a timeout or an
# out-of-memory; the reproducer is left in BUILD_DIR/fuzz-artifacts/<target>/.
set -euo pipefail

build=$1
seconds=$2
target=${3:-importer}
here=$(cd "$(dirname "$0")/../.." && pwd)

seeds="$build/fuzz-seeds/$target"
corpus="$build/fuzz-corpus/$target"
artifacts="$build/fuzz-artifacts/$target"
mkdir -p "$seeds" "$corpus" "$artifacts"
case "$target" in
  importer)
    fuzzer="$build/bin/quantc-import-fuzzer"
    # Small node-test models (< 2 KiB) and the importer's text-format tests.
    for model in /usr/share/libonnx-testdata/data/node/*/model.onnx; do
      if [ "$(stat -c %s "$model")" -lt 2048 ]; then
        cp "$model" "$seeds/$(basename "$(dirname "$model")").onnx"
      fi
    done
    find "$here/test/Import/ONNX" -name '*.onnxtxt' -exec cp {} "$seeds/" \;
    ;;
  tensor-file)
    fuzzer="$build/bin/quantc-tensor-file-fuzzer"
    find "$here/test/Runner/fixtures" \( -name '*.npy' -o -name '*.pb' \) -exec cp {} "$seeds/" \;
    ;;
  *)
    echo "usage: utils/fuzz/run.sh BUILD_DIR SECONDS [importer|tensor-file]" >&2
    exit 2
    ;;
esac

echo "fuzzing the $target for ${seconds}s with $(ls "$seeds" | wc -l) seeds"
"$fuzzer" "$corpus" "$seeds" -seed=1 -max_total_time="$seconds" -max_len=4096 \
  -timeout=10 -rss_limit_mb=4096 -malloc_limit_mb=1024 \
  -artifact_prefix="$artifacts/" -print_final_stats=1 2>&1 | tail -n 25
