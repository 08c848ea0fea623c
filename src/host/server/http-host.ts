import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { readFile, rm, stat, statfs } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stripTypeScriptTypes } from 'node:module';
import { isChannel } from '../../shared/api-schema.ts';
import type { Channel } from '../../shared/api.ts';
import { fail, type LocalizedText, type Result } from '../../shared/result.ts';
import type { Language } from '../../shared/settings.ts';
import { MESSAGES, messageWith } from '../../core/messages.ts';
import { CONTENT_SECURITY_POLICY } from '../../shared/security.ts';
import { exportFileNameSchema } from '../../shared/export-schema.ts';
import { EXPORT_MESSAGES } from '../../core/export/messages.ts';
import type { EngineConnection } from '../../core/engine/engine-client.ts';
import type { EngineChannel } from '../../core/engine/handlers.ts';
import { CONTENT_TYPES } from '../../shared/content-types.ts';

/**
 * The browser host: serves the built renderer on 127.0.0.1 and answers the CallsightApi over HTTP,
 * so the real renderer runs in any Chromium against the real engine (end-to-end tests, machines
 * without an Electron runtime). Every API request, the event stream included, must carry the per-run
 * token in the X-Callsight-Token header. The printed URL holds the token in its fragment, which browsers
 * never send to a server; the page keeps it in its own tab's sessionStorage. No cookie: browsers do not
 * separate cookies by port, so a cookie would reach every other server on 127.0.0.1 the browser visits,
 * and any of them could plant one of the same name (issue 10, item 1). The page and its scripts hold no
 * secret and are served without the token.
 */
export interface HttpHostOptions {
  readonly engine: EngineConnection;
  readonly rendererDir: string;
  readonly uploadsDir: string;
  /** The data folder's exports/: finished exports are downloaded from here (GET /api/exports/file/<name>, token required). */
  readonly exportsDir?: string;
  readonly port: number;
  /** Defaults: UPLOAD_LIMITS. Tests pass small ones. */
  readonly uploadLimits?: Partial<UploadLimits>;
}

/** What one run of the browser host accepts by upload (issue 10, item 2). */
export interface UploadLimits {
  /** The largest file, whatever the free space. */
  readonly maxBytes: number;
  /** Free space an upload must leave on the data disk (the import then needs about as much again). */
  readonly freeSpaceMargin: number;
  /** Uploads registered and not yet imported, over all pages. */
  readonly maxPending: number;
}

export const UPLOAD_LIMITS: UploadLimits = { maxBytes: 8 * 1024 ** 3, freeSpaceMargin: 2 * 1024 ** 3, maxPending: 4 };

export interface HttpHost {
  readonly url: string;
  readonly token: string;
  close(): Promise<void>;
}

const MAX_JSON_BODY = 1024 * 1024;
const EXPORT_FILE_ROUTE = 'exports/file/';
const CLIENT_SCRIPT = '/host-client.js';

