"""Writes a small ORT-style QDQ model and an input for it.

Q/DQ around a Conv + Relu (uint8 activations, int8 weights per output channel,
int32 bias at s_x * s_w), a MaxPool and a Flatten on the codes, and a Gemm
(transB, per-tensor int8 weights, int32 bias): the node groups ONNX Runtime's
QDQ transformer fuses into QLinearConv and QLinearMatMul-style kernels, and
quantc's qc-convert-to-integer into integer ops. Weights stay in 7 bits, as
ONNX Runtime's quantizer makes them with reduce_range: its uint8 x int8
kernels without VNNI add products in pairs saturated to int16, which 8-bit
weights overflow.

usage: make_qdq_conv_gemm.py OUT_DIR   (writes model.onnx and x.npy)
"""

import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

rng = np.random.default_rng(4)
out = sys.argv[1]

s_x, z_x = np.float32(0.04), np.uint8(120)
s_c, z_c = np.float32(0.05), np.uint8(0)
s_y, z_y = np.float32(0.1), np.uint8(128)
conv_w = rng.integers(-63, 64, size=(4, 3, 3, 3)).astype(np.int8)
conv_ws = np.array([0.004, 0.002, 0.003, 0.0015], dtype=np.float32)
conv_b = rng.integers(-400, 400, size=4).astype(np.int32)
gemm_w = rng.integers(-63, 64, size=(5, 16)).astype(np.int8)
gemm_ws = np.float32(0.03)
gemm_b = rng.integers(-300, 300, size=5).astype(np.int32)

inits = [
    numpy_helper.from_array(np.array(s_x), "s_x"), numpy_helper.from_array(np.array(z_x), "z_x"),
    numpy_helper.from_array(np.array(s_c), "s_c"), numpy_helper.from_array(np.array(z_c), "z_c"),
    numpy_helper.from_array(np.array(s_y), "s_y"), numpy_helper.from_array(np.array(z_y), "z_y"),
    numpy_helper.from_array(conv_w, "conv_w"), numpy_helper.from_array(conv_ws, "conv_ws"),
    numpy_helper.from_array(np.zeros(4, np.int8), "conv_wz"),
    numpy_helper.from_array(conv_b, "conv_b"), numpy_helper.from_array(s_x * conv_ws, "conv_bs"),
    numpy_helper.from_array(gemm_w, "gemm_w"), numpy_helper.from_array(np.array(gemm_ws), "gemm_ws"),
    numpy_helper.from_array(gemm_b, "gemm_b"),
    numpy_helper.from_array(np.array(s_c * gemm_ws, dtype=np.float32), "gemm_bs"),
]
nodes = [
    helper.make_node("QuantizeLinear", ["x", "s_x", "z_x"], ["xq"], name="x_q"),
    helper.make_node("DequantizeLinear", ["xq", "s_x", "z_x"], ["xd"], name="x_dq"),
    helper.make_node("DequantizeLinear", ["conv_w", "conv_ws", "conv_wz"], ["wd"], name="w_dq", axis=0),
    helper.make_node("DequantizeLinear", ["conv_b", "conv_bs"], ["bd"], name="b_dq", axis=0),
    helper.make_node("Conv", ["xd", "wd", "bd"], ["c"], name="conv", pads=[1, 1, 1, 1]),
    helper.make_node("Relu", ["c"], ["r"], name="relu"),
    helper.make_node("QuantizeLinear", ["r", "s_c", "z_c"], ["rq"], name="relu_q"),
    helper.make_node("DequantizeLinear", ["rq", "s_c", "z_c"], ["rd"], name="relu_dq"),
    helper.make_node("MaxPool", ["rd"], ["p"], name="pool", kernel_shape=[2, 2], strides=[2, 2]),
    helper.make_node("QuantizeLinear", ["p", "s_c", "z_c"], ["pq"], name="pool_q"),
    helper.make_node("DequantizeLinear", ["pq", "s_c", "z_c"], ["pd"], name="pool_dq"),
    helper.make_node("Flatten", ["pd"], ["f"], name="flatten"),
    helper.make_node("QuantizeLinear", ["f", "s_c", "z_c"], ["fq"], name="flatten_q"),
    helper.make_node("DequantizeLinear", ["fq", "s_c", "z_c"], ["fd"], name="flatten_dq"),
    helper.make_node("DequantizeLinear", ["gemm_w", "gemm_ws"], ["gwd"], name="gemm_w_dq"),
    helper.make_node("DequantizeLinear", ["gemm_b", "gemm_bs"], ["gbd"], name="gemm_b_dq"),
    helper.make_node("Gemm", ["fd", "gwd", "gbd"], ["g"], name="gemm", transB=1),
    helper.make_node("QuantizeLinear", ["g", "s_y", "z_y"], ["gq"], name="gemm_q"),
    helper.make_node("DequantizeLinear", ["gq", "s_y", "z_y"], ["y"], name="y_dq"),
]
graph = helper.make_graph(
    nodes, "qdq_conv_gemm",
    [helper.make_tensor_value_info("x", TensorProto.FLOAT, [8, 3, 4, 4])],
    [helper.make_tensor_value_info("y", TensorProto.FLOAT, [8, 5])], inits)
model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
model.ir_version = 8
onnx.checker.check_model(model)
onnx.save(model, f"{out}/model.onnx")
np.save(f"{out}/x.npy", rng.uniform(-4.0, 5.0, size=(8, 3, 4, 4)).astype(np.float32))
