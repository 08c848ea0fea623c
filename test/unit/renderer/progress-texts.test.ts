import { describe, expect, it } from 'vitest';
import type { ImportProgress } from '../../../src/shared/import-types.ts';
import { progressTexts } from '../../../src/renderer/src/datasets/progress-texts.ts';
import { makeI18n } from '../../../src/renderer/src/i18n/index.ts';

const ru = makeI18n('ru');
const at = (patch: Partial<ImportProgress>): ImportProgress => ({
  jobId: 'j',
  phase: 'reading',
  bytesRead: 0,
  bytesTotal: 0,
  rowsRead: 0,
  rowsPerSecond: 0,
  etaSeconds: null,
  ...patch,
});

// Issue 11, item 4: the progress view says only what is known.
describe('import progress texts', () => {
  it('before the first event: no "0 Б из 0 Б", no rows, no speed', () => {
    expect(progressTexts(null, ru)).toMatchObject({ title: 'Запускаю импорт…', bytes: null, rows: null, speed: null, eta: null });
  });

  it('while reading: bytes, rows, speed and time left (or "оценивается" before there is an estimate)', () => {
    expect(progressTexts(at({ bytesRead: 1024, bytesTotal: 4096 }), ru)).toMatchObject({
      bytes: '1 КБ из 4 КБ',
      rows: null,
      speed: null,
      eta: 'Осталось: оценивается…',
    });
    const texts = progressTexts(at({ bytesRead: 2048, bytesTotal: 4096, rowsRead: 1500, rowsPerSecond: 300_000, etaSeconds: 75 }), ru);
    expect(texts).toMatchObject({ percent: '50\u00a0%', rows: 'Строк: 1\u00a0500', speed: '300\u00a0000 строк/с', eta: 'Осталось: 1:15' });
  });

  it('while indexing: the rows read, no speed of 0, and the phase instead of "оценивается"', () => {
    const texts = progressTexts(at({ phase: 'indexing', bytesRead: 4096, bytesTotal: 4096, rowsRead: 1000, rowsPerSecond: 0 }), ru);
    expect(texts).toMatchObject({
      title: 'Построение индексов',
      percent: '100\u00a0%',
      rows: 'Строк: 1\u00a0000',
      speed: null,
      eta: 'Осталось: построить индексы',
    });
    expect(progressTexts(at({ phase: 'indexing', bytesRead: 10, bytesTotal: 10 }), makeI18n('en')).eta).toBe('Left: building the indexes');
  });
});
