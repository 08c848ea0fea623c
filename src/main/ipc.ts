import { BrowserWindow, dialog, ipcMain, type IpcMainInvokeEvent } from 'electron';
import { copyFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { CHANNELS, DROP_CHANNEL, EXPORT_SAVE_CHANNEL, type Channel } from '../shared/api.ts';
import { exportFileNameSchema } from '../shared/export-schema.ts';
import { fail, ok, type Result } from '../shared/result.ts';
import type { EngineConnection } from '../core/engine/engine-client.ts';
import type { SourceRef } from '../shared/import-types.ts';

/**
 * Maps the contract onto the engine: one ipcMain.handle per channel, nothing generic. Arguments are
 * validated inside the engine (dispatch.ts) before any handler runs; every answer is a Result.
 */
export function wireIpc(engine: EngineConnection, getWindow: () => BrowserWindow | null, isAppUrl: (url: string) => boolean, exportsDir: string): void {
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
  ipcMain.handle(EXPORT_SAVE_CHANNEL, (event, fileName: unknown) => (fromApp(event) ? saveExport(exportsDir, fileName, getWindow()) : refused));
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

/**
 * A finished export (in the data folder's exports/) goes where the user chooses in the system save
 * dialog: moved when the target is on the same disk, else copied and the export deleted. The page names
 * the export's file name only; the target path comes from the dialog.
 */
async function saveExport(exportsDir: string, fileName: unknown, window: BrowserWindow | null): Promise<Result<{ saved: boolean }>> {
  const name = exportFileNameSchema.safeParse(fileName);
  if (!name.success) return fail('invalid-argument', 'Not an export’s file name.');
  const options: Electron.SaveDialogOptions = { defaultPath: name.data, properties: ['showOverwriteConfirmation', 'createDirectory'] };
  const choice = window ? await dialog.showSaveDialog(window, options) : await dialog.showSaveDialog(options);
  if (choice.canceled || !choice.filePath) return ok({ saved: false });
  const from = join(exportsDir, name.data);
  try {
    await rename(from, choice.filePath).catch(async (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EXDEV') throw error;
      await copyFile(from, choice.filePath);
      await rm(from, { force: true });
    });
    return ok({ saved: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
    return fail('io', code === 'ENOENT' ? 'This export is no longer available; export again.' : `The export could not be saved there (${code}).`);
  }
}
