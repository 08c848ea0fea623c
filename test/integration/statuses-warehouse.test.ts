/**
 * The catalogue for a team's warehouse (issue #9, item 5): `statuses --format sql` loads into SQLite
 * (better-sqlite3) as written, and its classification query gives every seed code and a grid of codes
 * the table lacks the same side, reason, benign and origin as the engine's classifier;
 * `--format csv` holds the 67 statuses with their facets.
 */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { STATUS_CATALOGUE } from '../../src/shared/status/index.ts';
import { classifyPair, classifyStatus } from '../../src/shared/status/classify.ts';
import { CLASSIFY_MARK, STATUS_TABLE } from '../../src/shared/status/warehouse.ts';
import { expectOneLineFailure, runCli } from './helpers.ts';

/** Leg codes around every boundary of the rules (0–2, 101, 200, SIP 4xx–6xx and their carrier codes, service 7xx–8xx, past 899). */
const LEGS = [
  0, 1, 2, 3, 7, 100, 101, 180, 199, 200, 201, 202, 399, 400, 401, 403, 404, 406, 408, 410, 461, 480, 484, 486, 487, 488, 491, 499, 500, 503, 504, 599, 600,
  603, 604, 699, 700, 706, 717, 718, 799, 800, 899, 900, 999, 9999,
];

/** A tiny RFC 4180 reader (no quoted newlines in the catalogue, but quoted commas and quotes are handled). */
function parseCsv(text: string): string[][] {
  return text
    .split('\r\n')
    .filter((line) => line !== '')
    .map((line) => {
      const cells: string[] = [];
      let i = 0;
      while (i <= line.length) {
        if (line[i] === '"') {
          let value = '';
          i++;
          while (i < line.length) {
            if (line[i] === '"' && line[i + 1] === '"') {
              value += '"';
              i += 2;
            } else if (line[i] === '"') {
              i++;
              break;
            } else value += line[i++];
          }
          cells.push(value);
          i++;
        } else {
          const end = line.indexOf(',', i);
          cells.push(line.slice(i, end === -1 ? line.length : end));
          i = end === -1 ? line.length + 1 : end + 1;
        }
      }
      return cells;
    });
}

describe('statuses --format sql', () => {
  const run = runCli(['statuses', '--format', 'sql']);

  it('loads into SQLite and holds the 67 statuses with their facets', () => {
    expect(run.status, run.stderr).toBe(0);
    const db = new Database(':memory:');
    db.exec(run.stdout);
    const rows = db.prepare(`SELECT * FROM ${STATUS_TABLE} ORDER BY rowid`).all() as Record<string, unknown>[];
    expect(rows).toHaveLength(67);
    expect(rows).toEqual(
      STATUS_CATALOGUE.map((entry) => ({
        code: entry.code,
        manager_code: entry.manager,
        client_code: entry.client,
        side: entry.side,
        reason: entry.reason,
        benign: entry.benign ? 1 : 0,
        text_ru: entry.textRu,
        text_en: entry.textEn,
      })),
    );
    db.close();
  });

  it('its classification query gives every seed code and codes the table lacks the engine’s facets', () => {
    const db = new Database(':memory:');
    db.exec(run.stdout);
    const start = run.stdout.indexOf(`/* ${CLASSIFY_MARK}`);
    expect(start).toBeGreaterThan(0);
    const query = run.stdout
      .slice(start + `/* ${CLASSIFY_MARK}`.length, run.stdout.indexOf('*/', start))
      .trim()
      .replace(/;$/, '');
    db.exec('CREATE TABLE calls (raw TEXT NOT NULL, manager_code INTEGER NOT NULL, client_code INTEGER NOT NULL)');
    const insert = db.prepare('INSERT INTO calls VALUES (?, ?, ?)');
    const pairs = new Map<string, [number, number]>();
    for (const entry of STATUS_CATALOGUE) pairs.set(entry.code, [entry.manager, entry.client]);
    for (const manager of LEGS) for (const client of LEGS) pairs.set(`${manager}/${client}`, [manager, client]);
    for (const [raw, [manager, client]] of pairs) insert.run(raw, manager, client);

    const got = db.prepare(query).all() as { raw: string; side: string; reason: string; benign: number; origin: string }[];
    expect(got).toHaveLength(pairs.size);
    const origins = new Set<string>();
    for (const row of got) {
      const [manager, client] = pairs.get(row.raw)!;
      const engine = classifyPair(row.raw, manager, client);
      // The engine reads the raw text the same way (the pair parses to these legs).
      expect(classifyStatus(row.raw)).toEqual(engine);
      expect({ raw: row.raw, side: row.side, reason: row.reason, benign: row.benign === 1, origin: row.origin }).toEqual({
        raw: row.raw,
        side: engine.side,
        reason: engine.reason,
        benign: engine.benign,
        origin: engine.origin,
      });
      origins.add(engine.origin);
    }
    // The grid reaches all three origins and every inference rule's side (the success rule's two pairs,
    // 200/200 and 101/200, are both in the table, so it never fires).
    expect([...origins].sort()).toEqual(['documented', 'inferred', 'unknown']);
    expect(new Set(got.filter((row) => row.origin === 'inferred').map((row) => row.side))).toEqual(
      new Set(['pending', 'client', 'carrier', 'manager', 'service']),
    );
    db.close();
  });

  it('keeps to portable SQL: no backslash, no dialect types or quoting', () => {
    expect(run.stdout).not.toContain('\\');
    expect(run.stdout).not.toMatch(/\b(?:TEXT|BOOLEAN|BOOL|SERIAL|AUTOINCREMENT|STRING|ENGINE|Nullable)\b|`|"\w+"\s*(?:VARCHAR|INTEGER)/);
    expect(run.stdout).toMatch(/^CREATE TABLE callsight_statuses \($/m);
  });
});

describe('statuses --format csv', () => {
  it('writes the 67 statuses with their facets, read back by an RFC 4180 reader', () => {
    const run = runCli(['statuses', '--format', 'csv']);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout.startsWith('\uFEFF')).toBe(false);
    const [header, ...rows] = parseCsv(run.stdout);
    expect(header).toEqual(['code', 'manager_code', 'client_code', 'side', 'reason', 'benign', 'text_ru', 'text_en']);
    expect(rows).toEqual(
      STATUS_CATALOGUE.map((entry) => [
        entry.code,
        String(entry.manager),
        String(entry.client),
        entry.side,
        entry.reason,
        entry.benign ? '1' : '0',
        entry.textRu,
        entry.textEn,
      ]),
    );
  });

  it('refuses an unknown format and --json with another format in one line, exit 2', () => {
    expect(expectOneLineFailure(runCli(['statuses', '--format', 'xml']), 2)).toContain('--format must be');
    expect(expectOneLineFailure(runCli(['statuses', '--json', '--format', 'csv']), 2)).toContain('contradict');
  });
});
