#!/usr/bin/env node
'use strict';
// Saves an ONNX model as ONNX Runtime's graph optimizer rewrites it for the CPU (one thread,
// lib.createSession), at one optimization level. Two uses:
//   --level basic  the pre-processing step of ONNX Runtime's static quantizer (quant_pre_process):
//                  constant folding, BatchNormalization folded into the Conv before it, Identity
//                  and Dropout removed; utils/models/quantize_qdq.py quantizes that model.
//   --level all    what ONNX Runtime actually executes (the default level): in a QDQ model, the
//                  DequantizeLinear -> op -> QuantizeLinear groups it fused into QLinearConv,
//                  QGemm, QLinearAdd, ...; utils/qdq/ort_fusion.py counts them.
//
// Usage: node utils/ort/optimize.js model.onnx --out optimized.onnx [--level basic]
//
// Exit status: 0 done, 2 on any error (usage, a model that does not load).

const fs = require('fs');
const {parseArgs} = require('util');
const lib = require('./lib');
const {UsageError} = lib;

const USAGE = `usage: node optimize.js model.onnx --out optimized.onnx [--level ${lib.OPTIMIZATION_LEVELS.join('|')}]\n`;

async function main() {
  const {values, positionals} = parseArgs({
    args: process.argv.slice(2),
    allowPositionals: true,
    options: {
      'out': {type: 'string'},
      'level': {type: 'string', default: 'basic'},
      'help': {type: 'boolean', short: 'h'},
    },
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (positionals.length !== 1) throw Object.assign(new UsageError('expected one model file'), {showUsage: true});
  if (!values.out) throw Object.assign(new UsageError('--out is required'), {showUsage: true});
  if (!lib.OPTIMIZATION_LEVELS.includes(values.level)) {
    throw new UsageError(`bad --level ${values.level} (expected one of ${lib.OPTIMIZATION_LEVELS.join(', ')})`);
  }
  // ONNX Runtime writes the file while it creates the session.
  const session = await lib.createSession(positionals[0], {
    graphOptimizationLevel: values.level,
    optimizedModelFilePath: values.out,
  });
  await session.release();
  if (!fs.existsSync(values.out)) throw new UsageError(`ONNX Runtime did not write ${values.out}`);
  console.log(`${positionals[0]} -> ${values.out} (optimization level ${values.level})`);
  return 0;
}

lib.runMain(main, USAGE);
