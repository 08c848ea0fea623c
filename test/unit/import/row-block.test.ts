import { describe, expect, it } from 'vitest';
import { TagValues } from '../../../src/core/import/tag/byte-tagger.ts';
import { MAX_LINE, RowPacker, type BlockChannel } from '../../../src/core/import/write/row-block.ts';
import { CallsightError } from '../../../src/shared/result.ts';

/** Blocks given back are kept, so the test can read what was packed. */
function channel(): BlockChannel & { readonly given: { block: Uint8Array; used: number }[] } {
  const given: { block: Uint8Array; used: number }[] = [];
  return { given, take: (size) => new Uint8Array(size), give: (block, used) => given.push({ block, used }) };
}

describe('RowPacker line numbers', () => {
  it('holds the largest 32-bit line exactly, and stops with a sentence past it instead of wrapping to 0', () => {
    const out = channel();
    const packer = new RowPacker(1, out);
    const tags = new TagValues();
    packer.addStrings(MAX_LINE, tags, ['x']);
    packer.flush();
    const { block } = out.given[0]!;
    expect(new DataView(block.buffer, block.byteOffset).getUint32(0, true)).toBe(2 ** 32 - 1);
    let thrown: unknown = null;
    try {
      packer.addStrings(MAX_LINE + 1, tags, ['y']);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(CallsightError);
    expect((thrown as CallsightError).message).toMatch(/4,294,967,295 lines/);
  });
});
