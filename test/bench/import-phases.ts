/**
 * Dev benchmark: `node test/bench/import-phases.ts FILE.csv [--worker | --split]` (make FILE with
 * `npm run bench -- --keep`, which caches it under <tmpdir>/callsight-bench/).
 * Imports FILE all in this thread, or scanning here and writing in a writer thread (--split, as the CLI
 * does), or through startImport's worker (--worker), and prints wall time,
 * rows/s and peak RSS (of this process, which hosts the worker thread too).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { runImport } from '../../src/core/import/run-import.ts';
import { startImport } from '../../src/core/import/index.ts';

const file = process.argv[2] ?? '/tmp/callsight-1m.csv';
const useWorker = process.argv.includes('--worker');
const split = process.argv.includes('--split');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'callsight-bench-'));
let peak = 0;
let phase = 'reading';
const peakByPhase: Record<string, number> = {};
const sample = (): void => {
  const usage = process.memoryUsage();
  const rss = usage.rss;
  peakByPhase[`${phase}MainHeap`] = Math.max(peakByPhase[`${phase}MainHeap`] ?? 0, Math.round(usage.heapTotal / 1e6));
  peak = Math.max(peak, rss);
  peakByPhase[phase] = Math.max(peakByPhase[phase] ?? 0, Math.round(rss / 1e6));
};
const sampler = setInterval(sample, 50);
// Sampling costs ~0.5 ms (it reads /proc): on a timer and at phase changes, not on every progress report.
const onProgress = (p: { phase: string }): void => {
  if (p.phase !== phase) sample();
  phase = p.phase;
};
const t0 = performance.now();
const summary = useWorker
  ? await startImport({
      path: file,
      source: { id: 'bench', name: path.basename(file), size: fs.statSync(file).size, kind: 'delimited' },
      options: {},
      datasetsDir: dir,
      appVersion: 'bench',
      onProgress,
    }).done
  : (
      await runImport({
        path: file,
        options: {},
        outPath: path.join(dir, 'bench.callsight.sqlite'),
        datasetId: 'bench',
        appVersion: 'bench',
        onProgress,
        ...(split ? { writerWorkerUrl: new URL('../../src/core/import/import-worker.ts', import.meta.url) } : {}),
      })
    ).summary;
const seconds = (performance.now() - t0) / 1000;
clearInterval(sampler);
peak = Math.max(peak, process.memoryUsage.rss());
// The import's own phase timings (meta.timings): plan, read (scan + tag + rows), indexes.
const datasetFile = fs.readdirSync(dir).find((name) => name.endsWith('.callsight.sqlite'))!;
const db = new Database(path.join(dir, datasetFile), { readonly: true });
const timings = JSON.parse((db.prepare("SELECT value FROM meta WHERE key = 'timings'").get() as { value: string }).value) as unknown;
db.close();
console.log(
  JSON.stringify({
    mode: useWorker ? 'startImport (worker + writer thread)' : split ? 'this thread + writer thread (as the CLI)' : 'in this thread',
    seconds: +seconds.toFixed(2),
    rowsRead: summary.rowsRead,
    imported: summary.imported,
    rejected: summary.rejected,
    rowsPerSecond: Math.round(summary.rowsRead / seconds),
    peakRssMB: Math.round(peak / 1e6),
    peakRssMBByPhase: peakByPhase,
    timings,
  }),
);
fs.rmSync(dir, { recursive: true, force: true });
