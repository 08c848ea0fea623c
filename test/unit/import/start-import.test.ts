import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import type { ImportProgress } from '../../../src/shared/import-types.ts';
import { DatasetLibrary } from '../../../src/core/datasets/library.ts';
import { previewSource, startImport } from '../../../src/core/import/index.ts';
import { encodeCp1251 } from '../../fixtures/encode.ts';
import { tempDir } from '../../support/temp-dir.ts';

const tmp = tempDir('start-import');
afterAll(() => tmp.cleanup());

const HEADER = 'Дата и время;Номер клиента;Менеджер;Статус;Длительность;Стоимость;Комментарий';
function callLog(rows: number): string {
  const statuses = ['200/200', '200/487', '487/0', '999/999', 'ошибка', '200/487 Клиент не взял трубку'];
  const lines = [HEADER];
  for (let i = 0; i < rows; i++) {
    const s = String(i % 60).padStart(2, '0');
    const comment = i % 7 === 0 ? '"многострочный\r\nкомментарий; с ""кавычками"""' : 'ок';
    lines.push(
      `05.03.2026 10:${s}:${s};+7 (912) 345-${String(i % 100).padStart(2, '0')}-00;Иванова;${statuses[i % statuses.length]};${i % 300};${i % 10},50;${comment}`,
    );
  }
  return lines.join('\r\n') + '\r\nИтого;;;;;;\r\n';
}

const source = (name: string, rows: number) => {
  const text = callLog(rows);
  const file = tmp.file(name, encodeCp1251(text));
  return { file, ref: { id: name, name, size: fs.statSync(file).size, kind: 'delimited' as const } };
};

describe('previewSource', () => {
  it('shows the first 100 records as they will be imported', async () => {
    const { file, ref } = source('preview.csv', 150);
    const preview = await previewSource(file, ref, {});
    expect(preview).toMatchObject({ encoding: 'windows-1251', delimiter: ';', headerRow: 1, needsStatusColumn: false, sheets: [], sheet: null });
    expect(preview.columns.map((c) => c.role)).toEqual(['datetime', 'clientNumber', 'manager', 'status', 'duration', 'cost', null]);
    expect(preview.rows).toHaveLength(100);
    expect(preview.rows[0]).toMatchObject({ line: 2, problem: null, status: { code: '200/200', side: 'success' } });
    expect(preview.rows[0]!.cells[6]).toBe('многострочный\r\nкомментарий; с "кавычками"');
    expect(preview.rows[1]!.line).toBe(4); // the first record spans two lines
    expect(preview.rows[4]!.status).toMatchObject({ side: 'unknown', origin: 'unknown' });
  });

  it('obeys overrides and says when no column holds a status', async () => {
    const { file, ref } = source('override.csv', 5);
    const preview = await previewSource(file, ref, { roles: { 3: null } });
    expect(preview.needsStatusColumn).toBe(true);
    const asComma = await previewSource(file, ref, { delimiter: ',' });
    expect(asComma.delimiter).toBe(',');
  });
});

