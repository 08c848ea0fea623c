import path from 'node:path';
import { CONTENT_SECURITY_POLICY } from '../shared/security.ts';
import { CONTENT_TYPES } from '../shared/content-types.ts';

/**
 * The desktop app loads its page from `app://callsight/…`, a privileged, standard, secure scheme of its
 * own, not from file:// (issue 10, item 7): a file:// page is same-origin with every file on the disk
 * in some Electron versions, and a response header (the CSP) does not reach file pages in every version.
 * https://www.electronjs.org/docs/latest/tutorial/security#18-avoid-usage-of-the-file-protocol-and-prefer-usage-of-custom-protocols
 * Plain Node (no Electron import) so the tests run it.
 */
export const APP_SCHEME = 'app';
export const APP_ORIGIN = 'app://callsight';
export const APP_INDEX = `${APP_ORIGIN}/index.html`;

/** The file under `rendererDir` an app:// URL names, or null for anything else (other hosts, traversal, bad escapes). */
export function appFileFor(rendererDir: string, url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== 'callsight') return null;
  let decoded: string;
  try {
    decoded = decodeURIComponent(parsed.pathname === '/' ? '/index.html' : parsed.pathname);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const root = path.resolve(rendererDir);
  const file = path.resolve(root, `.${path.posix.normalize(decoded.replaceAll('\\', '/'))}`);
  return file.startsWith(root + path.sep) ? file : null;
}

export function contentTypeOf(file: string): string {
  return CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/** Headers of every app:// response: the CSP as a header too, and no sniffing. */
export const APP_RESPONSE_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
};

/**
 * Where the window loads the page from: the electron-vite dev server only while developing
 * (ELECTRON_RENDERER_URL, and only when the app is not packaged — an environment variable must not point
 * a shipped app at another page, issue 10 item 8), otherwise our own app:// origin.
 */
export function rendererEntry(isPackaged: boolean, env: Readonly<Record<string, string | undefined>>): { url: string; devServer: string | null } {
  const dev = env.ELECTRON_RENDERER_URL;
  if (!isPackaged && dev && /^http:\/\/(localhost|127\.0\.0\.1)(:\d+)?\/?/.test(dev)) return { url: dev, devServer: dev };
  return { url: APP_INDEX, devServer: null };
}

/** Whether a URL is our own page: the app:// origin, or the dev server's origin (exactly) while developing. */
export function isAppUrlFor(devServer: string | null): (url: string) => boolean {
  return (url) => {
    try {
      const origin = new URL(url).origin;
      return url.startsWith(`${APP_ORIGIN}/`) || (devServer !== null && origin === new URL(devServer).origin);
    } catch {
      return false;
    }
  };
}
