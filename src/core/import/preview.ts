import type { ImportOptions, ImportPreview, PreviewRow, SourceRef } from '../../shared/import-types.ts';
import type { LocalizedText } from '../../shared/result.ts';
import { MESSAGES, messageWith } from '../messages.ts';
import { planDelimited } from './read/delimited.ts';
import { MAX_SOURCE_COLUMNS, recordProblem, storedColumnNames, UNDECODABLE_REASON } from './tag/records.ts';
import { detectRoles, hasStatusRole } from './detect/roles.ts';
import { detectSourceKindSync } from './read/source-kind.ts';
import { RowTagger } from './tag/tags.ts';
import { planXlsx } from './read/xlsx-source.ts';

/**
 * What the import dialog shows before anything is written: the detected settings, the columns with
 * their roles, and the first records exactly as they would be imported (status tag and problem included).
 */

export const PREVIEW_ROWS = 100;

export async function previewSource(path: string, source: SourceRef, options: ImportOptions): Promise<ImportPreview> {
  const kind = detectSourceKindSync(path);
  const warnings: LocalizedText[] = [];
  const xlsx = kind === 'xlsx' ? await planXlsx(path, options) : null;
  const text = kind === 'xlsx' ? null : planDelimited(path, options);
  const plan = (xlsx ?? text)!;
  const names = storedColumnNames(plan.header, plan.width);
  const columnsSample = names.map((_, i) => plan.sample.slice(0, 500).map((r) => r.fields[i] ?? ''));
  const roles = detectRoles(plan.header ?? names.map(() => ''), columnsSample, options.roles);
  const tagger = new RowTagger(roles);
  const statusIndex = tagger.statusIndex;

  // The import would stop; the preview says why (a wrong delimiter can be corrected here).
  if (plan.width > MAX_SOURCE_COLUMNS) warnings.push(messageWith.tooManyColumns(plan.width, MAX_SOURCE_COLUMNS));
  if (text) {
    if (text.encoding === 'koi8-r' || text.encoding === 'x-mac-cyrillic') {
      warnings.push(messageWith.rareCodePage(text.encoding === 'koi8-r' ? 'KOI8-R' : 'Mac Cyrillic'));
    }
    if (text.header === null) warnings.push(MESSAGES.noHeaderRow);
  }

  let undecodable = 0;
  const rows: PreviewRow[] = plan.sample.slice(0, PREVIEW_ROWS).map((record) => {
    const cells = [...record.fields];
    let problem = recordProblem(cells, plan.width, statusIndex);
    if (problem === null && record.undecodable === true) { problem = UNDECODABLE_REASON; undecodable++; }
    return { line: record.line, cells, status: problem === null ? tagger.classify(cells) : null, problem };
  });
  if (undecodable > 0) warnings.push(MESSAGES.undecodableCharacters);

  const needsStatusColumn = !hasStatusRole(roles);
  if (needsStatusColumn) warnings.push(MESSAGES.noStatusColumn);
  return {
    source,
    encoding: text ? text.encoding : null,
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
