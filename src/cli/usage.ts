import { parseArgs, type ParseArgsConfig } from 'node:util';

/** Usage problems are one line on stderr and exit code 2, as scripts expect. */
export function usageError(problem: string, usage: string): number {
  process.stderr.write(`callsight: ${problem}. Usage: ${usage}\n`);
  return 2;
}

type Parsed<O extends ParseArgsConfig['options']> = ReturnType<typeof parseArgs<{ options: O; allowPositionals: true; strict: true }>>;

/** node:util parseArgs, with its multi-line errors cut to the first line. */
export function parseCommandLine<O extends NonNullable<ParseArgsConfig['options']>>(
  argv: string[],
  options: O,
): { ok: true; parsed: Parsed<O> } | { ok: false; problem: string } {
  try {
    return {
      ok: true,
      parsed: parseArgs<{ args: string[]; options: O; allowPositionals: true; strict: true }>({ args: argv, options, allowPositionals: true, strict: true }),
    };
  } catch (error) {
    return { ok: false, problem: (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? 'bad arguments' };
  }
}
