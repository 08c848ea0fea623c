import { describe, expect, it } from 'vitest';
import { RowTagger } from '../../../src/core/import/tags.ts';
import type { Classification } from '../../../src/shared/status/index.ts';

/** The status classes a tagger announces to the writer (one row each in the dataset's class table). */
function classesOf(tagger: RowTagger): Classification[] {
  const seen: Classification[] = [];
  tagger.onNewClass = (id, c) => { seen[id - 1] = c; };
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
