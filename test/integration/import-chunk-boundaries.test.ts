/**
 * Streaming edges: files where a likely read-chunk boundary (2 MiB; 256 KiB for a detection sample)
 * cuts a record at its most delicate spot — between CR and LF, inside a multi-byte character or a
 * surrogate pair, between the two quotes of a doubled quote, right after an opening quote. Every row
 * must still come back whole, on the right line, with nothing rejected.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeText } from '../fixtures/encode.ts';
import { chunkBoundaryFile } from '../fixtures/shapes.ts';
import type { BoundaryCase, BoundaryEncoding } from '../fixtures/shapes.ts';
import { importOk, readDataset, tempDir } from './helpers.ts';

const tmp = tempDir('chunks');
afterAll(() => tmp.cleanup());

const MiB = 1024 * 1024;
const CASES: readonly (readonly [BoundaryEncoding, BoundaryCase, number])[] = [
  ['utf-8', 'crlf', 2 * MiB],
  ['utf-8', 'cyrillic', 2 * MiB],
  ['utf-8', 'emoji', 2 * MiB],
  ['utf-8', 'doubled-quote', 2 * MiB],
  ['utf-8', 'open-quote', 2 * MiB],
  ['utf-16le', 'crlf', 2 * MiB],
  ['utf-16le', 'emoji', 2 * MiB],
  ['windows-1251', 'crlf', 2 * MiB],
  ['windows-1251', 'doubled-quote', 2 * MiB],
  ['utf-8', 'cyrillic', 256 * 1024],
  ['utf-8', 'crlf', 256 * 1024],
];

describe('read-chunk boundaries', () => {
  it.each(CASES)('%s: boundary inside %s at byte %i', (encoding, kase, boundary) => {
    const fixture = chunkBoundaryFile(31, encoding, kase, boundary);
    const name = `${encoding}-${kase}-${boundary}`;
    const file = join(tmp.dir, `${name}.csv`);
    const bytes = encodeText(fixture.text, encoding);
    writeFileSync(file, bytes);
    const out = join(tmp.dir, `${name}.callsight.sqlite`);
    const summary = importOk(file, out);
    expect(summary).toMatchObject({ rowsRead: fixture.records.length, imported: fixture.records.length, rejected: 0, encoding });

    const ds = readDataset(out);
    const header = fixture.log.header;
    const want = fixture.records.map(({ line, record }) => [line, ...record.cells].join('\u0001'));
    const got = ds.calls.map((row) => [row._line, ...header.map((c) => row[c] ?? '')].join('\u0001'));
    const mismatches: string[] = [];
    for (let i = 0; i < Math.max(want.length, got.length) && mismatches.length < 5; i++) {
      if (want[i] !== got[i]) mismatches.push(`#${i}: want ${JSON.stringify(want[i]?.slice(0, 200))} got ${JSON.stringify(got[i]?.slice(0, 200))}`);
    }
    expect(mismatches, `first rows that differ (target record #${fixture.targetIndex})`).toEqual([]);
    const target = fixture.records[fixture.targetIndex]!;
    expect(ds.calls[fixture.targetIndex]!['Комментарий']).toBe(target.record.comment);
  });
});
