import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startEngine, type EngineConnection } from '../../src/core/engine/engine-client.ts';
import { dataPaths } from '../../src/core/engine/data-paths.ts';
import { startHttpHost, type HttpHost, type HttpHostOptions } from '../../src/host/server/http-host.ts';

/** Uploads to the browser host (issue 10, items 2–4), against the real engine worker. */
const CSV = 'Статус;Номер\n200/487;+79123456789\n200/200;+79123456780\n';
// what these tests read from an answer's value: a source's id, an import's job id
type Answer = { ok: boolean; value: { readonly id: string; readonly jobId: string }; error?: { code: string; message: string } };
const read = async (response: Promise<Response>): Promise<Answer> => (await (await response).json()) as Answer;
const running: Array<{ host: HttpHost; engine: EngineConnection; dataDir: string }> = [];

async function start(prepare?: (dataDir: string) => void, extra: Partial<HttpHostOptions> = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), 'callsight-uploads-host-'));
  const rendererDir = join(dataDir, 'renderer');
  mkdirSync(rendererDir);
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><html><head><script type="module" src="/app.js"></script></head></html>');
  const { uploadsDir } = dataPaths(dataDir);
  prepare?.(dataDir);
  const engine = startEngine({ dataDir, appVersion: 'test', host: 'browser' });
  const host = await startHttpHost({ engine, rendererDir, uploadsDir, port: 0, ...extra });
  const origin = new URL(host.url).origin;
  running.push({ host, engine, dataDir });
  const upload = (name: string, body: string | Uint8Array, headers: Record<string, string> = {}) =>
    fetch(`${origin}/api/upload?name=${encodeURIComponent(name)}`, {
      method: 'POST',
      headers: { 'X-Callsight-Token': host.token, ...headers },
      body,
      duplex: 'half',
    });
  const api = (channel: string, args: unknown[]) =>
    fetch(`${origin}/api/${channel}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Callsight-Token': host.token },
      body: JSON.stringify(args),
    });
  await api('settings/update', [{ language: 'en' }]);
  return { dataDir, uploadsDir, engine, host, origin, upload, api };
}

afterEach(async () => {
  for (const { host, engine, dataDir } of running.splice(0)) {
    await host.close();
    await engine.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});

describe('uploads to the browser host', () => {
  it('item 3: the first upload after a start survives the start-up sweep, which still removes old orphans', async () => {
    const { uploadsDir, upload, api } = await start((dataDir) => writeFileSync(join(dataPaths(dataDir).uploadsDir, 'old-orphan.csv'), CSV));
    const result = await read(upload('звонки.csv', CSV));
    expect(result).toMatchObject({ ok: true, value: { name: 'звонки.csv', kind: 'delimited' } });
    const preview = await read(api('sources/preview', [result.value.id, {}]));
    expect(preview.ok).toBe(true);
    expect(readdirSync(uploadsDir).some((name) => name.endsWith('звонки.csv'))).toBe(true);
    expect(existsSync(join(uploadsDir, 'old-orphan.csv'))).toBe(false);
  });

  it('item 3: a restarted engine worker does not delete the uploads of the running host', async () => {
    const { uploadsDir, upload, engine, api } = await start();
    expect((await read(upload('a.csv', CSV))).ok).toBe(true);
    const before = readdirSync(uploadsDir);
    expect(before).toHaveLength(1);
    await engine.close(); // the worker goes away; the next request starts a new one
    expect((await read(api('app/info', []))).ok).toBe(true);
    expect(readdirSync(uploadsDir)).toEqual(before);
  });
});

describe('upload names (issue 10, item 4)', () => {
  it('a 120-character Cyrillic name (228 bytes) is cut by bytes on disk, kept whole for display, and no answer holds a path', async () => {
    const { dataDir, uploadsDir, upload, api } = await start();
    const long = `${'Ж'.repeat(120)}.csv`;
    const response = await upload(long, CSV);
    const text = await response.text();
    expect(text).not.toContain(dataDir);
    expect(response.status).toBe(200);
    const result = JSON.parse(text) as Answer;
    expect(result).toMatchObject({ ok: true, value: { name: long, kind: 'delimited' } });
    const [stored] = readdirSync(uploadsDir);
    expect(Buffer.byteLength(stored!)).toBeLessThanOrEqual(255);
    expect(stored!.endsWith('Ж.csv')).toBe(true); // whole characters, the extension kept
    expect((await read(api('sources/preview', [result.value.id, {}]))).ok).toBe(true);
  });

  it('a name of 300 four-byte characters still fits, extension kept', async () => {
    const { uploadsDir, upload } = await start();
    expect((await read(upload(`${'😀'.repeat(300)}.xlsx`, CSV))).ok).toBe(true);
    const [stored] = readdirSync(uploadsDir);
    expect(Buffer.byteLength(stored!)).toBeLessThanOrEqual(255);
    expect(stored!.endsWith('😀.xlsx')).toBe(true);
  });
});

describe('upload limits (issue 10, item 2)', () => {
  const pending = (uploadsDir: string): number => readdirSync(uploadsDir).length;
  const until = async (check: () => boolean): Promise<void> => {
    for (let i = 0; i < 200 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 25));
    expect(check()).toBe(true);
  };

  it('refuses a file over the size cap with 413 and the limit in words, in the interface language, keeping nothing', async () => {
    const { uploadsDir, upload, api } = await start(undefined, { uploadLimits: { maxBytes: 64 * 1024 } });
    const big = new Uint8Array(100 * 1024).fill(0x41);
    const refused = await upload('big.csv', big);
    expect(refused.status).toBe(413);
    expect(((await refused.json()) as Answer).error?.message).toBe('The file is too large to upload: the browser host takes files up to 64 KB.');
    await api('settings/update', [{ language: 'ru' }]);
    const russian = await read(upload('big.csv', big));
    expect(russian.error?.message).toBe('Файл слишком велик для загрузки: браузерный хост принимает файлы до 64 КБ.');
    // Without Content-Length (a chunked body) the cap holds as the bytes arrive.
    const chunked = await upload(
      'big.csv',
      new ReadableStream({
        start(controller) {
          for (let i = 0; i < 10; i++) controller.enqueue(new Uint8Array(16 * 1024));
          controller.close();
        },
      }) as unknown as Uint8Array,
    );
    expect(chunked.status).toBe(413);
    await until(() => readdirSync(uploadsDir).every((name) => !name.endsWith('big.csv')));
  });

  it('keeps a free-space margin on the data disk', async () => {
    const { upload } = await start(undefined, { uploadLimits: { freeSpaceMargin: Number.MAX_SAFE_INTEGER } });
    const refused = await upload('a.csv', CSV);
    expect(refused.status).toBe(413);
    expect(((await refused.json()) as Answer).error?.message).toMatch(
      /^Not enough free space on the data disk: the browser host takes files up to 0 bytes now, so that .* stay free/,
    );
  });

  it('caps the uploads waiting for import; one page holds one, a second replaces its first', async () => {
    const { uploadsDir, upload } = await start(undefined, { uploadLimits: { maxPending: 2 } });
    expect((await read(upload('a.csv', CSV, { 'X-Callsight-Page': 'p1' }))).ok).toBe(true);
    expect((await read(upload('b.csv', CSV, { 'X-Callsight-Page': 'p1' }))).ok).toBe(true);
    expect(readdirSync(uploadsDir).map((name) => name.slice(37))).toEqual(['b.csv']); // a.csv was abandoned
    expect((await read(upload('c.csv', CSV, { 'X-Callsight-Page': 'p2' }))).ok).toBe(true);
    const third = await upload('d.csv', CSV, { 'X-Callsight-Page': 'p3' });
    expect(third.status).toBe(413);
    expect(((await third.json()) as Answer).error?.message).toContain('At most 2 uploaded files');
    expect(pending(uploadsDir)).toBe(2);
  });

  it('one upload at a time per page: a second while the first is in flight gets 429', async () => {
    const { upload } = await start();
    let finish!: () => void;
    const first = upload(
      'slow.csv',
      new ReadableStream({
        async start(controller) {
          controller.enqueue(new TextEncoder().encode(CSV));
          await new Promise<void>((resolve) => {
            finish = resolve;
          });
          controller.close();
        },
      }) as unknown as Uint8Array,
      { 'X-Callsight-Page': 'p1' },
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    const second = await upload('other.csv', CSV, { 'X-Callsight-Page': 'p1' });
    expect(second.status).toBe(429);
    finish();
    expect((await read(first)).ok).toBe(true);
  });

  it('deletes an upload once its import failed or finished', async () => {
    const { uploadsDir, upload, api, engine } = await start();
    const settled = new Map<string, string>();
    engine.onEvent((_event, progress) => {
      if (!('phase' in progress)) return;
      if (progress.phase === 'done' || progress.phase === 'failed' || progress.phase === 'cancelled') settled.set(progress.jobId, progress.phase);
    });
    const bad = await read(upload('bad.csv', 'Имя;Город\nАнна;Омск\n', { 'X-Callsight-Page': 'p1' }));
    const badJob = await read(api('imports/start', [bad.value.id, {}]));
    if (badJob.ok) await until(() => settled.has(badJob.value.jobId));
    await until(() => pending(uploadsDir) === 0);

    const good = await read(upload('good.csv', CSV, { 'X-Callsight-Page': 'p1' }));
    const job = await read(api('imports/start', [good.value.id, {}]));
    expect(job.ok).toBe(true);
    await until(() => settled.get(job.value.jobId) === 'done');
    // "Import again" asks for the file again, so nothing keeps an upload past its import.
    await until(() => pending(uploadsDir) === 0);
    const datasets = (await (await api('datasets/list', [])).json()) as { value: Array<{ sourceName: string; imported: number }> };
    expect(datasets.value).toMatchObject([{ sourceName: 'good.csv', imported: 2 }]);
  });
});
