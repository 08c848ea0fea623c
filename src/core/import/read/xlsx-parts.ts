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

export class SharedStringsReader implements XmlHandler {
  readonly strings: string[] = [];
  private readonly runs = new RunsText();
  private inItem = false;

  open(name: string): void {
    if (name === 'si') this.inItem = true;
    else if (this.inItem) this.runs.open(name);
  }

  close(name: string): void {
    if (name === 'si') { this.strings.push(this.runs.take()); this.inItem = false; }
    else if (this.inItem) this.runs.close(name);
  }

  text(text: string): void {
    if (this.inItem) this.runs.add(text);
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
