import fs from 'node:fs';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { IndexTreeWriter, TableTreeWriter } from '../../../src/core/sqlite-file/btree.ts';
import { appendStream, lockBytePage, PageFile, PageStream } from '../../../src/core/sqlite-file/page-file.ts';
import { RecordBuilder } from '../../../src/core/sqlite-file/record.ts';
import { createRng } from '../../fixtures/prng.ts';
import { tempDir } from '../../support/temp-dir.ts';

/**
 * The page at byte offset 2^30 is SQLite's lock-byte page and must never hold data. To put the bulk
 * writers' pages right at it without writing a gigabyte per case, each case starts from a file that
 * already ends just below it: SQLite creates the schema, and the pages up to there are a free list
 * (trunk pages listing leaf pages, https://www.sqlite.org/fileformat2.html#the_freelist). Only the trunk
 * pages are written; the free leaves stay a hole in a sparse file. `PRAGMA integrity_check` accounts for
 * every one of those pages, so the padding is held to SQLite's rules too. Each case starts a little
 * further on, so that over the sweep the lock-byte page falls on every kind of page the writers make:
 * overflow chains, table leaves and interior pages, and the pages of an index stream that is appended
 * with its pointers renumbered. SQLite's integrity check and a read-back of every row judge each file.
 */

const tmp = tempDir('lock-page');
afterAll(() => tmp.cleanup());

interface Template {
  readonly pageSize: number;
  /** The non-zero pages of the template, by page number. */
  readonly pages: ReadonlyMap<number, Buffer>;
  readonly pageCount: number;
  readonly roots: ReadonlyMap<string, number>;
}

/** A database of `pageSize` whose last page is `lockBytePage - margin`, all but its schema a free list. */
function makeTemplate(pageSize: number, margin: number): Template {
  const file = tmp.file(`template-${pageSize}.sqlite`);
  const db = new Database(file);
  db.pragma(`page_size = ${pageSize}`);
  db.exec('CREATE TABLE t (k TEXT, t TEXT); CREATE INDEX t_k ON t (k); CREATE INDEX t_t ON t (t)');
  const roots = new Map(
    db
      .prepare("SELECT name, rootpage FROM sqlite_schema WHERE type IN ('table', 'index')")
      .all()
      .map((row) => [(row as { name: string }).name, (row as { rootpage: number }).rootpage] as const),
  );
  db.close();
  const bytes = fs.readFileSync(file);
  fs.rmSync(file);
  const pages = new Map<number, Buffer>();
  for (let n = 1; n * pageSize <= bytes.length; n++) pages.set(n, Buffer.from(bytes.subarray((n - 1) * pageSize, n * pageSize)));
  const schemaPages = pages.size;
  const pageCount = lockBytePage(pageSize) - margin;
  // Free pages schemaPages+1 … pageCount: each trunk is followed by the leaves it lists.
  const leavesPerTrunk = pageSize / 4 - 2;
  let firstTrunk = 0;
  let previous: Buffer | null = null;
  for (let trunk = schemaPages + 1; trunk <= pageCount; trunk += leavesPerTrunk + 1) {
    const leaves = Math.min(leavesPerTrunk, pageCount - trunk);
    const page = Buffer.alloc(pageSize);
    page.writeUInt32BE(leaves, 4);
    for (let i = 0; i < leaves; i++) page.writeUInt32BE(trunk + 1 + i, 8 + 4 * i);
    previous?.writeUInt32BE(trunk, 0);
    if (firstTrunk === 0) firstTrunk = trunk;
    pages.set(trunk, page);
    previous = page;
  }
  const header = pages.get(1)!;
  const counter = header.readUInt32BE(24) + 1;
  header.writeUInt32BE(counter, 24);
  header.writeUInt32BE(pageCount, 28);
  header.writeUInt32BE(firstTrunk, 32);
  header.writeUInt32BE(pageCount - schemaPages, 36);
  header.writeUInt32BE(counter, 92);
  return { pageSize, pages, pageCount, roots };
}

/** A sparse copy of the template: its non-zero pages written, the rest a hole. */
function copyTemplate(template: Template, file: string): void {
  const fd = fs.openSync(file, 'w');
  for (const [n, content] of template.pages) fs.writeSync(fd, content, 0, content.length, (n - 1) * template.pageSize);
  fs.ftruncateSync(fd, template.pageCount * template.pageSize);
  fs.closeSync(fd);
}

interface Row {
  readonly k: string;
  readonly t: string;
}

/** What sat where the lock-byte page would have been, had it not been skipped. */
type Landing = 'overflow' | 'table leaf' | 'table interior' | 'index leaf' | 'index interior';

/**
 * Writes `shift` rows of one overflow page each, then a fixed mix of small and overflowing rows into
 * `t`; the index `t_t` goes straight into the file and `t_k` (keys of 1/20 page, so it spans several
 * pages) through a page stream. Returns what follows the lock page and how many pages were written.
 */
