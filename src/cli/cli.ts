import { runImport } from './commands/import.ts';
import { runStatuses } from './commands/statuses.ts';
import { runQuery } from './commands/query.ts';
import { runSummary } from './commands/summary.ts';
import { runExportCommand } from './commands/export.ts';
import { usageError } from './usage.ts';

/** `npm run cli -- <command> …`: the engine from a terminal, for scripts and checks. */
const COMMANDS: Readonly<Record<string, (argv: string[]) => Promise<number>>> = {
  statuses: runStatuses,
  import: runImport,
  query: runQuery,
  summary: runSummary,
  export: runExportCommand,
};

/** Runs one command line (without `node main.ts`); resolves with the exit code. */
export async function runCli(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  const run = command ? COMMANDS[command] : undefined;
  if (!run) {
    return usageError(
      command ? `unknown command "${command}"` : 'no command given',
      'npm run cli -- statuses [--json] [--lang ru|en] | import <file> --out <dataset.sqlite> [options] | query <dataset.sqlite> [filters] | summary <dataset.sqlite> [filters] | export <dataset.sqlite> --out FILE [filters]',
    );
  }
  return run(rest);
}
