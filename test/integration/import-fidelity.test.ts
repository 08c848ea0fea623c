/**
 * Smaller fidelity faults of issue 7, through the CLI on real files: the widest file a dataset can
 * hold, column names as SQLite compares them, a column named like the rowid, a header line that is
 * too long, a literal U+FFFD, impossible dates and offsets, a title line above the header, and XLSX
 * cell and row references of every shape. Every dataset passes `PRAGMA integrity_check` (readDataset).
 */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeText } from '../fixtures/encode.ts';
import { expectOneLineFailure, importOk, partialsIn, readDataset, runCli, tempDir } from './helpers.ts';

const tmp = tempDir('fidelity');
afterAll(() => tmp.cleanup());

let serial = 0;
/** Writes `content` as a file of its own folder; returns the file and the dataset path beside it. */
function fixture(name: string, content: string | Uint8Array): { file: string; out: string; dir: string } {
  const dir = join(tmp.dir, `${++serial}-${name}`);
  mkdirSync(dir);
  const file = join(dir, name.includes('.') ? name : `${name}.csv`);
  writeFileSync(file, typeof content === 'string' ? encodeText(content, 'utf-8') : content);
  return { file, out: join(dir, 'out.callsight.sqlite'), dir };
}

function refused(name: string, content: string | Uint8Array): string {
  const { file, out, dir } = fixture(name, content);
  const run = runCli(['import', file, '--out', out, '--json']);
  const message = expectOneLineFailure(run);
  expect(run.stdout.trim()).toBe('');
  expect(partialsIn(dir)).toEqual([]);
  expect(readdirSync(dir)).toEqual([basename(file)]);
  return message;
}

describe('columns', () => {
  const wide = (sourceColumns: number): string => {
    const header = ['Статус', ...Array.from({ length: sourceColumns - 1 }, (_, i) => `c${i + 1}`)].join(';');
    const row = (code: string): string => [code, ...Array.from({ length: sourceColumns - 1 }, (_, i) => `v${i}`)].join(';');
    return `${header}\n${row('200/487')}\n${row('200/200')}\n`;
  };

  it('1987 source columns (2000 with `_line` and the tag columns) import', () => {
    const { file, out } = fixture('wide-1987', wide(1987));
    const summary = importOk(file, out);
    expect(summary).toMatchObject({ rowsRead: 2, imported: 2, rejected: 0 });
    const ds = readDataset(out);
    expect(ds.columns).toHaveLength(2000);
    expect(ds.calls[1]!.c1986).toBe('v1985');
    expect(ds.calls.map((r) => r._status)).toEqual(['200/487', '200/200']);
  });

  it('1988 source columns: one sentence with the count and the limit', () => {
    const message = refused('wide-1988', wide(1988));
    expect(message).toMatch(/1988 columns/);
    expect(message).toMatch(/at most 1987/);
    expect(message).not.toMatch(/internal|too many columns on calls/i);
  });

  it('names differing only in non-ASCII case are different columns, as SQLite sees them', () => {
    const kelvin = '\u212a';
    const { file, out } = fixture('names', `Статус;статус;СТАТУС;K;${kelvin};Name;NAME;name\n200/487;a;b;c;d;e;f;g\n`);
    importOk(file, out, ['--status-column', 'Статус']);
    const ds = readDataset(out);
    const stored = ['Статус', 'статус', 'СТАТУС', 'K', kelvin, 'Name', 'NAME (2)', 'name (3)'];
    expect(ds.meta.get('columns')).toEqual(stored);
    expect(ds.columns.slice(1, 9)).toEqual(stored);
    expect(ds.calls[0]).toMatchObject({ статус: 'a', СТАТУС: 'b', K: 'c', [kelvin]: 'd', Name: 'e', 'NAME (2)': 'f', 'name (3)': 'g' });
  });

  it('a column named rowid, oid or _rowid_ (any ASCII case) does not hide the rowid', () => {
    const { file, out } = fixture('rowid', 'rowid;OID;_RowId_;Статус;src_rowid_\n10;20;30;200/487;40\n11;21;31;200/200;41\n');
    importOk(file, out);
    const ds = readDataset(out);
    const stored = ['srcrowid', 'srcOID', 'src_RowId_', 'Статус', 'src_rowid_ (2)'];
    expect(ds.meta.get('columns')).toEqual(stored);
    expect(ds.calls.map((r) => [r.srcrowid, r.srcOID, r.src_RowId_, r['src_rowid_ (2)']])).toEqual([['10', '20', '30', '40'], ['11', '21', '31', '41']]);
    // SQLite's own names for the rowid still mean the rowid.
    const db = new Database(out, { readonly: true });
    try {
      expect(db.prepare('SELECT rowid, oid, _rowid_ FROM calls ORDER BY rowid').raw().all()).toEqual([[1, 1, 1], [2, 2, 2]]);
    } finally {
      db.close();
    }
  });
});
