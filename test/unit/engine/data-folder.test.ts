import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { datasetPath } from '../../../src/core/datasets/dataset-file.ts';
import { dataPaths } from '../../../src/core/engine/data-paths.ts';
import { SettingsStore } from '../../../src/core/engine/settings-store.ts';
import { durableRename } from '../../../src/core/durable-file.ts';
import { runImport } from '../../../src/core/import/index.ts';

/** Issue 10, items 11 and 12: the data folder is its owner's only, and what is saved survives a power cut. */
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'callsight-data-folder-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());
const mode = (file: string): number => fs.statSync(file).mode & 0o777;

describe('the data folder (item 11)', () => {
  it('is created 0700 with its sub-folders, and an existing one is tightened', () => {
    const fresh = path.join(root, 'fresh', 'data');
    const paths = dataPaths(fresh);
    for (const folder of [fresh, paths.datasetsDir, paths.uploadsDir]) expect(mode(folder), folder).toBe(0o700);
    const loose = path.join(root, 'loose');
    fs.mkdirSync(path.join(loose, 'datasets'), { recursive: true, mode: 0o755 });
    fs.chmodSync(loose, 0o755);
    dataPaths(loose);
    expect(mode(loose)).toBe(0o700);
    expect(mode(path.join(loose, 'datasets'))).toBe(0o700);
  });

  it('settings and finished datasets are 0600', async () => {
    const paths = dataPaths(path.join(root, 'files'));
    new SettingsStore(paths.settingsFile).update({ language: 'en' });
    expect(mode(paths.settingsFile)).toBe(0o600);
    const source = path.join(root, 'calls.csv');
    fs.writeFileSync(source, 'Статус;Номер клиента\n200/487;89123456789\n', { mode: 0o644 });
    const out = datasetPath(paths.datasetsDir, 'ds1');
    await runImport({ path: source, options: {}, outPath: out, datasetId: 'ds1', appVersion: 'test' });
    expect(mode(out)).toBe(0o600);
  });
});

describe('durable writes (item 12)', () => {
  /** The order of fsync and rename calls, each fsync named by what its descriptor was opened on. */
  function recordSyncs(): string[] {
    const opened = new Map<number, string>();
    const calls: string[] = [];
    const open = fs.openSync;
    vi.spyOn(fs, 'openSync').mockImplementation((file: fs.PathLike, ...rest: unknown[]) => {
      const fd = (open as (...args: unknown[]) => number)(file, ...rest);
      opened.set(fd, String(file));
      return fd;
    });
    const fsync = fs.fsyncSync;
    vi.spyOn(fs, 'fsyncSync').mockImplementation((fd) => {
      calls.push(`fsync ${path.basename(opened.get(fd) ?? '?')}`);
      fsync(fd);
    });
    const rename = fs.renameSync;
    vi.spyOn(fs, 'renameSync').mockImplementation((from, to) => {
      calls.push(`rename ${path.basename(String(from))}`);
      rename(from, to);
    });
    return calls;
  }

  it('a finished file is flushed before its rename, and its folder after', () => {
    const folder = path.join(root, 'durable');
    fs.mkdirSync(folder);
    fs.writeFileSync(path.join(folder, 'x.sqlite.partial'), 'data');
    const calls = recordSyncs();
    durableRename(path.join(folder, 'x.sqlite.partial'), path.join(folder, 'x.sqlite'));
    expect(calls).toEqual(['fsync x.sqlite.partial', 'rename x.sqlite.partial', 'fsync durable']);
    expect(fs.readFileSync(path.join(folder, 'x.sqlite'), 'utf8')).toBe('data');
  });

  it('settings: temp file flushed, renamed, folder flushed', () => {
    const paths = dataPaths(path.join(root, 'settings'));
    const calls = recordSyncs();
    new SettingsStore(paths.settingsFile).update({ language: 'ru' });
    expect(calls).toEqual(['fsync settings.json.tmp', 'rename settings.json.tmp', 'fsync settings']);
  });
});
