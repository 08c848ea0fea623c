import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CallsightError } from '../../../shared/result.ts';
import { EXPORT_MESSAGES } from '../messages.ts';

/**
 * PDF from the report's HTML through a Chromium or Google Chrome (or Edge) already on the machine, run
 * headless with `--print-to-pdf`: the app ships no browser of its own. Electron prints with its own
 * Chromium (printToPDF) instead.
 */

/** Where the usual installs put the browser, by platform. */
function usualPlaces(): string[] {
  const env = process.env;
  if (process.platform === 'win32') {
    const roots = [env.PROGRAMFILES, env['PROGRAMFILES(X86)'], env.LOCALAPPDATA].filter((root): root is string => root !== undefined);
    return roots.flatMap((root) => [
      path.join(root, 'Google', 'Chrome', 'Application', 'chrome.exe'),
      path.join(root, 'Chromium', 'Application', 'chrome.exe'),
      path.join(root, 'Microsoft', 'Edge', 'Application', 'msedge.exe'),
    ]);
  }
  if (process.platform === 'darwin') {
    return [
      'Google Chrome.app/Contents/MacOS/Google Chrome',
      'Chromium.app/Contents/MacOS/Chromium',
      'Microsoft Edge.app/Contents/MacOS/Microsoft Edge',
    ].flatMap((app) => [path.join('/Applications', app), path.join(os.homedir(), 'Applications', app)]);
  }
  return [
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome',
    '/usr/bin/google-chrome-stable',
    '/snap/bin/chromium',
    '/usr/bin/microsoft-edge',
  ];
}

/** The browser to print with: the one named, else CALLSIGHT_CHROMIUM, else the first of the usual places; null when none. */
export function findChromium(named?: string): string | null {
  const candidates = named ? [named] : [process.env.CALLSIGHT_CHROMIUM, ...usualPlaces()].filter((c): c is string => c !== undefined && c !== '');
  for (const candidate of candidates) {
    try {
      if (fs.statSync(candidate).isFile()) return candidate;
    } catch {
      // not here
    }
  }
  return null;
}

const PRINT_TIMEOUT_MS = 120_000;

/** Prints `htmlFile` to `pdfFile`; rejects with one sentence when there is no browser or it fails. */
export async function printToPdf(htmlFile: string, pdfFile: string, named?: string): Promise<void> {
  const browser = findChromium(named);
  if (!browser) throw new CallsightError('not-found', EXPORT_MESSAGES.noChromium);
  // A profile of its own: a running browser of the user's keeps its profile locked.
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'callsight-pdf-'));
  const args = [
    '--headless',
    '--disable-gpu',
    '--no-first-run',
    '--no-default-browser-check',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-extensions',
    `--user-data-dir=${profile}`,
    '--no-pdf-header-footer',
    '--print-to-pdf-no-header',
    `--print-to-pdf=${pdfFile}`,
    // Chromium refuses to start its sandbox as root (containers, CI); elsewhere the sandbox stays on.
    ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
    pathToFileURL(htmlFile).href,
  ];
  try {
    await new Promise<void>((resolve, reject) => {
      execFile(browser, args, { timeout: PRINT_TIMEOUT_MS, maxBuffer: 4 * 1024 * 1024 }, (error, _stdout, stderr) => {
        if (error) reject(new CallsightError('io', EXPORT_MESSAGES.pdfFailed(error.killed ? 'timed out' : firstLine(stderr) || error.message.split('\n')[0]!)));
        else resolve();
      });
    });
    const size = fs.statSync(pdfFile, { throwIfNoEntry: false })?.size ?? 0;
    if (size === 0) throw new CallsightError('io', EXPORT_MESSAGES.pdfFailed('no PDF was written'));
  } finally {
    fs.rmSync(profile, { recursive: true, force: true });
  }
}

const firstLine = (text: string): string =>
  text
    .split('\n')
    .map((line) => line.trim())
    .find((line) => line !== '' && !line.startsWith('[')) ?? '';