describe('startImport', () => {
  it('imports in a worker, reports progress and writes the dataset format', async () => {
    const { file, ref } = source('calls.csv', 3000);
    const dir = path.join(tmp.dir, 'ds1');
    const progress: ImportProgress[] = [];
    const handle = startImport({ path: file, source: ref, options: {}, datasetsDir: dir, appVersion: 't', onProgress: (p) => progress.push(p) });
    const summary = await handle.done;
    expect(summary).toMatchObject({ rowsRead: 3001, imported: 3000, rejected: 1, encoding: 'windows-1251', delimiter: ';' });
    expect(summary.imported + summary.rejected).toBe(summary.rowsRead);
    expect(Object.values(summary.bySide).reduce((a, b) => a + b, 0)).toBe(3000);
    expect(summary.bySide).toMatchObject({ success: 500, client: 1000, manager: 500, unknown: 1000 });
    expect(progress.at(-1)).toMatchObject({ jobId: handle.jobId, phase: 'done', datasetId: summary.id, rowsRead: 3001 });
    expect(fs.readdirSync(dir)).toEqual([`${summary.id}.callsight.sqlite`]);

    const db = new Database(path.join(dir, `${summary.id}.callsight.sqlite`), { readonly: true });
    const first = db.prepare('SELECT * FROM calls ORDER BY _line LIMIT 2').all() as Record<string, unknown>[];
    expect(first[0]).toMatchObject({
      _line: 2,
      Статус: '200/200',
      _status: '200/200',
      _manager_leg: 200,
      _client_leg: 200,
      _side: 'success',
      _reason: 'connected',
      _benign: 0,
      _origin: 'documented',
      _time: '2026-03-05T10:00:00',
      _client_digits: '79123450000',
      _manager_digits: null,
      _duration_s: 0,
      _cost: 0.5,
      Комментарий: 'многострочный\r\nкомментарий; с "кавычками"',
    });
    expect(first[1]).toMatchObject({ _line: 4, _status: '200/487', _side: 'client', _reason: 'no-answer' });
    const unknown = db.prepare('SELECT _status, _side, _origin FROM calls WHERE "Статус" = \'999/999\' LIMIT 1').get();
    expect(unknown).toEqual({ _status: '999/999', _side: 'unknown', _origin: 'unknown' });
    expect(db.prepare('SELECT line, reason, raw FROM rejected').all()).toEqual([
      // header line + 3000 records, every 7th spanning two lines, then the total row
      { line: 1 + 3000 + Math.ceil(3000 / 7) + 1, reason: expect.stringContaining('Итого'), raw: 'Итого;;;;;;' },
    ]);
    const indexes = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'calls'").all() as { name: string }[])
      .map((r) => r.name)
      .sort();
    expect(indexes).toEqual(['calls_client_digits', 'calls_reason', 'calls_side', 'calls_status', 'calls_time']);
    const meta = new Map((db.prepare('SELECT key, value FROM meta').all() as { key: string; value: string }[]).map((r) => [r.key, JSON.parse(r.value)]));
    expect(meta.get('complete')).toBe('1');
    expect(meta.get('columns')).toEqual(HEADER.split(';'));
    expect(meta.get('rows_read')).toBe(3001);
    expect(meta.get('roles')).toEqual({ 0: 'datetime', 1: 'clientNumber', 2: 'manager', 3: 'status', 4: 'duration', 5: 'cost' });
    db.close();
    expect(new DatasetLibrary(dir).list().map((d) => d.id)).toEqual([summary.id]);
  });

  it.each([
    ['before the worker starts', null],
    ['while reading', 'reading'],
    ['while building indexes', 'indexing'],
  ] as const)('cancels %s and leaves nothing behind', async (_moment, phase) => {
    const { file, ref } = source('big.csv', 200_000);
    const dir = path.join(tmp.dir, `cancel-${phase ?? 'start'}`);
    const phases: string[] = [];
    let handle: ReturnType<typeof startImport> | null = null;
    handle = startImport({
      path: file,
      source: ref,
      options: {},
      datasetsDir: dir,
      appVersion: 't',
      onProgress: (p) => {
        phases.push(p.phase);
        // Cancel from the progress event itself: deterministic, whatever the machine's speed.
        if (p.phase === phase) handle?.cancel();
      },
    });
    if (phase === null) handle.cancel();
    await expect(handle.done).rejects.toMatchObject({ code: 'cancelled' });
    if (phase !== null) expect(phases).toContain(phase);
    expect(phases.at(-1)).toBe('cancelled');
    expect(fs.readdirSync(dir)).toEqual([]);
    expect(new DatasetLibrary(dir).list()).toEqual([]);
  });

  it('fails with one clear sentence for a file without a status column, leaving nothing behind', async () => {
    const file = tmp.file('nostatus.csv', 'Имя;Телефон\r\nИван;89123456789\r\n');
    const dir = path.join(tmp.dir, 'fail');
    const handle = startImport({
      path: file,
      source: { id: 'x', name: 'nostatus.csv', size: 10, kind: 'delimited' },
      options: {},
      datasetsDir: dir,
      appVersion: 't',
      onProgress: () => undefined,
    });
    await expect(handle.done).rejects.toMatchObject({ code: 'unsupported-file', message: expect.stringMatching(/choose the status column/) });
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});
