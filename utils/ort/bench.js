#!/usr/bin/env node
'use strict';
// Times one ONNX model in ONNX Runtime, one thread (lib.createSession), the way quantc-runner
// times a compiled model: W warm-up runs, then N timed runs, median and minimum printed as
//   latency: median X ms, min Y ms over N runs
//
// Usage: node utils/ort/bench.js model.onnx [--input name=file.npy]... [--runs N] [--warmup W]
//
// Inputs not given are seeded pseudo-random floats in [-1, 1) (float32 inputs with static
// shapes only). Exit status: 0 done, 2 on any error.

const {parseArgs} = require('util');
const lib = require('./lib');
const {UsageError} = lib;

const USAGE = 'usage: node bench.js model.onnx [--input name=file.npy]... [--runs N] [--warmup W]\n';

function positiveInteger(text, flag) {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new UsageError(`${flag} needs a positive integer, got "${text}"`);
  return value;
}

async function main() {
  const {values, positionals} = parseArgs({
    args: process.argv.slice(2),
    allowPositionals: true,
    options: {
      'input': {type: 'string', multiple: true},
      'runs': {type: 'string', default: '20'},
      'warmup': {type: 'string', default: '3'},
      'help': {type: 'boolean', short: 'h'},
    },
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (positionals.length !== 1) throw Object.assign(new UsageError('expected one model file'), {showUsage: true});
  const runs = positiveInteger(values.runs, '--runs');
  const warmup = positiveInteger(values.warmup, '--warmup');
  const files = new Map((values.input || []).map((spec) => {
    const eq = spec.indexOf('=');
    if (eq <= 0) throw new UsageError(`bad --input ${spec} (expected name=file.npy)`);
    return [spec.slice(0, eq), spec.slice(eq + 1)];
  }));

  const ort = lib.ort();
  const model = positionals[0];
  const session = await lib.createSession(model);
  const random = lib.makeRng(1);
  const feeds = {};
  for (const input of lib.valueMetadata(session, 'input')) {
    if (files.has(input.name)) {
      const array = lib.readNpy(files.get(input.name));
      feeds[input.name] = new ort.Tensor(array.dtype.ort, array.data, array.shape);
      continue;
    }
    if (input.type !== 'float32' || input.shape.some((d) => typeof d !== 'number' || d < 0)) {
      throw new UsageError(`input "${input.name}" (${input.type} [${input.shape}]) needs --input`);
    }
    const data = new Float32Array(input.shape.reduce((a, b) => a * b, 1));
    for (let i = 0; i < data.length; ++i) data[i] = random() * 2 - 1;
    feeds[input.name] = new ort.Tensor('float32', data, input.shape);
  }

  for (let i = 0; i < warmup; ++i) await lib.runSession(session, model, feeds);
  const times = [];
  for (let i = 0; i < runs; ++i) {
    const start = process.hrtime.bigint();
    await lib.runSession(session, model, feeds);
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  times.sort((a, b) => a - b);
  console.log(`latency: median ${times[Math.floor(runs / 2)].toFixed(3)} ms, ` +
              `min ${times[0].toFixed(3)} ms over ${runs} runs`);
  return 0;
}

lib.runMain(main, USAGE);
