import { useCallback, useEffect, useRef, useState } from 'react';
import type { GridApi } from 'ag-grid-community';
import type { ColumnLayout, DatasetView } from '../../../shared/dataset-view.ts';
import { FILE_ORDER, type CallColumns, type CallCounts, type CallFilter, type CallRow, type CallSort } from '../../../shared/query.ts';
import { getApi, settle } from '../api.ts';
import { ExportDialog } from '../export/ExportDialog.tsx';
import { format, useI18n } from '../i18n/index.ts';
import { useNavigator, useShell } from '../shell.ts';
import { CallDetailDrawer } from './CallDetailDrawer.tsx';
import { CallsGrid, type GridCallbacks } from './CallsGrid.tsx';
import { ColumnChooser } from './ColumnChooser.tsx';
import { FilterBar } from './FilterBar.tsx';
import { canGoBack, canGoForward, currentFilter, goBack, goForward, pushFilter, startHistory, type FilterHistory } from './filter-history.ts';
import { mergeWhere } from './column-filters.ts';
import { normalize, sameFilter, without } from './filter-model.ts';
import { FilterTokens } from './FilterTokens.tsx';
import { KeyboardHelp } from './KeyboardHelp.tsx';
import { SummaryPanel } from './SummaryPanel.tsx';
import { loadView, saveView } from './view-store.ts';
import './calls.css';

/** A request from elsewhere (the reference's "show these calls") to show a filter; `seq` makes each one new. */
export interface FilterRequest {
  readonly filter: CallFilter;
  readonly seq: number;
}

type Loaded =
  | { readonly kind: 'ready'; readonly columns: CallColumns; readonly name: string; readonly view: DatasetView | null }
  | { readonly kind: 'reimport'; readonly message: string; readonly name: string }
  | { readonly kind: 'failed' };

/**
 * One dataset's calls: the grid, the filter that narrows it, the counts, the summary and a call's
 * detail. Stays mounted while the user visits the reference, so coming back finds the same place.
 */
export function CallsScreen({ datasetId, active, request }: { datasetId: string; active: boolean; request: FilterRequest | null }) {
  const { t } = useI18n();
  const shell = useShell();
  const navigator = useNavigator();
  const api = getApi();
  const [loaded, setLoaded] = useState<Loaded | null>(null);

  useEffect(() => {
    if (!api) return;
    let live = true;
    void Promise.all([settle(api.calls.columns(datasetId)), settle(api.datasets.get(datasetId)), loadView(api, datasetId)]).then(([columns, summary, view]) => {
      if (!live) return;
      const name = summary.ok ? summary.value.name : '';
      if (!columns.ok && columns.error.code === 'reimport-needed') setLoaded({ kind: 'reimport', message: columns.error.message, name });
      else {
        const value = shell.unwrap(columns);
        setLoaded(value ? { kind: 'ready', columns: value, name, view } : { kind: 'failed' });
      }
    });
    return () => {
      live = false;
    };
  }, [api, shell, datasetId]);

  const reimport = async () => {
    if (!api) return;
    const source = shell.unwrap(await settle(api.datasets.reimport(datasetId)));
    if (source) navigator.importSource(source);
  };

  if (loaded === null) return <section className="calls" data-testid="calls-screen" data-state="loading" hidden={!active} />;
  if (loaded.kind === 'failed') {
    return (
      <section className="calls" data-testid="calls-screen" data-state="failed" hidden={!active}>
        <p className="empty">{t.calls.loadFailed}</p>
      </section>
    );
  }
  if (loaded.kind === 'reimport') {
    return (
      <section className="calls" data-testid="calls-screen" data-state="reimport" hidden={!active}>
        <div className="reimport-note" role="alert" data-testid="calls-reimport">
          <h2>{loaded.name}</h2>
          <p>{loaded.message}</p>
          <button type="button" className="primary" onClick={() => void reimport()} data-testid="calls-reimport-button">
            {t.datasets.reimport}
          </button>
        </div>
      </section>
    );
  }
  return <CallsWorkspace datasetId={datasetId} active={active} request={request} columns={loaded.columns} name={loaded.name} view={loaded.view} />;
}

