import type { ImportProgress } from '../../src/shared/import-types.ts';
import { createEngine, type Engine } from '../../src/core/engine/handlers.ts';

/** An engine run in the test's own thread, with the import progress it reported. */
export interface EngineUnderTest {
  readonly engine: Engine;
  readonly events: ImportProgress[];
}

export function engineWith(dataDir: string, host: 'electron' | 'browser' = 'browser'): EngineUnderTest {
  const events: ImportProgress[] = [];
  const engine = createEngine({
    dataDir,
    appVersion: 'engine-test',
    host,
    emit: (_event, payload) => {
      if ('bytesTotal' in payload) events.push(payload);
    },
  });
  return { engine, events };
}

/** Starts an import and resolves with the new dataset's id once the engine has settled it in the library. */
export async function importOnce(setup: EngineUnderTest, sourceId: string, options = {}): Promise<string> {
  const { jobId } = await setup.engine.handlers['imports/start'](sourceId, options);
  return importDone(setup, jobId);
}

export async function importDone(setup: EngineUnderTest, jobId: string): Promise<string> {
  const end = Date.now() + 30_000;
  for (;;) {
    const last = setup.events.filter((event) => event.jobId === jobId).at(-1);
    if (last?.phase === 'done' && last.datasetId) {
      // The engine settles the library right after the 'done' event (in the same turn).
      await new Promise((resolve) => setTimeout(resolve, 20));
      return last.datasetId;
    }
    if (last?.phase === 'failed' || Date.now() > end) throw new Error(`import ${last?.phase ?? 'timed out'}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
