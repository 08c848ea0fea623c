import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { datasetPath } from '../../../src/core/datasets/dataset-file.ts';
import { dataPaths } from '../../../src/core/engine/data-paths.ts';
import { runImport } from '../../../src/core/import/index.ts';
import { engineWith, importDone, importOnce } from '../../support/engine-imports.ts';
import { expectIntact } from '../../support/sqlite-oracle.ts';
import { tempDir } from '../../support/temp-dir.ts';

const tmp = tempDir('uploads');
afterAll(() => tmp.cleanup());

const CSV = 'Статус;Номер клиента\n200/487;89123456789\n200/200;89123456780\n';

/** A file as the browser host stores an upload: under an internal name in the data folder's uploads/. */
function uploaded(dataDir: string, name: string): string {
  const file = path.join(dataPaths(dataDir).uploadsDir, `0b7e4b5c-${name}`);
  fs.writeFileSync(file, CSV);
  return file;
}

describe('uploaded files of the browser host (issue 10, item 2)', () => {
  it('an upload is deleted once its import finished; the dataset stands whole, under the real file name', async () => {
    const dataDir = path.join(tmp.dir, 'finished');
    const setup = engineWith(dataDir);
    const file = uploaded(dataDir, 'calls.csv');
    const source = await setup.engine.registerSource(file, 'звонки.csv', { page: 'p1' });
    expect(setup.engine.pendingUploads()).toBe(1);

    const id = await importOnce(setup, source.id);
    expect(fs.existsSync(file)).toBe(false);
    expect(fs.readdirSync(dataPaths(dataDir).uploadsDir)).toEqual([]);
    expect(setup.engine.pendingUploads()).toBe(0);
    expect(await setup.engine.handlers['datasets/get'](id)).toMatchObject({ sourceName: 'звонки.csv', imported: 2 });
    expect((await setup.engine.handlers['calls/columns'](id)).total).toBe(2);
    expectIntact(datasetPath(dataPaths(dataDir).datasetsDir, id));
    // What a script asking the engine to import it again gets: a sentence, not the upload's internal name.
    await expect(setup.engine.handlers['datasets/reimport'](id)).rejects.toMatchObject({ code: 'not-found' });
  });

  it('two imports of one upload: the first to finish leaves the file to the other, the last deletes it', async () => {
    const dataDir = path.join(tmp.dir, 'twice');
    const setup = engineWith(dataDir);
    const file = uploaded(dataDir, 'calls.csv');
    const source = await setup.engine.registerSource(file, 'calls.csv', { page: 'p1' });
    const first = await setup.engine.handlers['imports/start'](source.id, {});
    const second = await setup.engine.handlers['imports/start'](source.id, { name: 'второй' });
    await importDone(setup, first.jobId);
    const id = await importDone(setup, second.jobId);
    expect(await setup.engine.handlers['datasets/get'](id)).toMatchObject({ name: 'второй', imported: 2 });
    expect(fs.existsSync(file)).toBe(false);
  });

  it('the sweep at the host start deletes every earlier upload, also one an older version kept for its dataset', async () => {
    const dataDir = path.join(tmp.dir, 'sweep');
    const paths = dataPaths(dataDir);
    const kept = uploaded(dataDir, 'a-calls.csv');
    const orphan = uploaded(dataDir, 'b-never-imported.csv');
    await runImport({ path: kept, options: {}, outPath: datasetPath(paths.datasetsDir, 'ds1'), datasetId: 'ds1', appVersion: 'test' });

    const { engine } = engineWith(dataDir);
    expect(fs.existsSync(orphan)).toBe(true); // no sweep just because an engine started (issue 10, item 3)
    engine.sweepUploads();
    expect(fs.readdirSync(paths.uploadsDir)).toEqual([]);
    expect(await engine.handlers['datasets/get']('ds1')).toMatchObject({ imported: 2 });
  });
});
