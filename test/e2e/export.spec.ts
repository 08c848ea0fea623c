import { spawnSync } from 'node:child_process';
import { readdir, readFile, writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CallsightApi } from '../../src/shared/api.ts';
import type { ExportProgress, ExportRequest } from '../../src/shared/export.ts';
import { classifyStatus } from '../../src/shared/status/classify.ts';
import { expect, test } from './fixtures.ts';
import { callRow, HEADER } from './files.ts';

/**
 * Exports through the page's own API in Chromium against the browser host (issue #9): the export
 * dialog is not wired into the grid yet, so the page's `window.callsight.exports` is driven directly —
 * start, progress events, the token-header download the host client turns into a browser download, and
 * cancel leaving no file.
 */
const CLI = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));

async function datasetOf(dataDir: string, id: string, count: number): Promise<void> {
  const csv = join(dataDir, `${id}.csv`);
  await writeFile(csv, `${[HEADER, ...Array.from({ length: count }, (_, i) => callRow(i))].map((row) => row.join(';')).join('\n')}\n`);
  await mkdir(join(dataDir, 'datasets'), { recursive: true });
  const run = spawnSync(process.execPath, [CLI, 'import', csv, '--out', join(dataDir, 'datasets', `${id}.callsight.sqlite`), '--json'], { encoding: 'utf8' });
  expect(run.status, run.stderr).toBe(0);
}

/** Runs in the page: starts an export (and cancels it at once if asked); resolves with its last progress event. */
const exportInPage = async ([id, req, stop]: [string, ExportRequest, boolean]): Promise<ExportProgress> => {
    const api = (globalThis as unknown as { callsight: CallsightApi }).callsight;
    let jobId = '';
    const seen: ExportProgress[] = [];
    const ended = new Promise<ExportProgress>((resolve) => {
      api.exports.onProgress((progress) => {
        seen.push(progress);
        if (progress.jobId === jobId && ['done', 'failed', 'cancelled'].includes(progress.phase)) resolve(progress);
      });
    });
    const started = await api.exports.start(id, req);
    if (!started.ok) throw new Error(started.error.message);
    jobId = started.value.jobId;
    if (stop) await api.exports.cancel(jobId);
    // An event that arrived before jobId was known is in `seen`.
    const early = seen.find((p) => p.jobId === jobId && ['done', 'failed', 'cancelled'].includes(p.phase));
    return early ?? ended;
};

test('an export of the client side downloads as a CSV with the engine’s count of calls', async ({ openApp, host }) => {
  await datasetOf(host.dataDir, 'march', 400);
  const page = await openApp();
  const request: ExportRequest = { format: 'csv', filter: { sides: ['client'] }, sort: { column: '_line', direction: 'asc' }, language: 'ru' };
  const last = await page.evaluate(exportInPage, ['march', request, false] as [string, ExportRequest, boolean]);
  expect(last.phase).toBe('done');
  const clients = Array.from({ length: 400 }, (_, i) => callRow(i)).filter((row) => classifyStatus(row[1]!).side === 'client').length;
  expect(last.result?.rows).toBe(clients);
  const downloading = page.waitForEvent('download');
  const saved = await page.evaluate((name) => (globalThis as unknown as { callsight: CallsightApi }).callsight.exports.save(name), last.result!.fileName);
  expect(saved).toEqual({ ok: true, value: { saved: true } });
  const download = await downloading;
  expect(download.suggestedFilename()).toBe(last.result!.fileName);
  const path = join(host.dataDir, 'downloaded.csv');
  await download.saveAs(path);
  const text = (await readFile(path, 'utf8')).replace(/^\uFEFF/, '');
  expect(text.trimEnd().split('\r\n')).toHaveLength(clients + 1);
});

test('a cancelled export leaves no file in exports/', async ({ openApp, host }) => {
  await datasetOf(host.dataDir, 'big', 60_000);
  const page = await openApp();
  const request: ExportRequest = { format: 'xlsx', filter: {}, sort: { column: '_line', direction: 'asc' }, language: 'en' };
  const last = await page.evaluate(exportInPage, ['big', request, true] as [string, ExportRequest, boolean]);
  expect(last.phase).toBe('cancelled');
  expect(await readdir(join(host.dataDir, 'exports'))).toEqual([]);
});
