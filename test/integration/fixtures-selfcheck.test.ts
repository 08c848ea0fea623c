/**
 * The fixture generators themselves: encoders round-trip through the platform decoders, generation is
 * deterministic, line bookkeeping is right, and the .xlsx is a valid ZIP of well-formed XML.
 * (Lives with the integration tests because it guards what they rely on; it does not run the CLI.)
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { STATUS_CATALOGUE } from '../../src/shared/status/index.ts';
import { generateCallLog } from '../fixtures/calls.ts';
import { canEncode, encodeText, encodeUtf16be, encodeUtf16le } from '../fixtures/encode.ts';
import { callLogFile, countLineBreaks, raggedFile } from '../fixtures/shapes.ts';
import { callLogWorkbook, columnLetter, excelSerial } from '../fixtures/xlsx.ts';
import { tempDir } from './helpers.ts';

const tmp = tempDir('selfcheck');
afterAll(() => tmp.cleanup());

const SAMPLE = 'Съешь же ещё этих мягких французских булок, да выпей чаю. ЁЛКА ёлка №5 «кавычки» – тире — многоточие… “x” ‘y’ € ±°§©®™·';
const ALL_CYRILLIC = Array.from({ length: 64 }, (_, i) => String.fromCharCode(0x410 + i)).join('') + 'Ёё';

describe('encoders round-trip with TextDecoder', () => {
  it.each(['utf-8', 'utf-16le', 'utf-16be'] as const)('%s', (encoding) => {
    const text = `${SAMPLE}\r\n${ALL_CYRILLIC}\u{1F4DE}`;
    const bytes = encodeText(text, encoding);
    expect(new TextDecoder(encoding).decode(bytes)).toBe(text); // TextDecoder strips the BOM
    if (encoding !== 'utf-8') expect(bytes.subarray(0, 2)).toEqual(encoding === 'utf-16le' ? Uint8Array.of(0xff, 0xfe) : Uint8Array.of(0xfe, 0xff));
  });

  it('utf-16 without a BOM', () => {
    const text = `${SAMPLE}\r\n${ALL_CYRILLIC}\u{1F4DE}`;
    const le = encodeUtf16le(text);
    const be = encodeUtf16be(text);
    expect(le.length).toBe(text.length * 2);
    expect([...le.subarray(0, 2)]).toEqual([0x21, 0x04]); // С, low byte first: no BOM
    expect([...be.subarray(0, 2)]).toEqual([0x04, 0x21]);
    expect(new TextDecoder('utf-16le', { ignoreBOM: true }).decode(le)).toBe(text);
    expect(new TextDecoder('utf-16be', { ignoreBOM: true }).decode(be)).toBe(text);
  });

  it('utf-8 with BOM', () => {
    const bytes = encodeText(SAMPLE, 'utf-8-bom');
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes)).toBe(`\ufeff${SAMPLE}`);
  });

  it('windows-1251: every mapped character, and every byte 0xC0..0xFF', () => {
    const text = `${SAMPLE}${ALL_CYRILLIC}`;
    const bytes = encodeText(text, 'windows-1251');
    expect(bytes.length).toBe(text.length);
    expect(new TextDecoder('windows-1251').decode(bytes)).toBe(text);
    const high = Uint8Array.from({ length: 64 }, (_, i) => 0xc0 + i);
    expect(encodeText(new TextDecoder('windows-1251').decode(high), 'windows-1251')).toEqual(high);
  });

  it('koi8-r: the whole Cyrillic alphabet', () => {
    const text = `Съешь же ещё этих мягких французских булок, да выпей чаю. ${ALL_CYRILLIC}`;
    const bytes = encodeText(text, 'koi8-r');
    expect(new TextDecoder('koi8-r').decode(bytes)).toBe(text);
    // And it really differs from windows-1251 (which is the point of a detection test).
    expect(new TextDecoder('windows-1251').decode(bytes)).not.toBe(text);
  });

  it('x-mac-cyrillic: every mapped character, and every byte 0x80..0x9F and 0xDF..0xFE', () => {
    const text = `${SAMPLE.replace('·', '')}${ALL_CYRILLIC}`;
    const bytes = encodeText(text, 'x-mac-cyrillic');
    expect(bytes.length).toBe(text.length);
    expect(new TextDecoder('x-mac-cyrillic').decode(bytes)).toBe(text);
    const letters = Uint8Array.from([...Array.from({ length: 32 }, (_, i) => 0x80 + i), ...Array.from({ length: 32 }, (_, i) => 0xdf + i)]);
    expect(encodeText(new TextDecoder('x-mac-cyrillic').decode(letters), 'x-mac-cyrillic')).toEqual(letters);
    // And it differs from both windows-1251 and KOI8-R.
    expect(new TextDecoder('windows-1251').decode(bytes)).not.toBe(text);
    expect(new TextDecoder('koi8-r').decode(bytes)).not.toBe(text);
  });

  it('refuses characters a code page lacks instead of writing garbage', () => {
    expect(() => encodeText('日本', 'windows-1251')).toThrow(/cannot encode/);
    expect(() => encodeText('№', 'koi8-r')).toThrow(/cannot encode/);
    expect(() => encodeText('·', 'x-mac-cyrillic')).toThrow(/cannot encode/);
    expect(canEncode('№«»', 'windows-1251')).toBe(true);
  });
});

describe('call-log generator', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    const a = callLogFile({ seed: 5, rows: 200, delimiter: ';', eol: '\r\n', header: true });
    const b = callLogFile({ seed: 5, rows: 200, delimiter: ';', eol: '\r\n', header: true });
    const c = callLogFile({ seed: 6, rows: 200, delimiter: ';', eol: '\r\n', header: true });
    expect(a.text).toBe(b.text);
    expect(a.text).not.toBe(c.text);
  });

  it('covers what the tests rely on: catalogue codes, unknown codes, quoting, all phone formats', () => {
    const log = generateCallLog({ seed: 1, rows: 3000 });
    const origins = new Set(log.records.map((r) => r.expected.origin));
    expect(origins).toEqual(new Set(['documented', 'inferred', 'unknown']));
    const codes = new Set(log.records.map((r) => r.expected.code));
    expect(STATUS_CATALOGUE.filter((e) => codes.has(e.code)).length).toBeGreaterThan(55);
    const comments = log.records.map((r) => r.comment);
    expect(comments.some((c) => c.includes('\n'))).toBe(true);
    expect(comments.some((c) => c.includes('"'))).toBe(true);
    expect(comments.some((c) => c.includes(';'))).toBe(true);
    const phones = log.records.map((r) => r.cells[log.columns.clientNumber]!);
    expect(phones.some((p) => p.startsWith('+7 ('))).toBe(true);
    expect(phones.some((p) => /^8\d{10}$/.test(p))).toBe(true);
    expect(phones.some((p) => /^8 \d{3} /.test(p))).toBe(true);
    expect(phones.some((p) => /^7-\d{3}-/.test(p))).toBe(true);
    for (const r of log.records) expect(r.clientDigits).toMatch(/^7\d{10}$/);
    const success = log.records.filter((r) => r.expected.side === 'success').length / log.records.length;
    expect(success).toBeGreaterThan(0.35);
    expect(success).toBeLessThan(0.6);
  });

  it('generated text is encodable in windows-1251 (full) and KOI8-R (koi8 charset)', () => {
    expect(canEncode(callLogFile({ seed: 3, rows: 500, delimiter: ';', eol: '\n', header: true }).text, 'windows-1251')).toBe(true);
    expect(canEncode(callLogFile({ seed: 3, rows: 500, delimiter: ';', eol: '\n', header: true, charset: 'koi8' }).text, 'koi8-r')).toBe(true);
  });

  it('line bookkeeping: each record starts where the text says', () => {
    for (const eol of ['\r\n', '\n', '\r'] as const) {
      const fixture = raggedFile({ seed: 9, rows: 40, delimiter: ';', eol, header: true, brokenQuote: true });
      const lines = fixture.text.split(/\r\n|\r|\n/);
      expect(countLineBreaks('a\r\nb\rc\nd')).toBe(3);
      for (const { line, record } of fixture.records) {
        expect(lines[line - 1]!.startsWith(record.cells[0]!.replaceAll('"', '""')) || lines[line - 1]!.startsWith('"')).toBe(true);
      }
      const last = fixture.rejects[fixture.rejects.length - 1]!;
      expect(last.why).toBe('broken-quote');
    }
  });
});

describe('xlsx writer', () => {
  it('column letters and date serials', () => {
    expect([0, 25, 26, 51, 52, 701, 702].map(columnLetter)).toEqual(['A', 'Z', 'AA', 'AZ', 'BA', 'ZZ', 'AAA']);
    expect(excelSerial('1900-03-01T00:00:00')).toBe(61);
    expect(excelSerial('2026-03-01T12:00:00')).toBe(46082.5);
  });

  it('is a valid ZIP whose parts are well-formed XML', () => {
    const { bytes } = callLogWorkbook(500);
    const file = join(tmp.dir, 'check.xlsx');
    writeFileSync(file, bytes);
    // Walk the central directory ourselves: every entry inflates to its declared size.
    const buf = Buffer.from(bytes);
    const eocd = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
    const count = buf.readUInt16LE(eocd + 10);
    let p = buf.readUInt32LE(eocd + 16);
    const names: string[] = [];
    for (let i = 0; i < count; i++) {
      expect(buf.readUInt32LE(p)).toBe(0x02014b50);
      const method = buf.readUInt16LE(p + 10);
      const size = buf.readUInt32LE(p + 20);
      const rawSize = buf.readUInt32LE(p + 24);
      const nameLength = buf.readUInt16LE(p + 28);
      const offset = buf.readUInt32LE(p + 42);
      const name = buf.toString('utf8', p + 46, p + 46 + nameLength);
      names.push(name);
      const localNameLength = buf.readUInt16LE(offset + 26);
      const data = buf.subarray(offset + 30 + localNameLength, offset + 30 + localNameLength + size);
      const raw = method === 8 ? inflateRawSync(data) : data;
      expect(raw.byteLength, name).toBe(rawSize);
      p += 46 + nameLength;
    }
    expect(names).toEqual(
      expect.arrayContaining([
        '[Content_Types].xml',
        '_rels/.rels',
        'xl/workbook.xml',
        'xl/styles.xml',
        'xl/sharedStrings.xml',
        'xl/worksheets/sheet1.xml',
        'xl/worksheets/sheet2.xml',
      ]),
    );
    // External checks where the tools exist: unzip's CRC test, Python's XML parser.
    const unzip = spawnSync('unzip', ['-tq', file], { encoding: 'utf8' });
    if (!unzip.error) expect(unzip.status, unzip.stdout + unzip.stderr).toBe(0);
    const py = spawnSync(
      'python3',
      [
        '-c',
        [
          'import sys, zipfile, xml.dom.minidom as m',
          'z = zipfile.ZipFile(sys.argv[1])',
          '[m.parseString(z.read(n)) for n in z.namelist()]',
          'print(len(z.namelist()))',
        ].join('\n'),
        file,
      ],
      { encoding: 'utf8' },
    );
    if (!py.error) expect(py.status, py.stderr).toBe(0);
  });
});
