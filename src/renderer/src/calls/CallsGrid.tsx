import { useCallback, useEffect, useLayoutEffect, useMemo, useRef } from 'react';
import { AgGridReact } from 'ag-grid-react';
import type { CellKeyDownEvent, ColumnState, FilterModel, GridApi, GridReadyEvent, IDatasource, IGetRowsParams } from 'ag-grid-community';
import type { ColumnLayout } from '../../../shared/dataset-view.ts';
import { FILE_ORDER, type CallFilter, type CallRow, type CallSort, type DatasetColumn } from '../../../shared/query.ts';
import { getApi, settle } from '../api.ts';
import { useI18n } from '../i18n/index.ts';
import { useShell } from '../shell.ts';
import { modelOfWhere, sameModel } from './column-filters.ts';
import { buildColumnDefs, layoutOf, shapeRowClass, sortColumnOf, stateOf, type GridContext } from './grid-columns.tsx';

/** Rows per request: one screen and a bit, cheap for the engine (a slice of ordered ids and point lookups). */
const BLOCK_SIZE = 100;
/**
 * Rows drawn above and below the screen (AG Grid's default is 10). Dragging the scrollbar over 10M rows
 * replaces every drawn row at each move, so the rows drawn are the work of a frame: 2 draws 19 rows
 * instead of 34, and the drag bench (`npm run bench:ui -- --drag`) went from a longest frame gap of
 * 83-117 ms (p99 50-67 ms) to 50 ms (p99 33 ms), the mouse answered twice as fast.
 */
const ROW_BUFFER = 2;
/** Blocks kept in the renderer: a few screens around where the user is, never the whole log. */
const MAX_BLOCKS = 20;

export interface GridCallbacks {
  /** Calls matching the filter, from the first page answered for it. */
  onMatched(total: number | null): void;
  /** The first page of a filter is on screen: the counts can be asked for now without delaying it. */
  onFirstPage(filter: CallFilter): void;
  onPreparing(preparing: boolean): void;
  onSortChanged(sort: CallSort | null): void;
  onLayoutChanged(layout: ColumnLayout[]): void;
  onOpenDetail(callId: number): void;
  onOpenStatus(code: string): void;
  /** The user changed a column filter: the grid's whole filter model, for CallFilter's `where` (column-filters.ts). */
  onColumnFilter(model: FilterModel): void;
}

/**
 * The dataset's calls in AG Grid's Infinite Row Model: the grid asks for blocks of rows as the user
 * scrolls, each block is one `calls/page` at its offset, and the engine sorts (a header click restarts
 * the blocks with the new sort). The total from each answer sizes the scrollbar, so the last row is as
 * near as the first.
 */