export async function startHttpHost(options: HttpHostOptions): Promise<HttpHost> {
  const token = randomBytes(24).toString('base64url');
  const clientScript = await compileHostClient();
  const events = new Set<ServerResponse>();
  const limits: UploadLimits = { ...UPLOAD_LIMITS, ...options.uploadLimits };
  /** Pages with an upload in flight (X-Callsight-Page): one at a time per page. */
  const uploading = new Set<string>();
  let port = options.port;
  const unsubscribe = options.engine.onEvent((event, payload) => {
    const frame = `event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`;
    for (const stream of events) stream.write(frame);
  });

  const server: Server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      // The detail goes to the host's log, never to the page: it may hold paths of this machine (issue 10, item 4).
      console.error('[host]', error);
      if (!response.headersSent) sendJson(response, 500, fail('internal', 'The browser host failed to answer this request; try again.'));
      else response.destroy();
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    // DNS rebinding defence: a page from another name that resolves to 127.0.0.1 is not us.
    if (request.headers.host !== `127.0.0.1:${port}`) return void response.writeHead(421).end();
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    securityHeaders(response);
    if (url.pathname.startsWith('/api/')) {
      if (!isAuthorised(request, token)) {
        return sendJson(
          response,
          401,
          fail('invalid-argument', 'Unauthorized: open the URL printed by `npm run serve`, or send its token in the X-Callsight-Token header.'),
        );
      }
      if (!isSameOrigin(request)) return sendJson(response, 403, fail('invalid-argument', 'Cross-origin request refused.'));
      return handleApi(url.pathname.slice('/api/'.length), url, request, response);
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') return void response.writeHead(405).end();
    if (url.pathname === CLIENT_SCRIPT) return sendText(response, 200, clientScript, CONTENT_TYPES['.js']!);
    return serveStatic(url.pathname, response);
  }

  async function handleApi(route: string, url: URL, request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (route === 'events' && request.method === 'GET') {
      response.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
      response.write(': connected\n\n');
      events.add(response);
      request.on('close', () => events.delete(response));
      return;
    }
    if (route.startsWith(EXPORT_FILE_ROUTE) && (request.method === 'GET' || request.method === 'HEAD'))
      return serveExport(route.slice(EXPORT_FILE_ROUTE.length), response);
    if (request.method !== 'POST') return sendJson(response, 405, fail('invalid-argument', 'Use POST.'));
    if (route === 'upload') return handleUpload(url, request, response);
    if (!isChannel(route) || !isEngineChannel(route)) return sendJson(response, 404, fail('not-found', 'No such request.'));
    if (!(request.headers['content-type'] ?? '').startsWith('application/json')) {
      return sendJson(response, 415, fail('invalid-argument', 'Requests must be JSON.'));
    }
    const body = await readJsonBody(request);
    if (!body.ok) return sendJson(response, 400, body);
    return sendJson(response, 200, await options.engine.request(route, body.value));
  }

  /** A file picked or dropped in the page: streamed to the uploads folder, then registered like a dialog's path. */
  async function handleUpload(url: URL, request: IncomingMessage, response: ServerResponse): Promise<void> {
    const pageHeader = request.headers['x-callsight-page'];
    const page = typeof pageHeader === 'string' && /^[A-Za-z0-9_-]{1,64}$/.test(pageHeader) ? pageHeader : 'script';
    const language = await interfaceLanguage();
    const refuse = (status: number, code: 'busy' | 'io', text: LocalizedText): void => {
      // The body is not read: close the connection instead of draining what may be gigabytes.
      response.setHeader('Connection', 'close');
      sendJson(response, status, fail(code, text[language]));
      request.resume();
    };
    if (uploading.has(page)) return refuse(429, 'busy', MESSAGES.uploadBusy);
    const pending = await options.engine.pendingUploads();
    if (pending.ok && pending.value >= limits.maxPending) return refuse(413, 'busy', messageWith.tooManyUploads(limits.maxPending));
    const free = await statfs(options.uploadsDir).then(
      (info) => info.bavail * info.bsize,
      () => Number.POSITIVE_INFINITY,
    );
    const byFreeSpace = Math.max(0, free - limits.freeSpaceMargin);
    const limit = Math.min(limits.maxBytes, byFreeSpace);
    const tooLarge = (): LocalizedText =>
      byFreeSpace < limits.maxBytes ? messageWith.uploadNoSpace(limit, limits.freeSpaceMargin) : messageWith.uploadTooLarge(limits.maxBytes);
    const declared = Number(request.headers['content-length'] ?? Number.NaN);
    if (declared > limit) return refuse(413, 'io', tooLarge());

    // eslint-disable-next-line no-control-regex -- on purpose: a stored name loses control characters (U+0000–U+001F) as well as the ones Windows forbids
    const name = fitName((url.searchParams.get('name') ?? '').replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_'), 1024) || 'upload';
    const path = join(options.uploadsDir, `${randomUUID()}-${fitName(name, MAX_STORED_NAME_BYTES)}`);
    let received = 0;
    // Counts what arrives, whatever Content-Length said (a chunked body has none).
    const cap = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        received += chunk.length;
        if (received > limit) {
          done(new Error('upload over the limit'));
        } else done(null, chunk);
      },
    });
    uploading.add(page);
    try {
      await pipeline(request, cap, createWriteStream(path, { mode: 0o600 }));
    } catch {
      await rm(path, { force: true }).catch(() => undefined);
      if (received > limit) return refuse(413, 'io', tooLarge()); // the cap stopped it, not the network
      return sendJson(response, 400, fail('io', 'The upload was interrupted; choose the file again.'));
    } finally {
      uploading.delete(page);
    }
    return sendJson(response, 200, await options.engine.registerSource(path, name, page));
  }

  /** A finished export as a download: a plain file name inside exports/, nothing else (no path, no dot-file). */
  async function serveExport(encodedName: string, response: ServerResponse): Promise<void> {
    let name: string;
    try {
      name = decodeURIComponent(encodedName);
    } catch {
      return sendJson(response, 400, fail('invalid-argument', 'Not a file name.'));
    }
    const parsed = exportFileNameSchema.safeParse(name);
    const file = options.exportsDir && parsed.success ? join(options.exportsDir, parsed.data) : null;
    const info = file ? await stat(file).catch(() => null) : null;
    if (!file || !info?.isFile()) {
      const language = await interfaceLanguage();
      return sendJson(response, 404, fail('not-found', EXPORT_MESSAGES.exportGone[language]));
    }
    response.writeHead(200, {
      'Content-Type': 'application/octet-stream',
      'Content-Length': info.size,
      // RFC 6266: an ASCII fallback and the UTF-8 name (Cyrillic names are the rule here).
      'Content-Disposition': `attachment; filename="${name.replace(/[^\x20-\x7e]|["\\]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`,
    });
    await pipeline(createReadStream(file), response);
  }

  async function interfaceLanguage(): Promise<Language> {
    const settings = await options.engine.request('settings/get', []);
    return settings.ok ? settings.value.language : 'en';
  }

  async function serveStatic(pathname: string, response: ServerResponse): Promise<void> {
    let decoded: string;
    try {
      decoded = decodeURIComponent(pathname === '/' ? '/index.html' : pathname);
    } catch {
      return void response.writeHead(400).end();
    }
    const relative = normalize(decoded).replace(/^([/\\])+/, '');
    const file = join(options.rendererDir, relative);
    if (!file.startsWith(options.rendererDir + sep)) return void response.writeHead(404).end();
    const info = await stat(file).catch(() => null);
    if (!info?.isFile()) return void response.writeHead(404).end();
    const type = CONTENT_TYPES[extname(file)] ?? 'application/octet-stream';
    if (relative === 'index.html') {
      const html = await readFile(file, 'utf8');
      // The host's API implementation must exist before the renderer's module runs; module scripts run in order.
      const withClient = html.replace('<script', `<script type="module" src="${CLIENT_SCRIPT}"></script>\n    <script`);
      return sendText(response, 200, withClient, type);
    }
    response.writeHead(200, { 'Content-Type': type, 'Content-Length': info.size });
    response.end(await readFile(file));
  }

  // Earlier runs' uploads go before this run accepts any; never later (issue 10, item 3).
  await options.engine.sweepUploads();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/#token=${token}`,
    token,
    async close() {
      unsubscribe();
      for (const stream of events) stream.end();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** File names are limited in bytes (255 on common file systems); the stored name adds a 37-byte UUID prefix. */
const MAX_STORED_NAME_BYTES = 200;

/**
 * Cuts a file name to `maxBytes` of UTF-8 by whole characters, keeping its extension, so a long Cyrillic
 * name (2 bytes a character) still makes a valid file name.
 */
export function fitName(name: string, maxBytes: number): string {
  if (Buffer.byteLength(name) <= maxBytes) return name;
  const dot = name.lastIndexOf('.');
  const extension = dot > 0 && Buffer.byteLength(name.slice(dot)) <= 16 ? name.slice(dot) : '';
  let budget = maxBytes - Buffer.byteLength(extension);
  let kept = '';
  for (const character of name.slice(0, name.length - extension.length)) {
    budget -= Buffer.byteLength(character);
    if (budget < 0) break;
    kept += character;
  }
  return kept + extension;
}

function isEngineChannel(channel: Channel): channel is EngineChannel {
  return channel !== 'sources/choose';
}

/** Only the header counts: never a cookie (any local server could plant one) nor the query (logs, history). */
function isAuthorised(request: IncomingMessage, token: string): boolean {
  const header = request.headers['x-callsight-token'];
  return typeof header === 'string' && sameSecret(header, token);
}

function sameSecret(candidate: string, token: string): boolean {
  const a = Buffer.from(candidate);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Browsers send Origin on POST; a page from any other origin is refused even if it had the token. */
function isSameOrigin(request: IncomingMessage): boolean {
  const origin = request.headers.origin;
  return origin === undefined || origin === `http://${request.headers.host}`;
}

function securityHeaders(response: ServerResponse): void {
  response.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  response.setHeader('X-Content-Type-Options', 'nosniff');
  response.setHeader('Referrer-Policy', 'no-referrer');
  // Other origins may not embed our responses nor keep a handle on our window.
  response.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
  response.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  response.setHeader('Cache-Control', 'no-store');
}

async function readJsonBody(request: IncomingMessage): Promise<Result<unknown>> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_JSON_BODY) return fail('invalid-argument', 'Request too large.');
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  // JSON.parse recurses: 500,000 brackets overflow the stack (a 500). No request of ours nests deeper than a few levels.
  if (nestingDepth(text) > MAX_JSON_DEPTH) return fail('invalid-argument', `Request nested more than ${MAX_JSON_DEPTH} levels deep.`);
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return fail('invalid-argument', 'Request body is not valid JSON.');
  }
}

const MAX_JSON_DEPTH = 32;

/** The deepest nesting of arrays and objects in JSON text, brackets inside strings not counted. */
export function nestingDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      depth++;
      if (depth > deepest) deepest = depth;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return deepest;
}

function sendJson(response: ServerResponse, status: number, body: Result<unknown>): void {
  sendText(response, status, JSON.stringify(body), 'application/json; charset=utf-8');
}

function sendText(response: ServerResponse, status: number, text: string, type: string): void {
  response.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(text) });
  response.end(text);
}

/** The page-side API is TypeScript with type-only imports; Node strips the types, no bundler needed. */
async function compileHostClient(): Promise<string> {
  const source = await readFile(new URL('../client/host-client.ts', import.meta.url), 'utf8');
  return stripTypeScriptTypes(source, { mode: 'strip' });
}
