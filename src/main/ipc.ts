import { BrowserWindow, dialog, ipcMain, type IpcMainInvokeEvent } from 'electron';
import { CHANNELS, DROP_CHANNEL, type Channel } from '../shared/api.ts';
import { fail, ok, type Result } from '../shared/result.ts';
import type { EngineConnection } from '../core/engine/engine-client.ts';
import type { SourceRef } from '../shared/import-types.ts';

/**
 * Maps the contract onto the engine: one ipcMain.handle per channel, nothing generic. Arguments are
 * validated inside the engine (dispatch.ts) before any handler runs; every answer is a Result.
 */
export function wireIpc(engine: EngineConnection, getWindow: () => BrowserWindow | null, isAppUrl: (url: string) => boolean): void {
  // Only our own page may ask anything (Electron security checklist: validate the sender of IPC messages).
  const fromApp = (event: IpcMainInvokeEvent): boolean => isAppUrl(event.senderFrame?.url ?? '');
  const refused = fail('invalid-argument', 'Refused: the request did not come from Callsight’s own page.');

  for (const channel of CHANNELS) {
    if (channel === 'sources/choose') continue;
    ipcMain.handle(channel, (event, ...args: unknown[]) => (fromApp(event) ? engine.request(channel, args) : refused));
  }
  ipcMain.handle('sources/choose' satisfies Channel, (event) => (fromApp(event) ? chooseSource(engine, getWindow()) : refused));
  ipcMain.handle(DROP_CHANNEL, (event, path: unknown) => {
    if (!fromApp(event)) return refused;
    if (typeof path !== 'string' || path.length === 0) return fail('invalid-argument', 'Drop a file from disk.');
    return engine.registerSource(path);
  });
  // every engine event goes to the page on the channel of its own name, where the preload listens for it
  engine.onEvent((event, payload) => getWindow()?.webContents.send(event, payload));
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
