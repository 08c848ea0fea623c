import { describe, expect, it } from 'vitest';
import { ByteScanner } from '../../../src/core/import/read/byte-scanner.ts';
import { createRng, type Rng } from '../../fixtures/prng.ts';

/**
 * The record size limit, fuzzed against records the test wrote itself (so the expected records need no
 * parser: each is known with its cells, its start line and its size). The contract (issue 7):
 * - a record whose raw text (quotes, doubled quotes and inner line breaks included, its line end not)
 *   is within the limit comes out as that one record, fields unescaped, on its start line;
 * - a record over the limit is ONE rejected record, at its start line, with a reason; scanning resumes
 *   after that record's end (its closing quote and line end), and the records after it come out as
 *   usual with their own line numbers;
 * - a record is never split into records, whatever its size and wherever the chunks are cut.
 * The size compared with the limit is the record's raw bytes without its line end: a record of exactly
 * maxRecordBytes bytes is accepted, one byte more is rejected ("Longest record we accept").
 *
 * The limit is the ByteScanner constructor's maxRecordBytes, set low here so thousands of cases run in
 * a second; the 16 MB default is exercised on a real file in test/integration/import-oracle-large.test.ts.
 */

interface Expected {
  readonly line: number;
  readonly fields: readonly string[];
  readonly raw: string;
  readonly bytes: number;
}
interface Got {
  records: { line: number; fields: string[] }[];
  broken: { line: number; raw: string; reason: string }[];
  lastLine: number;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { ignoreBOM: true });

/** A cell's value: letters, quotes, delimiters and line breaks (the file's own line end) anywhere. */
function value(rng: Rng, delimiter: string, eol: string, size: number): string {
  const parts: string[] = [];
  for (let n = 0; n < size; n++) {
    parts.push(
      rng.weighted<string>([
        ['a', 4],
        ['Я', 2],
        ['😀', 1],
        [' ', 1],
        ['"', 2],
        [delimiter, 1],
        [eol, 1.5],
        ['z', 2],
      ]),
    );
  }
  return parts.join('');
}

