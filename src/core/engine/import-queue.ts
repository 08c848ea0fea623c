import type { DatasetSummary, ImportProgress } from '../../shared/import-types.ts';
import { CallsightError } from '../../shared/result.ts';
import type { ImportHandle, StartImportParams } from '../import/job.ts';
import { MESSAGES } from '../messages.ts';

/**
 * Imports run one at a time (issue 10, item 5): each one already keeps both cores busy and takes up to
 * ~0.5 GB in its own worker, so two at once only split the machine and double the memory, and any
 * number at once could exhaust it. An import started while another runs is queued: its progress says
 * phase 'queued' at once (the dialog shows "waiting"), it starts when the one before it has settled
 * (its worker gone and a failed or cancelled import's files deleted), and cancelling it only takes it
 * out of the queue.
 */
export class ImportQueue {
  private readonly start: (params: StartImportParams) => ImportHandle;
  private running: ImportHandle | null = null;
  private readonly waiting: {
    readonly jobId: string;
    readonly begin: () => void;
    readonly drop: () => void;
    readonly fail: (error: unknown) => void;
  }[] = [];

  constructor(start: (params: StartImportParams) => ImportHandle) {
    this.start = start;
  }

  /** Imports waiting to start (not counting the one running). */
  get queued(): number {
    return this.waiting.length;
  }

  enqueue(params: StartImportParams, jobId: string): ImportHandle {
    let resolve!: (summary: DatasetSummary) => void;
    let reject!: (error: unknown) => void;
    const done = new Promise<DatasetSummary>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    let inner: ImportHandle | null = null;
    let dropped = false;
    // Every event of the job carries the id the caller got, whichever import handle sends it.
    const report = (progress: ImportProgress): void => {
      try {
        params.onProgress({ ...progress, jobId });
      } catch {
        // a listener's failure must not break the queue
      }
    };
    const begin = (): void => {
      const handle = this.start({ ...params, onProgress: report });
      inner = handle;
      this.running = handle;
      handle.done.then(resolve, reject).finally(() => {
        if (this.running === handle) this.running = null;
        this.next();
      });
    };
    const drop = (): void => {
      dropped = true;
      report({ jobId, phase: 'cancelled', bytesRead: 0, bytesTotal: params.source.size, rowsRead: 0, rowsPerSecond: 0, etaSeconds: null });
      reject(new CallsightError('cancelled', MESSAGES.importCancelled));
    };
    const fail = (error: unknown): void => {
      dropped = true;
      const text = error instanceof CallsightError ? error.text : undefined;
      report({
        jobId,
        phase: 'failed',
        bytesRead: 0,
        bytesTotal: params.source.size,
        rowsRead: 0,
        rowsPerSecond: 0,
        etaSeconds: null,
        ...(text ? { error: text } : {}),
      });
      reject(error);
    };
    if (this.running === null && this.waiting.length === 0)
      begin(); // a throw here fails the request itself, as before the queue
    else {
      this.waiting.push({ jobId, begin, drop, fail });
      report({ jobId, phase: 'queued', bytesRead: 0, bytesTotal: params.source.size, rowsRead: 0, rowsPerSecond: 0, etaSeconds: null });
    }
    return {
      jobId,
      done,
      cancel: () => {
        if (inner) return inner.cancel();
        if (dropped) return;
        const at = this.waiting.findIndex((entry) => entry.jobId === jobId);
        if (at >= 0) this.waiting.splice(at, 1)[0]!.drop();
      },
    };
  }

  private next(): void {
    while (this.running === null) {
      const entry = this.waiting.shift();
      if (!entry) return;
      try {
        entry.begin();
      } catch (error) {
        // It could not even start (its folder is gone, say): it fails, and the next one gets its turn.
        entry.fail(error);
      }
    }
  }
}
