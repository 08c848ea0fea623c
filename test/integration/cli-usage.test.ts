/**
 * `statuses` and usage errors of the CLI (issue #3): the catalogue as JSON, exit 2 with one line for
 * every usage mistake.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { STATUS_CATALOGUE } from '../../src/shared/status/index.ts';
import { CLI, REPO, expectOneLineFailure, parseSingleJson, runCli } from './helpers.ts';

interface StatusJson {
  code: string;
  manager: number;
  client: number;
  text_ru: string;
  text_en: string;
  side: string;
  reason: string;
  benign: boolean;
}

describe('statuses', () => {
  it('--json prints the 67 catalogue entries with the documented fields, in catalogue order', () => {
    const run = runCli(['statuses', '--json']);
    expect(run.status, run.stderr).toBe(0);
    const list = parseSingleJson(run.stdout) as StatusJson[];
    expect(Array.isArray(list)).toBe(true);
    expect(list).toHaveLength(67);
    expect(STATUS_CATALOGUE).toHaveLength(67);
    list.forEach((item, i) => {
      expect(Object.keys(item).sort()).toEqual(['benign', 'client', 'code', 'manager', 'reason', 'side', 'text_en', 'text_ru'].sort());
      const entry = STATUS_CATALOGUE[i]!;
      expect(item).toEqual({
        code: entry.code,
        manager: entry.manager,
        client: entry.client,
        text_ru: entry.textRu,
        text_en: entry.textEn,
        side: entry.side,
        reason: entry.reason,
        benign: entry.benign,
      });
    });
    expect(new Set(list.map((s) => s.code)).size).toBe(67);
  });

  it('--json --lang en prints the same JSON (language only affects the table)', () => {
    const a = runCli(['statuses', '--json']);
    const b = runCli(['statuses', '--json', '--lang', 'en']);
    expect(b.status).toBe(0);
    expect(parseSingleJson(b.stdout)).toEqual(parseSingleJson(a.stdout));
  });

  it.each([
    ['ru', 'Клиент не взял трубку'],
    ['en', 'The client did not pick up'],
  ] as const)('human table, --lang %s', (lang, text) => {
    const run = runCli(['statuses', '--lang', lang]);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('200/487');
    expect(run.stdout).toContain(text);
    for (const entry of STATUS_CATALOGUE) expect(run.stdout).toContain(entry.code);
  });
});

describe('usage errors exit 2 with one line on stderr', () => {
  it.each([
    ['no command', []],
    ['unknown command', ['frobnicate']],
    ['unknown flag on statuses', ['statuses', '--bogus']],
    ['bad --lang', ['statuses', '--lang', 'de']],
    ['import without a file', ['import', '--out', '/tmp/x.sqlite']],
    ['import without --out', ['import', 'some.csv']],
    ['unknown flag on import', ['import', 'some.csv', '--out', '/tmp/x.sqlite', '--frobnicate']],
    ['unsupported --encoding', ['import', 'some.csv', '--out', '/tmp/x.sqlite', '--encoding', 'koi8-u']],
    ['unsupported --delimiter', ['import', 'some.csv', '--out', '/tmp/x.sqlite', '--delimiter', '#']],
    [
      '--status-column together with --manager-column',
      ['import', 'some.csv', '--out', '/tmp/x.sqlite', '--status-column', 'A', '--manager-column', 'B', '--client-column', 'C'],
    ],
    ['--manager-column without --client-column', ['import', 'some.csv', '--out', '/tmp/x.sqlite', '--manager-column', 'B']],
  ] as const)('%s', (_, args) => {
    const run = runCli(args);
    expectOneLineFailure(run, 2);
    expect(run.stdout).toBe('');
  });
});

describe('output into a pipe that closes early', () => {
  it('`statuses | head -1` ends quietly: no EPIPE stack on stderr', () => {
    const result = spawnSync('bash', ['-c', `"${process.execPath}" "${CLI}" statuses --lang en | head -1 >/dev/null; echo "exit \${PIPESTATUS[0]}" >&2`], {
      cwd: REPO,
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(result.stderr).not.toMatch(/EPIPE|Error|\s+at /);
    expect(result.stderr.trim()).toBe('exit 0');
  });
});
