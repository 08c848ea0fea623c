import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { datasetPath } from '../../../src/core/datasets/dataset-file.ts';
import { dataPaths } from '../../../src/core/engine/data-paths.ts';
import { createEngine } from '../../../src/core/engine/handlers.ts';
import { runImport } from '../../../src/core/import/index.ts';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'callsight-uploads-'));
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe('uploaded files of the browser host', () => {
  const paths = dataPaths(dataDir);
  const kept = path.join(paths.uploadsDir, 'a-calls.csv');
  const orphan = path.join(paths.uploadsDir, 'b-never-imported.csv');

  it('are kept while a dataset came from them, deleted otherwise, and released with the dataset', async () => {
    fs.writeFileSync(kept, 'Статус;Номер клиента\n200/487;89123456789\n');
    fs.writeFileSync(orphan, 'Статус\n200/487\n');
    await runImport({ path: kept, options: {}, outPath: datasetPath(paths.datasetsDir, 'ds1'), datasetId: 'ds1', appVersion: 'test' });

    const engine = createEngine({ dataDir, appVersion: 'test', host: 'browser', emit: () => undefined });
    expect(fs.existsSync(orphan)).toBe(true); // no sweep just because an engine started (issue 10, item 3)
    engine.sweepUploads();
    expect(fs.existsSync(orphan)).toBe(false);
    expect(fs.existsSync(kept)).toBe(true);

    await engine.handlers['datasets/remove']('ds1');
    expect(fs.existsSync(kept)).toBe(false);
  });
});
