/**
 * Shapes beyond the dialect matrix: leg columns, split date/time, Excel "Unicode text", awkward header
 * names, rejected records (ragged rows, "Итого", broken quote at EOF), a 2 MB line, header-only files
 * and every override flag of the CLI.
 */
import { createHash } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { countBySide, generateCallLog } from '../fixtures/calls.ts';
import { encodeText } from '../fixtures/encode.ts';
import { awkwardHeaderFile, callLogFile, excelUnicodeText, headerOnlyText, hugeLineFile, raggedFile, writeDelimited } from '../fixtures/shapes.ts';
import {
  expectCells,
  expectDatasetMatchesSummary,
  expectedTags,
  expectOneLineFailure,
  importOk,
  partialsIn,
  pickTags,
  readDataset,
  runCli,
  tempDir,
} from './helpers.ts';

const tmp = tempDir('shapes');
afterAll(() => tmp.cleanup());
let counter = 0;
const paths = (ext = 'csv'): { file: string; out: string } => {
  counter++;
  return { file: join(tmp.dir, `f${counter}.${ext}`), out: join(tmp.dir, `f${counter}.callsight.sqlite`) };
};

describe('status layouts', () => {
  it('two leg columns (Статус менеджера / Статус клиента) tag like the single column', () => {
    const single = callLogFile({ seed: 77, rows: 80, delimiter: ';', eol: '\r\n', header: true });
    const legs = callLogFile({ seed: 77, rows: 80, delimiter: ';', eol: '\r\n', header: true, statusShape: 'legs' });
    const a = paths();
    const b = paths();
    writeFileSync(a.file, encodeText(single.text, 'windows-1251'));
    writeFileSync(b.file, encodeText(legs.text, 'windows-1251'));
    const sa = importOk(a.file, a.out);
    const sb = importOk(b.file, b.out);
    expect(sb.bySide).toEqual(countBySide(legs.log.records));
    const da = readDataset(a.out);
    const db = readDataset(b.out);
    expectDatasetMatchesSummary(db, sb, legs.log.header);
    legs.records.forEach(({ line, record }, i) => {
      const row = db.calls[i]!;
      expect(row._line).toBe(line);
      expectCells(row, legs.log.header, record.cells, line);
      expect(pickTags(row), `legs ${record.statusRaw} at line ${line}`).toEqual(expectedTags(record));
    });
    // Same seed, same calls: wherever the single status was a documented or inferred pair (no text
    // suffix, not garbage), the leg layout must land on the same side and reason.
    single.records.forEach(({ record }, i) => {
      if (record.expected.origin === 'unknown') return;
      const rowA = da.calls[i]!;
      const rowB = db.calls[i]!;
      expect([rowB._side, rowB._reason, rowB._status], `row ${i}`).toEqual([rowA._side, rowA._reason, rowA._status]);
    });
    expect(sa.rowsRead).toBe(80);
  });

  it('date and time in two columns combine into _time', () => {
    const fixture = callLogFile({ seed: 78, rows: 40, delimiter: ';', eol: '\n', header: true, dateShape: 'split' });
    const p = paths();
    writeFileSync(p.file, encodeText(fixture.text, 'utf-8'));
    const summary = importOk(p.file, p.out);
    expect(summary.imported).toBe(40);
    const ds = readDataset(p.out);
    expectDatasetMatchesSummary(ds, summary, fixture.log.header);
    fixture.records.forEach(({ line, record }, i) => {
      expect(ds.calls[i]!._time, `line ${line}`).toBe(record.time);
      expectCells(ds.calls[i]!, fixture.log.header, record.cells, line);
    });
  });

  it('Excel "Unicode text" (UTF-16LE + BOM, tab, CRLF)', () => {
    const fixture = excelUnicodeText(79, 50);
    const p = paths('txt');
    writeFileSync(p.file, encodeText(fixture.text, 'utf-16le'));
    const summary = importOk(p.file, p.out);
    expect(summary).toMatchObject({ rowsRead: 50, imported: 50, rejected: 0, encoding: 'utf-16le', delimiter: '\t' });
    const ds = readDataset(p.out);
    expectDatasetMatchesSummary(ds, summary, fixture.log.header);
    fixture.records.forEach(({ line, record }, i) => {
      expectCells(ds.calls[i]!, fixture.log.header, record.cells, line);
      expect(pickTags(ds.calls[i]!)).toEqual(expectedTags(record));
      expect(ds.calls[i]!._client_digits).toBe(record.clientDigits);
    });
  });

  it('header names: empty → "Column N", duplicate → " (2)", leading "_" → "src_"', () => {
    const fixture = awkwardHeaderFile(80);
    const p = paths();
    writeFileSync(p.file, encodeText(fixture.text, 'utf-8'));
    const summary = importOk(p.file, p.out);
    expect(summary.imported).toBe(12);
    const ds = readDataset(p.out);
    for (const name of fixture.stored) expect(ds.columns).toContain(name);
    expect(ds.meta.get('columns')).toHaveLength(fixture.stored.length);
    fixture.records.forEach(({ line, record }, i) => {
      expectCells(ds.calls[i]!, fixture.stored, record.cells, line);
      expect(ds.calls[i]!._line).toBe(line); // the tag column, not the file's "_line" column
      expect(pickTags(ds.calls[i]!)).toEqual(expectedTags(record));
    });
  });
});

