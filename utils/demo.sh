#!/usr/bin/env bash
# The main job: compile the bundled Fashion-MNIST CNN with `quantc compile`,
# once in float and once quantized to int8 (calibrated on 500 training images),
# and show what quantization did to its size, its top-1 accuracy on the 10000
# test images and its latency (one thread), each next to ONNX Runtime's: the
# float model for accuracy, the float model and quantc's own quantization
# exported as a QDQ model (--emit=onnx-qdq) for latency. Add --aarch64 to also
# compile both for AArch64 and check them under qemu.
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
calibration="--quant=w8a8 --calib-data=idx:/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz --calib-samples=500"

echo "== $model: $(stat -c %s $model) bytes, float top-1 at training" \
     "$(grep -o '"float_top1": [0-9.]*' examples/fashion_mnist_cnn.json | cut -d' ' -f2)"
$bin/quantc compile $model -o $out/cnn_float.so
echo "== quantc compile -> $out/cnn_float.so ($(stat -c %s $out/cnn_float.so) bytes)"
echo
echo "== quantc compile --quant=w8a8 -> $out/cnn_int8.so, with its quantization report:"
# shellcheck disable=SC2086
$bin/quantc compile $model $calibration --report=$out/cnn_int8.report.json -o $out/cnn_int8.so
# shellcheck disable=SC2086
$bin/quantc compile $model $calibration --emit=onnx-qdq -o $out/cnn_int8.qdq.onnx
echo
echo "== accuracy on the Fashion-MNIST test set (10000 images), float:"
/usr/bin/python3 utils/e2e/fashion_mnist_accuracy.py --quantc $bin/quantc --work-dir $out/accuracy
for method in minmax mse; do
  echo
  echo "== accuracy, int8 calibrated with $method on 500 training images:"
  /usr/bin/python3 utils/e2e/fashion_mnist_accuracy.py --quantc $bin/quantc --quant w8a8 \
    --calib-method $method
done
echo
echo "== latency, one image, one thread, median of 200 runs:"
/usr/bin/python3 -c "import sys; sys.path.insert(0, 'utils/models'); import fashion_mnist, numpy; numpy.save('$out/image0.npy', fashion_mnist.load('test')[0][:1])"
echo -n "quantc float:      "; QUANTC_NUM_THREADS=1 $bin/quantc run $out/cnn_float.so --input input=$out/image0.npy --bench 200 | grep latency
echo -n "quantc int8:       "; QUANTC_NUM_THREADS=1 $bin/quantc run $out/cnn_int8.so --input input=$out/image0.npy --bench 200 | grep latency
echo -n "onnxruntime float: "; node utils/ort/bench.js $model --input input=$out/image0.npy --runs 200
echo -n "onnxruntime int8:  "; node utils/ort/bench.js $out/cnn_int8.qdq.onnx --input input=$out/image0.npy --runs 200

if [ "$aarch64" = 1 ]; then
  echo
  echo "== AArch64: compiled with --target=aarch64, run under qemu-aarch64 on 1000 test images:"
  /usr/bin/python3 utils/e2e/fashion_mnist_accuracy.py --quantc $bin/quantc --target aarch64 --limit 1000
  echo
  echo "== AArch64, int8 (int8 activations), run under qemu-aarch64 on 1000 test images:"
  /usr/bin/python3 utils/e2e/fashion_mnist_accuracy.py --quantc $bin/quantc --target aarch64 --limit 1000 \
    --quant w8a8
fi
