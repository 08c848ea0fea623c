/**
 * `export` (issue #9): every file the CLI writes is read back by a reader that is not the writer —
 * CSV by a small RFC 4180 parser here and the platform's Windows-1251 decoder, XLSX by ExcelJS and by
 * the app's own import — and compared with what the query engine says the filter selects.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANNOTATION_HEADERS, ORIGIN_WORDS, REASON_WORDS, SIDE_WORDS, YES_NO } from '../../src/shared/export-words.ts';
import { CallQueries } from '../../src/core/query/call-queries.ts';
import type { CallFilter, CallSort, CellValue } from '../../src/shared/query.ts';
import type { Reason, Side, StatusOrigin } from '../../src/shared/status/types.ts';
import { generateCallLog } from '../fixtures/calls.ts';
import { joinRow } from '../fixtures/shapes.ts';
import { expectOneLineFailure, importOk, parseSingleJson, REPO, runCli, tempDir } from './helpers.ts';

const tmp = tempDir('export');
const log = generateCallLog({ seed: 29, rows: 1200, charset: 'full', commentRate: 0.5 });
let dataset = '';

beforeAll(() => {
  const csv = tmp.file('calls.csv', `${[log.header, ...log.records.map((r) => r.cells)].map((cells) => joinRow(cells, ';')).join('\r\n')}\r\n`);
  dataset = tmp.file('calls.sqlite');
  importOk(csv, dataset);
}, 60_000);
afterAll(() => tmp.cleanup());

/** RFC 4180: quoted cells, doubled quotes, delimiters and line breaks inside quotes; CRLF or LF lines. */
function parseCsv(text: string, delimiter: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"' && cell === '') quoted = true;
    else if (c === delimiter) {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      /* the \n ends the line */
    } else if (c === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += c;
  }
  if (cell !== '' || row.length > 0) rows.push([...row, cell]);
  return rows;
}

/** What the grid would show for a filter × sort: every row, through the query engine's pages. */
function engineRows(filter: CallFilter, sort: CallSort): { columns: string[]; rows: CellValue[][] } {
  const queries = new CallQueries();
  try {
    const columns = queries.columns(dataset).columns.map((c) => c.name);
    const rows: CellValue[][] = [];
    for (let offset = 0; ; offset += 1000) {
      const page = queries.page(dataset, { filter, sort, offset, limit: 1000 });
      rows.push(...page.rows.map((r) => [...r.values]));
      if (offset + 1000 >= page.total) break;
    }
    return { columns, rows };
  } finally {
    queries.closeAll();
  }
}

/** The export's row for an engine row: original cells, then the six annotations in Russian. */
function expectedCells(columns: readonly string[], row: readonly CellValue[]): string[] {
  const at = (name: string): CellValue => row[columns.indexOf(name)] ?? null;
  const originals = log.header.map((name) => String(at(name) ?? ''));
  return [
    ...originals,
    String(at('_status') ?? ''),
    '', // the meaning: checked separately (catalogue text or leg words)
    SIDE_WORDS.ru[at('_side') as Side],
    REASON_WORDS.ru[at('_reason') as Reason],
    at('_benign') === 1 ? YES_NO.ru[0] : YES_NO.ru[1],
    ORIGIN_WORDS.ru[at('_origin') as StatusOrigin],
  ];
}

function exportOk(args: readonly string[]): {
  out: string;
  format: string;
  rows: number;
  bytes: number;
  elapsedMs: number;
  replaced?: number;
  sheets?: number;
} {
  const run = runCli(['export', dataset, '--json', ...args], 120_000);
  expect(run.status, run.stderr).toBe(0);
  return parseSingleJson(run.stdout) as ReturnType<typeof exportOk>;
}

