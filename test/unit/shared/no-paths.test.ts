import { describe, expect, it } from 'vitest';
import { messageWith } from '../../../src/core/messages.ts';
import { CallsightError, serializeError, toResult } from '../../../src/shared/result.ts';

/** Issue 10, item 4: no sentence shown to a user holds an absolute path of the machine, or a stack. */
const POSIX = '/home/anna/Документы/звонки март.csv';
const WINDOWS = 'C:\\Users\\anna\\Documents\\calls.csv';

describe('error sentences without machine paths', () => {
  it('file messages name the file, not where it lives', () => {
    for (const text of [
      messageWith.fileMissing(POSIX),
      messageWith.isFolder(POSIX),
      messageWith.fileUnreadable(POSIX, 'EACCES'),
      messageWith.datasetNotWritable(POSIX),
    ]) {
      for (const sentence of [text.en, text.ru]) {
        expect(sentence).toContain('звонки март.csv');
        expect(sentence).not.toContain('/home');
      }
    }
    const windows = messageWith.fileMissing(WINDOWS);
    expect(windows.en).toContain('calls.csv');
    expect(windows.en).not.toContain('Users');
  });

  it('an unexpected error keeps its file name but loses its folders and its stack', async () => {
    const error = new Error("ENOENT: no such file or directory, open '/tmp/callsight-x/uploads/1234-report.csv'");
    const { text } = serializeError(error);
    expect(text.en).toContain('1234-report.csv');
    expect(text.en).not.toMatch(/\/tmp|callsight-x|uploads/);
    expect(text.ru).not.toMatch(/\/tmp/);
    const windows = serializeError(new Error(`EPERM: operation not permitted, rename '${WINDOWS}.partial' -> '${WINDOWS}'`));
    expect(windows.text.en).not.toContain('Users');
    const result = await toResult(() => {
      throw new Error(`boom at ${POSIX}\n    at run (file:///opt/app/out/main/index.js:10:5)`);
    });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.message).not.toMatch(/\/home|\/opt|file:\/\//);
      expect(result.error.message).not.toContain('\n');
    }
  });

  it('our own sentences pass through unchanged', () => {
    const own = new CallsightError('io', { en: 'The file is empty.', ru: 'Файл пуст.' });
    expect(serializeError(own).text).toEqual({ en: 'The file is empty.', ru: 'Файл пуст.' });
  });
});

describe('an import that stopped', () => {
  it('reports the worker’s error without its folders', () => {
    const text = messageWith.importStopped("ENOSPC: no space left on device, write '/var/lib/callsight/datasets/x.sqlite.partial'");
    expect(text.en).not.toContain('/var/lib');
    expect(text.en).toContain('x.sqlite.partial');
  });
});
