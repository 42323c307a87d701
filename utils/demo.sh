#!/usr/bin/env bash
# The main job, as far as quantc goes today: import the bundled Fashion-MNIST
# CNN, canonicalize it (BatchNormalization folded into the convolutions), and
# show what the graph holds before and after, and that ONNX Runtime computes
# the same outputs from quantc's re-exported model.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"

bash utils/install-deps.sh
if [ ! -f build/build.ninja ]; then
  mkdir -p build
  CC=clang-22 CXX=clang++-22 cmake -G Ninja -S . -B build -DCMAKE_BUILD_TYPE=Release >build/configure.log
fi
ninja -C build quantc-opt quantc-translate >/dev/null

model=examples/fashion_mnist_cnn.onnx
out=$(mktemp -d)
bin=build/bin

echo "== $model ($(stat -c %s $model) bytes; float top-1 $(grep -o '"float_top1": [0-9.]*' examples/fashion_mnist_cnn.json | cut -d' ' -f2))"
echo
echo "== imported (qc dialect, one op per ONNX node):"
$bin/quantc-translate --import-onnx $model -o $out/imported.mlir
$bin/quantc-opt $out/imported.mlir --print-op-stats -o /dev/null 2>&1 | grep 'qc\.'
echo
echo "== after --canonicalize (BatchNormalization folded, constants folded):"
$bin/quantc-opt $out/imported.mlir --canonicalize -o $out/canonical.mlir
$bin/quantc-opt $out/canonical.mlir --print-op-stats -o /dev/null 2>&1 | grep 'qc\.'
echo
echo "== exported back to ONNX and checked with ONNX Runtime on 16 seeded inputs:"
$bin/quantc-translate --export-onnx $out/canonical.mlir -o $out/canonical.onnx
node utils/ort/compare.js $model $out/canonical.onnx --samples 16 --range 0,1
rm -rf "$out"
