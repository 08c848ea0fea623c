import { describe, expect, it } from 'vitest';
import { DelimitedScanner } from '../../support/reference-scanner.ts';

interface Out { records: Array<{ line: number; fields: string[]; raw: string }>; broken: Array<{ line: number; reason: string; raw: string }> }

function scan(chunks: string[], delimiter = ';', maxRecordChars?: number): Out {
  const out: Out = { records: [], broken: [] };
  const scanner = new DelimitedScanner(
    delimiter,
    (fields, line, text, start, end) => out.records.push({ line, fields: [...fields], raw: text.slice(start, end) }),
    (line, raw, reason) => out.broken.push({ line, raw, reason }),
    maxRecordChars,
  );
  for (const chunk of chunks) scanner.push(chunk);
  scanner.finish();
  return out;
}

/** Every way to cut the input into two or three chunks must give the same result as one chunk. */
function expectSplitInvariant(input: string, delimiter = ';'): Out {
  const whole = scan([input], delimiter);
  for (let a = 0; a <= input.length; a++) {
    expect(scan([input.slice(0, a), input.slice(a)], delimiter), `split at ${a}`).toEqual(whole);
  }
  for (let a = 0; a <= input.length; a += 3) {
    for (let b = a; b <= input.length; b += 2) {
      expect(scan([input.slice(0, a), input.slice(a, b), input.slice(b)], delimiter), `split at ${a},${b}`).toEqual(whole);
    }
  }
  return whole;
}

const fieldsOf = (out: Out): string[][] => out.records.map((r) => r.fields);
const linesOf = (out: Out): number[] => out.records.map((r) => r.line);

describe('DelimitedScanner', () => {
  it('splits plain LF records', () => {
    const out = expectSplitInvariant('a;b;c\n1;2;3\n');
    expect(fieldsOf(out)).toEqual([['a', 'b', 'c'], ['1', '2', '3']]);
    expect(linesOf(out)).toEqual([1, 2]);
  });

  it('handles CRLF, LF and CR line ends, with or without a final line end', () => {
    for (const eol of ['\n', '\r\n', '\r']) {
      for (const tail of ['', eol]) {
        const out = expectSplitInvariant(`a;b${eol}1;2${eol}3;4${tail}`);
        expect(fieldsOf(out), JSON.stringify(eol + tail)).toEqual([['a', 'b'], ['1', '2'], ['3', '4']]);
        expect(linesOf(out)).toEqual([1, 2, 3]);
      }
    }
  });

  it('handles quoted delimiters, doubled quotes and quoted newlines, keeping line numbers right', () => {
    const input = 'id;comment;status\r\n1;"a;b";200/200\r\n2;"say ""hi""";200/487\r\n3;"multi\r\nline\r\ntext";487/0\r\n4;"";x\r\n';
    const out = expectSplitInvariant(input);
    expect(fieldsOf(out)).toEqual([
      ['id', 'comment', 'status'], ['1', 'a;b', '200/200'], ['2', 'say "hi"', '200/487'],
      ['3', 'multi\r\nline\r\ntext', '487/0'], ['4', '', 'x'],
    ]);
    expect(linesOf(out)).toEqual([1, 2, 3, 4, 7]);
    expect(out.records[3]!.raw).toBe('3;"multi\r\nline\r\ntext";487/0');
  });

  it('handles quoted newlines with LF and CR files', () => {
    for (const eol of ['\n', '\r']) {
      const out = expectSplitInvariant(`a;"x${eol}y"${eol}b;c${eol}`);
      expect(fieldsOf(out)).toEqual([['a', `x${eol}y`], ['b', 'c']]);
      expect(linesOf(out)).toEqual([1, 3]);
    }
  });

  it('keeps a quote inside an unquoted field and text after a closing quote', () => {
    const out = expectSplitInvariant('a;b"c;d\n"x"y;z\n');
    expect(fieldsOf(out)).toEqual([['a', 'b"c', 'd'], ['xy', 'z']]);
  });

  it('keeps empty trailing fields and skips blank lines', () => {
    const out = expectSplitInvariant('a;;\n\n;b;\r\n"";""\n');
    expect(fieldsOf(out)).toEqual([['a', '', ''], ['', 'b', ''], ['', '']]);
    expect(linesOf(out)).toEqual([1, 3, 4]);
  });

  it('works with tab, comma and pipe delimiters', () => {
    expect(fieldsOf(expectSplitInvariant('a\tb\n"1\t2"\t3\n', '\t'))).toEqual([['a', 'b'], ['1\t2', '3']]);
    expect(fieldsOf(scan(['a,b\n"1,2",3\n'], ','))).toEqual([['a', 'b'], ['1,2', '3']]);
    expect(fieldsOf(scan(['a|b\n1|2\n'], '|'))).toEqual([['a', 'b'], ['1', '2']]);
  });

  it('rejects an unterminated quote at EOF as one record running to the end, with its start line', () => {
    const out = expectSplitInvariant('a;b\n1;ok\n2;"broken\n3;swallowed\r\n4;too\n');
    expect(fieldsOf(out)).toEqual([['a', 'b'], ['1', 'ok']]);
    expect(out.broken).toHaveLength(1);
    expect(out.broken[0]).toMatchObject({ line: 3, reason: expect.stringContaining('unterminated quote') });
    expect(out.broken[0]!.raw).toBe('2;"broken\n3;swallowed\r\n4;too\n');
  });

  it('counts every kind of line break inside quotes (a quoted LF in a CR file moves later line numbers)', () => {
    const out = expectSplitInvariant('h;x\r1;"a\nb\r\nc"\r2;z\r');
    expect(linesOf(out)).toEqual([1, 2, 5]);
  });

  it('decides the line-end style outside quotes', () => {
    const out = expectSplitInvariant('1;"x\ny"\r2;z\r');
    expect(fieldsOf(out)).toEqual([['1', 'x\ny'], ['2', 'z']]);
  });

  it('treats a quote that stays open past the record limit as broken without holding the file', () => {
    const rows = Array.from({ length: 200 }, (_, i) => `${i};v\n`).join('');
    const out = scan(['h;x\n1;"open\n', rows], ';', 500);
    expect(out.broken[0]).toMatchObject({ line: 2, reason: expect.stringContaining('unterminated quote') });
    expect(out.records.length + out.broken.length).toBe(202);
  });

  it('copes with a 2 MB single line split into small chunks', () => {
    const big = 'x'.repeat(2 * 1024 * 1024);
    const input = `a;b\n1;${big}\n2;"${big}"\n3;c\n`;
    const chunks: string[] = [];
    for (let i = 0; i < input.length; i += 65_536) chunks.push(input.slice(i, i + 65_536));
    const out = scan(chunks);
    expect(out.records.map((r) => r.fields[1]!.length)).toEqual([1, big.length, big.length, 1]);
    expect(linesOf(out)).toEqual([1, 2, 3, 4]);
  });

  it('rejects an endless line longer than the limit and resumes at the next line', () => {
    const out = scan(['a;b\n', 'y'.repeat(300), 'y'.repeat(300), '\n2;c\n'], ';', 500);
    expect(out.broken).toHaveLength(1);
    expect(out.broken[0]!.line).toBe(2);
    expect(fieldsOf(out)).toEqual([['a', 'b'], ['2', 'c']]);
    expect(linesOf(out)).toEqual([1, 3]);
  });
});
