import { describe, expect, it } from 'vitest';
import { ByteScanner, decodeRaw, MAX_RAW_CHARS } from '../../../src/core/import/read/byte-scanner.ts';
import { DelimitedScanner } from '../../support/reference-scanner.ts';
import { createRng, type Rng } from '../../fixtures/prng.ts';

/**
 * The byte scanner, case by case against the reference string scanner (test/support/reference-scanner.ts)
 * and against hand-written expectations — which therefore pin the reference too — then by differential
 * fuzzing of the two.
 */

interface Out {
  records: Array<{ line: number; fields: string[]; raw: string }>;
  broken: Array<{ line: number; reason: string; raw: string }>;
  lastLine: number;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
const utf8 = (text: string): Uint8Array => encoder.encode(text);

/** ByteScanner over byte chunks; fields and raw decoded so results compare with DelimitedScanner's. */
function scanBytes(chunks: Uint8Array[], delimiter = ';', maxRecordBytes?: number): Out {
  const out: Out = { records: [], broken: [], lastLine: 0 };
  const scanner = new ByteScanner(
    delimiter,
    (fields, starts, ends, count, line, raw, rawStart, rawEnd) => {
      const values: string[] = [];
      for (let i = 0; i < count; i++) values.push(decoder.decode(fields.subarray(starts[i], ends[i])));
      out.records.push({ line, fields: values, raw: decoder.decode(raw.subarray(rawStart, rawEnd)) });
    },
    (line, raw, reason) => out.broken.push({ line, raw, reason }),
    maxRecordBytes,
  );
  for (const chunk of chunks) {
    // The caller reuses its buffer: scribble over the chunk after the push to catch kept references.
    const copy = new Uint8Array(chunk);
    scanner.push(copy);
    copy.fill(0x78);
  }
  scanner.finish();
  out.lastLine = scanner.currentLine;
  return out;
}

/** The reference: DelimitedScanner over string chunks. */
function scanText(chunks: string[], delimiter = ';', maxRecordChars?: number): Out {
  const out: Out = { records: [], broken: [], lastLine: 0 };
  const scanner = new DelimitedScanner(
    delimiter,
    (fields, line, text, start, end) => out.records.push({ line, fields: [...fields], raw: text.slice(start, end) }),
    (line, raw, reason) => out.broken.push({ line, raw, reason }),
    maxRecordChars,
  );
  for (const chunk of chunks) scanner.push(chunk);
  scanner.finish();
  out.lastLine = scanner.currentLine;
  return out;
}

const scan = (input: string, delimiter = ';'): Out => scanBytes([utf8(input)], delimiter);

/** Cutting the bytes anywhere (two or three chunks) gives DelimitedScanner's result on the whole text. */
function expectSplitInvariant(input: string, delimiter = ';'): Out {
  const bytes = utf8(input);
  const whole = scanText([input], delimiter);
  expect(scanBytes([bytes], delimiter), 'one chunk').toEqual(whole);
  for (let a = 0; a <= bytes.length; a++) {
    expect(scanBytes([bytes.subarray(0, a), bytes.subarray(a)], delimiter), `split at ${a}`).toEqual(whole);
  }
  for (let a = 0; a <= bytes.length; a += 3) {
    for (let b = a; b <= bytes.length; b += 2) {
      expect(scanBytes([bytes.subarray(0, a), bytes.subarray(a, b), bytes.subarray(b)], delimiter), `split at ${a},${b}`).toEqual(whole);
    }
  }
  return whole;
}

const fieldsOf = (out: Out): string[][] => out.records.map((r) => r.fields);
const linesOf = (out: Out): number[] => out.records.map((r) => r.line);

describe('ByteScanner', () => {
  it('splits plain LF records', () => {
    const out = expectSplitInvariant('a;b;c\n1;2;3\n');
    expect(fieldsOf(out)).toEqual([
      ['a', 'b', 'c'],
      ['1', '2', '3'],
    ]);
    expect(linesOf(out)).toEqual([1, 2]);
  });

  it('handles CRLF, LF and CR line ends, with or without a final line end', () => {
    for (const eol of ['\n', '\r\n', '\r']) {
      for (const tail of ['', eol]) {
        const out = expectSplitInvariant(`a;b${eol}1;2${eol}3;4${tail}`);
        expect(fieldsOf(out), JSON.stringify(eol + tail)).toEqual([
          ['a', 'b'],
          ['1', '2'],
          ['3', '4'],
        ]);
        expect(linesOf(out)).toEqual([1, 2, 3]);
      }
    }
  });

  it('handles quoted delimiters, doubled quotes and quoted newlines, keeping line numbers right', () => {
    const input = 'id;comment;status\r\n1;"a;b";200/200\r\n2;"say ""hi""";200/487\r\n3;"multi\r\nline\r\ntext";487/0\r\n4;"";x\r\n';
    const out = expectSplitInvariant(input);
    expect(fieldsOf(out)).toEqual([
      ['id', 'comment', 'status'],
      ['1', 'a;b', '200/200'],
      ['2', 'say "hi"', '200/487'],
      ['3', 'multi\r\nline\r\ntext', '487/0'],
      ['4', '', 'x'],
    ]);
    expect(linesOf(out)).toEqual([1, 2, 3, 4, 7]);
    expect(out.records[3]!.raw).toBe('3;"multi\r\nline\r\ntext";487/0');
  });

  it('handles quoted newlines with LF and CR files', () => {
    for (const eol of ['\n', '\r']) {
      const out = expectSplitInvariant(`a;"x${eol}y"${eol}b;c${eol}`);
      expect(fieldsOf(out)).toEqual([
        ['a', `x${eol}y`],
        ['b', 'c'],
      ]);
      expect(linesOf(out)).toEqual([1, 3]);
    }
  });

  it('keeps a quote inside an unquoted field and text after a closing quote', () => {
    const out = expectSplitInvariant('a;b"c;d\n"x"y;z\n"p"q\r\n');
    expect(fieldsOf(out)).toEqual([['a', 'b"c', 'd'], ['xy', 'z'], ['pq']]);
  });

  it('keeps empty trailing fields and skips blank lines', () => {
    const out = expectSplitInvariant('a;;\n\n;b;\r\n"";""\n');
    expect(fieldsOf(out)).toEqual([
      ['a', '', ''],
      ['', 'b', ''],
      ['', ''],
    ]);
    expect(linesOf(out)).toEqual([1, 3, 4]);
  });

  it('treats a lone CR in an LF file as data', () => {
    const out = expectSplitInvariant('a;b\nc\rd;e\n\r\n"x\ry";z\r\n');
    expect(fieldsOf(out)).toEqual([
      ['a', 'b'],
      ['c\rd', 'e'],
      ['x\ry', 'z'],
    ]);
    expect(linesOf(out)).toEqual([1, 2, 4]);
  });

  it('works with tab, comma and pipe delimiters', () => {
    expect(fieldsOf(expectSplitInvariant('a\tb\n"1\t2"\t3\n', '\t'))).toEqual([
      ['a', 'b'],
      ['1\t2', '3'],
    ]);
    expect(fieldsOf(scan('a,b\n"1,2",3\n', ','))).toEqual([
      ['a', 'b'],
      ['1,2', '3'],
    ]);
    expect(fieldsOf(scan('a|b\n1|2\n', '|'))).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });

  it('rejects a delimiter that is not one ASCII character', () => {
    for (const bad of ['', ';;', '"', '\n', '\r', '¦']) {
      expect(
        () =>
          new ByteScanner(
            bad,
            () => {},
            () => {},
          ),
      ).toThrow(/delimiter/);
    }
  });

  it('decodes multi-byte UTF-8 fields split across chunks at every byte', () => {
    const out = expectSplitInvariant('имя;цена\r\nЁлка;5 €\r\n"🎉 ""ура""\r\nещё";😀\r\n');
    expect(fieldsOf(out)).toEqual([
      ['имя', 'цена'],
      ['Ёлка', '5 €'],
      ['🎉 "ура"\r\nещё', '😀'],
    ]);
    expect(linesOf(out)).toEqual([1, 2, 3]);
  });

  it('rejects an unterminated quote at EOF as one record running to the end, with its start line', () => {
    const out = expectSplitInvariant('a;b\n1;ok\n2;"broken\n3;swallowed\r\n4;too\n');
    expect(fieldsOf(out)).toEqual([
      ['a', 'b'],
      ['1', 'ok'],
    ]);
    expect(out.broken).toHaveLength(1);
    expect(out.broken[0]).toMatchObject({ line: 3, reason: expect.stringContaining('unterminated quote') });
    expect(out.broken[0]!.raw).toBe('2;"broken\n3;swallowed\r\n4;too\n');
    expect(out.lastLine).toBe(7);
  });

  it('counts every kind of line break inside quotes (a quoted LF in a CR file moves later line numbers)', () => {
    const out = expectSplitInvariant('h;x\r1;"a\nb\r\nc"\r2;z\r');
    expect(linesOf(out)).toEqual([1, 2, 5]);
  });

  it('decides the line-end style outside quotes', () => {
    const out = expectSplitInvariant('1;"x\ny"\r2;z\r');
    expect(fieldsOf(out)).toEqual([
      ['1', 'x\ny'],
      ['2', 'z'],
    ]);
  });

  it('survives a tricky file cut at every offset', () => {
    const input = '\r\n\r\nh;"q\r\n""x"""\r\n"a"b;"";"c""\r"\r\nплохо"да";€\r\n\r\n;;\r\n"😀";"\n"\r\n"z"\r\n"";x;"unterminated\r\nтам\r';
    const out = expectSplitInvariant(input);
    expect(out.broken).toHaveLength(1);
    expect(out.records.length).toBeGreaterThan(4);
  });

  it('a quote that never closes, past the record limit, is one rejected record running to the end of the file', () => {
    const rows = Array.from({ length: 200 }, (_, i) => `${i};v\n`).join('');
    const chunks = ['h;x\n1;"open\n', rows];
    const out = scanBytes(chunks.map(utf8), ';', 500);
    expect(out.broken).toEqual([{ line: 2, raw: `1;"open\n${rows}`, reason: 'unterminated quote: the quoted field runs to the end of the file' }]);
    expect(fieldsOf(out)).toEqual([['h', 'x']]);
    expect(out).toEqual(scanText(chunks, ';', 500));
  });

  it('a record over the limit is one rejection, however many quoted lines it holds; the records after it follow', () => {
    const cell = `"${Array.from({ length: 40 }, (_, i) => `line ${i} with ""quotes"";\r\n`).join('')}"`;
    const input = `a;b\r\n1;x\r\n2;${cell}\r\n3;y\r\n4;"z\r\nz"\r\n5;w\r\n`;
    for (const size of [7, 64, 1000]) {
      const bytes = utf8(input);
      const chunks: Uint8Array[] = [];
      for (let at = 0; at < bytes.length; at += size) chunks.push(bytes.subarray(at, at + size));
      const out = scanBytes(chunks, ';', 500);
      expect(out.broken.map((b) => [b.line, b.reason])).toEqual([[3, 'record longer than 500 bytes']]);
      expect(out.broken[0]!.raw).toBe(`2;${cell}`);
      expect(fieldsOf(out)).toEqual([
        ['a', 'b'],
        ['1', 'x'],
        ['3', 'y'],
        ['4', 'z\r\nz'],
        ['5', 'w'],
      ]);
      expect(linesOf(out)).toEqual([1, 2, 44, 45, 47]);
      expect(out).toEqual(scanText([input], ';', 500));
    }
  });

  it('copes with a 2 MB single line split into small chunks', () => {
    const big = 'x'.repeat(2 * 1024 * 1024);
    const input = utf8(`a;b\n1;${big}\n2;"${big}"\n3;c\n`);
    const chunks: Uint8Array[] = [];
    for (let i = 0; i < input.length; i += 65_536) chunks.push(input.subarray(i, i + 65_536));
    const out = scanBytes(chunks);
    expect(out.records.map((r) => r.fields[1]!.length)).toEqual([1, big.length, big.length, 1]);
    expect(linesOf(out)).toEqual([1, 2, 3, 4]);
  });

  it('reports a record with very many fields', () => {
    const row = Array.from({ length: 5000 }, (_, i) => String(i)).join(';');
    const out = scan(`${row}\n"q";${row}\n`);
    expect(out.records[0]!.fields).toHaveLength(5000);
    expect(out.records[1]!.fields).toHaveLength(5001);
    expect(out.records[1]!.fields[5000]).toBe('4999');
  });

  it('rejects an endless line longer than the limit and resumes at the next line', () => {
    const chunks = ['a;b\n', 'y'.repeat(300), 'y'.repeat(300), '\n2;c\n'];
    const out = scanBytes(chunks.map(utf8), ';', 500);
    expect(out.broken).toHaveLength(1);
    expect(out.broken[0]!.line).toBe(2);
    expect(out.broken[0]!.reason).toBe('record longer than 500 bytes');
    expect(fieldsOf(out)).toEqual([
      ['a', 'b'],
      ['2', 'c'],
    ]);
    expect(linesOf(out)).toEqual([1, 3]);
    expect(out).toEqual(scanText(chunks, ';', 500));
  });

  it('rejects a 20 MB line without line end, and a quote left open for 20 MB, pushed in 64 KB chunks', () => {
    // Counts records (decoding 5M of them would take seconds); keeps the first few and the broken ones.
    const run = (input: string): { lines: number[]; count: number; broken: Out['broken'] } => {
      const result = { lines: [] as number[], count: 0, broken: [] as Out['broken'] };
      const scanner = new ByteScanner(
        ';',
        (_f, _s, _e, _c, line) => {
          if (result.count++ < 3) result.lines.push(line);
        },
        (line, raw, reason) => result.broken.push({ line, raw, reason }),
      );
      const bytes = utf8(input);
      for (let i = 0; i < bytes.length; i += 65_536) scanner.push(bytes.subarray(i, i + 65_536));
      scanner.finish();
      return result;
    };
    const endless = run(`a;b\n${'x'.repeat(20_000_000)}\n1;2\n`);
    expect(endless.broken).toEqual([{ line: 2, raw: 'x'.repeat(MAX_RAW_CHARS), reason: 'record longer than 16777216 bytes' }]);
    expect(endless.lines).toEqual([1, 3]);
    // RFC 4180: the field runs to the end of the file. One rejection, read without holding 20 MB.
    const open = run(`a;b\n1;"x\n${'y;z\n'.repeat(5_000_000)}`);
    expect(open.broken).toEqual([
      {
        line: 2,
        raw: `1;"x\n${'y;z\n'.repeat(5_000_000)}`.slice(0, MAX_RAW_CHARS),
        reason: 'unterminated quote: the quoted field runs to the end of the file',
      },
    ]);
    expect(open.count).toBe(1);
    expect(open.lines).toEqual([1]);
  });

  it('keeps raw text of a rejection to MAX_RAW_CHARS characters, never a broken character', () => {
    const long = `1;"${'ж'.repeat(10_000)}`;
    const out = scan(long);
    expect(out.broken[0]!.raw).toBe(long.slice(0, MAX_RAW_CHARS));
    const emoji = `"${'😀'.repeat(5000)}`;
    expect(scan(emoji).broken[0]!.raw).toBe(emoji.slice(0, MAX_RAW_CHARS));
    // A chunk end inside a character: the incomplete sequence is dropped.
    const bytes = utf8('ab€');
    expect(decodeRaw(bytes, 0, bytes.length - 1)).toBe('ab');
    expect(decodeRaw(bytes, 0, bytes.length)).toBe('ab€');
    expect(decodeRaw(utf8('x😀'), 0, 4)).toBe('x');
  });
});

// ---------------------------------------------------------------------------------------------------
// Differential fuzz: ByteScanner on byte chunks against DelimitedScanner on string chunks.

const LETTERS = ['a', 'b', 'Z', ' ', '  ', 'ж', 'Ё', 'я', '€', '😀', '1', '.', '+'];

function randomText(rng: Rng, delimiter: string, asciiOnly: boolean, max: number): string {
  const alphabet: Array<readonly [string, number]> = [
    [delimiter, 6],
    [';', 2],
    [',', 2],
    ['"', 5],
    ['""', 2],
    ['\r', 3],
    ['\n', 3],
    ['\r\n', 3],
    [' ', 3],
    ['\t', 1],
    ['a', 4],
    ['B', 2],
    ['7', 2],
  ];
  if (!asciiOnly) alphabet.push(['ж', 3], ['Ё', 1], ['€', 2], ['😀', 2]);
  let s = '';
  const n = rng.int(0, max);
  for (let i = 0; i < n; i++) s += rng.weighted(alphabet);
  return s;
}

function randomField(rng: Rng, delimiter: string, eol: string, asciiOnly: boolean): string {
  const letters = asciiOnly ? LETTERS.filter((l) => l.charCodeAt(0) < 128) : LETTERS;
  const plain = (): string => {
    let s = '';
    for (let n = rng.int(0, 6); n > 0; n--) s += rng.pick(letters);
    return s;
  };
  switch (rng.int(0, 7)) {
    case 0:
      return '';
    case 1:
      return '""';
    case 2: {
      // a quoted field with anything inside
      let inner = '';
      for (let n = rng.int(0, 5); n > 0; n--) inner += rng.pick([plain(), '""', delimiter, eol, '\r', '\n', '\r\n']);
      return `"${inner}"${rng.chance(0.15) ? plain() : ''}`;
    }
    case 3:
      return randomText(rng, delimiter, asciiOnly, 4); // chaos
    default:
      return plain();
  }
}

function randomInput(rng: Rng, delimiter: string, asciiOnly: boolean): string {
  if (rng.chance(0.15)) return randomText(rng, delimiter, asciiOnly, 60);
  const eol = rng.pick(['\n', '\r\n', '\r']);
  let s = '';
  for (let r = rng.int(0, 8); r > 0; r--) {
    if (rng.chance(0.1)) s += rng.pick([eol, '\r\n', '\n', '\r']); // a blank line (or a stray line end)
    const width = rng.int(1, 5);
    const fields: string[] = [];
    for (let f = 0; f < width; f++) fields.push(randomField(rng, delimiter, eol, asciiOnly));
    s += fields.join(delimiter);
    if (rng.chance(0.05)) s += rng.pick(['\r', '\n', '\r\n']); // another style now and then
    s += eol;
  }
  if (rng.chance(0.3)) s = s.slice(0, s.length - eol.length); // no line end at the end
  if (rng.chance(0.1)) s += `${delimiter}"unterminated${eol}x${delimiter}y`;
  return s;
}

/** Random cut points in [0, length], sorted, sizes from one byte up to everything. */
function randomCuts(rng: Rng, length: number): number[] {
  const cuts: number[] = [];
  const style = rng.int(0, 3);
  if (style === 0) return cuts; // one chunk
  if (style === 1) {
    for (let i = 1; i < length; i++) cuts.push(i);
    return cuts;
  } // byte by byte
  const n = rng.int(1, Math.max(1, Math.floor(length / 2)));
  for (let i = 0; i < n; i++) cuts.push(rng.int(0, length));
  return cuts.sort((a, b) => a - b);
}

function cut<T extends { slice(start: number, end?: number): T }>(whole: T, cuts: number[], size: number): T[] {
  const parts: T[] = [];
  let from = 0;
  for (const c of cuts) {
    parts.push(whole.slice(from, c));
    from = c;
  }
  parts.push(whole.slice(from, size));
  return parts;
}

describe('ByteScanner against DelimitedScanner (differential fuzz)', () => {
  it('gives the same records, lines and broken records for random UTF-8 input cut anywhere', () => {
    const rng = createRng(20261127);
    for (let n = 0; n < 4000; n++) {
      const delimiter = rng.pick([';', ';', ',', '\t']);
      const input = randomInput(rng, delimiter, false);
      const bytes = utf8(input);
      const expected = scanText(cut(input, randomCuts(rng, input.length), input.length), delimiter);
      const actual = scanBytes(cut(bytes, randomCuts(rng, bytes.length), bytes.length), delimiter);
      if (JSON.stringify(actual) !== JSON.stringify(expected)) {
        expect({ case: n, input, actual }).toEqual({ case: n, input, actual: expected });
      }
    }
  });

  it('applies the record limit as DelimitedScanner does (ASCII, so bytes = characters, same cuts)', () => {
    const rng = createRng(7);
    let rejectedLong = 0;
    for (let n = 0; n < 3000; n++) {
      const delimiter = rng.pick([';', ',']);
      const input = randomInput(rng, delimiter, true) + (rng.chance(0.3) ? 'q'.repeat(rng.int(0, 40)) : '');
      const limit = rng.int(1, 24);
      const cuts = randomCuts(rng, input.length);
      const expected = scanText(cut(input, cuts, input.length), delimiter, limit);
      const actual = scanBytes(cut(utf8(input), cuts, input.length), delimiter, limit);
      if (JSON.stringify(actual) !== JSON.stringify(expected)) {
        expect({ case: n, input, cuts, limit, actual }).toEqual({ case: n, input, cuts, limit, actual: expected });
      }
      rejectedLong += expected.broken.filter((b) => b.reason.includes('long')).length;
    }
    expect(rejectedLong).toBeGreaterThan(100);
  });

  it("agrees on larger inputs pushed in big chunks (the carried record joins the next chunk's head)", () => {
    const rng = createRng(99);
    for (let n = 0; n < 40; n++) {
      let input = '';
      while (input.length < 120_000) input += randomInput(rng, ';', false) + '\r\n';
      if (rng.chance(0.3)) input += `1;"${'ж'.repeat(rng.int(0, 40_000))}\r\n"\r\n`; // a record longer than the probe
      const bytes = utf8(input);
      const cuts: number[] = [];
      for (let at = rng.int(1, 70_000); at < bytes.length; at += rng.int(1, 70_000)) cuts.push(at);
      const expected = scanText([input], ';');
      const actual = scanBytes(cut(bytes, cuts, bytes.length), ';');
      expect(actual.records.length).toBe(expected.records.length);
      if (JSON.stringify(actual) !== JSON.stringify(expected)) expect(actual).toEqual(expected);
    }
  });
});
