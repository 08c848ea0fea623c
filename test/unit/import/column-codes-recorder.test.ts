/**
 * The import's column codes recorder (src/core/import/write/column-codes-file.ts) tells values apart by
 * their bytes, not by their hash: two cells whose hashes are equal get two codes. The integration tests
 * (test/integration/import-column-codes.test.ts) compare whole datasets with the engine's codes, where
 * equal hashes of distinct values are too rare to be met.
 */
import { describe, expect, it } from 'vitest';
import { cellHash, ColumnCodesRecorder } from '../../../src/core/import/write/column-codes-file.ts';

const encoder = new TextEncoder();
const hashOf = (text: string): number => {
  const bytes = encoder.encode(text);
  return cellHash(bytes, new DataView(bytes.buffer), 0, bytes.length);
};

/** Two distinct texts of the same length with equal hashes (a birthday search over numbered texts). */
function collision(): [string, string] {
  const seen = new Map<number, string>();
  for (let i = 0; ; i++) {
    const text = `value-${String(i).padStart(7, '0')}`;
    const hash = hashOf(text);
    const other = seen.get(hash);
    if (other !== undefined) return [other, text];
    seen.set(hash, text);
  }
}

describe('ColumnCodesRecorder', () => {
  it('distinct values with equal hashes get codes of their own, in order of first appearance', () => {
    const [a, b] = collision();
    expect(a).not.toBe(b);
    expect(hashOf(a)).toBe(hashOf(b));
    const chunks: Uint16Array[] = [];
    const recorder = new ColumnCodesRecorder(0, 'Сайт', (_, codes) => chunks.push(codes));
    for (const text of [a, b, a, '', b, a]) {
      const bytes = encoder.encode(text);
      expect(recorder.add(bytes, new DataView(bytes.buffer), 0, bytes.length)).toBe(true);
    }
    const { codes } = recorder.finish(null);
    expect(codes).toEqual({ column: 0, name: 'Сайт', length: 7, values: [a, b, ''] });
    expect(chunks.flatMap((chunk) => [...chunk])).toEqual([0, 0, 1, 0, 2, 1, 0]);
  });
});