describe('rejected records', () => {
  it.each([
    ['semicolon CRLF windows-1251', ';', '\r\n', 'windows-1251'],
    ['comma LF utf-8', ',', '\n', 'utf-8'],
  ] as const)(
    'ragged rows (with --ragged reject), "Итого" row and a broken quote at EOF are listed with line and reason (%s)',
    (_, delimiter, eol, encoding) => {
      const fixture = raggedFile({ seed: 81, rows: 30, delimiter, eol, header: true, brokenQuote: true });
      const p = paths();
      writeFileSync(p.file, encodeText(fixture.text, encoding));
      const summary = importOk(p.file, p.out, ['--ragged', 'reject']);
      expect(fixture.rejects.map((r) => r.why)).toEqual(['too-few-fields', 'too-many-fields', 'total-row', 'broken-quote']);
      expect(summary.rowsRead).toBe(fixture.rowsRead);
      expect(summary.imported).toBe(30);
      expect(summary.rejected).toBe(4);
      expect(summary).toMatchObject({ skipped: 1, repaired: 0 });
      expect(summary.bySide).toEqual(countBySide(fixture.log.records));
      const ds = readDataset(p.out);
      expectDatasetMatchesSummary(ds, summary, fixture.log.header);
      expect(ds.calls.map((r) => r._line)).toEqual(fixture.records.map((r) => r.line));
      expect(ds.rejected.map((r) => r.line)).toEqual(fixture.rejects.map((r) => r.line));
      ds.rejected.forEach((rejected, i) => {
        const want = fixture.rejects[i]!;
        expect(rejected.reason.trim().length, `reason for line ${rejected.line}`).toBeGreaterThan(0);
        // raw is the record's text as read (the engine may cut very long ones), reason is not the text.
        expect(rejected.raw.length, `raw for line ${rejected.line}`).toBeGreaterThan(0);
        expect(
          want.text.startsWith(rejected.raw.replace(/(?:\r\n|\r|\n)$/, '')),
          `raw of line ${rejected.line} (${want.why}): ${JSON.stringify(rejected.raw.slice(0, 120))}`,
        ).toBe(true);
        expect(rejected.reason, `reason of line ${rejected.line} must not be the raw text`).not.toContain(want.text.slice(0, 30));
      });
      expect(ds.rejected[2]!.raw).toContain('Итого');
      expect(ds.rejected[3]!.raw).toContain('Незакрытая кавычка');
      // Different causes get different reasons.
      expect(new Set(ds.rejected.map((r) => r.reason)).size).toBeGreaterThanOrEqual(3);
      fixture.records.forEach(({ line, record }, i) => {
        expectCells(ds.calls[i]!, fixture.log.header, record.cells, line);
      });
    },
  );

  it('by default ragged rows are calls: a short one padded, a long one\'s extra cells in _extra, both with _fields; "Итого" skipped', () => {
    const fixture = raggedFile({ seed: 81, rows: 30, delimiter: ';', eol: '\r\n', header: true, brokenQuote: true });
    const p = paths();
    writeFileSync(p.file, encodeText(fixture.text, 'windows-1251'));
    const summary = importOk(p.file, p.out);
    expect(summary).toMatchObject({ rowsRead: fixture.rowsRead, imported: 32, rejected: 2, skipped: 1, repaired: 2 });
    const ds = readDataset(p.out);
    const width = fixture.log.header.length;
    expect(ds.columns.slice(-2)).toEqual(['_fields', '_extra']);
    expect(ds.rejected.map((r) => r.line)).toEqual(fixture.rejects.filter((r) => r.why === 'total-row' || r.why === 'broken-quote').map((r) => r.line));
    const ragged = fixture.rejects.filter((r) => r.why === 'too-few-fields' || r.why === 'too-many-fields');
    expect(ragged).toHaveLength(2);
    for (const { line, cells } of ragged) {
      const row = ds.calls.find((call) => call._line === line)!;
      expect(row, `call at line ${line}`).toBeDefined();
      expect(row._fields).toBe(cells!.length);
      expectCells(row, fixture.log.header, [...cells!.slice(0, width), ...Array<string>(Math.max(0, width - cells!.length)).fill('')], line);
      expect(row._extra).toBe(cells!.length > width ? JSON.stringify(cells!.slice(width)) : null);
    }
    // Every other call has the header's shape: both columns NULL.
    expect(ds.calls.filter((call) => call._fields !== null || call._extra !== null).map((call) => call._line)).toEqual(ragged.map((r) => r.line));
  });

  it('a 2 MB line survives intact', () => {
    const fixture = hugeLineFile(82);
    const p = paths();
    const bytes = encodeText(fixture.text, 'utf-8');
    expect(Buffer.byteLength(fixture.hugeComment)).toBeGreaterThanOrEqual(2 * 1024 * 1024);
    writeFileSync(p.file, bytes);
    const summary = importOk(p.file, p.out);
    expect(summary).toMatchObject({ rowsRead: 5, imported: 5, rejected: 0 });
    const ds = readDataset(p.out);
    const stored = ds.calls[2]!['Комментарий'];
    expect(typeof stored).toBe('string');
    const sha = (s: string): string => createHash('sha256').update(s).digest('hex');
    expect((stored as string).length).toBe(fixture.hugeComment.length);
    expect(sha(stored as string)).toBe(sha(fixture.hugeComment));
    expect(ds.calls.map((r) => r._line)).toEqual([2, 3, 4, 5, 6]);
  });

  it('a header-only file is refused in one sentence instead of becoming an empty dataset (issue 11, item 1)', () => {
    const p = paths();
    writeFileSync(p.file, encodeText(headerOnlyText(), 'windows-1251'));
    const message = expectOneLineFailure(runCli(['import', p.file, '--out', p.out, '--json']));
    expect(message).toContain('only the header row');
    expect(existsSync(p.out)).toBe(false);
    expect(partialsIn(tmp.dir)).toEqual([]);
    // A title line above the header changes nothing: still no calls.
    const q = paths();
    writeFileSync(q.file, encodeText(`Отчёт по звонкам за март\r\n${headerOnlyText()}`, 'utf-8'));
    expect(expectOneLineFailure(runCli(['import', q.file, '--out', q.out, '--json']))).toContain('only the header row');
    expect(existsSync(q.out)).toBe(false);
  });
});