export function CallsGrid({
  datasetId,
  columns,
  filter,
  initialLayout,
  initialSort,
  callbacks,
  onGridApi,
}: {
  datasetId: string;
  columns: readonly DatasetColumn[];
  filter: CallFilter;
  /** Read when a grid is created (on open and after a language switch), not followed afterwards. */
  initialLayout: () => readonly ColumnLayout[];
  initialSort: () => CallSort | null;
  callbacks: GridCallbacks;
  onGridApi: (api: GridApi<CallRow> | null) => void;
}) {
  const i18n = useI18n();
  const shell = useShell();
  const api = getApi();
  const { lang } = i18n;
  // Callbacks change identity with the parent's renders; the datasource reads the latest through a ref.
  const latest = useRef(callbacks);
  const latestFilter = useRef(filter);
  useLayoutEffect(() => {
    latest.current = callbacks;
    latestFilter.current = filter;
  });
  const gridApiRef = useRef<GridApi<CallRow> | null>(null);

  const columnDefs = useMemo(() => buildColumnDefs(columns, i18n), [columns, i18n]);
  const rowClass = useMemo(() => shapeRowClass(columns), [columns]);
  const context = useMemo<GridContext>(() => ({ openStatus: (code) => latest.current.onOpenStatus(code) }), []);

  const filterKey = JSON.stringify(filter);
  const datasource = useMemo<IDatasource>(() => {
    const requestFilter = JSON.parse(filterKey) as CallFilter;
    return {
      getRows(params: IGetRowsParams) {
        if (!api) {
          params.failCallback();
          return;
        }
        const first = params.sortModel[0];
        const sort: CallSort = first ? { column: sortColumnOf(first.colId), direction: first.sort } : FILE_ORDER;
        const request = { filter: requestFilter, sort, offset: params.startRow, limit: params.endRow - params.startRow };
        void settle(api.calls.page(datasetId, request)).then((result) => {
          // The engine says when it builds an order ('calls/order', below); the answer ends it in any case.
          latest.current.onPreparing(false);
          const page = shell.unwrap(result);
          if (!page) {
            params.failCallback();
            if (params.startRow === 0) latest.current.onMatched(null);
            return;
          }
          params.successCallback([...page.rows], page.total);
          latest.current.onMatched(page.total);
          if (params.startRow === 0) latest.current.onFirstPage(requestFilter);
        });
      },
    };
  }, [api, shell, datasetId, filterKey]);

  // A sort by a column whose order the engine has not built yet takes seconds at millions of rows: the
  // engine says so before it starts ('building') and when it is done, and the screen shows a note between.
  useEffect(() => {
    if (!api) return;
    return api.calls.onOrder((progress) => {
      if (progress.datasetId === datasetId) latest.current.onPreparing(progress.phase === 'building');
    });
  }, [api, datasetId]);

  const emitLayout = useCallback((gridApi: GridApi<CallRow>) => {
    latest.current.onLayoutChanged(layoutOf(gridApi.getColumnState()));
  }, []);

  const onGridReady = useCallback(
    (event: GridReadyEvent<CallRow>) => {
      const layout = initialLayout();
      const sort = initialSort();
      if (layout.length > 0) event.api.applyColumnState({ state: stateOf(layout), applyOrder: true });
      if (sort) {
        const colId = sort.column;
        event.api.applyColumnState({ state: [{ colId, sort: sort.direction }], defaultState: { sort: null } });
      }
      // The column filters show the filter's conditions (a remembered view, or after a language switch).
      event.api.setFilterModel(modelOfWhere(columns, latestFilter.current.where));
      gridApiRef.current = event.api;
      onGridApi(event.api);
    },
    [columns, initialLayout, initialSort, onGridApi],
  );

  // The filter changed elsewhere (a token removed, Back/Forward, the reference): the column filters follow.
  const whereKey = JSON.stringify(filter.where ?? []);
  useEffect(() => {
    const gridApi = gridApiRef.current;
    if (!gridApi || gridApi.isDestroyed()) return;
    const wanted = modelOfWhere(columns, JSON.parse(whereKey) as CallFilter['where']);
    if (!sameModel(columns, gridApi.getFilterModel(), wanted)) gridApi.setFilterModel(wanted);
  }, [columns, whereKey]);

  const onCellKeyDown = useCallback((event: CellKeyDownEvent<CallRow>) => {
    const key = (event.event as KeyboardEvent | null)?.key;
    if (key === 'Enter' && event.data) latest.current.onOpenDetail(event.data.id);
  }, []);

  return (
    <div className="grid-wrap ag-theme-quartz calls-grid" data-testid="calls-grid">
      <AgGridReact<CallRow>
        key={lang /* localeText and header names are read once: a new language needs a new grid */}
        theme="legacy"
        localeText={i18n.gridLocale}
        rowModelType="infinite"
        datasource={datasource}
        cacheBlockSize={BLOCK_SIZE}
        maxBlocksInCache={MAX_BLOCKS}
        rowBuffer={ROW_BUFFER}
        maxConcurrentDatasourceRequests={2}
        blockLoadDebounceMillis={60}
        columnDefs={columnDefs}
        defaultColDef={{ sortable: true, resizable: true }}
        getRowId={(params) => String(params.data.id)}
        getRowClass={rowClass && ((params) => rowClass(params.data))}
        context={context}
        suppressMultiSort
        animateRows={false}
        rowHeight={30}
        headerHeight={34}
        tooltipShowDelay={600}
        onGridReady={onGridReady}
        onGridPreDestroyed={() => {
          gridApiRef.current = null;
          onGridApi(null);
        }}
        // The engine filters (datasource above); a user's change of a column filter becomes the screen's filter.
        onFilterChanged={(event) => {
          if (event.source !== 'api') latest.current.onColumnFilter(event.api.getFilterModel());
        }}
        // The grid is one stop of the page's Tab order: arrows move inside it, Tab and Shift+Tab leave it.
        tabToNextCell={() => false}
        tabToNextHeader={() => false}
        onSortChanged={(event) => {
          const sorted = event.api.getColumnState().find((column: ColumnState) => column.sort);
          latest.current.onSortChanged(sorted?.sort ? { column: sortColumnOf(sorted.colId), direction: sorted.sort } : null);
        }}
        onColumnMoved={(event) => {
          if (event.finished) emitLayout(event.api);
        }}
        onColumnResized={(event) => {
          if (event.finished) emitLayout(event.api);
        }}
        onColumnVisible={(event) => emitLayout(event.api)}
        onColumnPinned={(event) => emitLayout(event.api)}
        onRowDoubleClicked={(event) => {
          if (event.data) latest.current.onOpenDetail(event.data.id);
        }}
        onCellKeyDown={onCellKeyDown}
      />
    </div>
  );
}
