import fs from 'node:fs';
import path from 'node:path';
import { ENCODINGS, type ColumnRole, type Delimiter, type EncodingName, type ImportOptions } from '../../shared/import-types.ts';
import { CallsightError } from '../../shared/result.ts';
import { SIDES } from '../../shared/status/index.ts';
import { runImportInWorker } from '../../core/import/job.ts';
import { removePartialFiles } from '../../core/datasets/dataset-file.ts';
import { APP_VERSION } from '../../core/version.ts';
import { parseCommandLine, usageError } from '../usage.ts';

/**
 * `import <file> --out <dataset.sqlite> …`: one import, run by the same import worker as the app. Exit 0 on success (rejected rows included), 1 when the file cannot be
 * imported or --out exists without --force (one line on stderr), 2 on usage errors. `--json` prints exactly one JSON object.
 * A replaced file's SQLite side files (a crashed writer's journal) go with it: see removeSqliteSideFiles.
 */

const USAGE =
  `npm run cli -- import <file> --out <dataset.sqlite> [--encoding ${ENCODINGS.join('|')}] ` +
  "[--delimiter ';'|,|tab|'|'] [--sheet NAME] [--status-column NAME | --manager-column NAME --client-column NAME] [--ragged keep|reject] " +
  '[--code-columns all|roles] [--name NAME] [--force] [--json]';

const OPTIONS = {
  out: { type: 'string' },
  encoding: { type: 'string' },
  delimiter: { type: 'string' },
  sheet: { type: 'string' },
  'status-column': { type: 'string' },
  'manager-column': { type: 'string' },
  'client-column': { type: 'string' },
  name: { type: 'string' },
  /** Rows with another number of fields than the header: kept as calls (the default), or rejected. */
  ragged: { type: 'string' },
  'code-columns': { type: 'string' },
  json: { type: 'boolean' },
  /** Replace an existing file at --out (never done silently). */
  force: { type: 'boolean' },
} as const;

const DELIMITER_WORDS: Readonly<Record<string, Delimiter>> = {
  ';': ';',
  ',': ',',
  '|': '|',
  '\t': '\t',
  '\\t': '\t',
  tab: '\t',
  semicolon: ';',
  comma: ',',
  pipe: '|',
};