function writeCase(template: Template, file: string, shift: number): { rows: Row[]; landing: Landing; written: number } {
  const { pageSize, roots } = template;
  copyTemplate(template, file);
  // The same mix in every case (one seed); only the shift rows before it vary.
  const rng = createRng(pageSize);
  const key = (): string => `key ${rng.int(0, 99)} `.padEnd(pageSize / 20, 'k');
  const oneOverflowPage = pageSize - 35 + 10; // just over the table's local payload limit
  const rows: Row[] = [];
  for (let i = 0; i < shift; i++) rows.push({ k: `shift ${i}`, t: 'o'.repeat(oneOverflowPage) });
  for (let i = 0; i < 12 * (65_536 / pageSize) + 40; i++) {
    const long = rng.chance(0.15);
    rows.push({ k: key(), t: long ? 'Я'.repeat(rng.int(pageSize, 3 * pageSize)) : `row ${i} ${'x'.repeat(rng.int(0, pageSize / 8))}` });
  }
  const sortedBy = (column: keyof Row): number[] =>
    rows.map((_, i) => i).sort((a, b) => Buffer.compare(Buffer.from(rows[a]![column]), Buffer.from(rows[b]![column])) || a - b);

  const fd = fs.openSync(file, 'r+');
  const pages = new PageFile(fd, pageSize);
  const builder = new RecordBuilder(2);
  const table = new TableTreeWriter(pages, roots.get('t')!);
  rows.forEach((row, i) => {
    builder.text(row.k);
    builder.text(row.t);
    const start = builder.finish();
    table.append(i + 1, builder.bytes, start, builder.recordEnd);
  });
  table.finish();

  const textIndex = new IndexTreeWriter(pages, roots.get('t_t')!);
  for (const i of sortedBy('t')) {
    builder.text(rows[i]!.t);
    builder.integer(i + 1);
    const start = builder.finish();
    textIndex.append(builder.bytes, start, builder.recordEnd);
  }
  textIndex.finish();

  const streamPath = `${file}-stream`;
  const stream = new PageStream(fs.openSync(streamPath, 'w+'), pageSize);
  const keyIndex = new IndexTreeWriter(stream, roots.get('t_k')!);
  for (const i of sortedBy('k')) {
    const bytes = Buffer.from(rows[i]!.k);
    keyIndex.appendKey(bytes, bytes.length, i + 1);
  }
  keyIndex.finish();
  stream.close();
  appendStream(pages, streamPath, stream.roots);
  fs.rmSync(streamPath);
  pages.finishHeader();
  const written = pages.pageCount - template.pageCount;

  const lock = lockBytePage(pageSize);
  const head = Buffer.alloc(1);
  fs.readSync(fd, head, 0, 1, lock * pageSize); // the page after the lock page
  fs.closeSync(fd);
  const landing: Landing = ({ 0x0d: 'table leaf', 0x05: 'table interior', 0x0a: 'index leaf', 0x02: 'index interior' } as const)[head[0]!] ?? 'overflow';
  return { rows, landing, written };
}

function expectIntact(file: string, template: Template, rows: readonly Row[]): void {
  const lock = lockBytePage(template.pageSize);
  const size = fs.statSync(file).size;
  expect(size, 'the file reaches past the lock page').toBeGreaterThan(lock * template.pageSize);
  const lockPage = Buffer.alloc(template.pageSize);
  const fd = fs.openSync(file, 'r');
  fs.readSync(fd, lockPage, 0, template.pageSize, (lock - 1) * template.pageSize);
  fs.closeSync(fd);
  expect(
    lockPage.every((b) => b === 0),
    'the lock-byte page holds nothing',
  ).toBe(true);
  const db = new Database(file, { readonly: true });
  try {
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    const stored = db.prepare('SELECT rowid AS id, k, t FROM t ORDER BY rowid').all() as (Row & { id: number })[];
    expect(stored.length).toBe(rows.length);
    stored.forEach((row, i) => expect({ k: row.k, t: row.t }).toEqual(rows[i]));
    for (const column of ['t', 'k'] as const) {
      const inOrder = db.prepare(`SELECT rowid AS id FROM t INDEXED BY t_${column} WHERE ${column} >= '' ORDER BY ${column}`).all() as { id: number }[];
      const expected = rows.map((_, i) => i).sort((a, b) => Buffer.compare(Buffer.from(rows[a]![column]), Buffer.from(rows[b]![column])) || a - b);
      expect(inOrder.map((row) => row.id - 1)).toEqual(expected);
    }
  } finally {
    db.close();
  }
}

describe('the lock-byte page (byte offset 2^30) is never used', () => {
  it('lockBytePage follows SQLite: PENDING_BYTE / pageSize + 1', () => {
    expect([512, 1024, 4096, 16_384, 65_536].map(lockBytePage)).toEqual([2_097_153, 1_048_577, 262_145, 65_537, 16_385]);
  });

  // Minutes on a loaded two-core machine (each case is a sparse gigabyte file read back by SQLite): a long timeout.
  it.each([512, 4096, 16_384, 65_536])('page size %i: the lock page meets every kind of page the writers make', { timeout: 300_000 }, (pageSize) => {
    // How many pages one case writes with no shift; then sweep until the lock page has run across all of them.
    const probe = makeTemplate(pageSize, Math.floor(64_000_000 / pageSize));
    const { written } = writeCase(probe, tmp.file(`probe-${pageSize}.sqlite`), 0);
    fs.rmSync(tmp.file(`probe-${pageSize}.sqlite`));
    const template = makeTemplate(pageSize, written - 1);
    const step = Math.max(1, Math.ceil(written / 40));
    const seen = new Set<Landing>();
    for (let shift = 0; shift <= written; shift += step) {
      const file = tmp.file(`case-${pageSize}-${shift}.sqlite`);
      const { rows, landing } = writeCase(template, file, shift);
      expectIntact(file, template, rows);
      seen.add(landing);
      fs.rmSync(file);
    }
    // The sweep is only worth something if the lock page met every kind of page the writers make.
    expect([...seen].sort()).toEqual(expect.arrayContaining(['index leaf', 'overflow', 'table leaf']));
  });
});
