import type { ImportOptions, ImportPreview, PreviewRow, SourceRef } from '../../shared/import-types.ts';
import type { LocalizedText } from '../../shared/result.ts';
import { CallsightError } from '../../shared/result.ts';
import { MESSAGES, messageWith } from '../messages.ts';
import { headerLikeFirstRecord, roleSample } from './detect/dialect.ts';
import { planDelimited } from './read/delimited.ts';
import { keepsRaggedRows, MAX_SOURCE_COLUMNS, recordProblem, repairShape, storedColumnNames, UNDECODABLE_REASON } from './tag/records.ts';
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
  // Only a header, no calls: said in the dialog, which offers another file (the import would refuse it too).
  if (plan.sample.length === 0) throw new CallsightError('unsupported-file', MESSAGES.headerOnly);
  const names = storedColumnNames(plan.header, plan.width);
  const columnsSample = roleSample(plan.sample, names.length, plan.header !== null);
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
  // Header row 0, yet the first line reads like column names: it would be imported as a call.
  const headerLike = plan.header === null ? headerLikeFirstRecord(plan.sample) : null;
  if (headerLike) warnings.push(messageWith.rowLooksLikeHeader(headerLike.line));

  let undecodable = 0;
  const keepRagged = keepsRaggedRows(options, plan.width);
  const rows: PreviewRow[] = plan.sample.slice(0, PREVIEW_ROWS).map((record) => {
    const cells = [...record.fields];
    const shape = keepRagged && record.undecodable !== true ? repairShape(cells, plan.width, statusIndex) : null;
    if (shape)
      return { line: record.line, cells, status: tagger.classify(cells), problem: null, repaired: { found: shape.found, extra: shape.extra?.length ?? 0 } };
    let problem = recordProblem(cells, plan.width, statusIndex);
    if (problem === null && record.undecodable === true) {
      problem = UNDECODABLE_REASON;
      undecodable++;
    }
    return { line: record.line, cells, status: problem === null ? tagger.classify(cells) : null, problem };
  });
  if (undecodable > 0) warnings.push(MESSAGES.undecodableCharacters);

  // Said once, by the dialog's own banner next to the role selects (not again among the warnings).
  const needsStatusColumn = !hasStatusRole(roles);
  return {
    source,
    encoding: text ? text.encoding : null,
    delimiter: text ? text.delimiter : null,
    headerRow: plan.headerRow,
    sheets: xlsx ? xlsx.sheets : [],
    sheet: xlsx ? xlsx.sheet : null,
    columns: names.map((name, index) => ({ index, name, role: roles[index] ?? null, generated: (plan.header?.[index] ?? '').trim() === '' })),
    rows,
    needsStatusColumn,
    warnings,
  };
}
