import { runImport } from './commands/import.ts';
import { runStatuses } from './commands/statuses.ts';
import { usageError } from './usage.ts';

/** `npm run cli -- <command> …`: the engine from a terminal, for scripts and checks. */
const COMMANDS: Readonly<Record<string, (argv: string[]) => Promise<number>>> = {
  statuses: runStatuses,
  import: runImport,
};

const [command, ...rest] = process.argv.slice(2);
const run = command ? COMMANDS[command] : undefined;
if (!run) {
  process.exitCode = usageError(
    command ? `unknown command "${command}"` : 'no command given',
    'npm run cli -- statuses [--json] [--lang ru|en] | import <file> --out <dataset.sqlite> [options]',
  );
} else {
  process.exitCode = await run(rest);
}