const needsQuotes = (v: string, delimiter: string): boolean => /["\r\n]/.test(v) || v.includes(delimiter);
const quoteCell = (v: string): string => `"${v.replace(/"/g, '""')}"`;

/** A random file of records around `limit` bytes; returns its text and the records it holds. */
function randomFile(rng: Rng, delimiter: string, eol: '\n' | '\r\n', limit: number): { text: string; records: Expected[]; lines: number } {
  const records: Expected[] = [];
  const parts: string[] = [];
  let line = 1;
  const count = rng.int(1, 8);
  for (let r = 0; r < count; r++) {
    while (rng.chance(0.15)) {
      parts.push(eol);
      line++;
    }
    // Aim at a size: well under, around, or well over the limit.
    const aim = rng.weighted<() => number>([
      [() => rng.int(1, Math.max(1, limit >> 2)), 3],
      [() => limit + rng.int(-6, 6), 3],
      [() => rng.int(limit, 4 * limit), 2],
    ])();
    const width = rng.int(1, 4);
    const fields: string[] = [];
    for (let f = 0; f < width; f++) fields.push(value(rng, delimiter, eol, Math.max(0, Math.round(aim / width / 2.2) + rng.int(-3, 3))));
    // Always quote a field that holds a special character; sometimes quote a plain one too.
    const cells = fields.map((v) => (needsQuotes(v, delimiter) || rng.chance(0.2) ? quoteCell(v) : v));
    let raw = cells.join(delimiter);
    if (raw === '') {
      fields[0] = 'e';
      raw = 'e';
    } // an empty line is a blank line, not a record
    // Pad to an exact byte size sometimes, inside the last field, so sizes hit the limit itself.
    const bytes = encoder.encode(raw).length;
    if (rng.chance(0.5) && bytes < aim) {
      const pad = 'p'.repeat(aim - bytes);
      fields[width - 1] = fields[width - 1] + pad;
      cells[width - 1] = cells[width - 1]!.startsWith('"') ? quoteCell(fields[width - 1]!) : fields[width - 1]!;
      raw = cells.join(delimiter);
    }
    records.push({ line, fields, raw, bytes: encoder.encode(raw).length });
    parts.push(raw);
    line += raw.match(eol === '\n' ? /\n/g : /\r\n/g)?.length ?? 0;
    if (r < count - 1 || rng.chance(0.7)) {
      parts.push(eol);
      line++;
    }
  }
  // (currentLine after a last record without a line end is not part of this contract: not checked then.)
  return { text: parts.join(''), records, lines: parts[parts.length - 1] === eol ? line : -1 };
}

function scan(bytes: Uint8Array, cuts: readonly number[], delimiter: string, limit: number): Got {
  const got: Got = { records: [], broken: [], lastLine: 0 };
  const scanner = new ByteScanner(
    delimiter,
    (fields, starts, ends, count, line) => {
      const values: string[] = [];
      for (let i = 0; i < count; i++) values.push(decoder.decode(fields.subarray(starts[i], ends[i])));
      got.records.push({ line, fields: values });
    },
    (line, raw, reason) => got.broken.push({ line, raw, reason }),
    limit,
  );
  let at = 0;
  for (const cut of [...cuts, bytes.length]) {
    scanner.push(bytes.slice(at, cut));
    at = cut;
  }
  scanner.finish();
  got.lastLine = scanner.currentLine;
  return got;
}

/** Merges records and rejections by line and checks them against the written records. */
function check(expected: readonly Expected[], got: Got, limit: number): string | null {
  const out = [
    ...got.records.map((r) => ({ line: r.line, record: r, broken: null as Got['broken'][number] | null })),
    ...got.broken.map((b) => ({ line: b.line, record: null, broken: b })),
  ].sort((a, b) => a.line - b.line);
  if (out.length !== expected.length) return `expected ${expected.length} records or rejections, got ${out.length}`;
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i]!;
    const o = out[i]!;
    if (o.line !== e.line) return `record ${i}: expected line ${e.line}, got ${o.line}`;
    const mustImport = e.bytes <= limit;
    const mustReject = e.bytes > limit;
    if (o.record) {
      if (mustReject) return `record ${i} (line ${e.line}, ${e.bytes} bytes > limit ${limit}) was imported`;
      if (JSON.stringify(o.record.fields) !== JSON.stringify(e.fields))
        return `record ${i} (line ${e.line}): fields ${JSON.stringify(o.record.fields)}, expected ${JSON.stringify(e.fields)}`;
    } else {
      if (mustImport) return `record ${i} (line ${e.line}, ${e.bytes} bytes <= limit ${limit}) was rejected: ${o.broken.reason}`;
      if (o.broken.reason.trim() === '') return `record ${i}: rejected without a reason`;
      if (!e.raw.startsWith(o.broken.raw.slice(0, 40)))
        return `record ${i}: rejected raw ${JSON.stringify(o.broken.raw.slice(0, 40))} is not the record's start`;
    }
  }
  return null;
}

function randomCuts(rng: Rng, length: number, limit: number): number[] {
  const cuts: number[] = [];
  const step = rng.pick([1, 3, 7, limit >> 1, limit, 2 * limit, 1 << 20]);
  for (let at = rng.int(1, step); at < length; at += rng.int(1, step)) cuts.push(at);
  return cuts;
}

