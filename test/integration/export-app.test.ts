/**
 * Exports in the app (issue #9, item 3): the engine's `exports/start` and `exports/cancel` channels with
 * their progress events, and the browser host's token-protected download of the finished file.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine } from '../../src/core/engine/handlers.ts';
import { startEngine } from '../../src/core/engine/engine-client.ts';
import { dataPaths } from '../../src/core/engine/data-paths.ts';
import { datasetPath } from '../../src/core/datasets/dataset-file.ts';
import { startHttpHost } from '../../src/host/server/http-host.ts';
import { printReportPdf, type PdfPage } from '../../src/main/report-pdf.ts';
import type { ExportProgress, ExportRequest } from '../../src/shared/export.ts';
import type { Result } from '../../src/shared/result.ts';
import { generateCallLog } from '../fixtures/calls.ts';
import { semicolonText } from '../fixtures/shapes.ts';
import { importOk, tempDir } from './helpers.ts';

const tmp = tempDir('export-app');
const dataDir = path.join(tmp.dir, 'data');
const DATASET = 'calls-1';
const log = generateCallLog({ seed: 31, rows: 5000, charset: 'full' });
const request = (over: Partial<ExportRequest> = {}): ExportRequest => ({
  format: 'csv',
  filter: { sides: ['client'] },
  sort: { column: '_line', direction: 'asc' },
  language: 'ru',
  ...over,
});

beforeAll(() => {
  const csv = tmp.file('calls.csv', semicolonText(log));
  importOk(csv, datasetPath(dataPaths(dataDir).datasetsDir, DATASET));
}, 60_000);
afterAll(() => tmp.cleanup());

async function until<T>(find: () => T | undefined, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const found = find();
    if (found !== undefined) return found;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('engine channels', () => {
  const events: ExportProgress[] = [];
  const engine = createEngine({
    dataDir,
    appVersion: 'test',
    host: 'browser',
    emit: (event, payload) => void (event === 'exports/progress' && events.push(payload as ExportProgress)),
  });
  const exportsDir = dataPaths(dataDir).exportsDir;

  it('writes the file into exports/ under the proposed name, reporting progress and the outcome', async () => {
    const started = await engine.handlers['exports/start'](DATASET, request({ filter: { sides: ['client'], from: '2026-03-01', to: '2026-04-01' } }));
    expect(started.fileName).toBe('звонки_клиент_2026-03-01_2026-03-31.csv');
    const done = await until(() => events.find((e) => e.jobId === started.jobId && (e.phase === 'done' || e.phase === 'failed')));
    expect(done.error).toBeUndefined();
    const clients = log.records.filter((r) => r.expected.side === 'client' && r.time >= '2026-03-01' && r.time < '2026-04-01').length;
    expect(done.result).toMatchObject({ fileName: started.fileName, format: 'csv', rows: clients });
    const file = path.join(exportsDir, started.fileName);
    expect(fs.readFileSync(file, 'utf8').split('\r\n').length - 2).toBe(clients); // header and the last empty piece
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(events.filter((e) => e.jobId === started.jobId).map((e) => e.phase)).toContain('writing');
    // A second export of the same view does not overwrite the first.
    const again = await engine.handlers['exports/start'](DATASET, request({ filter: { sides: ['client'], from: '2026-03-01', to: '2026-04-01' } }));
    expect(again.fileName).toBe('звонки_клиент_2026-03-01_2026-03-31 (2).csv');
    await until(() => events.find((e) => e.jobId === again.jobId && e.phase === 'done'));
  });

  it('cancel stops the export and leaves no file, not even a half-written one', async () => {
    const before = fs.readdirSync(exportsDir);
    const started = await engine.handlers['exports/start'](DATASET, request({ format: 'xlsx', filter: {} }));
    await engine.handlers['exports/cancel'](started.jobId);
    const end = await until(() => events.find((e) => e.jobId === started.jobId && ['done', 'failed', 'cancelled'].includes(e.phase)));
    expect(end.phase).toBe('cancelled');
    expect(fs.readdirSync(exportsDir).sort()).toEqual(before.sort());
    await expect(engine.handlers['exports/cancel'](started.jobId)).rejects.toMatchObject({ code: 'not-found' });
  });

  it('a filter the dataset refuses is the answer to start, in one sentence; no job, no file', async () => {
    const before = fs.readdirSync(exportsDir);
    await expect(
      engine.handlers['exports/start'](DATASET, request({ filter: { where: [{ column: 'Нет такого', op: 'contains', value: 'x' }] } })),
    ).rejects.toMatchObject({ code: 'invalid-argument' });
    expect(fs.readdirSync(exportsDir)).toEqual(before);
  });
});

describe('browser host', () => {
  it('downloads a finished export with the token header only, under its UTF-8 name; nothing outside exports/', async () => {
    const engine = startEngine({ dataDir, appVersion: 'test', host: 'browser' });
    const rendererDir = path.join(tmp.dir, 'renderer');
    fs.mkdirSync(rendererDir, { recursive: true });
    fs.writeFileSync(
      path.join(rendererDir, 'index.html'),
      '<!doctype html><html><head><script type="module" src="/app.js"></script></head><body></body></html>',
    );
    const { uploadsDir, exportsDir } = dataPaths(dataDir);
    const host = await startHttpHost({ engine, rendererDir, uploadsDir, exportsDir, port: 0 });
    try {
      const origin = new URL(host.url).origin;
      const response = await fetch(`${origin}/api/exports/start`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Callsight-Token': host.token },
        body: JSON.stringify([DATASET, request({ format: 'xlsx', filter: { sides: ['carrier'] } })]),
      });
      const started = (await response.json()) as Result<{ jobId: string; fileName: string }>;
      if (!started.ok) throw new Error(started.error.message);
      const file = path.join(exportsDir, started.value.fileName);
      await until(() => (fs.existsSync(file) ? true : undefined));
      const url = `${origin}/api/exports/file/${encodeURIComponent(started.value.fileName)}`;
      expect((await fetch(url)).status).toBe(401);
      const download = await fetch(url, { headers: { 'X-Callsight-Token': host.token } });
      expect(download.status).toBe(200);
      expect(download.headers.get('content-disposition')).toContain(`filename*=UTF-8''${encodeURIComponent(started.value.fileName)}`);
      expect(Buffer.from(await download.arrayBuffer()).equals(fs.readFileSync(file))).toBe(true);
      for (const name of ['..%2Fsettings.json', '%2E%2E%2Fsettings.json', '.hidden', 'missing.csv']) {
        const refused = await fetch(`${origin}/api/exports/file/${name}`, { headers: { 'X-Callsight-Token': host.token } });
        expect(refused.status, name).toBe(404);
      }
    } finally {
      await host.close();
      await engine.close();
    }
  }, 60_000);
});

describe('PDF in the app (Electron): the host prints the report the engine worker wrote', () => {
  /** Stands in for Electron's hidden window: the report's text goes into a file that starts as a PDF does. */
  const fakePage =
    (seen: { url?: string; html?: string; closed?: boolean }, fails = false) =>
    (url: string): PdfPage => ({
      load: async (loaded) => {
        seen.url = loaded;
        seen.html = fs.readFileSync(new URL(loaded), 'utf8');
      },
      printToPDF: async () => (fails ? Promise.reject(new Error('the renderer crashed')) : Buffer.from(`%PDF-1.7\n% ${url}\n${seen.html!.length}\n%%EOF\n`)),
      close: () => void (seen.closed = true),
    });

  async function exportPdf(fails: boolean): Promise<{ progress: ExportProgress; seen: { url?: string; html?: string; closed?: boolean }; file: string }> {
    const seen: { url?: string; html?: string; closed?: boolean } = {};
    const events: ExportProgress[] = [];
    const engine = startEngine({ dataDir, appVersion: 'test', host: 'electron', printPdf: (html, pdf) => printReportPdf(html, pdf, fakePage(seen, fails)) });
    const stop = engine.onEvent((event, payload) => void (event === 'exports/progress' && events.push(payload as ExportProgress)));
    try {
      const started = await engine.request('exports/start', [DATASET, request({ format: 'pdf', filter: { sides: ['client'] } })]);
      if (!started.ok) throw new Error(started.error.message);
      const progress = await until(() => events.find((e) => e.jobId === started.value.jobId && (e.phase === 'done' || e.phase === 'failed')));
      return { progress, seen, file: path.join(dataPaths(dataDir).exportsDir, started.value.fileName) };
    } finally {
      stop();
      await engine.close();
    }
  }

  it('prints through the host’s printToPDF, into the temporary name, renamed when done; nothing else is left', async () => {
    const { progress, seen, file } = await exportPdf(false);
    expect(progress.phase, JSON.stringify(progress.error)).toBe('done');
    expect(seen.closed).toBe(true);
    // The page loaded the report's HTML file (a dot-file beside the export), with the engine's count in it.
    expect(seen.url).toMatch(/^file:\/\/.*\.partial-[0-9a-f]+\.html$/);
    const clients = log.records.filter((r) => r.expected.side === 'client').length;
    // (The report groups digits with spaces as its language does.)
    expect(seen.html!.replace(/[\s\u00a0\u202f]/g, '')).toContain(String(clients));
    expect(progress.result?.rows).toBe(clients);
    const pdf = fs.readFileSync(file, 'latin1');
    expect(pdf.startsWith('%PDF-')).toBe(true);
    expect(pdf).toContain(String(seen.html!.length));
    expect(fs.readdirSync(path.dirname(file)).filter((name) => name.startsWith('.'))).toEqual([]);
  }, 60_000);

  it('a print that fails is the export’s failure in one sentence, and leaves no file under any name', async () => {
    const before = fs.readdirSync(dataPaths(dataDir).exportsDir);
    const { progress, seen, file } = await exportPdf(true);
    expect(progress.phase).toBe('failed');
    expect(progress.error?.en).toContain('the renderer crashed');
    expect(seen.closed).toBe(true);
    expect(fs.existsSync(file)).toBe(false);
    expect(fs.readdirSync(path.dirname(file))).toEqual(before);
  }, 60_000);
});
