// RUN: quantc-opt %s --qc-memref-copy-to-linalg | FileCheck %s

// A copy into the interior of a padded buffer (a strided view) becomes a
// linalg.copy, which lowers to loops instead of a call of MLIR's memrefCopy.
// CHECK-LABEL: func.func @copy_into_padding
// CHECK-SAME:    (%[[SRC:.*]]: memref<1x2x4x4xf32>, %[[DST:.*]]: memref<1x2x6x6xf32>)
// CHECK:         %[[VIEW:.*]] = memref.subview %[[DST]]
// CHECK-NEXT:    linalg.copy ins(%[[SRC]] : memref<1x2x4x4xf32>) outs(%[[VIEW]] : memref<1x2x4x4xf32, strided<[72, 36, 6, 1], offset: 7>>)
// CHECK-NOT:     memref.copy
func.func @copy_into_padding(%src: memref<1x2x4x4xf32>, %dst: memref<1x2x6x6xf32>) {
  %view = memref.subview %dst[0, 0, 1, 1] [1, 2, 4, 4] [1, 1, 1, 1] : memref<1x2x6x6xf32> to memref<1x2x4x4xf32, strided<[72, 36, 6, 1], offset: 7>>
  memref.copy %src, %view : memref<1x2x4x4xf32> to memref<1x2x4x4xf32, strided<[72, 36, 6, 1], offset: 7>>
  return
}