function CallsWorkspace({
  datasetId,
  active,
  request,
  columns,
  name,
  view,
}: {
  datasetId: string;
  active: boolean;
  request: FilterRequest | null;
  columns: CallColumns;
  name: string;
  view: DatasetView | null;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const shell = useShell();
  const navigator = useNavigator();
  const api = getApi();
  const [history, setHistory] = useState<FilterHistory>(() => startHistory(request?.filter ?? view?.filter ?? {}));
  const [sort, setSort] = useState<CallSort | null>(view?.sort ?? null);
  const [matched, setMatched] = useState<number | null>(null);
  const [sideCounts, setSideCounts] = useState<{ filter: CallFilter; counts: CallCounts } | null>(null);
  const [firstPageOf, setFirstPageOf] = useState<CallFilter | null>(null);
  const [preparing, setPreparing] = useState(false);
  const [detailId, setDetailId] = useState<number | null>(null);
  const [tab, setTab] = useState<'grid' | 'summary'>('grid');
  const [gridApi, setGridApi] = useState<GridApi<CallRow> | null>(null);
  const [helpOpen, setHelpOpen] = useState(false);
  /** The export dialog, open with the view's visible original columns in their order at the moment it opened. */
  const [exporting, setExporting] = useState<{ columns: readonly string[] } | null>(null);
  const layout = useRef<readonly ColumnLayout[]>(view?.columns ?? []);
  const sortRef = useRef<CallSort | null>(view?.sort ?? null);
  const filter = currentFilter(history);

  // A request from the reference ("show these calls") becomes the newest step of the history.
  const [handledRequest, setHandledRequest] = useState(request?.seq ?? 0);
  if (request && request.seq !== handledRequest) {
    setHandledRequest(request.seq);
    setHistory((h) => pushFilter(h, request.filter));
    setTab('grid');
  }

  const changeFilter = useCallback((next: CallFilter) => {
    setHistory((h) => pushFilter(h, next));
    setDetailId(null);
  }, []);

  // Everything the user set is kept for the next visit (the store writes after a short pause).
  const persist = useCallback(() => {
    if (api) saveView(api, datasetId, { filter, sort: sortRef.current, columns: [...layout.current] });
  }, [api, datasetId, filter]);
  useEffect(() => {
    persist();
  }, [persist, sort]);

  // Side counts for the filter without its sides, asked for once the first page of that filter is shown.
  const countsFilterKey = firstPageOf && sameFilter(firstPageOf, filter) ? JSON.stringify(without(filter, 'sides')) : null;
  useEffect(() => {
    if (!api || countsFilterKey === null) return;
    let live = true;
    const countsFilter = JSON.parse(countsFilterKey) as CallFilter;
    void settle(api.calls.counts(datasetId, countsFilter)).then((result) => {
      if (!live) return;
      const counts = shell.unwrap(result);
      if (counts) setSideCounts({ filter: countsFilter, counts });
    });
    return () => {
      live = false;
    };
  }, [api, shell, datasetId, countsFilterKey]);
  const shownCounts = sideCounts && sameFilter(sideCounts.filter, without(filter, 'sides')) ? sideCounts.counts : null;

  const callbacks: GridCallbacks = {
    onMatched: setMatched,
    onFirstPage: setFirstPageOf,
    onPreparing: setPreparing,
    onSortChanged: (next) => {
      sortRef.current = next;
      setSort(next);
    },
    onLayoutChanged: (next) => {
      layout.current = next;
      persist();
    },
    onOpenDetail: setDetailId,
    onOpenStatus: navigator.openStatus,
    // A column filter of the grid is the filter's `where`: one more step of the history, a token like the others.
    onColumnFilter: (model) => changeFilter(normalize({ ...filter, where: mergeWhere(columns.columns, filter.where, model) })),
  };
  const initialLayout = useCallback(() => layout.current, []);
  const initialSort = useCallback(() => sortRef.current, []);

  const closeDetail = useCallback(() => {
    setDetailId(null);
    // Back to the grid, on the cell that was focused before the drawer took the keyboard.
    window.requestAnimationFrame(() => {
      const cell = gridApi?.getFocusedCell();
      if (gridApi && cell) gridApi.setFocusedCell(cell.rowIndex, cell.column);
    });
  }, [gridApi]);

  const jumpToEnd = useCallback(
    (end: boolean) => {
      if (!gridApi || matched === null || matched === 0) return;
      const row = end ? matched - 1 : 0;
      const column = gridApi.getAllDisplayedColumns()[0];
      gridApi.ensureIndexVisible(row, end ? 'bottom' : 'top');
      if (column) gridApi.setFocusedCell(row, column);
    },
    [gridApi, matched],
  );

  // The current view's columns for an export: the grid's displayed original columns, in their order (pinned first).
  const openExport = useCallback(() => {
    const originals = new Set(columns.columns.filter((column) => !column.tag).map((column) => column.name));
    const shown =
      gridApi
        ?.getAllDisplayedColumns()
        .map((column) => column.getColId())
        .filter((id) => originals.has(id)) ?? [];
    setExporting({ columns: shown });
  }, [columns, gridApi]);

  // Screen-wide keys: Alt+←/→ walk the filter history, Ctrl+End / Ctrl+Home jump to the last / first call, Ctrl+E exports.
  useEffect(() => {
    if (!active) return;
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      const typing = target?.closest('input, textarea, select, [contenteditable="true"]') != null;
      if (event.altKey && !event.ctrlKey && (event.key === 'ArrowLeft' || event.key === 'ArrowRight') && !typing) {
        event.preventDefault();
        setHistory((h) => (event.key === 'ArrowLeft' ? goBack(h) : goForward(h)));
      } else if ((event.ctrlKey || event.metaKey) && (event.key === 'End' || event.key === 'Home') && !typing && tab === 'grid') {
        event.preventDefault();
        jumpToEnd(event.key === 'End');
      } else if ((event.ctrlKey || event.metaKey) && !event.altKey && !event.shiftKey && (event.code === 'KeyE' || event.key.toLowerCase() === 'e')) {
        // Also while typing in a filter field (Ctrl+E edits nothing there); the browser's own Ctrl+E is overridden.
        event.preventDefault();
        if (exporting === null && document.querySelector('[role="dialog"][aria-modal="true"]') === null) openExport();
      } else if (event.key === '?' && !event.ctrlKey && !event.altKey && !event.metaKey && !typing) {
        event.preventDefault();
        setHelpOpen((open) => !open);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [active, jumpToEnd, tab, exporting, openExport]);

  const total = columns.total;
  return (
    <section className="calls" data-testid="calls-screen" data-state="ready" data-dataset={datasetId} hidden={!active}>
      <div className="toolbar calls-toolbar">
        <div className="history-buttons" role="group" aria-label={t.calls.historyLabel}>
          <button
            type="button"
            className="icon-button"
            onClick={() => setHistory(goBack)}
            disabled={!canGoBack(history)}
            aria-label={t.calls.back}
            title={`${t.calls.back} (Alt+←)`}
            data-testid="filter-back"
          >
            ←
          </button>
          <button
            type="button"
            className="icon-button"
            onClick={() => setHistory(goForward)}
            disabled={!canGoForward(history)}
            aria-label={t.calls.forward}
            title={`${t.calls.forward} (Alt+→)`}
            data-testid="filter-forward"
          >
            →
          </button>
        </div>
        <h2 className="toolbar-title calls-title" data-testid="calls-title">
          {name}
        </h2>
        <span className="count calls-count" data-testid="calls-count" data-matched={matched ?? undefined} data-total={total} aria-live="polite">
          {matched === null
            ? i18n.plural(t.calls.countTotal, total)
            : format(t.calls.countOf, { n: i18n.num(matched), m: i18n.plural(t.calls.countOfTotal, total) })}
        </span>
        {preparing ? (
          <span className="preparing" role="status" data-testid="calls-preparing">
            {t.calls.preparing}
          </span>
        ) : null}
        <span className="toolbar-spacer" />
        <div className="tabs" role="tablist" aria-label={t.calls.viewLabel}>
          <button
            type="button"
            role="tab"
            aria-selected={tab === 'grid'}
            className={tab === 'grid' ? 'tab active' : 'tab'}
            onClick={() => setTab('grid')}
            data-testid="tab-grid"
          >
            {t.calls.tabGrid}
          </button>
          <button
            type="button"
            role="tab"
            aria-selected={tab === 'summary'}
            className={tab === 'summary' ? 'tab active' : 'tab'}
            onClick={() => setTab('summary')}
            data-testid="tab-summary"
          >
            {t.calls.tabSummary}
          </button>
        </div>
        <button type="button" onClick={openExport} title={t.exportDialog.buttonTitle} aria-keyshortcuts="Control+E" data-testid="calls-export">
          {t.exportDialog.button}
        </button>
        <ColumnChooser gridApi={gridApi} />
        <KeyboardHelp open={helpOpen} onOpenChange={setHelpOpen} />
      </div>
      <FilterBar datasetId={datasetId} columns={columns.columns} filter={filter} sideCounts={shownCounts} onChange={changeFilter} />
      <FilterTokens filter={filter} columns={columns.columns} onChange={changeFilter} />
      <div className="calls-body">
        <div className="calls-main" hidden={tab !== 'grid'}>
          <CallsGrid
            datasetId={datasetId}
            columns={columns.columns}
            filter={filter}
            initialLayout={initialLayout}
            initialSort={initialSort}
            callbacks={callbacks}
            onGridApi={setGridApi}
          />
          {detailId !== null ? (
            <CallDetailDrawer
              key={detailId}
              datasetId={datasetId}
              callId={detailId}
              columns={columns.columns}
              onClose={closeDetail}
              onOpenStatus={navigator.openStatus}
            />
          ) : null}
        </div>
        {tab === 'summary' ? (
          <SummaryPanel
            datasetId={datasetId}
            filter={filter}
            onNarrow={(next) => {
              changeFilter(next);
              setTab('grid');
            }}
          />
        ) : null}
      </div>
      <p className="hint calls-hint">{t.calls.keyboardHint}</p>
      {exporting ? (
        <ExportDialog datasetId={datasetId} filter={filter} sort={sort ?? FILE_ORDER} columns={exporting.columns} onClose={() => setExporting(null)} />
      ) : null}
    </section>
  );
}