describe('ByteScanner record limit (fuzz against records the test wrote)', () => {
  it('the oracle itself: with the limit out of reach, every written record comes out as written, on its line', () => {
    const rng = createRng(4180);
    for (let n = 0; n < 1500; n++) {
      const delimiter = rng.pick([';', ',', '\t']);
      const eol = rng.pick(['\n', '\r\n'] as const);
      const limit = rng.int(8, 200);
      const file = randomFile(rng, delimiter, eol, limit);
      const bytes = encoder.encode(file.text);
      const cuts = randomCuts(rng, bytes.length, limit);
      const got = scan(bytes, cuts, delimiter, 1 << 30);
      const problem =
        check(file.records, got, 1 << 30) ?? (file.lines < 0 || got.lastLine === file.lines ? null : `last line ${got.lastLine}, expected ${file.lines}`);
      if (problem !== null) {
        expect({ case: n, delimiter, eol, text: file.text, cuts, problem }).toEqual({ case: n, delimiter, eol, text: file.text, cuts, problem: null });
      }
    }
  });

  it('records within the limit come out whole, records over it are one rejection each, the scan resumes after them', () => {
    const rng = createRng(16_777_216);
    let over = 0,
      within = 0;
    for (let n = 0; n < 2500; n++) {
      const delimiter = rng.pick([';', ',', '\t']);
      const eol = rng.pick(['\n', '\r\n'] as const);
      const limit = rng.int(8, 200);
      const file = randomFile(rng, delimiter, eol, limit);
      const bytes = encoder.encode(file.text);
      const cuts = randomCuts(rng, bytes.length, limit);
      const got = scan(bytes, cuts, delimiter, limit);
      const problem =
        check(file.records, got, limit) ?? (file.lines < 0 || got.lastLine === file.lines ? null : `last line ${got.lastLine}, expected ${file.lines}`);
      if (problem !== null) {
        expect({ case: n, limit, delimiter, eol, text: file.text, cuts, problem }).toEqual({
          case: n,
          limit,
          delimiter,
          eol,
          text: file.text,
          cuts,
          problem: null,
        });
      }
      over += file.records.filter((r) => r.bytes > limit + 2).length;
      within += file.records.filter((r) => r.bytes <= limit - 2).length;
    }
    expect(over).toBeGreaterThan(1000);
    expect(within).toBeGreaterThan(1000);
  });

  it('exactly at the limit: maxRecordBytes bytes are one record, one byte more one rejection, in any chunks', () => {
    for (const eol of ['\n', '\r\n']) {
      for (const limit of [16, 17, 64, 100]) {
        // `1;"…"`: a quoted cell with a doubled quote and a line break, padded to the exact size.
        const record = (bytes: number): { raw: string; cell: string } => {
          const cell = `a""${eol}b`.padEnd(bytes - 4, 'p');
          return { raw: `1;"${cell}"`, cell: cell.replace(/""/g, '"') };
        };
        for (const size of [limit - 1, limit, limit + 1]) {
          const { raw, cell } = record(size);
          expect(encoder.encode(raw).length).toBe(size);
          const text = `h;c${eol}${raw}${eol}2;ok${eol}`;
          const bytes = encoder.encode(text);
          for (const cuts of [[], Array.from({ length: bytes.length - 1 }, (_, i) => i + 1), [size >> 1], [3 + eol.length + size - 1]]) {
            const got = scan(bytes, cuts, ';', limit);
            const label = { eol, limit, size, cuts: cuts.length };
            if (size <= limit) {
              expect({ ...label, records: got.records, broken: got.broken }).toEqual({
                ...label,
                records: [
                  { line: 1, fields: ['h', 'c'] },
                  { line: 2, fields: ['1', cell] },
                  { line: 4, fields: ['2', 'ok'] },
                ],
                broken: [],
              });
            } else {
              expect({ ...label, records: got.records, broken: got.broken.map((b) => b.line) }).toEqual({
                ...label,
                records: [
                  { line: 1, fields: ['h', 'c'] },
                  { line: 4, fields: ['2', 'ok'] },
                ],
                broken: [2],
              });
            }
          }
        }
      }
    }
  });

  it('the same record comes out the same whether it arrives in one chunk or byte by byte', () => {
    // An over-limit record that fits one chunk must be rejected as one that spans chunks is.
    const limit = 32;
    const big = `1;"${'a""\n'.repeat(20)}"`;
    const text = `h;c\n${big}\n2;ok\n`;
    const bytes = encoder.encode(text);
    const whole = scan(bytes, [], ';', limit);
    const bytewise = scan(
      bytes,
      Array.from({ length: bytes.length - 1 }, (_, i) => i + 1),
      ';',
      limit,
    );
    for (const got of [whole, bytewise]) {
      expect(got.records).toEqual([
        { line: 1, fields: ['h', 'c'] },
        { line: 23, fields: ['2', 'ok'] },
      ]);
      expect(got.broken.map((b) => b.line)).toEqual([2]);
      expect(got.lastLine).toBe(24);
    }
  });

  it('a quoted cell over the limit with doubled quotes and line breaks is one rejection, not records', () => {
    // The shape of the 17 MB case of issue 7, at a small limit: Python's csv reads 5 records here.
    const limit = 1000;
    const cell = 'он сказал ""нет""\nи ""да"";x\n'.repeat(60);
    const text = `id;note\n1;first\n2;"${cell}"\n3;third\n4;"fourth ""q"""\n`;
    const bytes = encoder.encode(text);
    for (const step of [1 << 20, 4096, 1000, 999, 64, 7]) {
      const cuts: number[] = [];
      for (let at = step; at < bytes.length; at += step) cuts.push(at);
      const got = scan(bytes, cuts, ';', limit);
      expect({ step, records: got.records }).toEqual({
        step,
        records: [
          { line: 1, fields: ['id', 'note'] },
          { line: 2, fields: ['1', 'first'] },
          { line: 124, fields: ['3', 'third'] },
          { line: 125, fields: ['4', 'fourth "q"'] },
        ],
      });
      expect({ step, broken: got.broken.map((b) => b.line) }).toEqual({ step, broken: [3] });
    }
  });
});