describe('CSV', () => {
  it('UTF-8 with BOM and ";": the engine’s rows for the filter, in its order, with the annotations after the originals', () => {
    const out = tmp.file('client.csv');
    const filter: CallFilter = { sides: ['client', 'carrier'], hideBenign: true };
    const sort: CallSort = { column: '_time', direction: 'desc' };
    const result = exportOk([out, '--side', 'client,carrier', '--hide-benign', '--sort', '_time:desc'].flatMap((a, i) => (i === 0 ? ['--out', a] : [a])));
    const bytes = fs.readFileSync(out);
    // Call logs are personal data: the finished export is its owner's only, flushed before and after its rename (durableRename).
    expect(fs.statSync(out).mode & 0o777).toBe(0o600);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(3));
    expect(text.endsWith('\r\n')).toBe(true);
    const [header, ...rows] = parseCsv(text, ';');
    expect(header).toEqual([...log.header, ...ANNOTATION_HEADERS.ru]);
    const engine = engineRows(filter, sort);
    expect(result.rows).toBe(engine.rows.length);
    expect(rows).toHaveLength(engine.rows.length);
    expect(engine.rows.length).toBeGreaterThan(100);
    rows.forEach((cells, i) => {
      const expected = expectedCells(engine.columns, engine.rows[i]!);
      expect({ ...cells, 10: '' }, `row ${i + 1}`).toEqual({ ...expected, 10: '' });
      expect(cells[10]!.length, `meaning of row ${i + 1}`).toBeGreaterThan(3);
    });
    // Quoting round-trips: the comments with ; " and line breaks came back whole.
    const comments = new Set(rows.map((cells) => cells[8]));
    expect([...comments].some((c) => c!.includes('\n'))).toBe(true);
    expect([...comments].some((c) => c!.includes('"'))).toBe(true);
    expect([...comments].some((c) => c!.includes(';'))).toBe(true);
  });

  it('Windows-1251 with "," and tab: the same cells as the UTF-8 file, Cyrillic intact', () => {
    const utf8 = tmp.file('all.csv');
    exportOk(['--out', utf8]);
    const reference = parseCsv(fs.readFileSync(utf8, 'utf8').slice(1), ';');
    for (const [flag, delimiter] of [
      [',', ','],
      ['tab', '\t'],
    ] as const) {
      const out = tmp.file(`all-1251-${flag}.csv`);
      const result = exportOk(['--out', out, '--encoding', 'windows-1251', '--delimiter', flag]);
      expect(result.replaced).toBe(0);
      const bytes = fs.readFileSync(out);
      expect(bytes[0]).not.toBe(0xef); // no BOM in a code page
      const back = parseCsv(new TextDecoder('windows-1251').decode(bytes), delimiter);
      expect(back).toEqual(reference);
      expect(back[1]!.join(' ')).toMatch(/[а-яё]/i);
    }
  });

  it('a character Windows-1251 lacks stops the export naming its line and column; --replace-unsupported writes "?" and counts', () => {
    const header = ['Дата', 'Статус', 'Комментарий'];
    const source = tmp.file('emoji.csv', `${header.join(';')}\r\n01.03.2026 10:00;200/200;ок\r\n01.03.2026 10:05;200/487;клиент 😀 и 中\r\n`);
    const ds = tmp.file('emoji.sqlite');
    importOk(source, ds);
    const out = tmp.file('emoji.csv.out.csv');
    const failed = runCli(['export', ds, '--out', out, '--encoding', 'windows-1251']);
    const line = expectOneLineFailure(failed, 1);
    expect(line).toContain('Line 3');
    expect(line).toContain('“Комментарий”');
    expect(line).toContain('U+1F600');
    expect(fs.existsSync(out)).toBe(false);
    expect(fs.readdirSync(tmp.dir).filter((name) => name.includes('.partial'))).toEqual([]);
    const run = runCli(['export', ds, '--out', out, '--encoding', 'windows-1251', '--replace-unsupported', '--json']);
    expect(run.status, run.stderr).toBe(0);
    expect((parseSingleJson(run.stdout) as { replaced: number }).replaced).toBe(2);
    const rows = parseCsv(new TextDecoder('windows-1251').decode(fs.readFileSync(out)), ';');
    expect(rows[2]![2]).toBe('клиент ? и ?');
  });
  it('formula guard: a cell a spreadsheet would run starts with an apostrophe, phone numbers and negative numbers stay; --no-formula-guard writes them as they are', async () => {
    const risky = ['=HYPERLINK("http://x";"y")', '@SUM(A1)', '+A1+cmd', '-2+3*cmd|calc', '\tTAB', '=1'];
    const safe = ['+7 916 123-45-67', '+7 (912) 432-92-52', '-12', '-12,50', '-0:01:23', '-', '+', 'ok'];
    const cells = [...risky, ...safe];
    const quote = (text: string): string => (/[;"\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text);
    const lines = cells.map((cell, i) => `01.03.2026 10:${String(i).padStart(2, '0')};200/200;${quote(cell)};${quote(cell)}`);
    const source = tmp.file('formulas.csv', `Дата;Статус;Комментарий;=Заголовок\r\n${lines.join('\r\n')}\r\n`);
    const ds = tmp.file('formulas.sqlite');
    importOk(source, ds);
    const read = (args: readonly string[]): string[][] => {
      const out = tmp.file(`formulas-${args.length}.csv`);
      const run = runCli(['export', ds, '--out', out, '--force', ...args]);
      expect(run.status, run.stderr).toBe(0);
      return parseCsv(fs.readFileSync(out, 'utf8').slice(1), ';');
    };
    const guarded = read([]);
    expect(guarded[0]!.slice(0, 4)).toEqual(['Дата', 'Статус', 'Комментарий', "'=Заголовок"]);
    expect(guarded.slice(1).map((row) => row[2])).toEqual([...risky.map((cell) => `'${cell}`), ...safe]);
    expect(guarded.slice(1).map((row) => row[3])).toEqual(guarded.slice(1).map((row) => row[2]));
    const plain = read(['--no-formula-guard']);
    expect(plain[0]![3]).toBe('=Заголовок');
    expect(plain.slice(1).map((row) => row[2])).toEqual(cells);
    // Windows-1251 takes the same path.
    const out1251 = tmp.file('formulas-1251.csv');
    expect(runCli(['export', ds, '--out', out1251, '--encoding', 'windows-1251']).status).toBe(0);
    expect(parseCsv(new TextDecoder('windows-1251').decode(fs.readFileSync(out1251)), ';')).toEqual(guarded);
    // XLSX needs no guard: every original cell is a string cell, which Excel never evaluates.
    const xlsx = tmp.file('formulas.xlsx');
    expect(runCli(['export', ds, '--out', xlsx]).status).toBe(0);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(xlsx);
    const sheet = book.worksheets[0]!;
    for (let i = 0; i < cells.length; i++) {
      const cell = sheet.getRow(i + 2).getCell(3);
      expect(cell.type, cells[i]).toBe(ExcelJS.ValueType.String);
      expect(cell.value).toBe(cells[i]);
    }
  });
});

describe('XLSX', () => {
  it('data sheet typed, frozen and filtered; summary numbers equal the engine’s; read by ExcelJS', async () => {
    const out = tmp.file('calls.xlsx');
    const result = exportOk(['--out', out, '--hide-benign', '--lang', 'en']);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(out);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['Calls', 'Summary']);
    const sheet = workbook.worksheets[0]!;
    const engine = engineRows({ hideBenign: true }, { column: '_line', direction: 'asc' });
    expect(result.rows).toBe(engine.rows.length);
    expect(sheet.rowCount).toBe(engine.rows.length + 1);
    expect(sheet.getRow(1).values).toEqual([undefined, ...log.header, ...ANNOTATION_HEADERS.en]);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.autoFilter).toBe(`A1:O${engine.rows.length + 1}`);
    const at = (row: readonly CellValue[], name: string): CellValue => row[engine.columns.indexOf(name)] ?? null;
    for (let i = 0; i < engine.rows.length; i += 37) {
      const row = engine.rows[i]!;
      const cells = sheet.getRow(i + 2);
      const time = at(row, '_time');
      if (typeof time === 'string') {
        expect(cells.getCell(1).value, `time of row ${i + 2}`).toEqual(new Date(`${time.slice(0, 19)}Z`));
        expect(cells.getCell(1).numFmt).toBe('yyyy-mm-dd hh:mm:ss');
      }
      expect(cells.getCell(3).value, 'client phone stays text').toBe(at(row, 'Номер клиента'));
      const duration = at(row, '_duration_s');
      if (typeof duration === 'number' && String(at(row, 'Длительность')).trim() !== '') expect(typeof cells.getCell(7).value).toBe('number');
      const cost = at(row, '_cost');
      if (typeof cost === 'number' && String(at(row, 'Стоимость')).trim() !== '') expect(cells.getCell(8).value).toBeCloseTo(cost, 6);
      expect(cells.getCell(12).value).toBe(SIDE_WORDS.en[at(row, '_side') as Side]);
      expect(cells.getCell(12).fill).toMatchObject({ type: 'pattern', pattern: 'solid' });
    }
    const queries = new CallQueries();
    const summary = queries.summary(dataset, { hideBenign: true });
    queries.closeAll();
    const summarySheet = workbook.worksheets[1]!;
    const texts: unknown[][] = [];
    summarySheet.eachRow((row) => texts.push((row.values as unknown[]).slice(1)));
    const totalsHeader = texts.findIndex((row) => row[0] === 'Calls' && row[1] === 'Failures');
    expect(texts[totalsHeader + 1]!.slice(0, 3)).toEqual([summary.total, summary.failures, summary.benign]);
    for (const side of ['client', 'manager', 'carrier'] as const) {
      const row = texts.find((r) => r[0] === SIDE_WORDS.en[side] && typeof r[1] === 'number');
      expect(row?.[1], side).toBe(summary.bySide[side]);
    }
    expect(texts.some((row) => row[0] === 'Filter' && row[1] === 'expected outcomes (benign) hidden')).toBe(true);
  });

  it('past the rows a sheet holds, the data continues on further sheets and the summary says so (a small limit stands for Excel’s)', async () => {
    const out = tmp.file('split.xlsx');
    const result = exportOk(['--out', out, '--rows-per-sheet', '500']);
    expect(result).toMatchObject({ rows: 1200, sheets: 3 });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(out);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['Звонки', 'Звонки (2)', 'Звонки (3)', 'Сводка']);
    expect(workbook.worksheets.slice(0, 3).map((sheet) => sheet.rowCount)).toEqual([501, 501, 201]);
    const engine = engineRows({}, { column: '_line', direction: 'asc' });
    const firstOfSecond = workbook.worksheets[1]!.getRow(2).getCell(2).value;
    expect(firstOfSecond).toBe(engine.rows[500]![engine.columns.indexOf('Сайт')]);
    const notes: string[] = [];
    workbook.worksheets[3]!.eachRow((row) => row.eachCell((cell) => void (typeof cell.value === 'string' && notes.push(cell.value))));
    expect(notes.some((text) => text.includes('3 листах'))).toBe(true);
  });

  it('imports back through the app’s own import with every original cell as exported', () => {
    const out = tmp.file('roundtrip.xlsx');
    exportOk(['--out', out, '--side', 'manager']);
    const back = tmp.file('roundtrip.sqlite');
    const summary = importOk(out, back);
    const engine = engineRows({ sides: ['manager'] }, { column: '_line', direction: 'asc' });
    expect(summary.imported).toBe(engine.rows.length);
    expect(summary.bySide.manager).toBe(engine.rows.length);
    const queries = new CallQueries();
    const page = queries.page(back, { filter: {}, sort: { column: '_line', direction: 'asc' }, offset: 0, limit: 1000 });
    const columns = queries.columns(back).columns.map((c) => c.name);
    queries.closeAll();
    for (const name of ['Сайт', 'Номер клиента', 'Менеджер', 'Номер менеджера', 'Статус', 'Комментарий']) {
      expect(
        page.rows.map((r) => r.values[columns.indexOf(name)] ?? ''),
        name,
      ).toEqual(engine.rows.slice(0, page.rows.length).map((r) => r[engine.columns.indexOf(name)] ?? ''));
    }
    expect(page.rows.map((r) => r.values[columns.indexOf('_time')])).toEqual(
      engine.rows.slice(0, page.rows.length).map((r) => r[engine.columns.indexOf('_time')]),
    );
    // The annotation columns (shared strings in the workbook) came back as text too.
    expect(new Set(page.rows.map((r) => r.values[columns.indexOf(ANNOTATION_HEADERS.ru[2]!)]))).toEqual(new Set([SIDE_WORDS.ru.manager]));
    expect(page.rows.map((r) => r.values[columns.indexOf(ANNOTATION_HEADERS.ru[0]!)] ?? '')).toEqual(
      engine.rows.slice(0, page.rows.length).map((r) => r[engine.columns.indexOf('_status')] ?? ''),
    );
  });
});