export async function runImport(argv: string[]): Promise<number> {
  const parsed = parseCommandLine(argv, OPTIONS);
  if (!parsed.ok) return usageError(parsed.problem, USAGE);
  const { values, positionals } = parsed.parsed;
  if (positionals.length === 0) return usageError('import needs the file to import', USAGE);
  if (positionals.length > 1) return usageError(`import takes one file, got ${positionals.length}`, USAGE);
  if (!values.out) return usageError('import needs --out <dataset.sqlite>', USAGE);
  const encoding = values.encoding?.toLowerCase();
  if (encoding !== undefined && !(ENCODINGS as readonly string[]).includes(encoding)) {
    return usageError(`unsupported --encoding "${values.encoding}" (use ${ENCODINGS.join(', ')})`, USAGE);
  }
  const delimiter = values.delimiter === undefined ? undefined : DELIMITER_WORDS[values.delimiter.toLowerCase()];
  if (values.delimiter !== undefined && delimiter === undefined) {
    return usageError(`unsupported --delimiter "${values.delimiter}" (use ; , tab or |)`, USAGE);
  }
  const codeColumns = values['code-columns']?.toLowerCase();
  if (codeColumns !== undefined && codeColumns !== 'all' && codeColumns !== 'roles')
    return usageError(`unsupported --code-columns "${values['code-columns']}" (use all or roles)`, USAGE);
  const ragged = values.ragged?.toLowerCase();
  if (ragged !== undefined && ragged !== 'keep' && ragged !== 'reject')
    return usageError(`unsupported --ragged "${values.ragged}" (use keep or reject)`, USAGE);
  const statusColumn = values['status-column'];
  const managerColumn = values['manager-column'];
  const clientColumn = values['client-column'];
  if (statusColumn !== undefined && (managerColumn !== undefined || clientColumn !== undefined)) {
    return usageError('use either --status-column or --manager-column with --client-column, not both', USAGE);
  }
  if ((managerColumn === undefined) !== (clientColumn === undefined)) {
    return usageError('--manager-column and --client-column go together', USAGE);
  }

  const file = positionals[0]!;
  const out = path.resolve(values.out);
  try {
    const outDir = path.dirname(out);
    if (!fs.existsSync(outDir)) throw new CallsightError('io', `The output folder “${outDir}” does not exist.`);
    if (fs.existsSync(out) && values.force !== true) {
      throw new CallsightError('invalid-argument', `“${path.basename(out)}” already exists; add --force to replace it.`);
    }
    let options: ImportOptions = {
      ...(encoding ? { encoding: encoding as EncodingName } : {}),
      ...(delimiter ? { delimiter } : {}),
      ...(values.sheet !== undefined ? { sheet: values.sheet } : {}),
      ...(values.name !== undefined ? { name: values.name } : {}),
      ...(ragged !== undefined ? { raggedRows: ragged } : {}),
      ...(codeColumns !== undefined ? { codeColumns } : {}),
    };
    const wanted: [string, ColumnRole][] = [];
    if (statusColumn !== undefined) wanted.push([statusColumn, 'status']);
    if (managerColumn !== undefined && clientColumn !== undefined) wanted.push([managerColumn, 'managerLeg'], [clientColumn, 'clientLeg']);
    if (wanted.length > 0) {
      // Loaded only here: the import itself runs in a worker, so this thread need not hold the engine.
      const { previewSource } = await import('../../core/import/preview.ts');
      const preview = await previewSource(file, { id: 'cli', name: path.basename(file), size: 0, kind: 'delimited' }, options);
      const names = preview.columns.map((c) => c.name);
      const roles: Record<number, ColumnRole | null> = {};
      // The chosen columns replace whatever was detected: no other column keeps a status role.
      preview.columns.forEach((c) => {
        if (c.role === 'status' || c.role === 'managerLeg' || c.role === 'clientLeg') roles[c.index] = null;
      });
      for (const [name, role] of wanted) roles[columnIndex(names, name)] = role;
      options = { ...options, roles };
    }

    // Ctrl+C must not leave a half-written dataset next to the output path.
    const interrupted = (): void => {
      removePartialFiles(out);
      process.stderr.write('callsight: import interrupted; nothing was written.\n');
      process.exit(130);
    };
    process.once('SIGINT', interrupted);
    process.once('SIGTERM', interrupted);
    // The same import worker as the app, with heap limits that keep large imports inside the memory budget.
    const result = await runImportInWorker({
      path: file,
      options,
      outPath: out,
      datasetId: datasetIdOf(out),
      sourceName: path.basename(file),
      appVersion: APP_VERSION,
    });
    const s = result.summary;
    const bySide = Object.fromEntries(SIDES.map((side) => [side, s.bySide[side]]));
    const encodingUsed = result.textEncoding;
    if (values.json) {
      process.stdout.write(
        `${JSON.stringify({
          dataset: out,
          rowsRead: s.rowsRead,
          imported: s.imported,
          rejected: s.rejected,
          skipped: s.skipped ?? 0,
          repaired: s.repaired ?? 0,
          encoding: encodingUsed,
          delimiter: s.delimiter,
          bySide,
          unreadableTimes: s.unreadableTimes,
          elapsedMs: s.elapsedMs,
        })}\n`,
      );
    } else {
      const shown = s.delimiter === '\t' ? 'tab' : (s.delimiter ?? `sheet “${s.sheet ?? ''}”`);
      const lines = [
        `Imported ${s.imported} of ${s.rowsRead} rows into ${out} in ${(s.elapsedMs / 1000).toFixed(1)} s` +
          ` (${s.rejected} rejected, ${s.skipped ?? 0} of them skipped as a title or total row; ${encodingUsed ?? 'xlsx'}, ${shown}).`,
        `By side: ${SIDES.map((side) => `${side} ${s.bySide[side]}`).join(', ')}.`,
      ];
      if ((s.repaired ?? 0) > 0)
        lines.push(
          `${s.repaired} calls had another number of fields than the header (imported with a repaired shape): short ones padded with empty cells, ` +
            'extra cells kept in _extra; _fields holds the number of fields each had (--ragged reject rejects them instead).',
        );
      if (s.rejected > 0) lines.push('Rejected rows are listed, with line numbers and reasons, in the dataset’s “rejected” table.');
      if (s.unreadableTimes > 0)
        lines.push(`${s.unreadableTimes} calls have a time that could not be read (such as 30.02.2024); they are kept, with no _time.`);
      process.stdout.write(`${lines.join('\n')}\n`);
    }
    return 0;
  } catch (error) {
    const message = error instanceof CallsightError ? error.message : `internal error: ${error instanceof Error ? error.message : String(error)}`;
    process.stderr.write(`callsight: ${message.replace(/\s*\n\s*/g, ' ')}\n`);
    return 1;
  }
}

/** A column by exact name, then ignoring case and spaces, then as a 1-based number. */
function columnIndex(names: readonly string[], wanted: string): number {
  const norm = (s: string): string => s.trim().toLowerCase().replace(/\s+/g, ' ');
  let index = names.indexOf(wanted);
  if (index < 0) index = names.findIndex((n) => norm(n) === norm(wanted));
  if (index < 0 && /^\d+$/.test(wanted) && Number(wanted) >= 1 && Number(wanted) <= names.length) index = Number(wanted) - 1;
  if (index < 0) throw new CallsightError('invalid-argument', `The file has no column “${wanted}” (columns: ${names.join(', ')}).`);
  return index;
}

function datasetIdOf(out: string): string {
  const base = path.basename(out).replace(/\.callsight\.sqlite$|\.sqlite3?$|\.db$/i, '');
  const id = base.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 64);
  return id === '' ? 'dataset' : id;
}
