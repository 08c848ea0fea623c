import fs from 'node:fs';
import { APP_VERSION } from '../../version.ts';
import type { ExportContext } from '../export-context.ts';
import type { ReportData } from '../report-data.ts';
import { CallsightError } from '../../../shared/result.ts';
import { EXPORT_MESSAGES } from '../messages.ts';
import { reportHtml } from './report-html.ts';

/**
 * The report formats. The report reads no rows, only the engine's summary of them (counts per status
 * class, hour and manager), so it takes the same time for a thousand calls or ten million.
 */
export async function writeReportHtml(context: ExportContext, data: ReportData): Promise<void> {
  await context.out.write(Buffer.from(reportHtml(data, new Date(), APP_VERSION)));
  context.progress(context.source.matched);
}

/**
 * Prints a report's HTML file into a PDF file (which exists, empty): a Chromium on the machine
 * (chromium.ts) or, in the app, Electron's own (src/main/report-pdf.ts). Rejects with one sentence.
 */
export type PdfPrinter = (htmlFile: string, pdfFile: string) => Promise<void>;

/**
 * The HTML goes beside the output as a dot-file, the printer prints it into the output's temporary
 * file, which the export renames when it is complete; on failure or cancel the caller drops it.
 */
export async function writeReportPdf(context: ExportContext, data: ReportData, print: PdfPrinter): Promise<void> {
  const html = `${context.out.temporary}.html`;
  try {
    fs.writeFileSync(html, reportHtml(data, new Date(), APP_VERSION), { mode: 0o600 });
    context.out.stream.destroy(); // the printer writes the file itself
    await print(html, context.out.temporary);
  } finally {
    fs.rmSync(html, { force: true });
  }
  if (!isPdf(context.out.temporary)) throw new CallsightError('io', EXPORT_MESSAGES.pdfFailed('no PDF was written'));
  if (context.signal?.aborted) throw new CallsightError('cancelled', EXPORT_MESSAGES.cancelled);
  context.progress(context.source.matched);
}

function isPdf(file: string): boolean {
  try {
    const fd = fs.openSync(file, 'r');
    try {
      const head = Buffer.alloc(5);
      return fs.readSync(fd, head, 0, 5, 0) === 5 && head.toString('latin1') === '%PDF-';
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return false;
  }
}
