#!/usr/bin/env node
'use strict';
// Runs one ONNX model in ONNX Runtime on inputs read from NPY files and writes every output as
// an NPY file. Use it to get ONNX Runtime's answer for inputs made in numpy (real images, a
// calibration batch, a test case) and compare it with quantc's or torch's.
//
// Usage: node utils/ort/run.js model.onnx --input name=file.npy [--input ...] --output-dir D
//            [--each-sample] [--optimization disabled|basic|extended|layout|all]
//
// Every model input must be given; its NPY dtype must be the input's type and its shape must
// match the model's (symbolic dimensions match anything). Writes D/<output name>.npy, with
// characters other than [A-Za-z0-9._-] in the name replaced by '_', and prints one line each.
//
// --each-sample: every NPY file holds N samples stacked on a new leading axis (shape [N, ...the
// input's shape]); the model runs once per sample and each output file holds the N results
// stacked the same way. This feeds a batch-1 model a calibration set in one process
// (utils/models/quantize_qdq.py). --optimization: ONNX Runtime's graph optimization level
// (default all, as ONNX Runtime's own default).
// NPY files: format 1.0 (2.0/3.0 read too), little-endian, C order; float32, int64, int32, int8,
// uint8. Exit status: 0 done, 2 on any error (usage, bad file, model that does not load or run).

const fs = require('fs');
const path = require('path');
const {parseArgs} = require('util');
const lib = require('./lib');
const {UsageError} = lib;

const USAGE = 'usage: node run.js model.onnx --input name=file.npy [--input ...] --output-dir D\n' +
              `                 [--each-sample] [--optimization ${lib.OPTIMIZATION_LEVELS.join('|')}]\n`;

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
      'each-sample': {type: 'boolean', default: false},
      'optimization': {type: 'string', default: 'all'},
      'help': {type: 'boolean', short: 'h'},
    },
  });
  if (values.help) {
    process.stdout.write(USAGE);
    process.exit(0);
  }
  if (positionals.length !== 1) throw usageError('expected one model file');
  if (!values['output-dir']) throw usageError('--output-dir is required');
  if (!lib.OPTIMIZATION_LEVELS.includes(values.optimization)) {
    throw usageError(`bad --optimization ${values.optimization} (expected one of ${lib.OPTIMIZATION_LEVELS.join(', ')})`);
  }
  const inputs = new Map();
  for (const spec of values.input || []) {
    const eq = spec.indexOf('=');
    if (eq <= 0 || eq === spec.length - 1) throw usageError(`bad --input ${spec} (expected name=file.npy)`);
    const name = spec.slice(0, eq);
    if (inputs.has(name)) throw usageError(`input "${name}" given twice`);
    inputs.set(name, spec.slice(eq + 1));
  }
  return {
    model: positionals[0],
    inputs,
    outputDir: values['output-dir'],
    eachSample: values['each-sample'],
    optimization: values.optimization,
  };
}

function shapeMatches(modelShape, shape) {
  if (modelShape.length === 0) return true;  // unknown (or scalar: ORT checks it anyway)
  return modelShape.length === shape.length &&
         modelShape.every((d, i) => typeof d !== 'number' || d < 0 || d === shape[i]);
}

// Reads every input's NPY file and checks it against the model: returns
// [{name, type, shape, data, samples}], samples being 1 unless eachSample (then shape and data
// are those of all samples).
function readInputs(session, opts) {
  const inputs = lib.valueMetadata(session, 'input').map((input) => {
    const file = opts.inputs.get(input.name);
    if (file === undefined) throw usageError(`model input "${input.name}" not given (--input ${input.name}=file.npy)`);
    const array = lib.readNpy(file);
    if (array.dtype.ort !== input.type) {
      throw new UsageError(`${file}: dtype ${array.dtype.ort}, but input "${input.name}" is ${input.type}`);
    }
    const sampleShape = opts.eachSample ? array.shape.slice(1) : array.shape;
    if ((opts.eachSample && array.shape.length === 0) || !shapeMatches(input.shape, sampleShape)) {
      const wanted = opts.eachSample ? `[N,${input.shape}] (--each-sample)` : `[${input.shape}]`;
      throw new UsageError(`${file}: shape [${array.shape}], but input "${input.name}" needs ${wanted}`);
    }
    return {name: input.name, type: input.type, sampleShape, data: array.data,
            samples: opts.eachSample ? array.shape[0] : 1};
  });
  for (const name of opts.inputs.keys()) {
    if (!inputs.some((input) => input.name === name)) {
      throw new UsageError(`${opts.model} has no input "${name}" (inputs: ${session.inputNames.join(', ')})`);
    }
  }
  if (inputs.some((input) => input.samples !== inputs[0].samples)) {
    throw new UsageError(`--each-sample: the inputs hold different numbers of samples (${inputs.map((i) => i.samples).join(', ')})`);
  }
  return inputs;
}

async function main() {
  const opts = parseCommandLine(process.argv.slice(2));
  const ort = lib.ort();
  const session = await lib.createSession(opts.model, {graphOptimizationLevel: opts.optimization});
  const inputs = readInputs(session, opts);
  const samples = inputs.length ? inputs[0].samples : 1;

  // outputs[name] collects the per-sample results: {type, dims, parts: [typed array]}.
  const outputs = {};
  for (let s = 0; s < samples; s++) {
    const feeds = {};
    for (const input of inputs) {
      const size = input.data.length / samples;
      feeds[input.name] = new ort.Tensor(input.type, input.data.subarray(s * size, (s + 1) * size), input.sampleShape);
    }
    const results = await lib.runSession(session, opts.model, feeds);
    for (const name of session.outputNames) {
      const t = results[name];
      if (!outputs[name]) outputs[name] = {type: t.type, dims: t.dims, parts: []};
      if (t.dims.join('x') !== outputs[name].dims.join('x')) {
        throw new UsageError(`output "${name}": sample ${s} has shape [${t.dims}], sample 0 [${outputs[name].dims}]`);
      }
      outputs[name].parts.push(t.data);
    }
  }

  fs.mkdirSync(opts.outputDir, {recursive: true});
  for (const name of session.outputNames) {
    const {type, parts} = outputs[name];
    const dims = opts.eachSample ? [samples, ...outputs[name].dims] : outputs[name].dims;
    const data = new parts[0].constructor(parts.reduce((n, part) => n + part.length, 0));
    parts.reduce((offset, part) => (data.set(part, offset), offset + part.length), 0);
    const file = path.join(opts.outputDir, name.replace(/[^A-Za-z0-9._-]/g, '_') + '.npy');
    lib.writeNpy(file, type, dims, data);
    console.log(`output ${name}: ${type}[${dims.join(',')}] -> ${file}`);
  }
  return 0;
}

lib.runMain(main, USAGE);
