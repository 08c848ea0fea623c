import fs from 'node:fs';
import path from 'node:path';
import { CSV_DELIMITERS, EXPORT_FORMATS, type CsvDelimiter, type ExportFormat, type ExportRequest } from '../../shared/export.ts';
import { CallsightError } from '../../shared/result.ts';
import { formatOfFile, runExport } from '../../core/export/run-export.ts';
import { FILTER_OPTIONS, FILTER_USAGE, filterFromFlags, sortFromFlag } from '../filter-flags.ts';
import { parseCommandLine, usageError } from '../usage.ts';

/**
 * `export <dataset.sqlite> --out FILE [--format csv|xlsx|html|pdf] [filters as in query] [--sort …]
 * [--columns A,B] [--lang ru|en] [--encoding utf-8|windows-1251] [--delimiter ';'|,|tab]
 * [--replace-unsupported] [--no-formula-guard] [--chromium PATH] [--force] [--json]`: the calls a filter selects, written as
 * the app writes them (CSV cells a spreadsheet would run as formulas start with `'` unless
 * --no-formula-guard, src/core/export/csv-cell.ts). The format follows --format, else the extension. Progress goes to stderr once a
 * second for long exports; `--json` prints `{ out, format, rows, bytes, elapsedMs }` (plus `replaced`
 * and `sheets` where they apply).
 */
const USAGE =
  `npm run cli -- export <dataset.sqlite> --out FILE [--format csv|xlsx|html|pdf] ${FILTER_USAGE} [--sort COLUMN[:desc]] ` +
  "[--columns NAME,NAME] [--lang ru|en] [--encoding utf-8|windows-1251] [--delimiter ';'|,|tab] [--replace-unsupported] [--no-formula-guard] [--chromium PATH] [--force] [--json]";

const OPTIONS = {
  ...FILTER_OPTIONS,
  out: { type: 'string' },
  format: { type: 'string' },
  sort: { type: 'string' },
  columns: { type: 'string', multiple: true },
  lang: { type: 'string' },
  encoding: { type: 'string' },
  delimiter: { type: 'string' },
  'replace-unsupported': { type: 'boolean' },
  'no-formula-guard': { type: 'boolean' },
  chromium: { type: 'string' },
  force: { type: 'boolean' },
  json: { type: 'boolean' },
  /** For tests of the sheet split: data rows per XLSX sheet (Excel's limit by default). Not in the usage line. */
  'rows-per-sheet': { type: 'string' },
} as const;

const DELIMITER_WORDS: Readonly<Record<string, CsvDelimiter>> = { ';': ';', semicolon: ';', ',': ',', comma: ',', tab: '\t', '\t': '\t', '\\t': '\t' };
const PROGRESS_EVERY_MS = 1000;

