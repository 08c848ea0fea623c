/**
 * The grid's "preparing the order" note (issue #8, item 2) rests on an engine event, not on a guess
 * about how long a page takes: a page sorted by a column whose order is not built yet makes the engine
 * say 'calls/order' building → ready around the work it waits for, before its answer — SQLite's ORDER BY
 * … LIMIT for the first pages, the whole order for a page past them while the order is still being built
 * in the background; an order already built (in memory, or kept in the file by an earlier open) and time
 * or file order say nothing.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine } from '../../src/core/engine/handlers.ts';
import { startEngine } from '../../src/core/engine/engine-client.ts';
import { dataPaths } from '../../src/core/engine/data-paths.ts';
import { datasetPath } from '../../src/core/datasets/dataset-file.ts';
import type { OrderProgress } from '../../src/shared/api.ts';
import type { PageRequest } from '../../src/shared/query.ts';
import { generateCallLog } from '../fixtures/calls.ts';
import { semicolonText } from '../fixtures/shapes.ts';
import { importOk, tempDir } from './helpers.ts';

const tmp = tempDir('order-event');
const dataDir = path.join(tmp.dir, 'data');
const DATASET = 'calls-1';
const log = generateCallLog({ seed: 5, rows: 3000, charset: 'plain' });
const byColumn = (column: string, direction: 'asc' | 'desc' = 'asc'): PageRequest => ({ filter: {}, sort: { column, direction }, offset: 0, limit: 50 });
/** Lets the engine's background order builds run (a slice per turn of the event loop). */
const idle = async (): Promise<void> => {
  for (let turn = 0; turn < 20; turn++) await new Promise((resolve) => setImmediate(resolve));
};

beforeAll(() => {
  const csv = tmp.file('calls.csv', semicolonText(log));
  importOk(csv, datasetPath(dataPaths(dataDir).datasetsDir, DATASET));
}, 60_000);
afterAll(() => tmp.cleanup());

describe('calls/order', () => {
  const comment = log.header[log.columns.comment]!;
  const phone = log.header[log.columns.clientNumber]!;

  it('is said around the first sort by a column, before the page; not for a built order, time or file order', async () => {
    const events: OrderProgress[] = [];
    const engine = createEngine({
      dataDir,
      appVersion: 'test',
      host: 'browser',
      emit: (event, payload) => void (event === 'calls/order' && events.push(payload as OrderProgress)),
    });
    const page = await engine.handlers['calls/page'](DATASET, byColumn(comment));
    expect(page.total).toBe(log.records.length);
    expect(events).toEqual([
      { datasetId: DATASET, column: comment, phase: 'building' },
      { datasetId: DATASET, column: comment, phase: 'ready' },
    ]);
    events.length = 0;
    await idle(); // the order is built in the background meanwhile
    await engine.handlers['calls/page'](DATASET, { ...byColumn(comment, 'desc'), filter: { sides: ['client'] }, offset: 10 });
    await engine.handlers['calls/page'](DATASET, { ...byColumn(comment), offset: 2000 });
    await engine.handlers['calls/page'](DATASET, byColumn('_time', 'desc'));
    await engine.handlers['calls/page'](DATASET, byColumn('_line', 'desc'));
    expect(events, 'an order built once, time order and file order').toEqual([]);

    // A new engine opens the file afresh: the order was kept in it.
    const again: OrderProgress[] = [];
    const fresh = createEngine({
      dataDir,
      appVersion: 'test',
      host: 'browser',
      emit: (event, payload) => void (event === 'calls/order' && again.push(payload as OrderProgress)),
    });
    await fresh.handlers['calls/page'](DATASET, byColumn(comment));
    expect(again).toEqual([]);
  });

  it('is said again by a page past the first ones that waits for the order still being built', async () => {
    const events: string[] = [];
    const engine = createEngine({
      dataDir,
      appVersion: 'test',
      host: 'browser',
      emit: (event, payload) => void (event === 'calls/order' && events.push(`${(payload as OrderProgress).phase} ${(payload as OrderProgress).column}`)),
    });
    const duration = log.header[log.columns.duration]!;
    const first = engine.handlers['calls/page'](DATASET, byColumn(duration, 'desc'));
    const deep = engine.handlers['calls/page'](DATASET, { ...byColumn(duration), offset: 2500 });
    expect((await first).rows).toHaveLength(50);
    expect((await deep).rows).toHaveLength(50);
    expect(events).toEqual([`building ${duration}`, `ready ${duration}`, `building ${duration}`, `ready ${duration}`]);
  });

  it('reaches the host from the engine worker before the page it belongs to', async () => {
    const engine = startEngine({ dataDir, appVersion: 'test', host: 'browser' });
    try {
      const seen: string[] = [];
      engine.onEvent((event, payload) => {
        if (event === 'calls/order') seen.push(`${(payload as OrderProgress).phase} ${(payload as OrderProgress).column}`);
      });
      const answer = engine.request('calls/page', [DATASET, byColumn(phone)]).then((result) => {
        seen.push(result.ok ? 'page' : `failed: ${result.error.message}`);
      });
      await answer;
      expect(seen).toEqual([`building ${phone}`, `ready ${phone}`, 'page']);
    } finally {
      await engine.close();
    }
  });
});
