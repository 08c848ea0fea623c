import fs from 'node:fs';
import { APP_VERSION } from '../../version.ts';
import type { ExportContext } from '../export-context.ts';
import type { ReportData } from '../report-data.ts';
import { printToPdf } from './chromium.ts';
import { reportHtml } from './report-html.ts';

/**
 * The report formats. The report reads no rows, only the engine's summary of them (counts per status
 * class, hour and manager), so it takes the same time for a thousand calls or ten million.
 */
export async function writeReportHtml(context: ExportContext, data: ReportData): Promise<void> {
  await context.out.write(Buffer.from(reportHtml(data, new Date(), APP_VERSION)));
  context.progress(context.source.matched);
}

/** The HTML goes beside the output as a dot-file, Chromium prints it into the output's temporary file. */
export async function writeReportPdf(context: ExportContext, data: ReportData, chromium: string | undefined): Promise<void> {
  const html = `${context.out.temporary}.html`;
  try {
    fs.writeFileSync(html, reportHtml(data, new Date(), APP_VERSION), { mode: 0o600 });
    context.out.stream.destroy(); // Chromium writes the file itself
    await printToPdf(html, context.out.temporary, chromium);
  } finally {
    fs.rmSync(html, { force: true });
  }
  context.progress(context.source.matched);
}
