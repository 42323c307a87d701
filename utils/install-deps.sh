#!/usr/bin/env bash
# Installs every Debian package quantc needs to build, test and benchmark, and the npm
# reference runtime (onnxruntime-node). Idempotent and quiet when everything is present.
#
# Usage: utils/install-deps.sh            (as root, or with sudo available)
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)

packages=(
  # Compiler infrastructure (LLVM/MLIR 22 dylibs, FileCheck, lit).
  llvm-22-dev llvm-22-tools libmlir-22-dev mlir-22-tools clang-22 lld-22 libclang-rt-22-dev
  # Build.
  cmake ninja-build ccache pkg-config
  # ONNX: protobuf classes, checker, shape inference, text parser; conformance data.
  libonnx-dev protobuf-compiler libprotobuf-dev libonnx-testdata
  # Test generation and model scripts (system python, not a pyenv one).
  python3 python3-onnx python3-numpy python3-torch python3-torchvision
  # Real data; zlib reads its gzipped IDX files (quantc compile --calib-data=idx:...)
  # and deflated .npz members.
  dataset-fashion-mnist zlib1g-dev
  # Tests and benchmarks.
  libgtest-dev libbenchmark-dev
  # Runtime threading.
  libpthreadpool-dev
  # AArch64 cross build and emulation (g++-aarch64-linux-gnu brings the arm64
  # libstdc++ that the runtime's gtest suite links).
  qemu-user gcc-aarch64-linux-gnu g++-aarch64-linux-gnu libc6-dev-arm64-cross googletest
  # Reference runtime driver.
  nodejs
)

sudo_cmd=()
if [ "$(id -u)" != 0 ]; then sudo_cmd=(sudo); fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "install-deps: installing ${missing[*]}"
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# npm is not a dependency of nodesource's nodejs (it ships inside it) but is of Debian's.
if ! command -v npm >/dev/null 2>&1; then
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends npm >/dev/null
fi

# ONNX Runtime for cross-checks. --ignore-scripts: its install script downloads from a host
# this machine cannot reach; the linux-x64 libonnxruntime.so ships inside the npm package.
ort_dir="$here/utils/ort"
if [ ! -f "$ort_dir/node_modules/onnxruntime-node/package.json" ]; then
  echo "install-deps: installing onnxruntime-node into utils/ort"
  (cd "$ort_dir" && npm install --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null)
fi
