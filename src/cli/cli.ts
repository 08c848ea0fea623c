import { usageError } from './usage.ts';

/**
 * `npm run cli -- <command> …`: the engine from a terminal, for scripts and checks. Each command is
 * loaded only when it runs: an import must not carry the export's chart renderer or the query engine in
 * its memory (at 10M rows that was 100+ MB of its peak).
 */
type Command = (argv: string[]) => Promise<number>;
const COMMANDS: Readonly<Record<string, () => Promise<Command>>> = {
  statuses: async () => (await import('./commands/statuses.ts')).runStatuses,
  import: async () => (await import('./commands/import.ts')).runImport,
  query: async () => (await import('./commands/query.ts')).runQuery,
  summary: async () => (await import('./commands/summary.ts')).runSummary,
  export: async () => (await import('./commands/export.ts')).runExportCommand,
};

/** Runs one command line (without `node main.ts`); resolves with the exit code. */
export async function runCli(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  const load = command !== undefined && Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
  if (!load) {
    return usageError(
      command ? `unknown command "${command}"` : 'no command given',
      'npm run cli -- statuses [--json] [--lang ru|en] | import <file> --out <dataset.sqlite> [options] | query <dataset.sqlite> [filters] | summary <dataset.sqlite> [filters] | export <dataset.sqlite> --out FILE [filters]',
    );
  }
  const run = await load();
  return run(rest);
}
