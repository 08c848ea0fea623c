import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { app, BrowserWindow, protocol } from 'electron';
import { startEngine, type EngineConnection } from '../core/engine/engine-client.ts';
import { APP_RESPONSE_HEADERS, APP_SCHEME, appFileFor, contentTypeOf, isAppUrlFor, rendererEntry } from './app-protocol.ts';
import { installAppMenu } from './menu.ts';
import { openPdfPage } from './pdf-window.ts';
import { printReportPdf } from './report-pdf.ts';
import { wireIpc } from './ipc.ts';
import { dataPaths } from '../core/engine/data-paths.ts';
import { applySecurityPolicy, SECURE_WEB_PREFERENCES } from './security.ts';
import { loadWindowState, trackWindowState } from './window-state.ts';

// The shell is thin: a window, a menu, dialogs and IPC wiring. The engine runs in a worker thread.
const here = import.meta.dirname;
const rendererDir = join(here, '../renderer');
const entry = rendererEntry(app.isPackaged, process.env);
const isAppUrl = isAppUrlFor(entry.devServer);

// Before ready: app:// is standard (relative URLs, an origin of its own), secure (like https) and may be
// fetched; nothing else of file:// is used (issue 10, item 7).
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);

/** Serves out/renderer under app://callsight/, nothing outside it. Files are read here, not fetched: no request leaves the app. */
function registerAppProtocol(): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const file = appFileFor(rendererDir, request.url);
    if (!file) return new Response('Not found', { status: 404 });
    try {
      const body = await readFile(file);
      return new Response(body, { status: 200, headers: { ...APP_RESPONSE_HEADERS, 'Content-Type': contentTypeOf(file) } });
    } catch {
      return new Response('Not found', { status: 404 });
    }
  });
}

let mainWindow: BrowserWindow | null = null;
let engine: EngineConnection | null = null;

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  void app.whenReady().then(start);
}

function start(): void {
  registerAppProtocol();
  applySecurityPolicy(isAppUrl);
  installAppMenu();
  engine = startEngine({
    dataDir: app.getPath('userData'),
    appVersion: app.getVersion(),
    host: 'electron',
    engineWorkerUrl: join(here, 'engine-worker.js'),
    importWorkerUrl: join(here, 'import-worker.js'),
    scanWorkerUrl: join(here, 'scan-worker.js'),
    // PDF reports through Electron's own Chromium, not one the machine may lack (report-pdf.ts).
    printPdf: (htmlFile, pdfFile) => printReportPdf(htmlFile, pdfFile, openPdfPage),
  });
  wireIpc(engine, () => mainWindow, isAppUrl, dataPaths(app.getPath('userData')).exportsDir);
  mainWindow = createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) mainWindow = createWindow();
  });
}

function createWindow(): BrowserWindow {
  const stateFile = join(app.getPath('userData'), 'window-state.json');
  const state = loadWindowState(stateFile);
  const window = new BrowserWindow({
    width: state.width,
    height: state.height,
    ...(state.x >= 0 && state.y >= 0 ? { x: state.x, y: state.y } : {}),
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'Callsight',
    // No DevTools in a packaged app (issue 10, item 8).
    webPreferences: { ...SECURE_WEB_PREFERENCES, devTools: !app.isPackaged, preload: join(here, '../preload/index.cjs') },
  });
  if (state.maximized) window.maximize();
  trackWindowState(window, stateFile);
  window.once('ready-to-show', () => window.show());
  window.on('closed', () => {
    if (mainWindow === window) mainWindow = null;
  });
  void window.loadURL(entry.url);
  return window;
}

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

app.on('will-quit', () => {
  void engine?.close();
});