describe('overrides', () => {
  it('--encoding utf-16le reads a UTF-16LE file that has no BOM', () => {
    const fixture = callLogFile({ seed: 83, rows: 25, delimiter: '\t', eol: '\r\n', header: true });
    const p = paths('txt');
    writeFileSync(p.file, Buffer.from(fixture.text, 'utf16le'));
    const summary = importOk(p.file, p.out, ['--encoding', 'utf-16le']);
    expect(summary).toMatchObject({ imported: 25, rejected: 0, encoding: 'utf-16le' });
    const ds = readDataset(p.out);
    fixture.records.forEach(({ line, record }, i) => expectCells(ds.calls[i]!, fixture.log.header, record.cells, line));
  });

  it('--encoding windows-1251 on a UTF-8 file is obeyed, not second-guessed', () => {
    const fixture = callLogFile({ seed: 84, rows: 20, delimiter: ';', eol: '\r\n', header: true, charset: 'plain' });
    const p = paths();
    const bytes = encodeText(fixture.text, 'utf-8');
    writeFileSync(p.file, bytes);
    const summary = importOk(p.file, p.out, ['--encoding', 'windows-1251']);
    expect(summary.encoding).toBe('windows-1251');
    expect(summary.imported).toBe(20);
    // What the user asked for: every cell decoded as windows-1251 (mojibake, but exactly that mojibake).
    const cp1251 = new TextDecoder('windows-1251');
    const asCp1251 = (s: string): string => cp1251.decode(new TextEncoder().encode(s));
    const ds = readDataset(p.out);
    const header = fixture.log.header.map(asCp1251);
    expect(ds.meta.get('columns')).toEqual(header);
    fixture.records.forEach(({ line, record }, i) => {
      expectCells(ds.calls[i]!, header, record.cells.map(asCp1251), line);
      // Status codes are ASCII: tags survive a wrong encoding.
      expect(pickTags(ds.calls[i]!)).toEqual(expectedTags(record));
    });
  });

  it('--delimiter "," is used even where ";" is more frequent in the text', () => {
    const log = generateCallLog({ seed: 85, rows: 20, charset: 'plain' });
    const records = log.records.map((record) => {
      const cells = [...record.cells];
      cells[log.columns.comment] = 'а;б;в;г;д;е;ж;з;и;к;л;м';
      return { ...record, cells };
    });
    const fixture = writeDelimited({ header: log.header, pieces: records.map((record) => ({ kind: 'record', record })), delimiter: ',', eol: '\n' });
    const p = paths();
    writeFileSync(p.file, encodeText(fixture.text, 'utf-8'));
    const summary = importOk(p.file, p.out, ['--delimiter', ',']);
    expect(summary).toMatchObject({ delimiter: ',', imported: 20, rejected: 0 });
    const ds = readDataset(p.out);
    fixture.records.forEach(({ line, record }, i) => expectCells(ds.calls[i]!, log.header, record.cells, line));
  });

  it('--status-column picks the named column over a decoy', () => {
    const log = generateCallLog({ seed: 86, rows: 30, charset: 'plain' });
    const decoy = generateCallLog({ seed: 87, rows: 30, charset: 'plain' }).records;
    const header = ['Предыдущий статус', ...log.header];
    header[log.columns.status! + 1] = 'Итог звонка';
    const records = log.records.map((record, i) => ({ ...record, cells: [decoy[i]!.statusRaw, ...record.cells] }));
    const fixture = writeDelimited({ header, pieces: records.map((record) => ({ kind: 'record', record })), delimiter: ';', eol: '\r\n' });
    const p = paths();
    writeFileSync(p.file, encodeText(fixture.text, 'windows-1251'));
    const summary = importOk(p.file, p.out, ['--status-column', 'Итог звонка']);
    expect(summary.bySide).toEqual(countBySide(log.records));
    const ds = readDataset(p.out);
    fixture.records.forEach(({ line, record }, i) => {
      expect(pickTags(ds.calls[i]!), `line ${line}`).toEqual(expectedTags(record));
      expectCells(ds.calls[i]!, header, record.cells, line);
    });
  });

  it('--manager-column / --client-column for leg columns with unusual names', () => {
    const log = generateCallLog({ seed: 88, rows: 30, charset: 'plain', statusShape: 'legs' });
    const header = [...log.header];
    header[log.columns.managerLeg!] = 'Ответ А';
    header[log.columns.clientLeg!] = 'Ответ Б';
    const fixture = writeDelimited({ header, pieces: log.records.map((record) => ({ kind: 'record', record })), delimiter: ';', eol: '\r\n' });
    const p = paths();
    writeFileSync(p.file, encodeText(fixture.text, 'utf-8-bom'));
    const summary = importOk(p.file, p.out, ['--manager-column', 'Ответ А', '--client-column', 'Ответ Б']);
    expect(summary.bySide).toEqual(countBySide(log.records));
    const ds = readDataset(p.out);
    fixture.records.forEach(({ line, record }, i) => {
      expect(pickTags(ds.calls[i]!), `line ${line} legs ${record.statusRaw}`).toEqual(expectedTags(record));
    });
  });

  it('--status-column naming a column that does not exist fails with one line', () => {
    const fixture = callLogFile({ seed: 89, rows: 5, delimiter: ';', eol: '\r\n', header: true });
    const p = paths();
    writeFileSync(p.file, encodeText(fixture.text, 'utf-8'));
    const run = runCli(['import', p.file, '--out', p.out, '--json', '--status-column', 'Нет такой колонки']);
    expect(run.status).not.toBe(0);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain('Нет такой колонки');
    expect(existsSync(p.out)).toBe(false);
    expect(partialsIn(tmp.dir)).toEqual([]);
  });

  it('a KOI8-R file is detected, decoded and reported as koi8-r; the encoding can also be forced', () => {
    const fixture = callLogFile({ seed: 90, rows: 40, delimiter: ';', eol: '\r\n', header: true, charset: 'koi8' });
    const p = paths();
    writeFileSync(p.file, encodeText(fixture.text, 'koi8-r'));
    const run = runCli(['import', p.file, '--out', p.out, '--json']);
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ encoding: 'koi8-r', imported: fixture.records.length });
    const ds = readDataset(p.out);
    expect(ds.meta.get('columns')).toEqual(fixture.log.header);
    fixture.records.forEach(({ line, record }, i) => expectCells(ds.calls[i]!, fixture.log.header, record.cells, line));
    const forced = runCli(['import', p.file, '--out', `${p.out}.forced.sqlite`, '--encoding', 'koi8-r', '--json']);
    expect(forced.status).toBe(0);
    expect(JSON.parse(forced.stdout)).toMatchObject({ encoding: 'koi8-r' });
    expect(partialsIn(tmp.dir)).toEqual([]);
  });
});
