/**
 * The import engine's public surface (issue #3). The app and the CLI use only what is exported here.
 */
import { detectSourceKindSync } from './read/source-kind.ts';

export { previewSource } from './preview.ts';
export { startImport, runImportInWorker, newDatasetId, type ImportHandle, type StartImportParams } from './job.ts';
export { runImport, type RunImportParams, type RunImportResult } from './run-import.ts';

/** 'xlsx' when the file is a ZIP (PK\3\4), else 'delimited'; never by extension. */
export async function detectSourceKind(path: string): Promise<'delimited' | 'xlsx'> {
  return detectSourceKindSync(path);
}
