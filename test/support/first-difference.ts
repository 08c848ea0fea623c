/**
 * Where two long lists of ids first differ, in a line: `expect(a).toEqual(b)` on lists of 100,000 ids
 * that differ early spends minutes printing its diff.
 */
export function firstDifference(actual: readonly number[], expected: readonly number[]): string | null {
  const n = Math.max(actual.length, expected.length);
  for (let i = 0; i < n; i++) {
    if (actual[i] !== expected[i]) {
      const around = (list: readonly number[]): string => list.slice(Math.max(0, i - 2), i + 3).join(', ');
      return `at ${i} of ${expected.length} (got ${actual.length}): [${around(actual)}] instead of [${around(expected)}]`;
    }
  }
  return null;
}
