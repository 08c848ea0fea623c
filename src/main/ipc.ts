import { BrowserWindow, dialog, ipcMain } from 'electron';
import { CHANNELS, DROP_CHANNEL, PROGRESS_EVENT, type Channel } from '../shared/api.ts';
import { fail, ok, type Result } from '../shared/result.ts';
import type { EngineConnection } from '../core/engine/engine-client.ts';
import type { SourceRef } from '../shared/import-types.ts';

/**
 * Maps the contract onto the engine: one ipcMain.handle per channel, nothing generic. Arguments are
 * validated inside the engine (dispatch.ts) before any handler runs; every answer is a Result.
 */
export function wireIpc(engine: EngineConnection, getWindow: () => BrowserWindow | null): void {
  for (const channel of CHANNELS) {
    if (channel === 'sources/choose') continue;
    ipcMain.handle(channel, (_event, ...args: unknown[]) => engine.request(channel, args));
  }
  ipcMain.handle('sources/choose' satisfies Channel, () => chooseSource(engine, getWindow()));
  ipcMain.handle(DROP_CHANNEL, (_event, path: unknown) => {
    if (typeof path !== 'string' || path.length === 0) return fail('invalid-argument', 'Drop a file from disk.');
    return engine.registerSource(path);
  });
  engine.onEvent((event, payload) => {
    if (event === PROGRESS_EVENT) getWindow()?.webContents.send(PROGRESS_EVENT, payload);
  });
}

async function chooseSource(engine: EngineConnection, window: BrowserWindow | null): Promise<Result<SourceRef | null>> {
  const options: Electron.OpenDialogOptions = {
    properties: ['openFile'],
    filters: [
      { name: 'Call logs', extensions: ['csv', 'txt', 'tsv', 'xlsx'] },
      { name: 'All files', extensions: ['*'] },
    ],
  };
  const choice = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
  const path = choice.filePaths[0];
  if (choice.canceled || !path) return ok(null);
  return engine.registerSource(path);
}
