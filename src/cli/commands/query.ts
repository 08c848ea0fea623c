import type { CallRow, CellValue, DatasetColumn } from '../../shared/query.ts';
import { countFromFlag, FILTER_OPTIONS, FILTER_USAGE, filterFromFlags, MAX_CLI_LIMIT, sortFromFlag } from '../filter-flags.ts';
import { parseCommandLine, usageError } from '../usage.ts';
import { onDataset } from './dataset-command.ts';

/**
 * `query <dataset.sqlite> [filters] [--sort COLUMN[:desc]] [--offset N] [--limit N] [--json]`: one page of
 * calls, as the grid would get it. `--json` prints `{ total, bySide, rows: [{ "<column>": value, … }] }`.
 */
const USAGE = `npm run cli -- query <dataset.sqlite> ${FILTER_USAGE} [--sort COLUMN[:desc]] [--offset N] [--limit N] [--json]`;
const DEFAULT_LIMIT = 100;

const OPTIONS = {
  ...FILTER_OPTIONS,
  sort: { type: 'string' },
  offset: { type: 'string' },
  limit: { type: 'string' },
  json: { type: 'boolean' },
} as const;

export async function runQuery(argv: string[]): Promise<number> {
  const parsed = parseCommandLine(argv, OPTIONS);
  if (!parsed.ok) return usageError(parsed.problem, USAGE);
  const { values, positionals } = parsed.parsed;
  if (positionals.length !== 1)
    return usageError(positionals.length === 0 ? 'query needs the dataset file' : `query takes one dataset, got ${positionals.length}`, USAGE);
  const filter = filterFromFlags(values);
  if (!filter.ok) return usageError(filter.problem, USAGE);
  const sort = sortFromFlag(values.sort);
  if (!sort.ok) return usageError(sort.problem, USAGE);
  const offset = countFromFlag('offset', values.offset, 0, 0, Number.MAX_SAFE_INTEGER);
  if (!offset.ok) return usageError(offset.problem, USAGE);
  const limit = countFromFlag('limit', values.limit, DEFAULT_LIMIT, 1, MAX_CLI_LIMIT);
  if (!limit.ok) return usageError(limit.problem, USAGE);

  return onDataset(positionals[0]!, USAGE, (queries, file) => {
    const { columns } = queries.columns(file);
    const page = queries.page(file, { filter: filter.value, sort: sort.value, offset: offset.value, limit: limit.value });
    // Counts after the rows, as the grid asks for them.
    const counts = queries.counts(file, filter.value);
    if (values.json) {
      const rows = page.rows.map((row) => objectOf(columns, row));
      process.stdout.write(`${JSON.stringify({ total: page.total, bySide: counts.bySide, rows })}\n`);
    } else {
      const cell = (value: CellValue): string => (value === null ? '' : String(value).replace(/[\t\r\n]+/g, ' '));
      const lines = [columns.map((column) => column.name).join('\t'), ...page.rows.map((row) => row.values.map(cell).join('\t'))];
      const shown = page.rows.length === 0 ? 'no calls shown' : `calls ${offset.value + 1}–${offset.value + page.rows.length}`;
      lines.push(
        `${shown} of ${page.total} matching (${Object.entries(counts.bySide)
          .map(([side, n]) => `${side} ${n}`)
          .join(', ')}).`,
      );
      process.stdout.write(`${lines.join('\n')}\n`);
    }
    return 0;
  });
}

function objectOf(columns: readonly DatasetColumn[], row: CallRow): Record<string, unknown> {
  return Object.fromEntries(columns.map((column, i) => [column.name, row.values[i] ?? null]));
}
