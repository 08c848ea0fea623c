import type { ApiEvents } from '../../shared/api.ts';
import type { Result } from '../../shared/result.ts';

/** Messages between a host (Electron main, browser host) and the engine worker. */
export type ToEngine =
  | { readonly type: 'request'; readonly id: number; readonly channel: string; readonly args: unknown }
  | { readonly type: 'register-source'; readonly id: number; readonly path: string; readonly name?: string; readonly uploadPage?: string }
  | { readonly type: 'sweep-uploads'; readonly id: number }
  | { readonly type: 'pending-uploads'; readonly id: number }
  /** The host's answer to `print-pdf`: null when the PDF is written, else the reason in one sentence. */
  | { readonly type: 'pdf-printed'; readonly id: number; readonly error: string | null };

export type FromEngine =
  | { readonly type: 'response'; readonly id: number; readonly result: Result<unknown> }
  /** A PDF report's HTML file to print into its PDF file (EngineWorkerData.hostPrintsPdf): the host answers `pdf-printed`. */
  | { readonly type: 'print-pdf'; readonly id: number; readonly htmlFile: string; readonly pdfFile: string }
  | { readonly [E in keyof ApiEvents]: { readonly type: 'event'; readonly event: E; readonly payload: ApiEvents[E] } }[keyof ApiEvents];

export interface EngineWorkerData {
  readonly dataDir: string;
  readonly appVersion: string;
  readonly host: 'electron' | 'browser';
  readonly importWorkerUrl?: string;
  /** Where the query engine's parallel scans start their workers (query/parallel-scan.ts); the Electron build bundles it separately. */
  readonly scanWorkerUrl?: string;
  /** The host prints PDF reports itself (Electron): the engine asks it with `print-pdf`. */
  readonly hostPrintsPdf?: boolean;
}
