import { STATUS_CATALOGUE, type StatusEntry } from '../../shared/status/index.ts';
import { catalogueCsv, catalogueSql } from '../../shared/status/warehouse.ts';
import { parseCommandLine, usageError } from '../usage.ts';

const USAGE = 'npm run cli -- statuses [--json | --format text|json|csv|sql] [--lang ru|en]';

export async function runStatuses(argv: string[]): Promise<number> {
  const args = parseCommandLine(argv, { json: { type: 'boolean' }, format: { type: 'string' }, lang: { type: 'string' } });
  if (!args.ok) return usageError(args.problem, USAGE);
  const { values, positionals } = args.parsed;
  if (positionals.length > 0) return usageError(`unexpected argument "${positionals[0]}"`, USAGE);
  const lang = values.lang ?? 'ru';
  if (lang !== 'ru' && lang !== 'en') return usageError(`--lang must be ru or en, got "${lang}"`, USAGE);

  const format = values.format ?? (values.json ? 'json' : 'text');
  if (format !== 'text' && format !== 'json' && format !== 'csv' && format !== 'sql')
    return usageError(`--format must be text, json, csv or sql, got "${format}"`, USAGE);
  if (values.json && format !== 'json') return usageError(`--json and --format ${format} contradict each other`, USAGE);
  // The warehouse's catalogue (issue #9, item 5): both languages' texts in every row, so --lang does not apply.
  if (format === 'csv') {
    process.stdout.write(catalogueCsv());
    return 0;
  }
  if (format === 'sql') {
    process.stdout.write(catalogueSql());
    return 0;
  }
  if (format === 'json') {
    process.stdout.write(`${JSON.stringify(STATUS_CATALOGUE.map(toJson), null, 2)}\n`);
    return 0;
  }
  const width = Math.max(...STATUS_CATALOGUE.map((entry) => entry.code.length));
  for (const entry of STATUS_CATALOGUE) {
    const text = lang === 'ru' ? entry.textRu : entry.textEn;
    const benign = entry.benign ? (lang === 'ru' ? ' · норма' : ' · benign') : '';
    process.stdout.write(`${entry.code.padEnd(width)}  ${entry.side.padEnd(8)} ${entry.reason.padEnd(16)} ${text}${benign}\n`);
  }
  return 0;
}

function toJson(entry: StatusEntry) {
  return {
    code: entry.code,
    manager: entry.manager,
    client: entry.client,
    text_ru: entry.textRu,
    text_en: entry.textEn,
    side: entry.side,
    reason: entry.reason,
    benign: entry.benign,
  };
}
