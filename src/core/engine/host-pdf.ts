import { CallsightError } from '../../shared/result.ts';
import { EXPORT_MESSAGES } from '../export/messages.ts';
import type { PdfPrinter } from '../export/report/write-report.ts';
import type { FromEngine } from './protocol.ts';

/**
 * The engine worker's side of printing a PDF report in the host (Electron's printToPDF lives on the
 * main thread): each print is a `print-pdf` message with an id, settled by the host's `pdf-printed`.
 */
export class HostPdfPrinter {
  readonly #post: (message: FromEngine) => void;
  readonly #waiting = new Map<number, (error: string | null) => void>();
  #nextId = 1;

  constructor(post: (message: FromEngine) => void) {
    this.#post = post;
  }

  readonly print: PdfPrinter = (htmlFile, pdfFile) =>
    new Promise<void>((resolve, reject) => {
      const id = this.#nextId++;
      this.#waiting.set(id, (error) => (error === null ? resolve() : reject(new CallsightError('io', EXPORT_MESSAGES.pdfFailed(error)))));
      this.#post({ type: 'print-pdf', id, htmlFile, pdfFile });
    });

  /** The host's answer; an unknown id (a print of an earlier worker) is ignored. */
  settle(id: number, error: string | null): void {
    const done = this.#waiting.get(id);
    this.#waiting.delete(id);
    done?.(error);
  }
}
