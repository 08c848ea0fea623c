import { describe, expect, it } from 'vitest';
import { ClassIdStore } from '../../../src/core/import/write/class-ids.ts';

describe('ClassIdStore', () => {
  it('keeps one byte a row while ids fit, and every id exactly as it widens past 255, 65,535 and 16,777,215', () => {
    const store = new ClassIdStore();
    const ids: number[] = [];
    const push = (id: number): void => {
      store.push(id);
      ids.push(id);
    };
    for (let i = 0; i < 300; i++) push(i % 40);
    expect(store.bytesPerRow).toBe(1);
    push(255);
    expect(store.bytesPerRow).toBe(1);
    push(256);
    expect(store.bytesPerRow).toBe(2);
    push(65_535);
    push(65_536); // wrapped to 0 when the store stopped at two bytes
    expect(store.bytesPerRow).toBe(4);
    push(16_777_216);
    push(2 ** 32 - 1);
    ids.forEach((id, row) => expect(store.get(row)).toBe(id));
    expect(store.length).toBe(ids.length);
    expect(() => store.push(2 ** 32)).toThrow(RangeError);
    expect(() => store.push(-1)).toThrow(RangeError);
  });

  it('more than 16,777,216 distinct ids across several blocks, widened mid-way', () => {
    const store = new ClassIdStore();
    const count = 16_777_216 + 70_000;
    for (let row = 0; row < count; row++) store.push(row);
    expect(store.length).toBe(count);
    for (const row of [0, 255, 256, 65_535, 65_536, 1_048_575, 1_048_576, 16_777_215, 16_777_216, count - 1]) {
      expect(store.get(row)).toBe(row);
    }
    // Every row, cheaply: the sum of 0…count-1.
    let sum = 0;
    for (let row = 0; row < count; row++) sum += store.get(row);
    expect(sum).toBe((count * (count - 1)) / 2);
  });
});