describe('the command line', () => {
  it('refuses to replace a file without --force, and replaces it with', () => {
    const out = tmp.file('exists.csv', 'keep me');
    const line = expectOneLineFailure(runCli(['export', dataset, '--out', out]), 1);
    expect(line).toContain('--force');
    expect(fs.readFileSync(out, 'utf8')).toBe('keep me');
    exportOk(['--out', out, '--force', '--status', '200/487']);
    expect(fs.readFileSync(out, 'utf8')).toContain('200/487');
  });

  it.each([
    ['no --out', ['--side', 'client']],
    ['unknown format', ['--out', tmp.file('x.doc')]],
    ['bad --format', ['--out', tmp.file('x.csv'), '--format', 'docx']],
    ['bad --lang', ['--out', tmp.file('x.csv'), '--lang', 'de']],
    ['bad --encoding', ['--out', tmp.file('x.csv'), '--encoding', 'koi8-r']],
    ['bad --delimiter', ['--out', tmp.file('x.csv'), '--delimiter', '|']],
    ['encoding on xlsx', ['--out', tmp.file('x.xlsx'), '--encoding', 'windows-1251']],
    ['unknown side', ['--out', tmp.file('x.csv'), '--side', 'nobody']],
    ['unknown column in --where', ['--out', tmp.file('x.csv'), '--where', 'Нет такого~1']],
    ['unknown column in --columns', ['--out', tmp.file('x.csv'), '--columns', 'Сайт,Нет такого']],
  ])('%s: one line, exit 2, no file', (_name, args) => {
    const run = runCli(['export', dataset, ...args]);
    expectOneLineFailure(run, 2);
    expect(fs.readdirSync(tmp.dir).filter((name) => name.startsWith('x.') || name.includes('.partial'))).toEqual([]);
  });

  it('a missing dataset: one line, exit 1', () => {
    expectOneLineFailure(runCli(['export', tmp.file('none.sqlite'), '--out', tmp.file('y.csv')]), 1);
  });

  it('--columns picks and orders the original columns; the annotations follow', () => {
    const out = tmp.file('columns.csv');
    exportOk(['--out', out, '--columns', 'Статус,Менеджер', '--lang', 'en']);
    const [header] = parseCsv(fs.readFileSync(out, 'utf8').slice(1), ';');
    expect(header).toEqual(['Статус', 'Менеджер', ...ANNOTATION_HEADERS.en]);
  });
});

