#!/usr/bin/python3
"""Wraps an imported single-input, single-output model for mlir-runner.

mlir-runner calls a function without arguments, so this renames the model's
`@main` to `@model` and adds a `@main` that feeds it a constant input and
prints the output with printMemrefF32. Until quantc has its own driver
(`quantc compile` / `quantc run`), this is how a whole model lowered through
upstream MLIR is checked against ONNX Runtime (test/e2e/).

  wrap_for_runner.py MODEL.mlir --input X.npy -o OUT.mlir
  wrap_for_runner.py MODEL.mlir --fashion-mnist-test-image 0 --save-input X.npy -o OUT.mlir
  wrap_for_runner.py MODEL.mlir --random-input 0 --save-input X.npy -o OUT.mlir
"""
import argparse
import os
import re
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "models"))


def tensor_type(shape):
    return "tensor<" + "x".join(str(d) for d in shape) + "xf32>"


def shape_of(type_text):
    """The shape of a printed static f32 tensor type, e.g. tensor<1x3x8x8xf32>."""
    dims = type_text[len("tensor<"):-1].split("x")
    if dims[-1] != "f32":
        sys.exit(f"wrap_for_runner: {type_text} is not an f32 tensor")
    return [int(d) for d in dims[:-1]]


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("model")
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--input", help="input tensor as .npy (float32)")
    source.add_argument("--fashion-mnist-test-image", type=int,
                        help="use this image of the Fashion-MNIST test set (1x1x28x28)")
    source.add_argument("--random-input", type=int, metavar="SEED",
                        help="uniform [-1, 1) values of the model's input shape, seeded")
    parser.add_argument("--save-input", help="also write the input as .npy (for ONNX Runtime)")
    parser.add_argument("-o", "--output", required=True)
    args = parser.parse_args()

    ir = open(args.model).read()
    signature = re.search(r"func\.func @main\(%arg0: (tensor<[^>]*>)[^)]*\) -> \((tensor<[^>]*>)",
                          ir)
    if not signature or "%arg1:" in ir[signature.start():signature.end()]:
        sys.exit("wrap_for_runner: expected func.func @main with one tensor input and output")
    input_type, output_type = signature.group(1), signature.group(2)

    if args.input:
        x = np.load(args.input).astype(np.float32)
    elif args.random_input is not None:
        rng = np.random.default_rng(args.random_input)
        x = rng.uniform(-1.0, 1.0, shape_of(input_type)).astype(np.float32)
    else:
        import fashion_mnist
        images, _ = fashion_mnist.load("test")
        x = images[args.fashion_mnist_test_image:args.fashion_mnist_test_image + 1]
    if args.save_input:
        np.save(args.save_input, x)
    if input_type != tensor_type(x.shape):
        sys.exit(f"wrap_for_runner: the model takes {input_type}, the input is {tensor_type(x.shape)}")
    ir = ir.replace("func.func @main(", "func.func @model(", 1)

    values = ", ".join("%.9e" % v for v in x.reshape(-1))
    wrapper = f"""
  func.func private @printMemrefF32(tensor<*xf32>)
  func.func @main() {{
    %x = arith.constant dense<[{values}]> : tensor<{x.size}xf32>
    %shape = arith.constant dense<{list(x.shape)}> : tensor<{x.ndim}xi64>
    %input = tensor.reshape %x(%shape) : (tensor<{x.size}xf32>, tensor<{x.ndim}xi64>) -> {input_type}
    %y = call @model(%input) : ({input_type}) -> {output_type}
    %printable = tensor.cast %y : {output_type} to tensor<*xf32>
    call @printMemrefF32(%printable) : (tensor<*xf32>) -> ()
    return
  }}
"""
    # The module's closing brace comes before the resource section, if any.
    resources = ir.find("\n{-#")
    body_end = ir.rfind("\n}", 0, resources if resources >= 0 else len(ir))
    if body_end < 0:
        sys.exit("wrap_for_runner: cannot find the end of the module")
    with open(args.output, "w") as out:
        out.write(ir[:body_end] + "\n" + wrapper + ir[body_end:])


if __name__ == "__main__":
    main()
