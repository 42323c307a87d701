'use strict';
// Shared helpers for quantc's ONNX Runtime scripts (compare.js, run.js): session creation,
// NPY reading/writing, tensor metadata and a seeded PRNG, written once here.
//
// ONNX Runtime is the reference runtime quantc is checked against (DESIGN.md section 5); it is
// the npm package onnxruntime-node installed beside this file by utils/install-deps.sh.
//
// Errors meant for the user are thrown as UsageError; scripts print its message and exit with
// its code (2: bad usage, unreadable file, model that does not load or run).

const fs = require('fs');
const path = require('path');

class UsageError extends Error {
  constructor(message, code = 2) {
    super(message);
    this.code = code;
  }
}

let ortModule = null;
function ort() {
  if (!ortModule) {
    try {
      ortModule = require(path.join(__dirname, 'node_modules', 'onnxruntime-node'));
    } catch (e) {
      throw new UsageError(`cannot load onnxruntime-node from ${__dirname}/node_modules ` +
                           `(run utils/install-deps.sh): ${e.message}`);
    }
  }
  return ortModule;
}

// The graph optimization levels ONNX Runtime's SessionOptions accept.
const OPTIMIZATION_LEVELS = ['disabled', 'basic', 'extended', 'layout', 'all'];

// One intra-op and one inter-op thread: reproducible timings, and the machine has 2 cores.
// `options` adds to or overrides these session options, e.g. {graphOptimizationLevel: 'basic',
// optimizedModelFilePath: 'out.onnx'} to save the model as ONNX Runtime rewrote it.
async function createSession(modelPath, options = {}) {
  if (!fs.existsSync(modelPath)) throw new UsageError(`${modelPath}: no such file`);
  try {
    return await ort().InferenceSession.create(modelPath, {
      intraOpNumThreads: 1,
      interOpNumThreads: 1,
      executionMode: 'sequential',
      logSeverityLevel: 3,  // errors only
      ...options,
    });
  } catch (e) {
    throw new UsageError(`${modelPath}: ONNX Runtime cannot load it: ${e.message}`);
  }
}

async function runSession(session, modelPath, feeds) {
  try {
    return await session.run(feeds);
  } catch (e) {
    throw new UsageError(`${modelPath}: ONNX Runtime failed to run it: ${e.message}`);
  }
}

// Returns [{name, type, shape}] for a session's inputs or outputs ('input' | 'output').
// A symbolic dimension is a string, an unknown one is -1 or missing; shape is [] if unknown.
function valueMetadata(session, kind) {
  const names = kind === 'input' ? session.inputNames : session.outputNames;
  const meta = (kind === 'input' ? session.inputMetadata : session.outputMetadata) || [];
  return names.map((name, i) => {
    const m = meta[i] || {};
    if (m.isTensor === false) throw new UsageError(`${kind} "${name}" is not a tensor; unsupported`);
    return {name, type: m.type, shape: m.shape ? Array.from(m.shape) : []};
  });
}

// ---------------------------------------------------------------------------------------------
// NPY format 1.0 (also reads 2.0/3.0 headers): little-endian, C-order arrays of the types below.
// https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html

const NPY_MAGIC = Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]);  // "\x93NUMPY"

// NPY descr <-> ONNX Runtime tensor type <-> typed array.
const DTYPES = [
  {descr: '<f4', ort: 'float32', array: Float32Array},
  {descr: '<i8', ort: 'int64', array: BigInt64Array},
  {descr: '<i4', ort: 'int32', array: Int32Array},
  {descr: '|i1', ort: 'int8', array: Int8Array},
  {descr: '|u1', ort: 'uint8', array: Uint8Array},
];
const SUPPORTED = DTYPES.map((d) => d.descr).join(', ');

function dtypeByDescr(descr) {
  // One-byte types carry no byte order; numpy writes '|', accept '<' and '=' too.
  const canon = /^[<=|]([iu]1)$/.test(descr) ? '|' + descr.slice(1) : descr;
  return DTYPES.find((d) => d.descr === canon);
}

function dtypeByOrt(type) {
  return DTYPES.find((d) => d.ort === type);
}

// Parses the Python-literal header dict numpy writes, e.g.
// {'descr': '<f4', 'fortran_order': False, 'shape': (1, 3, 224, 224), }
function parseNpyHeader(header, file) {
  const descr = /'descr'\s*:\s*'([^']*)'/.exec(header);
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(header);
  const shape = /'shape'\s*:\s*\(([^)]*)\)/.exec(header);
  if (!descr || !fortran || !shape) throw new UsageError(`${file}: malformed NPY header: ${header.trim()}`);
  const dims = shape[1].split(',').map((s) => s.trim()).filter((s) => s !== '').map(Number);
  if (dims.some((d) => !Number.isInteger(d) || d < 0)) throw new UsageError(`${file}: bad NPY shape (${shape[1]})`);
  return {descr: descr[1], fortranOrder: fortran[1] === 'True', shape: dims};
}

