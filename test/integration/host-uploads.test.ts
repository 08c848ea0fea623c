import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startEngine, type EngineConnection } from '../../src/core/engine/engine-client.ts';
import { dataPaths } from '../../src/core/engine/data-paths.ts';
import { startHttpHost, type HttpHost, type HttpHostOptions } from '../../src/host/server/http-host.ts';

/** Uploads to the browser host (issue 10, items 2–4), against the real engine worker. */
const CSV = 'Статус;Номер\n200/487;+79123456789\n200/200;+79123456780\n';
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Answer = { ok: boolean; value?: any; error?: { code: string; message: string } };
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
    fetch(`${origin}/api/upload?name=${encodeURIComponent(name)}`, { method: 'POST', headers: { 'X-Callsight-Token': host.token, ...headers }, body });
  const api = (channel: string, args: unknown[]) =>
    fetch(`${origin}/api/${channel}`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Callsight-Token': host.token }, body: JSON.stringify(args) });
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
