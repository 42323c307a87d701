/*===- ModelAPI.h - the C API of a model compiled by quantc ---------------===*
 *
 * `quantc compile model.onnx -o model.so` writes a shared library exporting
 * the functions below, and a model.h that repeats these declarations and
 * documents the model's own inputs and outputs. The runner (quantc-runner)
 * loads any such library through this API alone.
 *
 * Threads: qc_model_run may be called from several threads at once, each
 * with its own buffers. Kernels run on the runtime's thread pool, sized by
 * QUANTC_NUM_THREADS.
 *
 * Plain C. docs/runtime.md describes the API with an example.
 *===----------------------------------------------------------------------===*/

#ifndef QUANTC_RUNTIME_MODELAPI_H
#define QUANTC_RUNTIME_MODELAPI_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define QC_MODEL_ABI_VERSION 1

/* Element types use ONNX's TensorProto.DataType numbers, so a model's
 * descriptor reads the same as its ONNX graph. Booleans are one byte each. */
enum {
  QC_DTYPE_FLOAT32 = 1,
  QC_DTYPE_UINT8 = 2,
  QC_DTYPE_INT8 = 3,
  QC_DTYPE_UINT16 = 4,
  QC_DTYPE_INT16 = 5,
  QC_DTYPE_INT32 = 6,
  QC_DTYPE_INT64 = 7,
  QC_DTYPE_BOOL = 9,
  QC_DTYPE_FLOAT16 = 10,
  QC_DTYPE_FLOAT64 = 11,
  QC_DTYPE_UINT32 = 12,
  QC_DTYPE_UINT64 = 13,
};

/* One graph input or output. Shapes are static: the dense row-major buffer
 * of a tensor holds product(shape) elements of its type. */
typedef struct qc_tensor_desc {
  const char *name;      /* the ONNX graph's name for it */
  int32_t elem_type;     /* QC_DTYPE_* */
  int32_t rank;
  const int64_t *shape;  /* rank dimensions */
} qc_tensor_desc;

typedef struct qc_model_desc {
  int32_t abi_version;   /* QC_MODEL_ABI_VERSION the library was compiled for */
  int32_t num_inputs;
  int32_t num_outputs;
  const qc_tensor_desc *inputs;   /* in the ONNX graph's input order */
  const qc_tensor_desc *outputs;  /* in the ONNX graph's output order */
  const char *name;      /* the ONNX graph's name */
} qc_model_desc;

/* The model's inputs and outputs. Static data: valid as long as the library
 * is loaded. */
const qc_model_desc *qc_model_describe(void);

typedef struct qc_model qc_model;

/* A model instance; NULL if memory runs out. */
qc_model *qc_model_create(void);

/* Runs the model once. inputs[i] points to the dense buffer of input i,
 * outputs[i] to a caller-allocated buffer for output i (sizes from
 * qc_model_describe). Output buffers must not overlap inputs. Returns 0 on
 * success, non-zero if an argument is NULL. */
int qc_model_run(qc_model *model, const void *const *inputs, void *const *outputs);

void qc_model_destroy(qc_model *model);

/* What generated code defines and the runtime's model glue (model_api.c)
 * wraps; not for callers. */
extern const qc_model_desc qc_generated_model_desc;
void qc_generated_model_main(const void *const *inputs, void *const *outputs);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* QUANTC_RUNTIME_MODELAPI_H */
