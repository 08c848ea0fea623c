import path from 'node:path';
import { CallsightError } from '../../shared/result.ts';
import { CallQueries } from '../../core/query/call-queries.ts';

/**
 * Runs a query command on one dataset file and maps failures to the CLI's contract: a filter the
 * dataset rejects (unknown column, range upside down, bad time) is a usage error, exit 2; a missing,
 * foreign or older file exits 1; both as one line on stderr.
 */
export function onDataset(file: string, usage: string, work: (queries: CallQueries, file: string) => number): number {
  const queries = new CallQueries();
  try {
    return work(queries, path.resolve(file));
  } catch (error) {
    const known = error instanceof CallsightError;
    const message = known ? error.message : `internal error: ${(error instanceof Error ? error.message : String(error)).split('\n')[0]}`;
    if (known && error.code === 'invalid-argument') {
      process.stderr.write(`callsight: ${oneLine(message)} Usage: ${usage}\n`);
      return 2;
    }
    process.stderr.write(`callsight: ${oneLine(message)}\n`);
    return 1;
  } finally {
    queries.closeAll();
  }
}

const oneLine = (text: string): string => text.replace(/\s*\n\s*/g, ' ');
