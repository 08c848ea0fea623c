import { describe, expect, it } from 'vitest';
import type { ColumnRole } from '../../../src/shared/import-types.ts';
import { RowTagger, TAG_VALUES_PER_ROW } from '../../../src/core/import/tag/tags.ts';
import { normalisePhone, parseCost, parseDateTime, parseDuration } from '../../../src/core/import/tag/values.ts';
import { classifyLegs, classifyStatus, type Classification } from '../../../src/shared/status/index.ts';
import { createRng } from '../../fixtures/prng.ts';

/** The status classes a tagger announces to the writer (one row each in the dataset's class table). */
function classesOf(tagger: RowTagger): Classification[] {
  const seen: Classification[] = [];
  tagger.onNewClass = (id, c) => {
    seen[id - 1] = c;
  };
  return seen;
}

describe('RowTagger status classes', () => {
  it('spellings of one status share a class; distinct statuses get their own', () => {
    const tagger = new RowTagger(['status']);
    const classes = classesOf(tagger);
    const out: unknown[] = [];
    for (const raw of ['200/487', ' 200 / 487 ', '200/487 Клиент не взял трубку', '200\\487', '486/0', '200/487']) tagger.fill([raw], out, 0);
    expect(classes.map((c) => c.code)).toEqual(['200/487', '486/0']);
  });

  it('a column of unique values (a wrong status column) yields one class, not one per row', () => {
    const tagger = new RowTagger(['status']);
    const classes = classesOf(tagger);
    const out: unknown[] = [];
    const sides = new Set<string>();
    for (let i = 0; i < 50_000; i++) sides.add(tagger.fill([`id-${i}`], out, 0));
    expect(classes).toHaveLength(1);
    expect(classes[0]).toMatchObject({ side: 'unknown', origin: 'unknown', code: null });
    expect([...sides]).toEqual(['unknown']);
    expect(out[0]).toBe(1);
  });

  it('leg columns are tagged like the status column', () => {
    const tagger = new RowTagger(['managerLeg', 'clientLeg']);
    const classes = classesOf(tagger);
    const out: unknown[] = [];
    expect(tagger.fill(['200', '487'], out, 0)).toBe('client');
    expect(tagger.fill(['487', ''], out, 0)).toBe('manager');
    expect(classes.map((c) => c.code)).toEqual(['200/487', '487/0']);
  });
});

/**
 * RowTagger before its front cache of raw statuses, kept here as the reference: a Map by raw value
 * (at most 10,000 of them) and ids by facets. The value parsers have their own differential test.
 */
class ReferenceTagger {
  private readonly byRaw = new Map<string, { readonly id: number; readonly c: Classification }>();
  private readonly byFacets = new Map<string, number>();
  readonly classes: [number, Classification][] = [];
  private readonly roles: readonly (ColumnRole | null)[];
  constructor(roles: readonly (ColumnRole | null)[]) {
    this.roles = roles;
  }

  private classOf(fields: readonly string[]): { readonly id: number; readonly c: Classification } {
    const status = this.roles.indexOf('status'),
      managerLeg = this.roles.indexOf('managerLeg'),
      clientLeg = this.roles.indexOf('clientLeg');
    const key = status >= 0 ? (fields[status] ?? '') : `${fields[managerLeg] ?? ''}\u0000${clientLeg >= 0 ? (fields[clientLeg] ?? '') : ''}`;
    const cached = this.byRaw.get(key);
    if (cached) return cached;
    const c = status >= 0 ? classifyStatus(key) : classifyLegs(fields[managerLeg] ?? '', clientLeg >= 0 ? (fields[clientLeg] ?? '') : '');
    const facets = `${c.code}|${c.side}|${c.reason}|${c.benign}|${c.origin}`;
    let id = this.byFacets.get(facets);
    if (id === undefined) {
      id = this.byFacets.size + 1;
      this.byFacets.set(facets, id);
      this.classes.push([id, c]);
    }
    const hit = { id, c };
    if (this.byRaw.size < 10_000) this.byRaw.set(key, hit);
    return hit;
  }

  classify(fields: readonly string[]): Classification {
    return this.classOf(fields).c;
  }

  fill(fields: readonly string[], out: unknown[], at: number): string {
    const hit = this.classOf(fields);
    const cell = (role: ColumnRole): string => fields[this.roles.indexOf(role)]!;
    out[at] = hit.id;
    out[at + 1] = parseDateTime(cell('datetime'));
    out[at + 2] = normalisePhone(cell('clientNumber'));
    out[at + 3] = normalisePhone(cell('managerNumber'));
    out[at + 4] = parseDuration(cell('duration'));
    out[at + 5] = parseCost(cell('cost'));
    return hit.c.side;
  }
}

