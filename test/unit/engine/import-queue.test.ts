import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ImportProgress } from '../../../src/shared/import-types.ts';
import { createEngine } from '../../../src/core/engine/handlers.ts';
import { tempDir } from '../../support/temp-dir.ts';

/**
 * Issue 10, item 5: imports run one at a time. A second import waits in a queue the page sees (progress
 * phase 'queued', shown as "waiting"), starts when the first has settled, and can be cancelled while waiting.
 */
const tmp = tempDir('import-queue');
afterAll(() => tmp.cleanup());

function callLog(name: string, rows: number): string {
  const lines = ['Дата и время;Номер клиента;Менеджер;Статус;Длительность'];
  for (let i = 0; i < rows; i++)
    lines.push(
      `05.03.2026 10:${String(i % 60).padStart(2, '0')}:00;+7 912 345-${String(i % 100).padStart(2, '0')}-00;Иванова;${i % 3 ? '200/487' : '200/200'};${i % 300}`,
    );
  return tmp.file(name, lines.join('\n') + '\n');
}

function engineWith(dir: string) {
  const events: ImportProgress[] = [];
  const engine = createEngine({
    dataDir: dir,
    appVersion: 'queue-test',
    host: 'electron',
    emit: (_event, payload) => {
      if ('bytesTotal' in payload) events.push(payload);
    },
  });
  return { engine, events };
}

async function until(check: () => boolean, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const phasesOf = (events: readonly ImportProgress[], jobId: string): string[] =>
  events
    .filter((event) => event.jobId === jobId)
    .map((event) => event.phase)
    .filter((phase, i, all) => phase !== all[i - 1]);

describe('import queue', () => {
  it('runs imports one at a time: the second says queued, and starts only once the first is done', async () => {
    const { engine, events } = engineWith(path.join(tmp.dir, 'one-at-a-time'));
    const first = await engine.registerSource(callLog('first.csv', 20_000));
    const second = await engine.registerSource(callLog('second.csv', 500));
    const a = await engine.handlers['imports/start'](first.id, {});
    const b = await engine.handlers['imports/start'](second.id, {});
    // Queued before the answer: the dialog holds early events by job id.
    expect(events.find((event) => event.jobId === b.jobId)).toMatchObject({ phase: 'queued', bytesRead: 0, rowsRead: 0, bytesTotal: second.size });
    await until(() => events.some((event) => event.jobId === b.jobId && event.phase === 'done'));
    const firstDone = events.findIndex((event) => event.jobId === a.jobId && event.phase === 'done');
    const secondWorking = events.findIndex((event) => event.jobId === b.jobId && event.phase !== 'queued');
    expect(firstDone).toBeGreaterThanOrEqual(0);
    expect(secondWorking).toBeGreaterThan(firstDone);
    expect(phasesOf(events, b.jobId)[0]).toBe('queued');
    expect(phasesOf(events, b.jobId).at(-1)).toBe('done');
    expect(await engine.handlers['datasets/list']()).toHaveLength(2);
  });

  it('a queued import cancelled while waiting never starts; the one after it still runs', async () => {
    const dir = path.join(tmp.dir, 'cancel-queued');
    const { engine, events } = engineWith(dir);
    const sources = await Promise.all(['a.csv', 'b.csv', 'c.csv'].map((name) => engine.registerSource(callLog(name, 3000))));
    const jobs: { jobId: string }[] = [];
    for (const source of sources) jobs.push(await engine.handlers['imports/start'](source.id, {}));
    await engine.handlers['imports/cancel'](jobs[1]!.jobId);
    expect(phasesOf(events, jobs[1]!.jobId)).toEqual(['queued', 'cancelled']);
    await until(() => events.some((event) => event.jobId === jobs[2]!.jobId && event.phase === 'done'));
    expect(phasesOf(events, jobs[1]!.jobId)).toEqual(['queued', 'cancelled']);
    expect(phasesOf(events, jobs[0]!.jobId).at(-1)).toBe('done');
    await expect(engine.handlers['imports/cancel'](jobs[1]!.jobId)).rejects.toMatchObject({ code: 'not-found' });
    expect(await engine.handlers['datasets/list']()).toHaveLength(2);
    expect(fs.readdirSync(path.join(dir, 'datasets')).filter((name) => name.includes('.partial'))).toEqual([]);
  });

  it('cancelling the running import starts the next one once its files are gone', async () => {
    const dir = path.join(tmp.dir, 'cancel-running');
    const { engine, events } = engineWith(dir);
    const big = await engine.registerSource(callLog('big.csv', 200_000));
    const small = await engine.registerSource(callLog('small.csv', 100));
    const a = await engine.handlers['imports/start'](big.id, {});
    const b = await engine.handlers['imports/start'](small.id, {});
    await until(() => events.some((event) => event.jobId === a.jobId && event.phase === 'reading'));
    await engine.handlers['imports/cancel'](a.jobId);
    await until(() => events.some((event) => event.jobId === b.jobId && event.phase === 'done'));
    expect(phasesOf(events, a.jobId).at(-1)).toBe('cancelled');
    const list = await engine.handlers['datasets/list']();
    expect(list.map((summary) => summary.sourceName)).toEqual(['small.csv']);
  });
});
