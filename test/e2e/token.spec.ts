import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { writeFile } from 'node:fs/promises';
import { expect, test } from './fixtures.ts';
import { callsCsv } from './files.ts';

/**
 * Issue 10, item 1: the host's token never reaches another origin. Browsers do not separate cookies by
 * port, so a second web server on 127.0.0.1 — here a recorder on another port — is exactly the attacker
 * the design must defeat: it must never receive the token, and it must not be able to lock the app out.
 */
interface Recorded {
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
}

async function startRecorder(): Promise<{ origin: string; seen: Recorded[]; server: Server }> {
  const seen: Recorded[] = [];
  const server = createServer((request, response) => {
    seen.push({ url: request.url ?? '', headers: request.headers });
    // What a hostile local page would try: plant a cookie of the host's old name with a narrower path,
    // and ask for the app's API from its own origin.
    response.setHeader('Set-Cookie', ['callsight_token=planted; Path=/api', 'callsight_token=planted2; Path=/']);
    response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    response.end('<!doctype html><title>other</title><p>another local server</p>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen, server };
}

test('the token stays with the host: another port receives nothing of it and cannot shadow it', async ({ host, page, context }, testInfo) => {
  const recorder = await startRecorder();
  try {
    const token = new URL(host.url.replace('#', '?')).searchParams.get('token')!;
    expect(token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    // The printed URL carries the token in its fragment, which browsers never send to any server.
    expect(new URL(host.url).search).toBe('');

    // Use the app: open it, upload and import a file (API calls, the event stream, an upload).
    await page.goto(host.url);
    await expect(page.getByTestId('app')).toHaveAttribute('data-ready', 'true');
    expect(page.url()).not.toContain(token);
    const csv = testInfo.outputPath('calls.csv');
    await writeFile(csv, callsCsv(30).text);
    await page.getByTestId('nav-datasets').click();
    const chooser = page.waitForEvent('filechooser');
    await page.getByTestId('import-file').click();
    await (await chooser).setFiles(csv);
    await expect(page.getByTestId('import-start')).toBeEnabled();
    await page.getByTestId('import-start').click();
    await expect(page.getByTestId('dataset-row').getByTestId('dataset-imported')).toHaveText('30');

    // The host set no cookie at all.
    expect(await context.cookies(host.origin)).toEqual([]);

    // The same browser visits the other local server, which plants cookies of the old name.
    const other = await context.newPage();
    await other.goto(`${recorder.origin}/`);
    await other.goto(`${recorder.origin}/api/datasets/list`);
    for (const { url, headers } of recorder.seen) {
      expect(JSON.stringify({ url, headers }), 'what the other server received').not.toContain(token);
    }
    await other.close();

    // The planted cookies reach the host's origin too (same host name), yet the app goes on working.
    await page.reload();
    await expect(page.getByTestId('app')).toHaveAttribute('data-ready', 'true');
    await page.getByTestId('nav-datasets').click();
    await expect(page.getByTestId('dataset-row').getByTestId('dataset-imported')).toHaveText('30');
    await expect(page.getByTestId('error-toast')).toHaveCount(0);

    // A page of the other origin cannot use the API: without the token it is refused, and it cannot read it.
    const other2 = await context.newPage();
    await other2.goto(`${recorder.origin}/`);
    const status = await other2.evaluate(async (origin) => {
      try {
        const response = await fetch(`${origin}/api/datasets/list`, {
          method: 'POST',
          credentials: 'include',
          headers: { 'Content-Type': 'text/plain' },
          body: '[]',
        });
        return response.status;
      } catch {
        return 'blocked';
      }
    }, host.origin);
    expect(status).not.toBe(200);
    await other2.close();
  } finally {
    await new Promise<void>((resolve) => recorder.server.close(() => resolve()));
  }
});

test('scripts keep working with the X-Callsight-Token header; a request without it is refused', async ({ host }) => {
  const token = new URL(host.url.replace('#', '?')).searchParams.get('token')!;
  const post = (headers: Record<string, string>) =>
    fetch(`${host.origin}/api/settings/get`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...headers },
      body: '[]',
    });
  expect((await post({ 'X-Callsight-Token': token })).status).toBe(200);
  expect((await post({})).status).toBe(401);
  expect((await post({ Cookie: `callsight_token=${token}` })).status).toBe(401);
  expect((await fetch(`${host.origin}/api/events?token=${token}`)).status).toBe(401);
});