// Returns {dtype, shape, data}; data is a fresh typed array (so alignment never matters).
function readNpy(file) {
  let buf;
  try {
    buf = fs.readFileSync(file);
  } catch (e) {
    throw new UsageError(`${file}: cannot read: ${e.message}`);
  }
  if (buf.length < 10 || !buf.subarray(0, 6).equals(NPY_MAGIC)) throw new UsageError(`${file}: not an NPY file`);
  const major = buf[6];
  let headerLen, headerStart;
  if (major === 1) {
    headerLen = buf.readUInt16LE(8);
    headerStart = 10;
  } else if (major === 2 || major === 3) {
    if (buf.length < 12) throw new UsageError(`${file}: truncated NPY header`);
    headerLen = buf.readUInt32LE(8);
    headerStart = 12;
  } else {
    throw new UsageError(`${file}: NPY format version ${major}.${buf[7]} unsupported`);
  }
  const dataStart = headerStart + headerLen;
  if (buf.length < dataStart) throw new UsageError(`${file}: truncated NPY header`);
  const header = parseNpyHeader(buf.toString('latin1', headerStart, dataStart), file);
  const dtype = dtypeByDescr(header.descr);
  if (!dtype) throw new UsageError(`${file}: dtype '${header.descr}' unsupported (supported: ${SUPPORTED})`);
  const count = header.shape.reduce((a, b) => a * b, 1);
  if (header.fortranOrder && header.shape.filter((d) => d > 1).length > 1) {
    throw new UsageError(`${file}: Fortran-order arrays unsupported; save with np.ascontiguousarray`);
  }
  const nbytes = count * dtype.array.BYTES_PER_ELEMENT;
  if (buf.length - dataStart !== nbytes) {
    throw new UsageError(`${file}: shape (${header.shape}) of ${header.descr} needs ${nbytes} data bytes, ` +
                         `file has ${buf.length - dataStart}`);
  }
  const data = new dtype.array(count);
  Buffer.from(data.buffer).set(buf.subarray(dataStart));
  return {dtype, shape: header.shape, data};
}

// Writes a typed array as NPY 1.0; type is an ONNX Runtime type name ('float32', ...).
function writeNpy(file, type, shape, data) {
  const dtype = dtypeByOrt(type);
  if (!dtype) throw new UsageError(`${file}: cannot write tensor type ${type} (supported: ` +
                                   `${DTYPES.map((d) => d.ort).join(', ')})`);
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  let header = `{'descr': '${dtype.descr}', 'fortran_order': False, 'shape': ${shapeText}, }`;
  // Pad with spaces and end with '\n' so the data starts at a multiple of 64, as numpy does.
  const total = Math.ceil((10 + header.length + 1) / 64) * 64;
  header = header.padEnd(total - 10 - 1, ' ') + '\n';
  const prefix = Buffer.alloc(10);
  NPY_MAGIC.copy(prefix, 0);
  prefix[6] = 1;
  prefix[7] = 0;
  prefix.writeUInt16LE(header.length, 8);
  const typed = data instanceof dtype.array ? data : dtype.array.from(data);
  const body = Buffer.from(typed.buffer, typed.byteOffset, typed.byteLength);
  fs.writeFileSync(file, Buffer.concat([prefix, Buffer.from(header, 'latin1'), body]));
}

// ---------------------------------------------------------------------------------------------

// mulberry32: a small, fast, seeded 32-bit PRNG; returns floats in [0, 1).
function makeRng(seed) {
  let a = seed >>> 0;
  return function next() {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Parses "1x3x224x224" into [1, 3, 224, 224].
function parseShape(text) {
  const dims = text.split('x').map((s) => Number(s));
  if (text === '' || dims.some((d) => !Number.isInteger(d) || d < 0)) {
    throw new UsageError(`bad shape "${text}" (expected e.g. 1x3x224x224)`);
  }
  return dims;
}

// Runs an async main(); prints a UsageError's message and exits with its code.
function runMain(main, usage) {
  main().then((code) => process.exit(code || 0), (e) => {
    if (e instanceof UsageError) {
      process.stderr.write(`error: ${e.message}\n`);
      if (usage && e.showUsage) process.stderr.write(usage);
      process.exit(e.code);
    }
    if (e && e.code && String(e.code).startsWith('ERR_PARSE_ARGS')) {  // from util.parseArgs
      process.stderr.write(`error: ${e.message}\n${usage || ''}`);
      process.exit(2);
    }
    process.stderr.write(`internal error: ${e && e.stack ? e.stack : e}\n`);
    process.exit(2);
  });
}

module.exports = {
  UsageError, ort, OPTIMIZATION_LEVELS, createSession, runSession, valueMetadata,
  readNpy, writeNpy, dtypeByOrt, DTYPES, makeRng, parseShape, runMain,
};
