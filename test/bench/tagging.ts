/**
 * Dev benchmark of per-row tagging: `node test/bench/tagging.ts [--rows N] [--passes K] [--seed S]`
 * (defaults 20,000 rows — few enough to stay in the CPU caches, as a row just scanned is — and 30).
 * Generates a realistic call log in memory (test/fixtures/calls.ts, as `npm run bench` writes it) and
 * cuts each record's cells out of a large text with slice + split, as the string scanner does, so the
 * parsers see the same kind of strings as in an import (slices of a decoded two-byte chunk). Prints
 * the best of K passes in ns per row: RowTagger.fill, each parser alone on its cell of every row, and
 * a pass that only reads each cell's length (memory access, the part no parser can save).
 */
import { parseArgs } from 'node:util';
import { detectRoles } from '../../src/core/import/detect/roles.ts';
import { RowTagger } from '../../src/core/import/tag/tags.ts';
import { normalisePhone, parseCost, parseDateTime, parseDuration } from '../../src/core/import/tag/values.ts';
import { generateCallLog } from '../fixtures/calls.ts';

const { values: args } = parseArgs({
  options: { rows: { type: 'string', default: '20000' }, passes: { type: 'string', default: '30' }, seed: { type: 'string', default: '20261127' } },
});
const rowCount = Number(args.rows);
const passes = Number(args.passes);
const seed = Number(args.seed);

/** Records per joined text: about the 64 KB a stream chunk decodes to. */
const ROWS_PER_TEXT = 500;

let header: readonly string[] = [];
const rows: string[][] = [];
for (let block = 0; rows.length < rowCount; block++) {
  const log = generateCallLog({ seed: (seed + block * 7919) >>> 0, rows: Math.min(20_000, rowCount - rows.length), charset: 'full', commentRate: 0.25 });
  header = log.header;
  for (let start = 0; start < log.records.length; start += ROWS_PER_TEXT) {
    // Cells are joined unquoted: the comment (the last column) may then split into extra cells, which
    // the tagger never reads.
    const lines = log.records.slice(start, start + ROWS_PER_TEXT).map((r) => r.cells.join(';'));
    const text = lines.join('\r\n');
    let at = 0;
    for (const line of lines) {
      rows.push(text.slice(at, at + line.length).split(';'));
      at += line.length + 2;
    }
  }
}

const roles = detectRoles(
  header,
  header.map((_, i) => rows.slice(0, 500).map((r) => r[i] ?? '')),
);
const cellOf = (role: string): ((r: readonly string[]) => string) => {
  const at = roles.indexOf(role as never);
  return (r) => r[at] ?? '';
};
const date = cellOf('datetime'),
  client = cellOf('clientNumber'),
  manager = cellOf('managerNumber');
const duration = cellOf('duration'),
  cost = cellOf('cost'),
  status = cellOf('status');

/** Best of `passes` runs of fn over all items, in ns per item. */
function best<T>(items: readonly T[], fn: (item: T) => unknown): number {
  const sink: unknown[] = new Array(8);
  let min = Infinity;
  for (let p = 0; p < passes; p++) {
    const t0 = performance.now();
    for (let i = 0; i < items.length; i++) sink[i & 7] = fn(items[i]!);
    min = Math.min(min, performance.now() - t0);
  }
  return items.length === 0 ? 0 : (min * 1e6) / items.length;
}

const tagger = new RowTagger(roles);
const out: unknown[] = new Array(16);
const figures: Record<string, number> = {
  fill: best(rows, (r) => tagger.fill(r, out, 0)),
  parseDateTime: best(rows, (r) => parseDateTime(date(r))),
  normalisePhoneClient: best(rows, (r) => normalisePhone(client(r))),
  normalisePhoneManager: best(rows, (r) => normalisePhone(manager(r))),
  parseDuration: best(rows, (r) => parseDuration(duration(r))),
  parseCost: best(rows, (r) => parseCost(cost(r))),
  readCellsOnly: best(rows, (r) => date(r).length + client(r).length + manager(r).length + duration(r).length + cost(r).length + status(r).length),
};
console.log(`${rows.length} rows, best of ${passes} passes, ns per row:`);
for (const [name, ns] of Object.entries(figures)) console.log(`  ${name.padEnd(22)} ${ns.toFixed(1)}`);
