import { readFileSync } from 'node:fs';
import { screen, type BrowserWindow, type Rectangle } from 'electron';
import { z } from 'zod';
import { writeFileDurably } from '../core/durable-file.ts';

const storedState = z.object({
  x: z.number().int(),
  y: z.number().int(),
  width: z.number().int().min(400),
  height: z.number().int().min(300),
  maximized: z.boolean(),
});
export type WindowState = z.infer<typeof storedState>;

const DEFAULT_STATE: WindowState = { x: -1, y: -1, width: 1280, height: 800, maximized: false };

/** Reads the last window bounds; falls back to defaults if the file is bad or the display is gone. */
export function loadWindowState(file: string): WindowState {
  try {
    const parsed = storedState.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    if (parsed.success && isOnSomeDisplay(parsed.data)) return parsed.data;
  } catch {
    // First run or unreadable file: defaults.
  }
  return DEFAULT_STATE;
}

export function trackWindowState(window: BrowserWindow, file: string): void {
  const save = (): void => {
    const bounds = window.getNormalBounds();
    const state: WindowState = { ...bounds, maximized: window.isMaximized() };
    try {
      writeFileDurably(file, JSON.stringify(state));
    } catch {
      // Losing the window position is not worth an error dialog.
    }
  };
  window.on('close', save);
}

function isOnSomeDisplay(bounds: Rectangle): boolean {
  return screen
    .getAllDisplays()
    .some(
      ({ workArea }) =>
        bounds.x >= workArea.x - 50 && bounds.y >= workArea.y - 50 && bounds.x < workArea.x + workArea.width && bounds.y < workArea.y + workArea.height,
    );
}
