import type { CustomCellRendererProps } from 'ag-grid-react';
import type { ColDef, ColumnState } from 'ag-grid-community';
import type { ColumnLayout } from '../../../shared/dataset-view.ts';
import type { CallRow, CellValue, DatasetColumn } from '../../../shared/query.ts';
import type { Side } from '../../../shared/status/types.ts';
import { SideBadge } from '../components/SideBadge.tsx';
import type { I18n } from '../i18n/index.ts';
import { filterDefOf } from './column-filters.ts';
import { statusMeaning } from './status-words.ts';
import { fieldsOf, headerWidth, shapeNote } from './row-shape.ts';
import { SHAPE_COLUMNS } from '../../../shared/import-types.ts';

/**
 * The call grid's columns: every original column of the file, in its order, then the tags an analyst
 * reads (Status, Meaning, Side, Reason, Benign, Origin). Column ids are the dataset's column names, so
 * a column's id is also what the engine sorts by; Meaning sorts by the status code it is derived from.
 * A dataset with calls of another number of fields has `_fields` (first: its badge marks such a row) and
 * `_extra` (with the file's columns), shown, filtered and exported like the file's own.
 */

/** What the cell renderers can do beyond showing a value (AG Grid's `context`). */
export interface GridContext {
  openStatus(code: string): void;
}

/** Where each dataset column's value sits in a CallRow's `values`. */
export type ValueIndex = ReadonlyMap<string, number>;

export const MEANING_COLUMN = '_meaning';
const SORT_AS: Readonly<Record<string, string>> = { [MEANING_COLUMN]: '_status' };
/** The engine column a grid column sorts by. */
export const sortColumnOf = (colId: string): string => SORT_AS[colId] ?? colId;

const TAG_COLUMNS = ['_status', MEANING_COLUMN, '_side', '_reason', '_benign', '_origin'] as const;

export function valueIndex(columns: readonly DatasetColumn[]): ValueIndex {
  return new Map(columns.map((column, i) => [column.name, i]));
}

const cell = (row: CallRow | undefined, index: ValueIndex, name: string): CellValue => {
  const i = index.get(name);
  return row && i !== undefined ? (row.values[i] ?? null) : null;
};

function SideCell(props: CustomCellRendererProps<CallRow, string>) {
  const side = props.value as Side | null | undefined;
  return side ? <SideBadge side={side} /> : null;
}

function StatusCell(props: CustomCellRendererProps<CallRow, string>) {
  const code = props.value;
  const context = props.context as GridContext;
  if (!code) return null;
  // A link-like button: Tab does not stop on it (the grid's own keyboard model moves between cells),
  // the detail drawer offers the same jump from the keyboard.
  return (
    <button
      type="button"
      className="link-button mono status-link"
      tabIndex={-1}
      data-testid="status-link"
      onClick={(event) => {
        event.stopPropagation();
        context.openStatus(code);
      }}
    >
      {code}
    </button>
  );
}

/** A repaired row's badge: the fields it had of the header's, and the sentence saying what was done. */
function ShapeCell(props: CustomCellRendererProps<CallRow, number>) {
  const found = fieldsOf(props.value);
  const { i18n, width } = props.colDef?.cellRendererParams as { i18n: I18n; width: number };
  if (found === null) return null;
  const note = shapeNote(i18n, found, width);
  return (
    <span className={`shape-badge ${found < width ? 'short' : 'long'}`} title={note} aria-label={note} data-testid="shape-badge">
      {found}/{width}
    </span>
  );
}

/** Marks the rows of a repaired shape (`row-repaired`), where the dataset has any. */
export function shapeRowClass(columns: readonly DatasetColumn[]): ((row: CallRow | undefined) => string | undefined) | undefined {
  const at = valueIndex(columns).get(SHAPE_COLUMNS.fields);
  if (at === undefined) return undefined;
  return (row) => (row && fieldsOf(row.values[at]) !== null ? 'row-repaired' : undefined);
}

