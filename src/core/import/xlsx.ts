import fs from 'node:fs';
import path from 'node:path';
import { CallsightError } from '../../shared/result.ts';
import { excelSerialToIso } from './values.ts';
import { readEntryText, readZipDirectory, streamEntry, type ZipEntry } from './zip.ts';
import { MESSAGES, messageWith } from '../messages.ts';

/**
 * A streaming XLSX sheet reader. The workbook, styles and shared strings are small and read whole;
 * the sheet is inflated and parsed row by row (`<row>…</row>` at a time), so memory stays flat for
 * any number of rows. Cells styled as dates become ISO text (`YYYY-MM-DD HH:MM:SS`).
 */

export interface XlsxBook {
  readonly path: string;
  readonly fd: number;
  readonly size: number;
  readonly sheets: readonly { name: string; entry: ZipEntry }[];
  readonly sharedStrings: readonly string[];
  /** Per cell style (xf index): 0 not a date, 1 date, 2 date-time, 3 time only. */
  readonly dateStyles: readonly number[];
}

export function openBook(filePath: string): XlsxBook {
  const fd = fs.openSync(filePath, 'r');
  try {
    const size = fs.fstatSync(fd).size;
    const entries = readZipDirectory(fd, size);
    const text = (name: string): string | null => {
      const entry = entries.get(name);
      return entry ? readEntryText(fd, entry) : null;
    };
    const workbook = text('xl/workbook.xml');
    if (!workbook) throw new CallsightError('unsupported-file', MESSAGES.zipNotWorkbook);
    const rels = relationships(text('xl/_rels/workbook.xml.rels') ?? '');
    const sheets: { name: string; entry: ZipEntry }[] = [];
    for (const match of workbook.matchAll(/<(?:\w+:)?sheet\b([^>]*)\/?>/g)) {
      const attrs = match[1]!;
      const name = decodeXml(attr(attrs, 'name') ?? '');
      const target = rels.get(attr(attrs, 'r:id') ?? '');
      if (!target) continue;
      const entryName = target.startsWith('/') ? target.slice(1) : path.posix.normalize(`xl/${target}`);
      const entry = entries.get(entryName);
      if (entry) sheets.push({ name, entry });
    }
    if (sheets.length === 0) throw new CallsightError('unsupported-file', MESSAGES.workbookWithoutSheets);
    const shared = text('xl/sharedStrings.xml');
    const styles = text('xl/styles.xml');
    return {
      path: filePath, fd, size, sheets,
      sharedStrings: shared ? parseSharedStrings(shared) : [],
      dateStyles: styles ? parseDateStyles(styles) : [],
    };
  } catch (error) {
    fs.closeSync(fd);
    throw error;
  }
}

export function closeBook(book: XlsxBook): void {
  fs.closeSync(book.fd);
}

export function pickSheet(book: XlsxBook, name: string | undefined): { name: string; entry: ZipEntry } {
  if (name === undefined) return book.sheets[0]!;
  const sheet = book.sheets.find((s) => s.name === name);
  if (!sheet) {
    throw new CallsightError('invalid-argument', messageWith.noSuchSheet(name, book.sheets.map((s) => s.name)));
  }
  return sheet;
}

function relationships(xml: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const match of xml.matchAll(/<Relationship\b([^>]*)\/?>/g)) {
    const id = attr(match[1]!, 'Id');
    const target = attr(match[1]!, 'Target');
    if (id && target) map.set(id, target);
  }
  return map;
}

function attr(attrs: string, name: string): string | null {
  const match = new RegExp(`(?:^|\\s)${name.replace(':', '\\:')}="([^"]*)"`).exec(attrs);
  return match ? match[1]! : null;
}

