import { FAILURE_SIDES } from '../../shared/query.ts';
import { FILTER_OPTIONS, FILTER_USAGE, filterFromFlags } from '../filter-flags.ts';
import { parseCommandLine, usageError } from '../usage.ts';
import { onDataset } from './dataset-command.ts';

/** `summary <dataset.sqlite> [filters] [--json]`: the summary panel's figures; `--json` prints the CallSummary object. */
const USAGE = `npm run cli -- summary <dataset.sqlite> ${FILTER_USAGE} [--json]`;

export async function runSummary(argv: string[]): Promise<number> {
  const parsed = parseCommandLine(argv, { ...FILTER_OPTIONS, json: { type: 'boolean' } });
  if (!parsed.ok) return usageError(parsed.problem, USAGE);
  const { values, positionals } = parsed.parsed;
  if (positionals.length !== 1)
    return usageError(positionals.length === 0 ? 'summary needs the dataset file' : `summary takes one dataset, got ${positionals.length}`, USAGE);
  const filter = filterFromFlags(values);
  if (!filter.ok) return usageError(filter.problem, USAGE);

  return onDataset(positionals[0]!, USAGE, (queries, file) => {
    const s = queries.summary(file, filter.value);
    if (values.json) {
      process.stdout.write(`${JSON.stringify(s)}\n`);
      return 0;
    }
    const share = (n: number): string => (s.total === 0 ? '0%' : `${((100 * n) / s.total).toFixed(1)}%`);
    const lines = [
      `${s.total} calls, ${s.failures} failures, ${s.benign} benign.`,
      `By side: ${Object.entries(s.bySide)
        .map(([side, n]) => `${side} ${n} (${share(n)})`)
        .join(', ')}.`,
      `By reason: ${Object.entries(s.byReason)
        .sort((a, b) => b[1] - a[1])
        .map(([reason, n]) => `${reason} ${n}`)
        .join(', ')}.`,
      `Top statuses: ${s.topStatuses
        .slice(0, 10)
        .map((t) => `${t.code ?? '(none)'} ${t.count}`)
        .join(', ')}.`,
    ];
    if (s.managers.length > 0) {
      lines.push('Manager\tcalls\tanswered\tfailure rate\t' + FAILURE_SIDES.join('\t'));
      for (const m of s.managers) {
        lines.push([m.manager, m.calls, m.answered, `${(100 * m.failureRate).toFixed(1)}%`, ...FAILURE_SIDES.map((side) => m.failuresBySide[side])].join('\t'));
      }
    }
    process.stdout.write(`${lines.join('\n')}\n`);
    return 0;
  });
}
