/**
 * First contact on an old Node (issue #13): under the npm registry's `node@20` package (what Debian and
 * Ubuntu LTS ship, give or take), `npm start`, `npm run cli` and the other scripts print one sentence —
 * the Node found, the Node needed, how to get it — and exit 1, with no stack trace; `npm install` stops
 * at once (engine-strict). The old Node is installed once into ~/.cache and reused.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, realpathSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../support/temp-dir.ts';

const REPO = resolve(import.meta.dirname, '../..');
const CACHE = join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'callsight-test-node20');
const OLD_NODE = join(CACHE, 'node_modules', 'node', 'bin', 'node');

interface CheckNode {
  isSupported(version: string): boolean;
  message(version: string, execPath: string, npmLifecycleEvent: string | undefined): string;
}
const check = createRequire(import.meta.url)('../../scripts/check-node.cjs') as CheckNode;
const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as {
  engines: { node: string };
  scripts: Record<string, string>;
};

/** The environment of a user's shell: no npm_* variables of the `npm test` that runs us. */
function userEnv(pathFirst?: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!/^npm_/i.test(key)) env[key] = value;
  if (pathFirst) env.PATH = pathFirst + delimiter + (process.env.PATH ?? '');
  env.NO_COLOR = '1';
  return env;
}

function version(node: string): string | null {
  const run = spawnSync(node, ['--version'], { encoding: 'utf8' });
  return run.status === 0 ? run.stdout.trim() : null;
}

/** node@20 from the npm registry, installed once into a staging folder and moved into the cache. */
function ensureOldNode(): void {
  if (existsSync(OLD_NODE) && version(OLD_NODE)?.startsWith('v20.')) return;
  const staging = mkdtempSync(`${CACHE}-staging-`);
  try {
    const install = spawnSync(
      'npm',
      ['install', '--prefix', staging, '--no-save', '--no-package-lock', '--no-audit', '--no-fund', '--loglevel=error', 'node@20'],
      { encoding: 'utf8', env: userEnv(), timeout: 300_000 },
    );
    if (install.status !== 0) throw new Error(`npm install node@20 failed (${install.status}):\n${install.stderr}`);
    rmSync(CACHE, { recursive: true, force: true });
    renameSync(staging, CACHE);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/** `npm <args>` as a user whose PATH finds Node 20 first (npm itself then runs on Node 20 too). */
function npmOnOldNode(args: readonly string[], cwd = REPO): SpawnSyncReturns<string> {
  return spawnSync('npm', args, { cwd, encoding: 'utf8', env: userEnv(dirname(OLD_NODE)), timeout: 60_000 });
}

/** Every stderr line that is not npm's own ("npm error …", "npm warn …"). */
function ownStderrLines(stderr: string): string[] {
  return stderr
    .split('\n')
    .map((l) => l.trimEnd())
    .filter((l) => l !== '' && !/^npm (error|warn|ERR!|WARN)/.test(l));
}

/** `^a.b.c` and `>=a.b.c` joined by `||`: the forms our "engines" uses (anything else fails the test). */
function satisfiesEngines(range: string, v: string): boolean {
  const [major, minor, patch] = v.split('.').map(Number) as [number, number, number];
  const at = (x: number[]) => major * 1e6 + minor * 1e3 + patch >= x[0]! * 1e6 + x[1]! * 1e3 + x[2]!;
  return range.split('||').some((part) => {
    const m = /^\s*(\^|>=)(\d+)\.(\d+)\.(\d+)\s*$/.exec(part);
    if (!m) throw new Error(`unexpected engines comparator: ${part}`);
    const floor = [Number(m[2]), Number(m[3]), Number(m[4])];
    return m[1] === '^' ? major === floor[0] && at(floor) : at(floor);
  });
}

describe.skipIf(process.platform === 'win32')('on Node 20', () => {
  let found = '';
  let execPath = '';

  beforeAll(() => {
    ensureOldNode();
    found = version(OLD_NODE) ?? '';
    execPath = realpathSync(OLD_NODE);
    expect(found).toMatch(/^v20\./);
  }, 320_000);

  // start and cli are the issue's; serve, test and bench are the other scripts it names.
  for (const [script, args] of [
    ['start', ['start']],
    ['cli', ['run', 'cli', '--', 'statuses', '--lang', 'en']],
    ['serve', ['run', 'serve']],
    ['test', ['test']],
    ['bench', ['run', 'bench', '--', '--rows', '1000']],
  ] as const) {
    it(`npm ${args.join(' ')} prints the one sentence and exits 1, before any TypeScript is loaded`, () => {
      const run = npmOnOldNode(args);
      const sentence = check.message(found, execPath, script).trimEnd();
      expect(sentence).toContain(`found Node.js ${found}`);
      expect(sentence).toContain('npx -y -p node@24 npm ');
      expect(ownStderrLines(run.stderr), run.stderr).toEqual([sentence]);
      expect(run.status, run.stderr).toBe(1);
      expect(run.stderr).not.toMatch(/ERR_UNKNOWN_FILE_EXTENSION|^\s+at /m);
      // Nothing of the script itself ran: npm's "> callsight@… <script>" banner is all there is.
      expect(run.stdout.split('\n').filter((l) => l.trim() !== '' && !l.startsWith('> '))).toEqual([]);
    });
  }

  it('npm install stops at once with the Node found and the range required, installing nothing', () => {
    const dir = tempDir('old-node-install');
    try {
      for (const f of ['package.json', 'package-lock.json', '.npmrc']) cpSync(join(REPO, f), join(dir.dir, f));
      const run = npmOnOldNode(['install', '--no-audit', '--no-fund'], dir.dir);
      expect(run.status, run.stderr).not.toBe(0);
      expect(run.stderr).toContain('EBADENGINE');
      expect(run.stderr).toContain(`Required: {"node":"${pkg.engines.node}"}`);
      expect(run.stderr).toContain(`"node":"${found}"`);
      expect(existsSync(join(dir.dir, 'node_modules'))).toBe(false);
    } finally {
      dir.cleanup();
    }
  });
});

describe('the version check', () => {
  it('agrees with "engines" in package.json', () => {
    for (const v of [
      '18.20.8',
      '20.19.0',
      '20.20.2',
      '22.12.0',
      '22.17.1',
      '22.18.0',
      '22.22.0',
      '23.11.0',
      '24.0.0',
      '24.21.0',
      '25.2.1',
      '26.0.0',
      '27.3.0',
    ]) {
      expect(check.isSupported(`v${v}`), v).toBe(satisfiesEngines(pkg.engines.node, v));
    }
  });

  it('runs first in every npm script', () => {
    for (const [name, command] of Object.entries(pkg.scripts)) {
      expect(command.startsWith('node -r ./scripts/check-node.cjs ') || command.startsWith('node scripts/check-node.cjs && '), name).toBe(true);
    }
  });
});
