#!/usr/bin/env node
'use strict';
// Runs two ONNX models in ONNX Runtime on the same seeded pseudo-random inputs and compares
// their outputs. Use it to check that a model quantc rewrote (folded, requantized, ...) still
// computes what the original does, with ONNX Runtime as the judge.
//
// Usage: node utils/ort/compare.js A.onnx B.onnx [--seed N] [--rtol 1e-4] [--atol 1e-5]
//            [--samples K] [--range LO,HI] [--input-shape name=1x3x224x224 ...]
//
// B is the reference: an element passes if |a - b| <= atol + rtol * |b| (NaN only matches NaN).
// Inputs are taken from A's input metadata and fed to B by name (by position where the names
// differ). float inputs are uniform in [LO, HI) (default -1,1); int8/uint8 uniform over their
// whole range; int32/int64 zeros (they are usually indices or shapes). A symbolic dimension is
// 1 unless --input-shape gives the whole shape. Outputs are matched by name, else by position.
//
// Prints one line per output of A:
//   output <name>: max_abs_err=<x> max_rel_err=<y> elements=<n> mismatches=<m>
// Exit status: 0 all within tolerance, 1 some output differs, 2 usage or load/run error.

const {parseArgs} = require('util');
const lib = require('./lib');
const {UsageError} = lib;

const USAGE = `usage: node compare.js A.onnx B.onnx [--seed N] [--rtol 1e-4] [--atol 1e-5] [--samples K]
                  [--range LO,HI] [--input-shape name=1x3x224x224 ...]
`;

function numberOption(values, key, fallback, check) {
  if (values[key] === undefined) return fallback;
  const n = Number(values[key]);
  if (!Number.isFinite(n) || !check(n)) throw Object.assign(new UsageError(`bad --${key} ${values[key]}`), {showUsage: true});
  return n;
}

function parseCommandLine(argv) {
  const {values, positionals} = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      'seed': {type: 'string'},
      'rtol': {type: 'string'},
      'atol': {type: 'string'},
      'samples': {type: 'string'},
      'range': {type: 'string'},
      'input-shape': {type: 'string', multiple: true},
      'help': {type: 'boolean', short: 'h'},
    },
  });
  if (values.help) {
    process.stdout.write(USAGE);
    process.exit(0);
  }
  if (positionals.length !== 2) throw Object.assign(new UsageError('expected two model files'), {showUsage: true});
  const range = (values.range || '-1,1').split(',').map(Number);
  if (range.length !== 2 || !range.every(Number.isFinite) || !(range[0] < range[1])) {
    throw new UsageError(`bad --range ${values.range} (expected LO,HI with LO < HI)`);
  }
  const shapes = new Map();
  for (const spec of values['input-shape'] || []) {
    const eq = spec.lastIndexOf('=');
    if (eq <= 0) throw new UsageError(`bad --input-shape ${spec} (expected name=1x3x224x224)`);
    shapes.set(spec.slice(0, eq), lib.parseShape(spec.slice(eq + 1)));
  }
  return {
    modelA: positionals[0],
    modelB: positionals[1],
    seed: numberOption(values, 'seed', 0, Number.isInteger),
    rtol: numberOption(values, 'rtol', 1e-4, (n) => n >= 0),
    atol: numberOption(values, 'atol', 1e-5, (n) => n >= 0),
    samples: numberOption(values, 'samples', 1, (n) => Number.isInteger(n) && n >= 1),
    range,
    shapes,
  };
}

// The concrete shape to feed for one input.
function inputShape(input, shapes) {
  if (shapes.has(input.name)) return shapes.get(input.name);
  return input.shape.map((d) => {
    if (typeof d === 'number' && d >= 0) return d;
    process.stderr.write(`note: input "${input.name}": dimension ${d} set to 1 (use --input-shape to choose)\n`);
    return 1;
  });
}

function randomTensor(ort, input, shape, rng, range) {
  const count = shape.reduce((a, b) => a * b, 1);
  const [lo, hi] = range;
  let data;
  switch (input.type) {
    case 'float32': data = Float32Array.from({length: count}, () => lo + (hi - lo) * rng()); break;
    case 'float64': data = Float64Array.from({length: count}, () => lo + (hi - lo) * rng()); break;
    case 'int8': data = Int8Array.from({length: count}, () => Math.floor(rng() * 256) - 128); break;
    case 'uint8': data = Uint8Array.from({length: count}, () => Math.floor(rng() * 256)); break;
    case 'int32': data = new Int32Array(count); break;
    case 'int64': data = new BigInt64Array(count); break;
    case 'bool': data = new Uint8Array(count); break;
    default: throw new UsageError(`input "${input.name}": type ${input.type} unsupported`);
  }
  return new ort.Tensor(input.type, data, shape);
}