export function buildColumnDefs(columns: readonly DatasetColumn[], i18n: I18n): ColDef<CallRow>[] {
  const { t } = i18n;
  const index = valueIndex(columns);
  const shapeHeaders: Readonly<Record<string, string>> = { [SHAPE_COLUMNS.fields]: t.calls.shapeFieldsHeader, [SHAPE_COLUMNS.extra]: t.calls.shapeExtraHeader };
  const originals: ColDef<CallRow>[] = columns
    .filter((column) => !column.tag)
    .map((column) => ({
      colId: column.name,
      headerName: column.name,
      headerTooltip: shapeHeaders[column.name] ?? (column.role ? `${column.name} — ${roleName(i18n, column.role)}` : column.name),
      width: column.kind === 'number' ? 110 : 160,
      cellClass: column.kind === 'number' ? 'num' : undefined,
      valueGetter: (params) => cell(params.data, index, column.name),
      // The column's filter edits CallFilter's `where` (column-filters.ts); the engine does the filtering.
      ...filterDefOf(column),
      ...(column.name === SHAPE_COLUMNS.fields ? { cellRenderer: ShapeCell, cellRendererParams: { i18n, width: headerWidth(columns) }, width: 100 } : {}),
    }));
  // The badge goes first, where a repaired row is seen without scrolling sideways.
  originals.sort((a, b) => Number(b.colId === SHAPE_COLUMNS.fields) - Number(a.colId === SHAPE_COLUMNS.fields));
  const tags: Record<(typeof TAG_COLUMNS)[number], ColDef<CallRow>> = {
    _status: {
      headerName: t.calls.colStatus,
      width: 100,
      cellRenderer: StatusCell,
      valueGetter: (params) => cell(params.data, index, '_status'),
    },
    [MEANING_COLUMN]: {
      headerName: t.calls.colMeaning,
      width: 280,
      valueGetter: (params) =>
        params.data
          ? statusMeaning(
              i18n,
              cell(params.data, index, '_status') as string | null,
              cell(params.data, index, '_manager_leg') as number | null,
              cell(params.data, index, '_client_leg') as number | null,
            )
          : null,
      tooltipValueGetter: (params) => String(params.value ?? ''),
    },
    _side: { headerName: t.calls.colSide, width: 140, cellRenderer: SideCell, valueGetter: (params) => cell(params.data, index, '_side') },
    _reason: {
      headerName: t.calls.colReason,
      width: 160,
      valueGetter: (params) => cell(params.data, index, '_reason'),
      valueFormatter: (params) => (params.value ? wordFor(t.reason, params.value) : ''),
    },
    _benign: {
      headerName: t.calls.colBenign,
      width: 100,
      valueGetter: (params) => cell(params.data, index, '_benign'),
      valueFormatter: (params) => (params.value === null || params.value === undefined ? '' : params.value ? t.calls.yes : t.calls.no),
    },
    _origin: {
      headerName: t.calls.colOrigin,
      width: 130,
      valueGetter: (params) => cell(params.data, index, '_origin'),
      valueFormatter: (params) => (params.value ? wordFor(t.calls.origin, params.value) : ''),
    },
  };
  return [...originals, ...TAG_COLUMNS.map((colId) => ({ colId, ...tags[colId] }))];
}

/** A tag value in words; a value this version has no word for (a newer dataset) is shown as stored. */
function wordFor(words: Readonly<Record<string, string | undefined>>, value: unknown): string {
  return words[String(value)] ?? String(value);
}

function roleName(i18n: I18n, role: string): string {
  const names: Readonly<Record<string, string>> = i18n.t.role;
  return names[role] ?? role;
}

/** The grid's column state as the layout we keep (order, width, hidden, pinned; the sort is kept apart). */
export function layoutOf(state: readonly ColumnState[]): ColumnLayout[] {
  return state.map((column) => ({
    id: column.colId,
    ...(typeof column.width === 'number' ? { width: Math.round(column.width) } : {}),
    ...(column.hide ? { hide: true } : {}),
    ...(column.pinned === 'left' || column.pinned === 'right' ? { pinned: column.pinned } : {}),
  }));
}

/** A kept layout as column state for `applyColumnState` (columns the dataset no longer has are skipped by the grid). */
export function stateOf(layout: readonly ColumnLayout[]): ColumnState[] {
  return layout.map((column) => ({
    colId: column.id,
    ...(column.width === undefined ? {} : { width: column.width }),
    hide: column.hide ?? false,
    pinned: column.pinned ?? null,
  }));
}
