/**
 * PDF reports in the app (Electron's printToPDF), without Electron: what the hidden page is asked to
 * do, where the PDF goes, and that the page is closed and nothing new is created whatever happens.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PrintToPDFOptions } from 'electron';
import { printReportPdf, REPORT_PDF_OPTIONS, type PdfPage } from '../../../src/main/report-pdf.ts';

let dir = '';
let html = '';
let pdf = '';
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'callsight-report-pdf-'));
  pdf = path.join(dir, '.report.pdf.partial-0a1b2c3d');
  html = `${pdf}.html`;
  fs.writeFileSync(html, '<!doctype html><title>report</title><p>1 234 calls</p>');
  fs.writeFileSync(pdf, ''); // the export's temporary file, made empty before printing
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

interface Calls {
  opened: string[];
  loaded: string[];
  options: PrintToPDFOptions[];
  closed: number;
}

function fakePage(calls: Calls, print: () => Promise<Uint8Array>, load: () => Promise<void> = async () => undefined): (url: string) => PdfPage {
  return (url) => {
    calls.opened.push(url);
    return {
      load: async (loaded) => {
        calls.loaded.push(loaded);
        await load();
      },
      printToPDF: async (options) => {
        calls.options.push(options);
        return print();
      },
      close: () => void calls.closed++,
    };
  };
}

const newCalls = (): Calls => ({ opened: [], loaded: [], options: [], closed: 0 });
const PDF = Buffer.from('%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF\n');

describe('printReportPdf', () => {
  it('loads the report file, prints A4 with backgrounds as its @page says, and writes the PDF into the temporary file', async () => {
    const calls = newCalls();
    await printReportPdf(
      html,
      pdf,
      fakePage(calls, async () => PDF),
    );
    const url = pathToFileURL(html).href;
    expect(calls.opened).toEqual([url]); // the page lets this one URL through, nothing else
    expect(calls.loaded).toEqual([url]);
    expect(calls.options).toEqual([REPORT_PDF_OPTIONS]);
    expect(REPORT_PDF_OPTIONS).toMatchObject({ pageSize: 'A4', printBackground: true, preferCSSPageSize: true });
    expect(calls.closed).toBe(1);
    expect(fs.readFileSync(pdf).equals(PDF)).toBe(true);
    expect(fs.readdirSync(dir).sort()).toEqual([path.basename(pdf), path.basename(html)].sort());
  });

  it('a failed print or load rejects with its reason, closes the page and leaves the file empty', async () => {
    for (const [print, load] of [
      [async () => Promise.reject(new Error('the renderer crashed')), undefined],
      [async () => PDF, async () => Promise.reject(new Error('ERR_BLOCKED_BY_CLIENT'))],
    ] as const) {
      const calls = newCalls();
      await expect(printReportPdf(html, pdf, fakePage(calls, print, load))).rejects.toThrow(/renderer crashed|ERR_BLOCKED_BY_CLIENT/);
      expect(calls.closed).toBe(1);
      expect(fs.statSync(pdf).size).toBe(0);
    }
  });

  it('what is not a PDF is not written', async () => {
    const calls = newCalls();
    await expect(
      printReportPdf(
        html,
        pdf,
        fakePage(calls, async () => Buffer.from('<html>')),
      ),
    ).rejects.toThrow('no PDF was made');
    await expect(
      printReportPdf(
        html,
        pdf,
        fakePage(calls, async () => new Uint8Array(0)),
      ),
    ).rejects.toThrow('no PDF was made');
    expect(calls.closed).toBe(2);
    expect(fs.statSync(pdf).size).toBe(0);
  });

  it('a page that never answers times out and is closed', async () => {
    const calls = newCalls();
    await expect(
      printReportPdf(
        html,
        pdf,
        fakePage(calls, () => new Promise(() => undefined)),
        50,
      ),
    ).rejects.toThrow('timed out');
    expect(calls.closed).toBe(1);
  });

  it('prints only an export’s report: an absolute .html beside an existing PDF file; creates nothing', async () => {
    const calls = newCalls();
    const print = fakePage(calls, async () => PDF);
    await expect(printReportPdf('report.html', pdf, print)).rejects.toThrow('not a report');
    await expect(printReportPdf(path.join(dir, 'report.txt'), pdf, print)).rejects.toThrow('not a report');
    await expect(printReportPdf(html, path.join(os.tmpdir(), 'elsewhere.pdf'), print)).rejects.toThrow('not a report');
    expect(calls.opened).toEqual([]);
    const missing = path.join(dir, 'missing.pdf');
    await expect(printReportPdf(`${missing}.html`, missing, print)).rejects.toThrow(/ENOENT/);
    expect(fs.existsSync(missing)).toBe(false);
  });
});
