/**
 * Dev benchmark: `node test/bench/byte-scanner.ts [FILE.csv] [--runs K]` (make FILE with
 * `npm run bench -- --keep`, which caches it under <tmpdir>/callsight-bench/).
 * Scans FILE (UTF-8, `;`) with ByteScanner — fs.readSync into one reused buffer of 64 KB or 1 MB,
 * each chunk pushed, a sink that only counts records and sums field counts — and with DelimitedScanner
 * (the same reads, decoded with a streaming TextDecoder, then pushed). Also times ByteScanner alone on
 * chunks already in memory. Prints the best of K runs (default 5) of each: wall time, and CPU time (user + system: steadier on a
 * busy machine, though it also counts GC threads); asserts nothing.
 * `--verify` first checks that both give the same records (fields, lines, raw text) on FILE.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ByteScanner } from '../../src/core/import/read/byte-scanner.ts';
import { DelimitedScanner } from '../support/reference-scanner.ts';

const args = process.argv.slice(2);
const runsAt = args.indexOf('--runs');
const runs = runsAt >= 0 ? Number(args[runsAt + 1]) : 5;
const verify = args.includes('--verify');
const file = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--runs') ?? path.join(os.tmpdir(), 'callsight-bench', 'calls-20261127-1000000.csv');
const size = fs.statSync(file).size;

interface Result {
  records: number;
  fields: number;
  broken: number;
  seconds: number;
  cpu: number;
}

function readChunks(chunkSize: number, onChunk: (chunk: Buffer) => void): void {
  const fd = fs.openSync(file, 'r');
  const buffer = Buffer.allocUnsafe(chunkSize);
  try {
    for (;;) {
      const n = fs.readSync(fd, buffer, 0, chunkSize, null);
      if (n === 0) break;
      onChunk(n === chunkSize ? buffer : buffer.subarray(0, n));
    }
  } finally {
    fs.closeSync(fd);
  }
}

function byteScan(chunkSize: number): Result {
  const r: Result = { records: 0, fields: 0, broken: 0, seconds: 0, cpu: 0 };
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const scanner = new ByteScanner(
    ';',
    (_f, _s, _e, count) => {
      r.records++;
      r.fields += count;
    },
    () => {
      r.broken++;
    },
  );
  readChunks(chunkSize, (chunk) => scanner.push(chunk));
  scanner.finish();
  r.seconds = (performance.now() - t0) / 1000;
  const c = process.cpuUsage(c0);
  r.cpu = (c.user + c.system) / 1e6;
  return r;
}

function byteScanInMemory(chunks: Buffer[]): Result {
  const r: Result = { records: 0, fields: 0, broken: 0, seconds: 0, cpu: 0 };
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const scanner = new ByteScanner(
    ';',
    (_f, _s, _e, count) => {
      r.records++;
      r.fields += count;
    },
    () => {
      r.broken++;
    },
  );
  for (const chunk of chunks) scanner.push(chunk);
  scanner.finish();
  r.seconds = (performance.now() - t0) / 1000;
  const c = process.cpuUsage(c0);
  r.cpu = (c.user + c.system) / 1e6;
  return r;
}

function textScan(chunkSize: number): Result {
  const r: Result = { records: 0, fields: 0, broken: 0, seconds: 0, cpu: 0 };
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const decoder = new TextDecoder('utf-8');
  const scanner = new DelimitedScanner(
    ';',
    (fields) => {
      r.records++;
      r.fields += fields.length;
    },
    () => {
      r.broken++;
    },
  );
  readChunks(chunkSize, (chunk) => scanner.push(decoder.decode(chunk, { stream: true })));
  const tail = decoder.decode();
  if (tail.length > 0) scanner.push(tail);
  scanner.finish();
  r.seconds = (performance.now() - t0) / 1000;
  const c = process.cpuUsage(c0);
  r.cpu = (c.user + c.system) / 1e6;
  return r;
}

function best(name: string, run: () => Result): Result {
  let top: Result | undefined;
  let cpu = Infinity;
  for (let i = 0; i < runs; i++) {
    const r = run();
    if (!top || r.seconds < top.seconds) top = r;
    cpu = Math.min(cpu, r.cpu);
  }
  const r = top!;
  console.log(
    `${name.padEnd(46)} ${r.seconds.toFixed(3)} s wall (${(size / 1e6 / r.seconds).toFixed(0).padStart(4)} MB/s), ${cpu.toFixed(3)} s CPU  records ${r.records}  fields ${r.fields}  broken ${r.broken}`,
  );
  return r;
}

/** Every record of both scanners, compared one by one (1 MB chunks for ByteScanner, 64 KB for the reference). */
function compare(): void {
  const expected: string[] = [];
  const decoder = new TextDecoder('utf-8');
  const text = new DelimitedScanner(
    ';',
    (fields, line, t, start, end) => {
      expected.push(JSON.stringify([line, fields, t.slice(start, end)]));
    },
    (line, raw, reason) => expected.push(JSON.stringify([line, raw, reason])),
  );
  readChunks(64 * 1024, (chunk) => text.push(decoder.decode(chunk, { stream: true })));
  text.push(decoder.decode());
  text.finish();
  let n = 0;
  let mismatches = 0;
  const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });
  const check = (got: string): void => {
    if (got !== expected[n] && mismatches++ < 5) console.log(`record ${n}: expected ${expected[n]}, got ${got}`);
    n++;
  };
  const bytes = new ByteScanner(
    ';',
    (fields, starts, ends, count, line, raw, rawStart, rawEnd) => {
      const values: string[] = [];
      for (let i = 0; i < count; i++) values.push(utf8.decode(fields.subarray(starts[i], ends[i])));
      check(JSON.stringify([line, values, utf8.decode(raw.subarray(rawStart, rawEnd))]));
    },
    (line, raw, reason) => check(JSON.stringify([line, raw, reason])),
  );
  readChunks(1024 * 1024, (chunk) => bytes.push(chunk));
  bytes.finish();
  if (n !== expected.length) mismatches++;
  console.log(`verify: ${n} of ${expected.length} records, ${mismatches === 0 ? 'all identical' : `${mismatches} MISMATCHES`}`);
}

console.log(`${file}: ${(size / 1e6).toFixed(1)} MB, best of ${runs}, ${os.cpus()[0]?.model ?? ''}, load ${os.loadavg()[0]!.toFixed(1)}`);
readChunks(1 << 20, () => {}); // warm the page cache
if (verify) compare();
for (const chunkSize of [64 * 1024, 1024 * 1024]) {
  const label = chunkSize === 65_536 ? '64 KB' : '1 MB';
  best(`ByteScanner, readSync ${label} chunks`, () => byteScan(chunkSize));
  const chunks: Buffer[] = [];
  readChunks(chunkSize, (chunk) => chunks.push(Buffer.from(chunk)));
  best(`ByteScanner, ${label} chunks already in memory`, () => byteScanInMemory(chunks));
  best(`DelimitedScanner, readSync ${label} + TextDecoder`, () => textScan(chunkSize));
}
