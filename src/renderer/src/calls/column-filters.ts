import type { ColDef, FilterModel, NumberFilterModel, TextFilterModel } from 'ag-grid-community';
import type { CallRow, ColumnCondition, DatasetColumn } from '../../../shared/query.ts';

/**
 * AG Grid's column filters (Community's text and number filters) as CallFilter's per-column
 * conditions, both ways. The grid never filters rows itself (Infinite Row Model): a filter the user
 * sets in a column becomes `where` of the one CallFilter, shown as a token, kept in the history and
 * answered by the engine; the grid's filter model is only its editor, set back from `where` when the
 * filter changes elsewhere (a token removed, Back, a reload).
 *
 * Original columns only (the tags have chips and pickers). Text (and time, as written in the file):
 * contains / equals / is empty. Number and duration (and cost) columns: a range with both ends
 * included, ≥, ≤, equals (a range of one value), is empty. One condition per column.
 */

export const TEXT_OPTIONS = ['contains', 'equals', 'blank'] as const;
export const NUMBER_OPTIONS = ['inRange', 'greaterThanOrEqual', 'lessThanOrEqual', 'equals', 'blank'] as const;

/** The filter part of an original column's definition; null for a column the grid does not filter. */
export function filterDefOf(column: DatasetColumn): Pick<ColDef<CallRow>, 'filter' | 'filterParams' | 'floatingFilter'> | null {
  if (column.tag) return null;
  const common = { maxNumConditions: 1, buttons: ['reset'], debounceMs: 500 };
  if (column.kind === 'number') {
    return {
      filter: 'agNumberColumnFilter',
      floatingFilter: true,
      // Typing in the row under the header means "at least": the commonest question about a duration or a cost.
      filterParams: { ...common, filterOptions: [...NUMBER_OPTIONS], defaultOption: 'greaterThanOrEqual', inRangeInclusive: true },
    };
  }
  return {
    filter: 'agTextColumnFilter',
    floatingFilter: true,
    filterParams: { ...common, filterOptions: [...TEXT_OPTIONS], defaultOption: 'contains', trimInput: true },
  };
}

const isText = (column: DatasetColumn): boolean => filterDefOf(column)?.filter === 'agTextColumnFilter';
const isNumber = (column: DatasetColumn): boolean => filterDefOf(column)?.filter === 'agNumberColumnFilter';

/** A number the user typed in a filter (AG Grid gives numbers; a decimal comma is read too). */
function numberOf(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value !== 'string' || value.trim() === '') return null;
  const n = Number(value.trim().replace(',', '.'));
  return Number.isFinite(n) ? n : null;
}

/** One column's model from the grid as a condition; null when it says nothing yet (a half-typed range). */
export function conditionOfModel(column: DatasetColumn, model: unknown): ColumnCondition | null {
  if (typeof model !== 'object' || model === null || 'conditions' in model) return null;
  const name = column.name;
  if (isText(column)) {
    const text = model as TextFilterModel;
    if (text.type === 'blank') return { column: name, op: 'empty' };
    const value = typeof text.filter === 'string' ? text.filter.trim() : '';
    if (value === '') return null;
    if (text.type === 'contains') return { column: name, op: 'contains', value };
    if (text.type === 'equals') return { column: name, op: 'equals', value };
    return null;
  }
  if (isNumber(column)) {
    const number = model as NumberFilterModel;
    if (number.type === 'blank') return { column: name, op: 'empty' };
    const from = numberOf(number.filter);
    const to = numberOf(number.filterTo);
    if (number.type === 'inRange') {
      if (from === null && to === null) return null;
      // An upside-down range is put the right way round rather than refused: the user meant between.
      if (from !== null && to !== null && from > to) return { column: name, op: 'range', min: to, max: from };
      return { column: name, op: 'range', ...(from === null ? {} : { min: from }), ...(to === null ? {} : { max: to }) };
    }
    if (from === null) return null;
    // Only the options NUMBER_OPTIONS offers; any other (a model from elsewhere) says nothing.
    if (number.type === 'greaterThanOrEqual') return { column: name, op: 'range', min: from };
    if (number.type === 'lessThanOrEqual') return { column: name, op: 'range', max: from };
    if (number.type === 'equals') return { column: name, op: 'range', min: from, max: from };
    return null;
  }
  return null;
}

