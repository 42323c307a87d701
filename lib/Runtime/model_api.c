/*===- model_api.c - the C API of a compiled model (ModelAPI.h) ------------===*
 *
 * Generated code defines only the descriptor and the body of the model
 * (qc_generated_model_desc, qc_generated_model_main); this file gives them
 * the public API every model library exports. It is linked into each
 * model.so from the QuantcRuntime archive, so it stays minimal: no state
 * beyond the instance struct, no dependency but malloc.
 *
 * Nothing here references this object from generated code, so the linker
 * takes it from the archive only when asked: model libraries are linked with
 * -Wl,--undefined=qc_model_describe (docs/runtime.md, "Linking a model").
 *===----------------------------------------------------------------------===*/

#include "quantc/Runtime/ModelAPI.h"

#include <stdlib.h>

/* An instance holds nothing yet: generated code keeps no per-instance state
 * (scratch lives on the stack of each run). The struct exists so that state
 * can be added later without changing the API. */
struct qc_model {
  const qc_model_desc *desc;
};

const qc_model_desc *qc_model_describe(void) { return &qc_generated_model_desc; }

qc_model *qc_model_create(void) {
  qc_model *model = (qc_model *)malloc(sizeof(qc_model));
  if (model)
    model->desc = &qc_generated_model_desc;
  return model;
}

/* A NULL buffer would make the generated code fault far from the caller's
 * mistake; checking each one costs nothing next to a model run. */
static int any_buffer_null(const void *const *buffers, int32_t count) {
  for (int32_t i = 0; i < count; ++i)
    if (!buffers[i])
      return 1;
  return 0;
}

int qc_model_run(qc_model *model, const void *const *inputs, void *const *outputs) {
  if (!model)
    return 1;
  const qc_model_desc *desc = model->desc;
  if ((desc->num_inputs > 0 && !inputs) || (desc->num_outputs > 0 && !outputs))
    return 1;
  if ((inputs && any_buffer_null(inputs, desc->num_inputs)) ||
      (outputs && any_buffer_null((const void *const *)outputs, desc->num_outputs)))
    return 1;
  qc_generated_model_main(inputs, outputs);
  return 0;
}

void qc_model_destroy(qc_model *model) { free(model); }