// Accumulates the error of one output over all samples.
class OutputStats {
  constructor(name) {
    Object.assign(this, {name, maxAbs: 0, maxRel: 0, elements: 0, mismatches: 0, problems: new Set()});
  }

  add(a, b, rtol, atol) {
    if (a.dims.join('x') !== b.dims.join('x')) {
      this.problems.add(`shape ${a.dims.join('x')} vs ${b.dims.join('x')}`);
      return;
    }
    if (a.type !== b.type) this.problems.add(`note: type ${a.type} vs ${b.type}`);
    const x = a.data, y = b.data;
    for (let i = 0; i < x.length; i++) {
      const u = Number(x[i]), v = Number(y[i]);
      let abs, rel;
      if (Number.isNaN(u) || Number.isNaN(v)) {
        abs = rel = Number.isNaN(u) && Number.isNaN(v) ? 0 : Infinity;
      } else if (u === v) {  // also equal infinities
        abs = rel = 0;
      } else {
        abs = Math.abs(u - v);
        rel = v === 0 ? Infinity : abs / Math.abs(v);
      }
      if (abs > this.maxAbs) this.maxAbs = abs;
      if (rel > this.maxRel) this.maxRel = rel;
      if (!(abs <= atol + rtol * Math.abs(v))) this.mismatches++;
    }
    this.elements += x.length;
  }

  get ok() {
    return this.mismatches === 0 && ![...this.problems].some((p) => !p.startsWith('note:'));
  }
}

function fmt(x) {
  return x === 0 ? '0' : Number.isFinite(x) ? x.toExponential(3) : String(x);
}

// Pairs each output of A with one of B: same name if B has it, else the same position.
function pairOutputs(sessionA, sessionB) {
  const namesB = new Set(sessionB.outputNames);
  return sessionA.outputNames.map((name, i) => [name, namesB.has(name) ? name : sessionB.outputNames[i]]);
}

async function main() {
  const opts = parseCommandLine(process.argv.slice(2));
  const ort = lib.ort();
  const sessionA = await lib.createSession(opts.modelA);
  const sessionB = await lib.createSession(opts.modelB);

  const inputsA = lib.valueMetadata(sessionA, 'input');
  const namesB = sessionB.inputNames;
  if (namesB.length !== inputsA.length) {
    throw new UsageError(`${opts.modelA} has ${inputsA.length} inputs, ${opts.modelB} has ${namesB.length}`);
  }
  const feedNamesB = inputsA.map((inp, i) => (namesB.includes(inp.name) ? inp.name : namesB[i]));
  for (const name of opts.shapes.keys()) {
    if (!inputsA.some((inp) => inp.name === name)) throw new UsageError(`--input-shape: ${opts.modelA} has no input "${name}"`);
  }
  const shapes = inputsA.map((inp) => inputShape(inp, opts.shapes));

  const pairs = pairOutputs(sessionA, sessionB);
  const stats = pairs.map(([name]) => new OutputStats(name));
  const countProblem = sessionA.outputNames.length !== sessionB.outputNames.length;

  const rng = lib.makeRng(opts.seed);
  for (let s = 0; s < opts.samples; s++) {
    const feedsA = {}, feedsB = {};
    inputsA.forEach((inp, i) => {
      const t = randomTensor(ort, inp, shapes[i], rng, opts.range);
      feedsA[inp.name] = t;
      feedsB[feedNamesB[i]] = t;
    });
    const outA = await lib.runSession(sessionA, opts.modelA, feedsA);
    const outB = await lib.runSession(sessionB, opts.modelB, feedsB);
    pairs.forEach(([nameA, nameB], i) => {
      if (nameB === undefined) stats[i].problems.add(`no matching output in ${opts.modelB}`);
      else stats[i].add(outA[nameA], outB[nameB], opts.rtol, opts.atol);
    });
  }

  for (const st of stats) {
    const extra = st.problems.size ? ` (${[...st.problems].join('; ')})` : '';
    console.log(`output ${st.name}: max_abs_err=${fmt(st.maxAbs)} max_rel_err=${fmt(st.maxRel)} ` +
                `elements=${st.elements} mismatches=${st.mismatches}${extra}`);
  }
  if (countProblem) {
    console.log(`outputs: ${opts.modelA} has ${sessionA.outputNames.length}, ${opts.modelB} has ${sessionB.outputNames.length}`);
  }
  const ok = !countProblem && stats.every((st) => st.ok);
  console.log(ok ? 'PASS' : `FAIL (rtol=${opts.rtol} atol=${opts.atol})`);
  return ok ? 0 : 1;
}

lib.runMain(main, USAGE);