describe('report', () => {
  it('HTML: self-contained (nothing to fetch), in the chosen language, with the engine’s totals and both charts', () => {
    const out = tmp.file('report.html');
    exportOk(['--out', out, '--side', 'client', '--lang', 'en']);
    const html = fs.readFileSync(out, 'utf8');
    // url(#…) points inside the page (an SVG gradient or clip); anything else would be fetched.
    expect(html).not.toMatch(/https?:|\/\/[a-z]|\bsrc\s*=|<link|<script|@import|url\((?!#)|<iframe|<object|<embed/i);
    const queries = new CallQueries();
    const summary = queries.summary(dataset, { sides: ['client'] });
    queries.closeAll();
    expect(html).toContain('<html lang="en">');
    expect(html).toContain(`<div class="figure">${summary.total.toLocaleString('en-US')}</div><div class="label">Calls</div>`);
    expect(html).toContain(`<div class="figure">${summary.failures.toLocaleString('en-US')}</div><div class="label">Failures</div>`);
    expect(html).toContain('side: Client');
    expect(html.match(/<svg /g)).toHaveLength(2);
    for (const manager of summary.managers) expect(html).toContain(manager.manager.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`));
  });

  it.skipIf(!fs.existsSync('/usr/bin/chromium'))(
    'PDF: printed by Chromium, with pages; its text (pdftotext) holds the totals; page 1 is the README screenshot',
    () => {
      const out = tmp.file('report.pdf');
      const result = exportOk(['--out', out, '--lang', 'en', '--chromium', '/usr/bin/chromium']);
      const pdf = fs.readFileSync(out);
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect(result.bytes).toBe(pdf.length);
      const pages = pdf.toString('latin1').match(/\/Type\s*\/Page(?!s)/g) ?? [];
      expect(pages.length).toBeGreaterThan(0);

      // The PDF's text as poppler reads it (Debian's poppler-utils; .ci/run installs it).
      const text = spawnSync('pdftotext', ['-enc', 'UTF-8', out, '-'], { encoding: 'utf8' });
      expect(text.error, 'pdftotext is missing: apt-get install poppler-utils').toBeUndefined();
      expect(text.status, text.stderr).toBe(0);
      const queries = new CallQueries();
      const summary = queries.summary(dataset, {});
      queries.closeAll();
      const words = text.stdout.replace(/\s+/g, ' ');
      expect(words).toContain('all calls');
      const n = (value: number): string => value.toLocaleString('en-US');
      // The totals' figures in a row above their labels, as the page lays them out.
      expect(words).toContain(`${n(summary.total)} ${n(summary.failures)} ${n(summary.benign)}`);
      expect(words).toContain('Calls Failures Benign');
      // The side breakdown: each side's count and share.
      for (const side of Object.keys(SIDE_WORDS.en) as Side[]) {
        const count = summary.bySide[side];
        if (count > 0) expect(words).toContain(`${SIDE_WORDS.en[side]} ${n(count)} ${((100 * count) / summary.total).toFixed(1)}%`);
      }
      for (const manager of summary.managers.slice(0, 5)) expect(words).toContain(manager.manager);

      // The README's picture of the report: page 1 at 80 dpi.
      const png = spawnSync('pdftoppm', ['-png', '-r', '80', '-f', '1', '-l', '1', '-singlefile', out, join(REPO, 'docs', 'screenshot-report')], {
        encoding: 'utf8',
      });
      expect(png.status, png.stderr).toBe(0);
      expect(
        fs
          .readFileSync(join(REPO, 'docs', 'screenshot-report.png'))
          .subarray(1, 4)
          .toString('latin1'),
      ).toBe('PNG');
    },
  );

  it('PDF without a browser: one sentence that names the HTML alternative, exit 1, no file', () => {
    const out = tmp.file('nobrowser.pdf');
    const line = expectOneLineFailure(runCli(['export', dataset, '--out', out, '--chromium', tmp.file('no-such-browser')]), 1);
    expect(line).toMatch(/No Chromium or Google Chrome was found.*HTML/);
    expect(fs.existsSync(out)).toBe(false);
  });
});
