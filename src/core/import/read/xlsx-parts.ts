import { CallsightError } from '../../../shared/result.ts';
import { messageWith } from '../../messages.ts';
import { parseXml, type XmlHandler } from './xml-reader.ts';

/**
 * Readers for the small parts of a workbook — the sheet list, its relationships, the cell styles that
 * are dates, the shared strings — each an XmlHandler fed by the streaming parser. ECMA-376 Part 1 §18.
 */

/** `_xHHHH_` is how SpreadsheetML escapes characters XML cannot carry (§22.9.2.19). */
function unescapeExcel(text: string): string {
  return text.includes('_x') ? text.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))) : text;
}

/** Text of the `<t>` runs of a string item (`<si>`, `<is>`), skipping phonetic hints (`<rPh>`). */
export class RunsText {
  private text = '';
  private inText = false;
  private phonetic = 0;

  open(name: string): void {
    if (name === 't') this.inText = this.phonetic === 0;
    else if (name === 'rPh') this.phonetic++;
  }

  close(name: string): void {
    if (name === 't') this.inText = false;
    else if (name === 'rPh') this.phonetic--;
  }

  add(text: string): void {
    if (this.inText) this.text += text;
  }

  take(): string {
    const text = unescapeExcel(this.text);
    this.text = '';
    return text;
  }
}

/**
 * What the shared-strings table may hold (issue 10, item 5). It is read whole, before any row, by the
 * preview (in the engine worker) and the import (in its own worker): 50-80 bytes a text plus 1-2 a
 * character; at these limits a preview peaked at 217 MB of heap (2M texts of 16 characters). A million-row
 * call log whose phone numbers are texts holds about 1M texts of ~18 characters; past the limits the
 * sentence asks for the sheet as CSV.
 */
export const MAX_SHARED_STRINGS = 2_000_000;
export const MAX_SHARED_STRING_CHARS = 32 * 1024 * 1024;
/** The most `xl/sharedStrings.xml` may inflate to: the table's limits plus its markup. */
export const MAX_SHARED_STRINGS_PART_BYTES = 128 * 1024 * 1024;
/** The most the other parts read whole (workbook, relationships, styles) may inflate to; real ones are kilobytes. */
export const MAX_SMALL_PART_BYTES = 16 * 1024 * 1024;

export class SharedStringsReader implements XmlHandler {
  readonly strings: string[] = [];
  private readonly runs = new RunsText();
  private inItem = false;
  private chars = 0;
  private readonly maxStrings: number;
  private readonly maxChars: number;

  constructor(maxStrings = MAX_SHARED_STRINGS, maxChars = MAX_SHARED_STRING_CHARS) {
    this.maxStrings = maxStrings;
    this.maxChars = maxChars;
  }

  open(name: string): void {
    if (name === 'si') this.inItem = true;
    else if (this.inItem) this.runs.open(name);
  }

  close(name: string): void {
    if (name === 'si') {
      if (this.strings.length >= this.maxStrings) throw this.tooMany();
      this.strings.push(this.runs.take());
      this.inItem = false;
    } else if (this.inItem) this.runs.close(name);
  }

  text(text: string): void {
    if (!this.inItem) return;
    // Counted as it comes, kept or not (phonetic runs too): one huge item is caught before it is whole.
    this.chars += text.length;
    if (this.chars > this.maxChars) throw this.tooMany();
    this.runs.add(text);
  }

  private tooMany(): CallsightError {
    return new CallsightError('unsupported-file', messageWith.sharedStringsTooMany(this.maxStrings, this.maxChars));
  }
}

export function parseSharedStrings(xml: string): string[] {
  const reader = new SharedStringsReader();
  parseXml(xml, reader);
  return reader.strings;
}

/** `xl/workbook.xml`: sheet names in tab order with their relationship ids. */
export class WorkbookReader implements XmlHandler {
  readonly sheets: { name: string; relationId: string }[] = [];

  open(name: string, attributes: Readonly<Record<string, string>>): void {
    if (name !== 'sheet') return;
    // The relationships namespace is usually bound to `r:`, but the prefix is the writer's choice.
    const idName = 'r:id' in attributes ? 'r:id' : Object.keys(attributes).find((key) => key.endsWith(':id'));
    const relationId = idName ? attributes[idName] : undefined;
    if (relationId) this.sheets.push({ name: attributes.name ?? '', relationId });
  }

  close(): void {}
  text(): void {}
}

/** `xl/_rels/workbook.xml.rels`: relationship id → target part. */
export class RelationshipsReader implements XmlHandler {
  readonly targets = new Map<string, string>();

  open(name: string, attributes: Readonly<Record<string, string>>): void {
    if (name === 'Relationship' && attributes.Id && attributes.Target) this.targets.set(attributes.Id, attributes.Target);
  }

  close(): void {}
  text(): void {}
}

/** Built-in number formats that show dates/times (ECMA-376 §18.8.30). */
const BUILTIN_DATE = new Map<number, number>([
  [14, 1],
  [15, 1],
  [16, 1],
  [17, 1],
  [18, 3],
  [19, 3],
  [20, 3],
  [21, 3],
  [22, 2],
  [45, 3],
  [46, 3],
  [47, 3],
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

/** `xl/styles.xml`: per cell style (xf index), 0 not a date, 1 date, 2 date-time, 3 time only. */
export class DateStylesReader implements XmlHandler {
  private readonly custom = new Map<number, number>();
  private readonly formatIds: number[] = [];
  private inCellXfs = false;

  open(name: string, attributes: Readonly<Record<string, string>>): void {
    if (name === 'numFmt') this.custom.set(Number(attributes.numFmtId), dateKindOfFormat(attributes.formatCode ?? ''));
    else if (name === 'cellXfs') this.inCellXfs = true;
    else if (name === 'xf' && this.inCellXfs) this.formatIds.push(Number(attributes.numFmtId ?? 0));
  }

  close(name: string): void {
    if (name === 'cellXfs') this.inCellXfs = false;
  }

  text(): void {}

  get kinds(): number[] {
    return this.formatIds.map((id) => this.custom.get(id) ?? BUILTIN_DATE.get(id) ?? 0);
  }
}
