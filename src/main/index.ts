import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, BrowserWindow } from 'electron';
import { startEngine, type EngineConnection } from '../core/engine/engine-client.ts';
import { installAppMenu } from './menu.ts';
import { wireIpc } from './ipc.ts';
import { applySecurityPolicy, SECURE_WEB_PREFERENCES } from './security.ts';
import { loadWindowState, trackWindowState } from './window-state.ts';

// The shell is thin: a window, a menu, dialogs and IPC wiring. The engine runs in a worker thread.
const here = import.meta.dirname;
const rendererIndex = join(here, '../renderer/index.html');
const rendererRoot = pathToFileURL(join(here, '../renderer')).href;
const devServerUrl = process.env.ELECTRON_RENDERER_URL;

const isAppUrl = (url: string): boolean =>
  url.startsWith(`${rendererRoot}/`) || (devServerUrl !== undefined && sameOrigin(url, devServerUrl));

/** Origin equality, not a prefix test: http://localhost:5173 must not admit http://localhost:51730. */
function sameOrigin(url: string, base: string): boolean {
  try {
    return new URL(url).origin === new URL(base).origin;
  } catch {
    return false;
  }
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
  applySecurityPolicy(isAppUrl);
  installAppMenu();
  engine = startEngine({
    dataDir: app.getPath('userData'),
    appVersion: app.getVersion(),
    host: 'electron',
    engineWorkerUrl: join(here, 'engine-worker.js'),
    importWorkerUrl: join(here, 'import-worker.js'),
  });
  wireIpc(engine, () => mainWindow, isAppUrl);
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
    webPreferences: { ...SECURE_WEB_PREFERENCES, preload: join(here, '../preload/index.cjs') },
  });
  if (state.maximized) window.maximize();
  trackWindowState(window, stateFile);
  window.once('ready-to-show', () => window.show());
  window.on('closed', () => {
    if (mainWindow === window) mainWindow = null;
  });
  if (devServerUrl) void window.loadURL(devServerUrl);
  else void window.loadFile(rendererIndex);
  return window;
}

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

app.on('will-quit', () => {
  void engine?.close();
});
