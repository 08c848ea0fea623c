import { BrowserWindow, session } from 'electron';
import type { PdfPage } from './report-pdf.ts';
import { SECURE_WEB_PREFERENCES } from './security.ts';

/**
 * The hidden window a PDF report is printed in: sandboxed, no preload, no JavaScript (the report has
 * none: inline styles and SVG), no DevTools, in a session of its own (in memory, not the app's) whose
 * every request but the report file itself is cancelled — the report is self-contained, so nothing
 * leaves the machine. Navigation and new windows are refused for it as for every web contents
 * (security.ts, harden-contents.ts).
 */
const PARTITION = 'callsight-report-pdf';
/** The report files being printed now (two exports may print at once): the only URLs the session lets through. */
const allowed = new Set<string>();
let configured: Electron.Session | null = null;

function pdfSession(): Electron.Session {
  if (configured) return configured;
  const created = session.fromPartition(PARTITION, { cache: false });
  created.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  created.setPermissionCheckHandler(() => false);
  created.webRequest.onBeforeRequest((details, callback) => callback({ cancel: !allowed.has(details.url) }));
  configured = created;
  return created;
}

export function openPdfPage(allowedUrl: string): PdfPage {
  allowed.add(allowedUrl);
  const window = new BrowserWindow({
    show: false,
    webPreferences: { ...SECURE_WEB_PREFERENCES, javascript: false, devTools: false, session: pdfSession() },
  });
  window.webContents.on('will-navigate', (event) => event.preventDefault());
  return {
    load: (url) => window.loadURL(url),
    printToPDF: (options) => window.webContents.printToPDF(options),
    close: () => {
      allowed.delete(allowedUrl);
      window.destroy();
    },
  };
}
