#!/usr/bin/env node
'use strict';
// Runs one ONNX model in ONNX Runtime on inputs read from NPY files and writes every output as
// an NPY file. Use it to get ONNX Runtime's answer for inputs made in numpy (real images, a
// calibration batch, a test case) and compare it with quantc's or torch's.
//
// Usage: node utils/ort/run.js model.onnx --input name=file.npy [--input ...] --output-dir D
//
// Every model input must be given; its NPY dtype must be the input's type and its shape must
// match the model's (symbolic dimensions match anything). Writes D/<output name>.npy, with
// characters other than [A-Za-z0-9._-] in the name replaced by '_', and prints one line each.
// NPY files: format 1.0 (2.0/3.0 read too), little-endian, C order; float32, int64, int32, int8,
// uint8. Exit status: 0 done, 2 on any error (usage, bad file, model that does not load or run).

const fs = require('fs');
const path = require('path');
const {parseArgs} = require('util');
const lib = require('./lib');
const {UsageError} = lib;

const USAGE = 'usage: node run.js model.onnx --input name=file.npy [--input ...] --output-dir D\n';

function usageError(message) {
  return Object.assign(new UsageError(message), {showUsage: true});
}

function parseCommandLine(argv) {
  const {values, positionals} = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      'input': {type: 'string', multiple: true},
      'output-dir': {type: 'string'},
      'help': {type: 'boolean', short: 'h'},
    },
  });
  if (values.help) {
    process.stdout.write(USAGE);
    process.exit(0);
  }
  if (positionals.length !== 1) throw usageError('expected one model file');
  if (!values['output-dir']) throw usageError('--output-dir is required');
  const inputs = new Map();
  for (const spec of values.input || []) {
    const eq = spec.indexOf('=');
    if (eq <= 0 || eq === spec.length - 1) throw usageError(`bad --input ${spec} (expected name=file.npy)`);
    const name = spec.slice(0, eq);
    if (inputs.has(name)) throw usageError(`input "${name}" given twice`);
    inputs.set(name, spec.slice(eq + 1));
  }
  return {model: positionals[0], inputs, outputDir: values['output-dir']};
}

function shapeMatches(modelShape, shape) {
  if (modelShape.length === 0) return true;  // unknown (or scalar: ORT checks it anyway)
  return modelShape.length === shape.length &&
         modelShape.every((d, i) => typeof d !== 'number' || d < 0 || d === shape[i]);
}

async function main() {
  const opts = parseCommandLine(process.argv.slice(2));
  const ort = lib.ort();
  const session = await lib.createSession(opts.model);

  const feeds = {};
  for (const input of lib.valueMetadata(session, 'input')) {
    const file = opts.inputs.get(input.name);
    if (file === undefined) throw usageError(`model input "${input.name}" not given (--input ${input.name}=file.npy)`);
    const array = lib.readNpy(file);
    if (array.dtype.ort !== input.type) {
      throw new UsageError(`${file}: dtype ${array.dtype.ort}, but input "${input.name}" is ${input.type}`);
    }
    if (!shapeMatches(input.shape, array.shape)) {
      throw new UsageError(`${file}: shape [${array.shape}], but input "${input.name}" is [${input.shape}]`);
    }
    feeds[input.name] = new ort.Tensor(input.type, array.data, array.shape);
  }
  for (const name of opts.inputs.keys()) {
    if (!(name in feeds)) throw new UsageError(`${opts.model} has no input "${name}" (inputs: ${session.inputNames.join(', ')})`);
  }

  const results = await lib.runSession(session, opts.model, feeds);
  fs.mkdirSync(opts.outputDir, {recursive: true});
  for (const name of session.outputNames) {
    const t = results[name];
    const file = path.join(opts.outputDir, name.replace(/[^A-Za-z0-9._-]/g, '_') + '.npy');
    lib.writeNpy(file, t.type, t.dims, t.data);
    console.log(`output ${name}: ${t.type}[${t.dims.join(',')}] -> ${file}`);
  }
  return 0;
}

lib.runMain(main, USAGE);
