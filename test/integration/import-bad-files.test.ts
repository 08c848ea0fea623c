/**
 * Files that cannot be imported at all: the CLI must say so in one line on stderr (no stack trace),
 * exit non-zero, and leave neither a dataset nor a *.partial file behind.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeText } from '../fixtures/encode.ts';
import { binaryGarbage, callLogFile, noStatusColumnText, pngLike } from '../fixtures/shapes.ts';
import { writeBenchCsv } from '../fixtures/bench-data.ts';
import { CLI, REPO, expectOneLineFailure, importOk, partialsIn, readDataset, runCli, tempDir } from './helpers.ts';

const tmp = tempDir('bad');
afterAll(() => tmp.cleanup());

function expectRefused(name: string, content: Uint8Array | null, extra: readonly string[] = []): string {
  const dir = join(tmp.dir, name);
  mkdirSync(dir);
  const file = join(dir, `${name}.csv`);
  if (content) writeFileSync(file, content);
  const out = join(dir, `${name}.callsight.sqlite`);
  const run = runCli(['import', file, '--out', out, '--json', ...extra]);
  const message = expectOneLineFailure(run);
  expect(run.status, 'usage errors are 2; an unreadable file is a different failure').not.toBe(2);
  expect(run.stdout.trim(), 'no success summary on stdout').toBe('');
  expect(existsSync(out), 'no dataset is left behind').toBe(false);
  expect(partialsIn(dir)).toEqual([]);
  expect(
    readdirSync(dir).filter((n) => n !== `${name}.csv`),
    'nothing else is left behind',
  ).toEqual([]);
  return message;
}

describe('files that cannot be imported', () => {
  it('empty file', () => {
    expectRefused('empty', new Uint8Array(0));
  });

  it('binary: random bytes with NULs', () => {
    expectRefused('binary', binaryGarbage(7));
  });

  it('binary: a PNG picked by mistake', () => {
    expectRefused('png', pngLike(8));
  });

  it('no status-like column (by name or by content)', () => {
    const message = expectRefused('nostatus', encodeText(noStatusColumnText(9), 'windows-1251'));
    expect(message.toLowerCase()).toMatch(/status|статус/);
  });

  it('a path that does not exist', () => {
    const out = join(tmp.dir, 'missing.callsight.sqlite');
    const run = runCli(['import', join(tmp.dir, 'no-such-file.csv'), '--out', out, '--json']);
    expectOneLineFailure(run);
    expect(run.status).not.toBe(2);
    expect(existsSync(out)).toBe(false);
  });

  it('a directory instead of a file', () => {
    const dir = join(tmp.dir, 'a-directory.csv');
    mkdirSync(dir);
    const out = join(tmp.dir, 'dir.callsight.sqlite');
    expectOneLineFailure(runCli(['import', dir, '--out', out, '--json']));
    expect(existsSync(out)).toBe(false);
  });

  it('an output directory that does not exist fails cleanly', () => {
    const fixture = callLogFile({ seed: 10, rows: 5, delimiter: ';', eol: '\r\n', header: true });
    const file = join(tmp.dir, 'ok-input.csv');
    writeFileSync(file, encodeText(fixture.text, 'utf-8'));
    expectOneLineFailure(runCli(['import', file, '--out', join(tmp.dir, 'no', 'such', 'dir', 'x.sqlite'), '--json']));
  });

  it('after all these failures a good import into the same folder still works and leaves no *.partial', () => {
    const fixture = callLogFile({ seed: 11, rows: 10, delimiter: ';', eol: '\r\n', header: true });
    const file = join(tmp.dir, 'good.csv');
    writeFileSync(file, encodeText(fixture.text, 'utf-8'));
    const out = join(tmp.dir, 'good.callsight.sqlite');
    const summary = importOk(file, out);
    expect(summary.imported).toBe(10);
    expect(existsSync(out)).toBe(true);
    expect(partialsIn(tmp.dir)).toEqual([]);
  });

  it('importing over an existing dataset path (with --force) replaces it whole; never a mix', () => {
    const a = callLogFile({ seed: 12, rows: 10, delimiter: ';', eol: '\r\n', header: true });
    const b = callLogFile({ seed: 13, rows: 7, delimiter: ';', eol: '\r\n', header: true });
    const fileA = join(tmp.dir, 'a.csv');
    const fileB = join(tmp.dir, 'b.csv');
    writeFileSync(fileA, encodeText(a.text, 'utf-8'));
    writeFileSync(fileB, encodeText(b.text, 'utf-8'));
    const out = join(tmp.dir, 'twice.callsight.sqlite');
    importOk(fileA, out);
    const summary = importOk(fileB, out, ['--force']);
    expect(summary.imported).toBe(7);
    const dataset = readDataset(out);
    expect(dataset.calls).toHaveLength(7);
    expect(dataset.meta.get('source_name')).toBe('b.csv');
    expect(partialsIn(tmp.dir)).toEqual([]);
  });

  /** Starts a CLI import of a big file and resolves once its `.partial` file exists (the import is under way). */
  async function importUnderWay(name: string, seed: number) {
    const dir = join(tmp.dir, name);
    mkdirSync(dir);
    const file = join(dir, 'big.csv');
    writeBenchCsv(file, 300_000, seed);
    const out = join(dir, 'big.callsight.sqlite');
    const partial = `${out}.partial`;
    const child = spawn(process.execPath, [CLI, 'import', file, '--out', out, '--json'], { cwd: REPO, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    const started = Date.now();
    while (!existsSync(partial) && Date.now() - started < 15_000 && child.exitCode === null) {
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(existsSync(partial), 'the import should be under way').toBe(true);
    return { child, out, partial, exited, stderr: () => stderr };
  }

  it('an import killed halfway never leaves a dataset at --out (only the *.partial the app cleans up)', async () => {
    const run = await importUnderWay('killed', 4242);
    run.child.kill('SIGKILL');
    await run.exited;
    expect(existsSync(run.out), 'a half-written dataset must never sit at the final path').toBe(false);
  });

  it('Ctrl+C during an import removes the partial file and exits 130 with one line', async () => {
    const run = await importUnderWay('interrupted', 4343);
    run.child.kill('SIGINT');
    expect(await run.exited).toBe(130);
    expect(run.stderr().trim().split('\n')).toHaveLength(1);
    expect(existsSync(run.out)).toBe(false);
    expect(existsSync(run.partial)).toBe(false);
  });

  it('more columns than a SQLite table holds: one sentence with the count and the limit (not an internal error)', () => {
    // SQLite allows 2000 columns per table, `_line` and the 12 tag columns included: 1987 of the file's.
    const header = ['Статус', ...Array.from({ length: 2100 }, (_, i) => `c${i}`)].join(';');
    const row = ['200/487', ...Array.from({ length: 2100 }, () => 'x')].join(';');
    const message = expectRefused('wide', encodeText(`${header}\n${row}\n${row}\n`, 'utf-8'));
    expect(message).toMatch(/2101 columns.*at most 1987/);
    expect(message).not.toMatch(/internal/i);
  });
});
