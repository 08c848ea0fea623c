/**
 * The CSV cell: quoting as RFC 4180 says, and the formula guard — which texts a spreadsheet would run
 * (and get an apostrophe) and which must stay byte for byte (phone numbers, negative numbers).
 */
import { describe, expect, it } from 'vitest';
import { csvCell, needsFormulaGuard } from '../../../src/core/export/csv-cell.ts';

describe('formula guard', () => {
  it.each(['=1+1', '=HYPERLINK("http://x","y")', '@SUM(A1)', '+A1', '+cmd|calc', '-2+3*cmd|calc', '-SUM(1)', '\tx', '\r=1', '=', '@', '- 12 abc'])(
    'guards %j',
    (text) => expect(needsFormulaGuard(text)).toBe(true),
  );

  it.each([
    '+7 916 123-45-67',
    '+7 (912) 432-92-52',
    '+79161234567',
    '-12',
    '-12,50',
    '-1.5',
    '-0:01:23',
    '+1/2',
    '-',
    '+',
    '',
    'text',
    ' =1',
    'a=1',
    '8 916 123',
  ])('leaves %j alone', (text) => expect(needsFormulaGuard(text)).toBe(false));

  it('puts the apostrophe inside the quotes, and only when asked', () => {
    expect(csvCell('=HYPERLINK("x";"y")', ';', true)).toBe(`"'=HYPERLINK(""x"";""y"")"`);
    expect(csvCell('=HYPERLINK("x";"y")', ';', false)).toBe(`"=HYPERLINK(""x"";""y"")"`);
    expect(csvCell('=1', ',', true)).toBe("'=1");
    expect(csvCell('+7 916 123-45-67', ';', true)).toBe('+7 916 123-45-67');
    expect(csvCell('-12,50', ',', true)).toBe('"-12,50"');
    expect(csvCell('\tx', '\t', true)).toBe(`"'\tx"`);
  });
});
