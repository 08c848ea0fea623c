import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEngine, type EngineConnection } from '../../src/core/engine/engine-client.ts';
import { dataPaths } from '../../src/core/engine/data-paths.ts';
import { startHttpHost, type HttpHost } from '../../src/host/server/http-host.ts';
import { CONTENT_SECURITY_POLICY } from '../../src/shared/security.ts';

/** The browser host against the real engine worker and a stand-in renderer folder. */
describe('browser host', () => {
  let engine: EngineConnection;
  let host: HttpHost;
  let origin: string;
  const dataDir = mkdtempSync(join(tmpdir(), 'callsight-host-'));

  beforeAll(async () => {
    const rendererDir = join(dataDir, 'renderer');
    mkdirSync(rendererDir);
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><html><head><script type="module" src="/app.js"></script></head><body></body></html>');
    writeFileSync(join(rendererDir, 'app.js'), 'console.log(1)');
    writeFileSync(join(dataDir, 'secret.txt'), 'secret');
    engine = startEngine({ dataDir, appVersion: '9.9.9', host: 'browser' });
    host = await startHttpHost({ engine, rendererDir, uploadsDir: dataPaths(dataDir).uploadsDir, port: 0 });
    origin = new URL(host.url).origin;
  });

  afterAll(async () => {
    await host.close();
    await engine.close();
  });

  const api = (channel: string, args: unknown[], headers: Record<string, string> = {}) =>
    fetch(`${origin}/api/${channel}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Callsight-Token': host.token, ...headers },
      body: JSON.stringify(args),
    });

  it('prints a URL with a URL-safe token in its fragment, on 127.0.0.1', () => {
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#token=[A-Za-z0-9_-]{32}$/);
  });

  it('answers 401 to any API request without the token header; the token in a cookie or the query does not count', async () => {
    const post = (path: string, headers: Record<string, string> = {}) =>
      fetch(`${origin}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: '[]' });
    expect((await post('/api/settings/get')).status).toBe(401);
    expect((await post('/api/settings/get', { 'X-Callsight-Token': 'wrong' })).status).toBe(401);
    expect((await post('/api/settings/get', { Cookie: `callsight_token=${host.token}` })).status).toBe(401);
    expect((await post(`/api/settings/get?token=${host.token}`)).status).toBe(401);
    expect((await post('/api/upload?name=a.csv')).status).toBe(401);
    expect((await fetch(`${origin}/api/events`)).status).toBe(401);
    expect((await fetch(`${origin}/api/events?token=${host.token}`)).status).toBe(401);
  });

  it('serves the page without the token, sets no cookie, and streams events to the header', async () => {
    const page = await fetch(`${origin}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('set-cookie')).toBeNull();
    const controller = new AbortController();
    const events = await fetch(`${origin}/api/events`, { headers: { 'X-Callsight-Token': host.token }, signal: controller.signal });
    expect(events.status).toBe(200);
    expect(events.headers.get('content-type')).toBe('text/event-stream');
    controller.abort();
  });

  it('serves the page with the strict CSP and the host client loaded before the app', async () => {
    const page = await fetch(`${origin}/`);
    expect(page.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    const html = await page.text();
    expect(html.indexOf('/host-client.js')).toBeGreaterThan(0);
    expect(html.indexOf('/host-client.js')).toBeLessThan(html.indexOf('/app.js'));
    const client = await fetch(`${origin}/host-client.js`, { headers: { 'X-Callsight-Token': host.token } });
    const script = await client.text();
    expect(script).toContain('callsight');
    expect(script).not.toMatch(/satisfies CallsightApi|: Promise<Result/);
  });

  it('refuses other host names (DNS rebinding) and malformed paths', async () => {
    const { request } = await import('node:http');
    const status = (path: string, hostHeader: string): Promise<number> =>
      new Promise((resolve, reject) => {
        request({ host: '127.0.0.1', port: new URL(origin).port, path, headers: { Host: hostHeader } }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        })
          .on('error', reject)
          .end();
      });
    expect(await status('/', `evil.example:${new URL(origin).port}`)).toBe(421);
    expect(await status('/', new URL(origin).host)).toBe(200);
    const malformed = await fetch(`${origin}/%E0%A4%A`, { headers: { 'X-Callsight-Token': host.token } });
    expect(malformed.status).toBe(400);
  });

  it('refuses paths outside the renderer folder', async () => {
    const response = await fetch(`${origin}/..%2Fsecret.txt`, { headers: { 'X-Callsight-Token': host.token } });
    expect(response.status).toBe(404);
  });

  it('answers the typed API with Results from the real engine', async () => {
    const info = await (await api('app/info', [])).json();
    expect(info).toEqual({ ok: true, value: { version: '9.9.9', host: 'browser' } });
    const updated = await (await api('settings/update', [{ language: 'en' }])).json();
    expect(updated).toEqual({ ok: true, value: { language: 'en', views: {} } });
    expect(await (await api('settings/get', [])).json()).toEqual({ ok: true, value: { language: 'en', views: {} } });
  });

  it('validates arguments and refuses unknown channels and cross-origin posts', async () => {
    const bad = await (await api('settings/update', [{ language: 'de' }])).json();
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
    const extra = await (await api('datasets/get', ['../../etc/passwd'])).json();
    expect(extra).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
    expect((await api('fs/read', [])).status).toBe(404);
    expect((await api('sources/choose', [])).status).toBe(404);
    expect((await api('settings/get', [], { Origin: 'http://evil.example' })).status).toBe(403);
  });

  it('answers 400 to JSON nested too deep, before parsing it (issue 10, item 6)', async () => {
    const deep = `${'['.repeat(500_000)}${']'.repeat(500_000)}`;
    const response = await fetch(`${origin}/api/settings/get`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Callsight-Token': host.token },
      body: deep,
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
    const objects = await fetch(`${origin}/api/settings/update`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Callsight-Token': host.token },
      body: `[${'{"a":'.repeat(100)}1${'}'.repeat(100)}]`,
    });
    expect(objects.status).toBe(400);
    // Brackets inside strings do not count.
    expect((await api('datasets/rename', ['no-such', '[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[['])).status).toBe(200);
  });

  it('reports engine errors in the interface language', async () => {
    await api('settings/update', [{ language: 'ru' }]);
    expect(await (await api('datasets/get', ['no-such-dataset'])).json()).toMatchObject({
      ok: false,
      error: { code: 'not-found', message: 'Этого набора данных больше нет.' },
    });
    await api('settings/update', [{ language: 'en' }]);
    expect(await (await api('datasets/get', ['no-such-dataset'])).json()).toMatchObject({
      ok: false,
      error: { code: 'not-found', message: 'This dataset no longer exists.' },
    });
  });

  it('registers an uploaded file as a source', async () => {
    const body = 'Статус;Номер\n200/487;+79123456789\n';
    const response = await fetch(`${origin}/api/upload?name=${encodeURIComponent('../звонки.csv')}`, {
      method: 'POST',
      headers: { 'X-Callsight-Token': host.token },
      body,
    });
    const result = await response.json();
    expect(result).toMatchObject({ ok: true, value: { name: '.._звонки.csv', kind: 'delimited', size: Buffer.byteLength(body) } });
  });
});