export async function runExportCommand(argv: string[]): Promise<number> {
  const parsed = parseCommandLine(argv, OPTIONS);
  if (!parsed.ok) return usageError(parsed.problem, USAGE);
  const { values, positionals } = parsed.parsed;
  if (positionals.length !== 1)
    return usageError(positionals.length === 0 ? 'export needs the dataset file' : `export takes one dataset, got ${positionals.length}`, USAGE);
  if (values.out === undefined || values.out === '') return usageError('--out FILE is required', USAGE);
  let format: ExportFormat | null;
  if (values.format !== undefined) {
    if (!(EXPORT_FORMATS as readonly string[]).includes(values.format))
      return usageError(`--format must be one of ${EXPORT_FORMATS.join(', ')}, got "${values.format}"`, USAGE);
    format = values.format as ExportFormat;
  } else {
    format = formatOfFile(values.out);
    if (format === null)
      return usageError(`cannot tell the format from "${path.basename(values.out)}": name it .csv, .xlsx, .html or .pdf, or add --format`, USAGE);
  }
  const lang = values.lang ?? 'ru';
  if (lang !== 'ru' && lang !== 'en') return usageError(`--lang must be ru or en, got "${lang}"`, USAGE);
  const encoding = (values.encoding ?? 'utf-8')
    .toLowerCase()
    .replace(/^cp1251$|^windows1251$/, 'windows-1251')
    .replace(/^utf8$/, 'utf-8');
  if (encoding !== 'utf-8' && encoding !== 'windows-1251') return usageError(`--encoding must be utf-8 or windows-1251, got "${values.encoding}"`, USAGE);
  const delimiter = values.delimiter === undefined ? ';' : DELIMITER_WORDS[values.delimiter.toLowerCase()];
  if (delimiter === undefined || !CSV_DELIMITERS.includes(delimiter))
    return usageError(`--delimiter must be ';', ',' or tab, got "${values.delimiter}"`, USAGE);
  if (format !== 'csv' && (values.encoding !== undefined || values.delimiter !== undefined || values['replace-unsupported'] || values['no-formula-guard'])) {
    return usageError('--encoding, --delimiter, --replace-unsupported and --no-formula-guard apply to CSV only', USAGE);
  }
  if (values['replace-unsupported'] && encoding !== 'windows-1251') return usageError('--replace-unsupported goes with --encoding windows-1251', USAGE);
  let rowsPerSheet: number | undefined;
  if (values['rows-per-sheet'] !== undefined) {
    rowsPerSheet = Number(values['rows-per-sheet']);
    if (!/^\d+$/.test(values['rows-per-sheet']) || rowsPerSheet < 1) return usageError('--rows-per-sheet must be a whole number from 1', USAGE);
  }
  const filter = filterFromFlags(values);
  if (!filter.ok) return usageError(filter.problem, USAGE);
  const sort = sortFromFlag(values.sort);
  if (!sort.ok) return usageError(sort.problem, USAGE);
  const columns = values.columns
    ?.flatMap((value) => value.split(','))
    .map((name) => name.trim())
    .filter((name) => name !== '');

  const request: ExportRequest = {
    format,
    filter: filter.value,
    sort: sort.value,
    language: lang,
    ...(columns && columns.length > 0 ? { columns } : {}),
    ...(format === 'csv'
      ? { encoding, delimiter, replaceUnsupported: values['replace-unsupported'] === true, formulaGuard: values['no-formula-guard'] !== true }
      : {}),
  };
  const out = path.resolve(values.out);
  if (fs.existsSync(out) && values.force !== true) {
    process.stderr.write(`callsight: “${path.basename(out)}” already exists; add --force to replace it.\n`);
    return 1;
  }
  const abort = new AbortController();
  const interrupted = (): void => abort.abort();
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  const started = performance.now();
  let lastProgress = started;
  try {
    const result = await runExport(
      {
        datasetFile: path.resolve(positionals[0]!),
        out,
        request,
        replace: values.force === true,
        ...(rowsPerSheet !== undefined ? { rowsPerSheet } : {}),
        chromium: values.chromium,
      },
      {
        signal: abort.signal,
        onProgress(rows, total) {
          const now = performance.now();
          if (now - lastProgress < PROGRESS_EVERY_MS || rows === 0) return;
          lastProgress = now;
          const seconds = (now - started) / 1000;
          const eta = rows > 0 && total > rows ? ` ETA ${Math.round(((total - rows) * seconds) / rows)} s` : '';
          process.stderr.write(
            `export: ${rows.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} rows (${Math.round((100 * rows) / Math.max(1, total))}%)${eta}\n`,
          );
        },
      },
    );
    if (values.json) {
      process.stdout.write(
        `${JSON.stringify({
          out: result.out,
          format: result.format,
          rows: result.rows,
          bytes: result.bytes,
          elapsedMs: result.elapsedMs,
          ...(result.format === 'csv' && encoding === 'windows-1251' ? { replaced: result.replaced } : {}),
          ...(result.format === 'xlsx' ? { sheets: result.sheets } : {}),
        })}\n`,
      );
    } else {
      const lines = [`Exported ${result.rows} calls to ${result.out} (${result.format}, ${result.bytes} bytes) in ${(result.elapsedMs / 1000).toFixed(1)} s.`];
      if (result.replaced > 0) lines.push(`${result.replaced} characters that Windows-1251 cannot hold were written as "?".`);
      if (result.sheets > 1) lines.push(`The calls fill ${result.sheets} data sheets (Excel holds 1,048,575 rows a sheet).`);
      process.stdout.write(`${lines.join('\n')}\n`);
    }
    return 0;
  } catch (error) {
    const known = error instanceof CallsightError;
    const message = known ? error.message : `internal error: ${(error instanceof Error ? error.message : String(error)).split('\n')[0]}`;
    const oneLine = message.replace(/\s*\n\s*/g, ' ');
    if (known && error.code === 'cancelled') {
      process.stderr.write(`callsight: ${oneLine}\n`);
      return 130;
    }
    // A filter the dataset rejects is a usage error, as in query.
    if (known && error.code === 'invalid-argument') return usageError(oneLine.replace(/\.$/, ''), USAGE);
    process.stderr.write(`callsight: ${oneLine}\n`);
    return 1;
  } finally {
    process.off('SIGINT', interrupted);
    process.off('SIGTERM', interrupted);
  }
}
