/*===- add_argmax_model.c - a hand-written stand-in for a compiled model ---===*
 *
 * Defines the two symbols quantc's generated code defines, so that linked
 * with QuantcRuntime (whose model_api.c adds the public API) it is a model
 * library like the ones `quantc compile` writes:
 *
 *   sum          = x0 + x1            float32 [2,3]
 *   row/argmax:0 = argmax(sum, axis 1) int64 [2]   (a name to sanitize)
 *
 * FIXTURE_ABI_VERSION builds the same model claiming another ABI version.
 *===----------------------------------------------------------------------===*/

#include "quantc/Runtime/ModelAPI.h"

#ifndef FIXTURE_ABI_VERSION
#define FIXTURE_ABI_VERSION QC_MODEL_ABI_VERSION
#endif

enum { ROWS = 2, COLUMNS = 3 };

static const int64_t matrixShape[] = {ROWS, COLUMNS};
static const int64_t rowShape[] = {ROWS};

static const qc_tensor_desc inputDescs[] = {
    {"x0", QC_DTYPE_FLOAT32, 2, matrixShape},
    {"x1", QC_DTYPE_FLOAT32, 2, matrixShape},
};
static const qc_tensor_desc outputDescs[] = {
    {"sum", QC_DTYPE_FLOAT32, 2, matrixShape},
    {"row/argmax:0", QC_DTYPE_INT64, 1, rowShape},
};

const qc_model_desc qc_generated_model_desc = {
    FIXTURE_ABI_VERSION, 2, 2, inputDescs, outputDescs, "add_argmax",
};

void qc_generated_model_main(const void *const *inputs, void *const *outputs) {
  const float *x0 = (const float *)inputs[0];
  const float *x1 = (const float *)inputs[1];
  float *sum = (float *)outputs[0];
  int64_t *argmax = (int64_t *)outputs[1];
  for (int row = 0; row < ROWS; ++row) {
    argmax[row] = 0;
    for (int column = 0; column < COLUMNS; ++column) {
      int i = row * COLUMNS + column;
      sum[i] = x0[i] + x1[i];
      if (sum[i] > sum[row * COLUMNS + argmax[row]])
        argmax[row] = column;
    }
  }
}
