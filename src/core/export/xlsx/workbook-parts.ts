import type { Language } from '../../../shared/settings.ts';
import { SIDES, type Side } from '../../../shared/status/types.ts';
import { SIDE_COLOURS } from '../../../shared/export-words.ts';
import { xmlText, XML_HEADER } from './xml-text.ts';

/**
 * The fixed parts of the workbook (ECMA-376 SpreadsheetML): content types, relationships, the
 * workbook with its sheets and the autofilter's defined names, and the styles every cell refers to.
 */

/** Cell style ids (`s="…"`), positions in styles.xml's cellXfs below. */
export const STYLE = {
  header: 1,
  dateTime: 2,
  date: 3,
  time: 4,
  duration: 5,
  cost: 6,
  percent: 7,
  title: 8,
  bold: 9,
  /** The side cells follow, in SIDES order. */
  firstSide: 10,
} as const;

export const sideStyle = (side: Side): number => STYLE.firstSide + SIDES.indexOf(side);

const argb = (hex: string): string => `FF${hex.slice(1).toUpperCase()}`;

export function stylesXml(language: Language): string {
  const dateTime = language === 'ru' ? 'dd.mm.yyyy hh:mm:ss' : 'yyyy-mm-dd hh:mm:ss';
  const date = language === 'ru' ? 'dd.mm.yyyy' : 'yyyy-mm-dd';
  const sideFonts = SIDES.map((side) => `<font><sz val="11"/><color rgb="${argb(SIDE_COLOURS[side].fg)}"/><name val="Calibri"/><family val="2"/></font>`);
  const sideFills = SIDES.map(
    (side) => `<fill><patternFill patternType="solid"><fgColor rgb="${argb(SIDE_COLOURS[side].bg)}"/><bgColor indexed="64"/></patternFill></fill>`,
  );
  const sideXfs = SIDES.map((_, i) => `<xf numFmtId="0" fontId="${3 + i}" fillId="${3 + i}" borderId="0" xfId="0" applyFont="1" applyFill="1"/>`);
  return (
    `${XML_HEADER}<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">` +
    `<numFmts count="3"><numFmt numFmtId="164" formatCode="${xmlText(dateTime)}"/><numFmt numFmtId="165" formatCode="${xmlText(date)}"/>` +
    '<numFmt numFmtId="166" formatCode="0.0%"/></numFmts>' +
    `<fonts count="${3 + SIDES.length}">` +
    '<font><sz val="11"/><name val="Calibri"/><family val="2"/></font>' +
    '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font>' +
    '<font><b/><sz val="14"/><name val="Calibri"/><family val="2"/></font>' +
    `${sideFonts.join('')}</fonts>` +
    `<fills count="${3 + SIDES.length}"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>` +
    '<fill><patternFill patternType="solid"><fgColor rgb="FFEEF1F5"/><bgColor indexed="64"/></patternFill></fill>' +
    `${sideFills.join('')}</fills>` +
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
    `<cellXfs count="${STYLE.firstSide + SIDES.length}">` +
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' +
    '<xf numFmtId="0" fontId="1" fillId="2" borderId="0" xfId="0" applyFont="1" applyFill="1"/>' +
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>' +
    '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>' +
    '<xf numFmtId="21" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>' +
    '<xf numFmtId="46" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>' +
    '<xf numFmtId="2" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>' +
    '<xf numFmtId="166" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>' +
    '<xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1"/>' +
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>' +
    `${sideXfs.join('')}</cellXfs>` +
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
    '</styleSheet>'
  );
}

export interface SheetEntry {
  readonly name: string;
  /** The autofilter's range (`$A$1:$T$1001`), for the hidden defined name Excel keeps beside it. */
  readonly filterRange: string | null;
}

export function workbookXml(sheets: readonly SheetEntry[]): string {
  const names = sheets.flatMap((sheet, i) =>
    sheet.filterRange
      ? [
          `<definedName name="_xlnm._FilterDatabase" localSheetId="${i}" hidden="1">'${xmlText(sheet.name.replaceAll("'", "''"))}'!${sheet.filterRange}</definedName>`,
        ]
      : [],
  );
  return (
    `${XML_HEADER}<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">` +
    '<bookViews><workbookView activeTab="0"/></bookViews><sheets>' +
    sheets.map((sheet, i) => `<sheet name="${xmlText(sheet.name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('') +
    `</sheets>${names.length > 0 ? `<definedNames>${names.join('')}</definedNames>` : ''}</workbook>`
  );
}

export function workbookRelsXml(sheetCount: number): string {
  const sheets = Array.from(
    { length: sheetCount },
    (_, i) =>
      `<Relationship Id="rId${i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`,
  );
  return (
    `${XML_HEADER}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${sheets.join('')}` +
    `<Relationship Id="rId${sheetCount + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>` +
    `<Relationship Id="rId${sheetCount + 2}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>` +
    '</Relationships>'
  );
}

export function contentTypesXml(sheetCount: number): string {
  const sheets = Array.from(
    { length: sheetCount },
    (_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`,
  );
  return (
    `${XML_HEADER}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
    '<Default Extension="xml" ContentType="application/xml"/>' +
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
    '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
    '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>' +
    `${sheets.join('')}</Types>`
  );
}

export const ROOT_RELS =
  `${XML_HEADER}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
  '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>' +
  '</Relationships>';
