#!/usr/bin/env bash
# Regenerates the documentation that TableGen derives from the ODS files
# (docs/dialect/qc.md). Run after changing an op, attribute or pass definition.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$here/build}
ninja -C "$build" QuantcQCDocGen >/dev/null
mkdir -p "$here/docs/dialect"
cp "$build/include/quantc/Dialect/QC/IR/QCDialect.md" "$here/docs/dialect/qc.md"
echo "wrote docs/dialect/qc.md"
