#!/usr/bin/env bash
# The main job, as far as quantc goes today (float; quantization is next):
# compile the bundled Fashion-MNIST CNN to a native shared library with
# `quantc compile`, and show its size, its top-1 accuracy on the 10000 test
# images and its latency, each next to ONNX Runtime's (one thread, same
# inputs). Add --aarch64 to also compile for AArch64 and check it under qemu.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"

aarch64=0
case "${1:-}" in
  "") ;;
  --aarch64) aarch64=1 ;;
  *) echo "usage: utils/demo.sh [--aarch64]" >&2; exit 2 ;;
esac

bash utils/install-deps.sh
if [ ! -f build/build.ninja ]; then
  mkdir -p build
  CC=clang-22 CXX=clang++-22 cmake -G Ninja -S . -B build -DCMAKE_BUILD_TYPE=Release >build/configure.log
fi
ninja -C build quantc quantc-runner >/dev/null

model=examples/fashion_mnist_cnn.onnx
out=build/demo
mkdir -p $out
bin=build/bin

echo "== $model: $(stat -c %s $model) bytes, float top-1 at training" \
     "$(grep -o '"float_top1": [0-9.]*' examples/fashion_mnist_cnn.json | cut -d' ' -f2)"
$bin/quantc compile $model -o $out/fashion_mnist_cnn.so
echo "== quantc compile -> $out/fashion_mnist_cnn.so ($(stat -c %s $out/fashion_mnist_cnn.so) bytes)" \
     "and $out/fashion_mnist_cnn.h (its C API)"
echo
echo "== accuracy on the Fashion-MNIST test set (10000 images):"
/usr/bin/python3 utils/e2e/fashion_mnist_accuracy.py --quantc $bin/quantc --work-dir $out/accuracy
echo
echo "== latency, one image, one thread, median of 200 runs:"
/usr/bin/python3 -c "import sys; sys.path.insert(0, 'utils/models'); import fashion_mnist, numpy; numpy.save('$out/image0.npy', fashion_mnist.load('test')[0][:1])"
echo -n "quantc:      "; QUANTC_NUM_THREADS=1 $bin/quantc run $out/fashion_mnist_cnn.so --input input=$out/image0.npy --bench 200 | grep latency
echo -n "onnxruntime: "; node utils/ort/bench.js $model --input input=$out/image0.npy --runs 200

if [ "$aarch64" = 1 ]; then
  echo
  echo "== AArch64: compiled with --target=aarch64, run under qemu-aarch64 on 1000 test images:"
  /usr/bin/python3 utils/e2e/fashion_mnist_accuracy.py --quantc $bin/quantc --target aarch64 --limit 1000
fi
