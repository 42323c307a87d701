//===- ConvShape.h - a convolution's shape for the runtime tests -*- C++ -*-===//
//
// Shared by the float and the int8 convolution tests.
//
//===----------------------------------------------------------------------===//

#ifndef QUANTC_TEST_RUNTIME_CONVSHAPE_H
#define QUANTC_TEST_RUNTIME_CONVSHAPE_H

#include "quantc/Runtime/KernelABI.h"

#include <cstdint>
#include <sstream>
#include <string>

// A convolution as ONNX states it: all four pads, outputs derived from them.
struct ConvShape {
  int64_t batch, inChannels, height, width, outChannels, groups;
  int64_t kernelH, kernelW;
  int64_t strideH = 1, strideW = 1, dilationH = 1, dilationW = 1;
  int64_t padTop = 0, padLeft = 0, padBottom = 0, padRight = 0;

  qc_conv2d_desc desc() const {
    qc_conv2d_desc d = {};
    d.batch = batch;
    d.in_channels = inChannels;
    d.in_height = height;
    d.in_width = width;
    d.out_channels = outChannels;
    d.out_height = (height + padTop + padBottom - dilationH * (kernelH - 1) - 1) / strideH + 1;
    d.out_width = (width + padLeft + padRight - dilationW * (kernelW - 1) - 1) / strideW + 1;
    d.groups = groups;
    d.kernel_height = kernelH;
    d.kernel_width = kernelW;
    d.stride_h = strideH;
    d.stride_w = strideW;
    d.dilation_h = dilationH;
    d.dilation_w = dilationW;
    d.pad_top = padTop;
    d.pad_left = padLeft;
    return d;
  }

  std::string describe() const {
    std::ostringstream s;
    s << "N" << batch << " C" << inChannels << " " << height << "x" << width << " -> "
      << outChannels << " g" << groups << " k" << kernelH << "x" << kernelW << " s" << strideH
      << "x" << strideW << " d" << dilationH << "x" << dilationW << " p" << padTop << ","
      << padLeft << "," << padBottom << "," << padRight;
    return s.str();
  }
};

#endif // QUANTC_TEST_RUNTIME_CONVSHAPE_H
