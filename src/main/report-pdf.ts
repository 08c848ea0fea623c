import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { PrintToPDFOptions } from 'electron';

/**
 * PDF reports in the app: Electron's own Chromium prints the report's HTML (written by the export in
 * the engine worker) into the export's temporary file, which the export renames once complete or
 * deletes on failure or cancel. The page that prints is a stand-in here (pdf-window.ts makes the real
 * one), so this is plain Node and its tests run without Electron.
 */

/** A hidden page that loads one file and prints it. */
export interface PdfPage {
  load(url: string): Promise<void>;
  printToPDF(options: PrintToPDFOptions): Promise<Uint8Array>;
  close(): void;
}

/** A4 as the report's `@page` rule says (with its margins), its coloured side chips and bars printed. */
export const REPORT_PDF_OPTIONS: PrintToPDFOptions = { pageSize: 'A4', printBackground: true, preferCSSPageSize: true };

/** A page that never finishes loading or printing must not hold the export forever. */
const PRINT_TIMEOUT_MS = 120_000;

/**
 * Prints `htmlFile` into `pdfFile`. Only what an export asks for is done: an absolute `.html` file beside
 * an existing PDF file (the export's temporary name, made empty by the export: nothing new is created).
 * Rejects with a short reason, which the engine puts into its one sentence.
 */
export async function printReportPdf(htmlFile: string, pdfFile: string, openPage: (url: string) => PdfPage, timeoutMs = PRINT_TIMEOUT_MS): Promise<void> {
  if (!path.isAbsolute(htmlFile) || path.extname(htmlFile) !== '.html' || path.dirname(htmlFile) !== path.dirname(pdfFile)) {
    throw new Error('not a report of an export');
  }
  const url = pathToFileURL(htmlFile).href;
  const page = openPage(url);
  try {
    await withTimeout(page.load(url), timeoutMs);
    const pdf = await withTimeout(page.printToPDF(REPORT_PDF_OPTIONS), timeoutMs);
    if (pdf.byteLength < 5 || Buffer.from(pdf.buffer, pdf.byteOffset, 5).toString('latin1') !== '%PDF-') throw new Error('no PDF was made');
    const fd = fs.openSync(pdfFile, 'r+');
    try {
      fs.writeSync(fd, pdf);
      fs.ftruncateSync(fd, pdf.byteLength);
    } finally {
      fs.closeSync(fd);
    }
  } finally {
    page.close();
  }
}

async function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      work,
      new Promise<never>((_resolve, reject) => {
        timer = setTimeout(() => reject(new Error('timed out')), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