const ENTITY = /&(?:#(\d+)|#x([0-9a-fA-F]+)|(amp|lt|gt|quot|apos));/g;
const NAMED: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

export function decodeXml(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(ENTITY, (_, dec: string | undefined, hex: string | undefined, name: string | undefined) =>
    dec ? String.fromCodePoint(Number(dec)) : hex ? String.fromCodePoint(parseInt(hex, 16)) : NAMED[name!]!);
}

/** Text of the `<t>` runs of a string item, skipping phonetic hints (`<rPh>`). */
function runsText(xml: string): string {
  let out = '';
  const clean = xml.includes('<rPh') ? xml.replace(/<rPh\b[\s\S]*?<\/rPh>/g, '') : xml;
  for (const match of clean.matchAll(/<t\b[^>]*?(?:\/>|>([\s\S]*?)<\/t>)/g)) out += match[1] ?? '';
  return decodeXml(out).replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

export function parseSharedStrings(xml: string): string[] {
  const strings: string[] = [];
  for (const match of xml.matchAll(/<si>([\s\S]*?)<\/si>|<si\/>/g)) strings.push(match[1] === undefined ? '' : runsText(match[1]));
  return strings;
}

/** Built-in number formats that show dates/times (ECMA-376 §18.8.30). */
const BUILTIN_DATE = new Map<number, number>([
  [14, 1], [15, 1], [16, 1], [17, 1], [18, 3], [19, 3], [20, 3], [21, 3], [22, 2], [45, 3], [46, 3], [47, 3],
]);

/** 1 date, 2 date-time, 3 time, 0 not a date — by the format code's tokens outside quotes and brackets. */
export function dateKindOfFormat(code: string): number {
  const bare = code.replace(/"[^"]*"|\[[^\]]*\]|\\.|_.|\*./g, '').toLowerCase();
  const hasDate = /[dy]/.test(bare) || /m{3,}/.test(bare);
  const hasTime = /[hs]/.test(bare);
  if (hasDate && hasTime) return 2;
  if (hasDate) return 1;
  if (hasTime) return 3;
  return /(^|[^a-z])m{1,2}([^a-z]|$)/.test(bare) && bare.includes('/') ? 1 : 0;
}

export function parseDateStyles(xml: string): number[] {
  const custom = new Map<number, number>();
  for (const match of xml.matchAll(/<numFmt\b([^>]*)\/?>/g)) {
    const id = Number(attr(match[1]!, 'numFmtId'));
    custom.set(id, dateKindOfFormat(decodeXml(attr(match[1]!, 'formatCode') ?? '')));
  }
  const cellXfs = /<cellXfs\b[^>]*>([\s\S]*?)<\/cellXfs>/.exec(xml)?.[1] ?? '';
  const kinds: number[] = [];
  for (const match of cellXfs.matchAll(/<xf\b([^>]*?)\/?>/g)) {
    const id = Number(attr(match[1]!, 'numFmtId') ?? 0);
    kinds.push(custom.get(id) ?? BUILTIN_DATE.get(id) ?? 0);
  }
  return kinds;
}

function columnIndex(ref: string): number {
  let n = 0;
  for (let i = 0; i < ref.length; i++) {
    const c = ref.charCodeAt(i);
    if (c < 65 || c > 90) break;
    n = n * 26 + (c - 64);
  }
  return n - 1;
}

/** A number as Excel shows it in General format (15 significant digits, no float noise). */
function formatNumber(text: string): string {
  const n = Number(text);
  if (!Number.isFinite(n)) return text;
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return String(n);
  return String(Number(n.toPrecision(15)));
}

function dateCell(value: string, kind: number): string {
  const n = Number(value);
  if (kind === 3) {
    const total = Math.round((n - Math.floor(n)) * 86_400) % 86_400;
    const p = (x: number): string => String(x).padStart(2, '0');
    return `${p(Math.floor(total / 3600))}:${p(Math.floor(total / 60) % 60)}:${p(total % 60)}`;
  }
  const iso = excelSerialToIso(n, kind === 2 || !Number.isInteger(n));
  return iso ? iso.replace('T', ' ') : formatNumber(value);
}

const CELL = /<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g;
const ROW_NUMBER = /\br="(\d+)"/;

/** Cells of one `<row>` element's inner XML, as text, placed by their column letters. */
export function parseRowCells(inner: string, book: Pick<XlsxBook, 'sharedStrings' | 'dateStyles'>): string[] {
  const cells: string[] = [];
  CELL.lastIndex = 0;
  for (let match = CELL.exec(inner); match; match = CELL.exec(inner)) {
    const attrs = match[1]!;
    const body = match[2] ?? '';
    const ref = attr(attrs, 'r');
    const index = ref ? columnIndex(ref) : cells.length;
    const type = attr(attrs, 't') ?? 'n';
    let value = '';
    if (type === 'inlineStr') {
      value = runsText(body);
    } else {
      const v = /<v>([\s\S]*?)<\/v>/.exec(body)?.[1];
      if (v !== undefined) {
        if (type === 's') value = book.sharedStrings[Number(v)] ?? '';
        else if (type === 'str' || type === 'e') value = decodeXml(v);
        else if (type === 'b') value = v === '1' ? 'TRUE' : 'FALSE';
        else if (type === 'd') value = v.replace('T', ' ').replace(/\.\d+$/, '');
        else {
          const kind = book.dateStyles[Number(attr(attrs, 's') ?? 0)] ?? 0;
          value = kind > 0 ? dateCell(v, kind) : formatNumber(v);
        }
      }
    }
    while (cells.length < index) cells.push('');
    cells[index] = value;
  }
  return cells;
}

/**
 * Streams the rows of a sheet: `onRow(cells, rowNumber)`; return false to stop. `onCompressed` sees
 * the compressed bytes read (progress).
 */
export async function streamSheetRows(
  book: XlsxBook,
  entry: ZipEntry,
  onRow: (cells: string[], rowNumber: number) => boolean | void,
  onCompressed: (bytes: number) => void = () => undefined,
): Promise<void> {
  const decoder = new TextDecoder('utf-8');
  let carry = '';
  let lastRow = 0;
  let stopped = false;
  await streamEntry(book.path, book.fd, entry, (chunk) => {
    const text = carry + decoder.decode(chunk, { stream: true });
    let pos = 0;
    for (;;) {
      const open = text.indexOf('<row', pos);
      if (open < 0) { pos = text.length - Math.min(text.length, 4); break; }
      const after = text.charCodeAt(open + 4);
      if (Number.isNaN(after)) { pos = open; break; }
      if (after !== 32 && after !== 62 && after !== 47) { pos = open + 4; continue; } // <rowBreaks> etc.
      const tagEnd = text.indexOf('>', open);
      if (tagEnd < 0) { pos = open; break; }
      const selfClosing = text.charCodeAt(tagEnd - 1) === 47; // "/>": an empty row
      let close = tagEnd;
      if (!selfClosing) {
        close = text.indexOf('</row>', tagEnd);
        if (close < 0) { pos = open; break; }
      }
      const rowNumber = Number(ROW_NUMBER.exec(text.slice(open, tagEnd))?.[1] ?? lastRow + 1);
      lastRow = rowNumber;
      if (!selfClosing) {
        const cells = parseRowCells(text.slice(tagEnd + 1, close), book);
        if (cells.some((cell) => cell !== '') && onRow(cells, rowNumber) === false) { stopped = true; return false; }
      }
      pos = selfClosing ? tagEnd + 1 : close + 6;
    }
    carry = text.slice(pos);
    return !stopped;
  }, (compressed) => onCompressed(compressed.length));
}
