import type { ImportOptions, ImportPreview, PreviewRow, SourceRef } from '../../shared/import-types.ts';
import { planDelimited } from './delimited.ts';
import { contractEncoding } from './encoding.ts';
import { recordProblem, storedColumnNames, UNDECODABLE_REASON } from './records.ts';
import { detectRoles, hasStatusRole } from './roles.ts';
import { detectSourceKindSync } from './source-kind.ts';
import { RowTagger } from './tags.ts';
import { planXlsx } from './xlsx-source.ts';

/**
 * What the import dialog shows before anything is written: the detected settings, the columns with
 * their roles, and the first records exactly as they would be imported (status tag and problem included).
 */

export const PREVIEW_ROWS = 100;

export async function previewSource(path: string, source: SourceRef, options: ImportOptions): Promise<ImportPreview> {
  const kind = detectSourceKindSync(path);
  const warnings: string[] = [];
  const xlsx = kind === 'xlsx' ? await planXlsx(path, options) : null;
  const text = kind === 'xlsx' ? null : planDelimited(path, options);
  const plan = (xlsx ?? text)!;
  const names = storedColumnNames(plan.header, plan.width);
  const columnsSample = names.map((_, i) => plan.sample.slice(0, 500).map((r) => r.fields[i] ?? ''));
  const roles = detectRoles(plan.header ?? names.map(() => ''), columnsSample, options.roles);
  const tagger = new RowTagger(roles);
  const statusIndex = tagger.statusIndex;

  if (text) {
    if (text.encoding === 'koi8-r' || text.encoding === 'x-mac-cyrillic') {
      warnings.push(`The file is in ${text.encoding === 'koi8-r' ? 'KOI8-R' : 'Mac Cyrillic'}; it is read as such.`);
    }
    if (text.header === null) warnings.push('No header row found; columns are named Column 1, Column 2, …');
  }

  let undecodable = 0;
  const rows: PreviewRow[] = plan.sample.slice(0, PREVIEW_ROWS).map((record) => {
    const cells = [...record.fields];
    let problem = recordProblem(cells, plan.width, statusIndex);
    if (problem === null && cells.some((cell) => cell.includes('\uFFFD'))) { problem = UNDECODABLE_REASON; undecodable++; }
    return { line: record.line, cells, status: problem === null ? tagger.classify(cells) : null, problem };
  });
  if (undecodable > 0) warnings.push('Some characters cannot be decoded: the encoding may be wrong.');

  const needsStatusColumn = !hasStatusRole(roles);
  if (needsStatusColumn) warnings.push('No column looks like a call status; choose the status column.');
  return {
    source,
    encoding: text ? contractEncoding(text.encoding) : null,
    delimiter: text ? text.delimiter : null,
    headerRow: plan.headerRow,
    sheets: xlsx ? xlsx.sheets : [],
    sheet: xlsx ? xlsx.sheet : null,
    columns: names.map((name, index) => ({ index, name, role: roles[index] ?? null })),
    rows,
    needsStatusColumn,
    warnings,
  };
}