describe('RowTagger agrees with the reference tagger', () => {
  it('on many rows with few, many and colliding distinct statuses, in status and leg columns', () => {
    const rng = createRng(1127);
    const common = [
      '200/200',
      '709/0',
      '200/487',
      '200/486',
      '486/0',
      '1/0',
      '2/0',
      '702/0',
      '703/0',
      '200/0',
      '',
      ' 200 / 487 ',
      '200\\487',
      '200/487 Клиент не взял трубку',
      '200/484 Неправильный номер клиента',
      'ошибка',
      '\u0000',
      'id-1',
    ];
    // Past 10,000 distinct raw values the reference stops caching: the tagger must still agree there.
    const rare = Array.from({ length: 12_000 }, (_, i) => rng.pick([`${i}`, `id-${i}`, `200/${i % 1000}`, `${i % 900}/0 причина ${i}`]));
    // Each row gets its own string object, as from a scanner: equal keys are then never the same object.
    const fresh = (text: string): string => [...text].join('');
    const statusOf = (): string => fresh(rng.chance(0.7) ? rng.pick(common) : rng.pick(rare));
    for (const roles of [
      ['datetime', 'clientNumber', 'managerNumber', 'status', 'duration', 'cost'],
      ['datetime', 'clientNumber', 'managerNumber', 'managerLeg', 'duration', 'cost', 'clientLeg'],
    ] as (ColumnRole | null)[][]) {
      const tagger = new RowTagger(roles);
      const classes: [number, Classification][] = [];
      tagger.onNewClass = (id, c) => {
        classes.push([id, c]);
      };
      const ref = new ReferenceTagger(roles);
      const out: unknown[] = [],
        refOut: unknown[] = [];
      for (let i = 0; i < 60_000; i++) {
        const leg = (): string => fresh(rng.pick(['200', '487', '486', '0', '', '709', '1', String(rng.int(0, 999))]));
        const row = ['01.03.2026 08:05:21', '+7 (912) 432-92-52', '8 495 159 09 10', roles[3] === 'status' ? statusOf() : leg(), '864', '18,24', leg()];
        const side = tagger.fill(row, out, 1);
        expect(side).toBe(ref.fill(row, refOut, 1));
        for (let k = 1; k <= TAG_VALUES_PER_ROW; k++) if (!Object.is(out[k], refOut[k])) expect([i, k, out[k]]).toEqual([i, k, refOut[k]]);
        if (i % 7 === 0) {
          expect(tagger.classify(row)).toEqual(ref.classify(row));
          expect(tagger.classHit(row)).toEqual({ id: out[1], c: ref.classify(row) });
        }
      }
      expect(classes).toEqual(ref.classes);
    }
  });
});

describe('ByteTagger counts rows whose time could not be read', () => {
  it('the same count from bytes and from strings, for a date-time column and for date + time columns', async () => {
    const { ByteTagger, TagValues } = await import('../../../src/core/import/tag/byte-tagger.ts');
    const cases: readonly [readonly (ColumnRole | null)[], readonly (readonly string[])[], number][] = [
      [
        ['status', 'datetime'],
        [
          ['200/487', '30.02.2024 10:00:00'],
          ['200/487', '2024-03-01T10:00:00+99:99'],
          ['200/487', ''],
          ['200/487', '  '],
          ['200/487', '29.02.2024 10:00:00'],
          ['200/487', 'вчера'],
          ['200/487', '01.03.2024 24:00'],
        ],
        4,
      ],
      [
        ['status', 'date', 'time'],
        [
          ['200/487', '31.04.2024', '10:00'],
          ['200/487', '30.04.2024', '25:00'],
          ['200/487', '', '10:00'],
          ['200/487', '29.02.2023', ''],
        ],
        2,
      ],
    ];
    for (const [roles, rows, unreadable] of cases) {
      const viaBytes = new ByteTagger(roles, new RowTagger(roles));
      const viaStrings = new ByteTagger(roles, new RowTagger(roles));
      const tags = new TagValues();
      for (const row of rows) {
        const bytes = Buffer.from(row.join(''), 'utf8');
        const starts = new Int32Array(row.length),
          ends = new Int32Array(row.length);
        let at = 0;
        row.forEach((cell, i) => {
          starts[i] = at;
          at += Buffer.byteLength(cell);
          ends[i] = at;
        });
        viaBytes.fromBytes(bytes, starts, ends, tags);
        viaStrings.fromStrings(row, tags);
      }
      expect(viaBytes.unreadableTimes, roles.join()).toBe(unreadable);
      expect(viaStrings.unreadableTimes, roles.join()).toBe(unreadable);
    }
  });
});