/** The grid's whole filter model as conditions, in the dataset's column order. */
export function whereOfModel(columns: readonly DatasetColumn[], model: FilterModel): ColumnCondition[] {
  const out: ColumnCondition[] = [];
  for (const column of columns) {
    const condition = model[column.name] === undefined ? null : conditionOfModel(column, model[column.name]);
    if (condition) out.push(condition);
  }
  return out;
}

/** A condition as the grid's model of its column; null when the grid cannot show it (then it stays a token only). */
export function modelOfCondition(column: DatasetColumn, condition: ColumnCondition): TextFilterModel | NumberFilterModel | null {
  if (isText(column)) {
    switch (condition.op) {
      case 'contains':
      case 'equals':
        return { filterType: 'text', type: condition.op, filter: condition.value };
      case 'empty':
        return { filterType: 'text', type: 'blank' };
      case 'range':
        return null;
    }
  }
  if (isNumber(column)) {
    switch (condition.op) {
      case 'empty':
        return { filterType: 'number', type: 'blank' };
      case 'range': {
        const { min, max } = condition;
        if (min !== undefined && max !== undefined) {
          return min === max ? { filterType: 'number', type: 'equals', filter: min } : { filterType: 'number', type: 'inRange', filter: min, filterTo: max };
        }
        if (min !== undefined) return { filterType: 'number', type: 'greaterThanOrEqual', filter: min };
        if (max !== undefined) return { filterType: 'number', type: 'lessThanOrEqual', filter: max };
        return null;
      }
      case 'equals': {
        const n = numberOf(condition.value);
        return n === null ? null : { filterType: 'number', type: 'equals', filter: n };
      }
      case 'contains':
        return null;
    }
  }
  return null;
}

/**
 * The grid's model for a filter's conditions: one entry per column the grid can show (the first
 * condition on it); conditions it cannot show are left out of the model and kept in the filter.
 */
export function modelOfWhere(columns: readonly DatasetColumn[], where: readonly ColumnCondition[] | undefined): FilterModel {
  const byName = new Map(columns.map((column) => [column.name, column]));
  const model: FilterModel = {};
  for (const condition of where ?? []) {
    const column = byName.get(condition.column);
    if (!column || model[column.name] !== undefined) continue;
    const entry = modelOfCondition(column, condition);
    if (entry) model[column.name] = entry;
  }
  return model;
}

/**
 * The filter's `where` after the user changed the grid's column filters: each condition the grid
 * showed is replaced in place by what the grid holds for its column now (or dropped), a column newly
 * filtered is added at the end (tokens stay in the order they were added), and conditions the grid
 * cannot show (a second one on a column, one on a tag column) are kept as they are.
 */
export function mergeWhere(columns: readonly DatasetColumn[], where: readonly ColumnCondition[] | undefined, model: FilterModel): ColumnCondition[] {
  const byName = new Map(columns.map((column) => [column.name, column]));
  const now = new Map(whereOfModel(columns, model).map((condition) => [condition.column, condition]));
  const shownColumns = new Set<string>();
  const out: ColumnCondition[] = [];
  for (const condition of where ?? []) {
    const column = byName.get(condition.column);
    const shown = column !== undefined && !shownColumns.has(column.name) && modelOfCondition(column, condition) !== null;
    if (!shown) {
      out.push(condition);
      continue;
    }
    shownColumns.add(column.name);
    const replacement = now.get(column.name);
    if (replacement) out.push(replacement);
  }
  for (const [name, condition] of now) if (!shownColumns.has(name)) out.push(condition);
  return out;
}

/** Whether two filter models ask for the same conditions (the grid adds fields of its own to a model). */
export function sameModel(columns: readonly DatasetColumn[], a: FilterModel, b: FilterModel): boolean {
  return JSON.stringify(whereOfModel(columns, a)) === JSON.stringify(whereOfModel(columns, b));
}
