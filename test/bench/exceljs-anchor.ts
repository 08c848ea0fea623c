/**
 * The export bench's anchor: ExcelJS's streaming WorkbookWriter writing a dataset's calls (originals and
 * the six annotation texts, as strings) into one sheet — what one would write with the usual library.
 *
 *   node test/bench/exceljs-anchor.ts <dataset.sqlite> <out.xlsx>
 */
import Database from 'better-sqlite3';
import ExcelJS from 'exceljs';
import { exportLayout } from '../../src/core/export/export-columns.ts';
import { DatasetColumns } from '../../src/core/query/dataset-columns.ts';
import { ROW_TAGS } from '../../src/core/export/export-columns.ts';

const [file, out] = process.argv.slice(2);
if (!file || !out) {
  process.stderr.write('usage: node test/bench/exceljs-anchor.ts <dataset.sqlite> <out.xlsx>\n');
  process.exit(2);
}
const db = new Database(file, { readonly: true });
const tableColumns = (db.prepare('PRAGMA table_info(calls)').all() as { name: string }[]).map((c) => c.name);
const roles = JSON.parse((db.prepare("SELECT value FROM meta WHERE key = 'roles'").pluck().get() as string | undefined) ?? '{}') as Record<string, string>;
const layout = exportLayout(new DatasetColumns(tableColumns, roles), undefined, 'ru');
const quote = (name: string): string => `"${name.replaceAll('"', '""')}"`;
const select = db.prepare(`SELECT ${[...layout.originals, ...ROW_TAGS].map(quote).join(', ')} FROM calls ORDER BY rowid`).raw();
const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: out, useSharedStrings: false, useStyles: false });
const sheet = workbook.addWorksheet('Calls');
sheet.addRow(layout.columns.map((column) => column.header)).commit();
let n = 0;
for (const row of select.iterate() as IterableIterator<(string | number | null)[]>) {
  sheet.addRow(layout.texts(row)).commit();
  n++;
}
sheet.commit();
await workbook.commit();
process.stdout.write(`${JSON.stringify({ rows: n })}\n`);
