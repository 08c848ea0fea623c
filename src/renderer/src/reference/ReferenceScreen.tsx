import { useCallback, useContext, useEffect, useMemo, useRef, useState } from 'react';
import { AgGridReact, type CustomCellRendererProps } from 'ag-grid-react';
import type { CellKeyDownEvent, ColDef, GridApi, IRowNode, RowSelectionOptions } from 'ag-grid-community';
import { STATUS_CATALOGUE } from '../../../shared/status/catalogue.ts';
import { REASONS, SIDES, type Reason, type Side, type StatusEntry } from '../../../shared/status/types.ts';
import { getApi, settle } from '../api.ts';
import { SideBadge } from '../components/SideBadge.tsx';
import { legsInWords, useI18n } from '../i18n/index.ts';
import { NavigatorContext, ShellContext } from '../shell.ts';
import { applyFilter } from './search.ts';
import { StatusDetail } from './StatusDetail.tsx';

/** The catalogue sorted by manager leg, then client leg: how analysts scan codes. */
const ENTRIES: readonly StatusEntry[] = [...STATUS_CATALOGUE].sort((a, b) => a.manager - b.manager || a.client - b.client);
const REASONS_IN_USE: readonly Reason[] = REASONS.filter((reason) => STATUS_CATALOGUE.some((entry) => entry.reason === reason));
const ROW_SELECTION: RowSelectionOptions = { mode: 'singleRow', checkboxes: false, enableClickSelection: true };

function SideCell(props: CustomCellRendererProps<StatusEntry>) {
  return props.data ? <SideBadge side={props.data.side} /> : null;
}

/** A cell's text as the grid shows it (formatted values included). */
function cellText(api: GridApi<StatusEntry>, colId: string, node: IRowNode<StatusEntry>): string {
  const value: unknown = api.getCellValue({ rowNode: node, colKey: colId, useFormatter: true });
  return typeof value === 'string' || typeof value === 'number' ? String(value) : '';
}

/** A request from another screen (a status cell, a call's detail) to open one status; `seq` makes each one new. */
export interface StatusRequest {
  readonly code: string;
  readonly seq: number;
}

/** The most statuses one dataset can hold that the reference counts (its catalogue has 67; the rest are inferred). */
const DATASET_STATUS_LIMIT = 1000;

/**
 * How many calls of the open dataset have each status (the reference's "In dataset" column), or null
 * when no dataset is open.
 */
function useDatasetStatusCounts(datasetId: string | null): ReadonlyMap<string, number> | null {
  const shell = useContext(ShellContext);
  const api = getApi();
  const [counts, setCounts] = useState<{ datasetId: string; counts: ReadonlyMap<string, number> } | null>(null);
  useEffect(() => {
    if (!api || !shell || datasetId === null) return;
    let live = true;
    void settle(api.calls.distinct(datasetId, { column: '_status', filter: {}, limit: DATASET_STATUS_LIMIT })).then((result) => {
      if (!live) return;
      const values = shell.unwrap(result);
      if (values) setCounts({ datasetId, counts: new Map(values.values.filter((v) => typeof v.value === 'string').map((v) => [String(v.value), v.count])) });
    });
    return () => {
      live = false;
    };
  }, [api, shell, datasetId]);
  return counts && counts.datasetId === datasetId ? counts.counts : null;
}

export function ReferenceScreen({ request = null }: { request?: StatusRequest | null }) {
  const i18n = useI18n();
  const { t, lang } = i18n;
  const navigator = useContext(NavigatorContext);
  const shell = useContext(ShellContext);
  const datasetId = navigator?.callsDatasetId ?? null;
  const datasetCounts = useDatasetStatusCounts(datasetId);
  const [query, setQuery] = useState('');
  const [sides, setSides] = useState<ReadonlySet<Side>>(new Set());
  const [reason, setReason] = useState<Reason | null>(null);
  const [openCode, setOpenCode] = useState<string | null>(request?.code ?? null);
  /** Bumped when the detail should take the focus (Enter in the grid), not when it merely follows the cursor. */
  const [focusRequest, setFocusRequest] = useState(request ? 1 : 0);
  // A status asked for by another screen: shown (filters cleared so its row is listed) and given the keyboard.
  const [handledRequest, setHandledRequest] = useState(request?.seq ?? 0);
  if (request && request.seq !== handledRequest) {
    setHandledRequest(request.seq);
    setQuery('');
    setSides(new Set());
    setReason(null);
    setOpenCode(request.code);
    setFocusRequest((n) => n + 1);
  }
  const searchRef = useRef<HTMLInputElement>(null);
  const gridApi = useRef<GridApi<StatusEntry> | null>(null);

  const rows = useMemo(() => applyFilter(ENTRIES, { query, sides, reason }), [query, sides, reason]);
  // Chip counts answer "how many would I see if I picked this side", so they ignore the side filter.
  const sideCounts = useMemo(() => {
    const counts = new Map<Side, number>(SIDES.map((side) => [side, 0]));
    for (const entry of applyFilter(ENTRIES, { query, sides: new Set(), reason })) counts.set(entry.side, (counts.get(entry.side) ?? 0) + 1);
    return counts;
  }, [query, reason]);
  const open = openCode ? (ENTRIES.find((entry) => entry.code === openCode) ?? null) : null;

  const columnDefs = useMemo<ColDef<StatusEntry>[]>(
    () => [
      {
        colId: 'code',
        headerName: t.reference.colCode,
        field: 'code',
        width: 90,
        cellClass: 'mono',
        comparator: (_a, _b, nodeA, nodeB) => {
          const a = nodeA.data;
          const b = nodeB.data;
          return a && b ? a.manager - b.manager || a.client - b.client : 0;
        },
      },
      // One line a row: a long meaning ends with an ellipsis and shows whole on hover (and in the detail).
      {
        colId: 'meaning',
        headerName: t.reference.colMeaning,
        flex: 3,
        minWidth: 240,
        valueGetter: (params) => (params.data ? (lang === 'ru' ? params.data.textRu : params.data.textEn) : ''),
        tooltipValueGetter: (params) => String(params.value ?? ''),
      },
      {
        colId: 'side',
        headerName: t.reference.colSide,
        width: 140,
        cellRenderer: SideCell,
        valueGetter: (params) => (params.data ? t.side[params.data.side] : ''),
      },
      {
        colId: 'reason',
        headerName: t.reference.colReason,
        width: 170,
        valueGetter: (params) => (params.data ? t.reason[params.data.reason] : ''),
        tooltipValueGetter: (params) => String(params.value ?? ''),
      },
      {
        colId: 'legs',
        headerName: t.reference.colLegs,
        flex: 2,
        minWidth: 240,
        valueGetter: (params) => (params.data ? legsInWords(t, params.data) : ''),
        tooltipValueGetter: (params) => String(params.value ?? ''),
      },
      // With a dataset open: how many of its calls have each status.
      ...(datasetCounts
        ? [
            {
              colId: 'inDataset',
              headerName: t.reference.inDataset,
              width: 110,
              type: 'numericColumn',
              valueGetter: (params: { data: StatusEntry | undefined }) => (params.data ? (datasetCounts.get(params.data.code) ?? 0) : null),
              valueFormatter: (params: { value: unknown }) => (typeof params.value === 'number' ? i18n.num(params.value) : ''),
            } satisfies ColDef<StatusEntry>,
          ]
        : []),
    ],
    [t, lang, datasetCounts, i18n],
  );

  const focusGridRow = useCallback((code: string | null) => {
    const api = gridApi.current;
    if (!api) return;
    const node = code ? api.getRowNode(code) : api.getDisplayedRowAtIndex(0);
    if (node?.rowIndex == null) return;
    api.ensureIndexVisible(node.rowIndex);
    api.setFocusedCell(node.rowIndex, 'code');
  }, []);

  const closeDetail = useCallback(() => {
    const code = openCode;
    setOpenCode(null);
    setFocusRequest(0);
    // Focus goes back to the row the detail was about.
    window.requestAnimationFrame(() => focusGridRow(code));
  }, [openCode, focusGridRow]);

  // "/" and Ctrl+F focus the search box from anywhere on this screen.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      const typing = target?.closest('input, textarea, select, [contenteditable="true"]') != null;
      if ((event.key === '/' && !typing) || ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'f')) {
        event.preventDefault();
        searchRef.current?.focus();
        searchRef.current?.select();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const onCellKeyDown = useCallback(
    (event: CellKeyDownEvent<StatusEntry>) => {
      const keyboard = event.event as KeyboardEvent | null;
      const key = keyboard?.key;
      // Ctrl+C copies the cell as shown; Ctrl+Shift+C the whole row (its cells joined by tabs, as Excel pastes them).
      if (keyboard && (keyboard.ctrlKey || keyboard.metaKey) && key?.toLowerCase() === 'c' && event.data) {
        keyboard.preventDefault();
        const text = keyboard.shiftKey
          ? event.api
              .getAllDisplayedColumns()
              .map((column) => cellText(event.api, column.getColId(), event.node))
              .join('\t')
          : cellText(event.api, event.column.getColId(), event.node);
        void window.navigator.clipboard.writeText(text).then(
          () => shell?.info((d) => (keyboard.shiftKey ? d.reference.copiedRow : d.reference.copiedCell)),
          () => undefined,
        );
        return;
      }
      if (key === 'Enter' && event.data) {
        event.node.setSelected(true);
        setOpenCode(event.data.code);
        setFocusRequest((n) => n + 1);
      } else if (key === 'Escape' && openCode) {
        setOpenCode(null);
        setFocusRequest(0);
      }
    },
    [openCode, shell],
  );

  const toggleSide = (side: Side) =>
    setSides((current) => {
      const next = new Set(current);
      if (next.has(side)) next.delete(side);
      else next.add(side);
      return next;
    });
  const filtered = query !== '' || sides.size > 0 || reason !== null;

  return (
    <section className="reference" data-testid="reference-screen">
      <div className="toolbar">
        <label className="search">
          <span className="visually-hidden">{t.reference.searchLabel}</span>
          <input
            ref={searchRef}
            type="search"
            value={query}
            placeholder={t.reference.searchPlaceholder}
            aria-label={t.reference.searchLabel}
            data-testid="status-search"
            autoComplete="off"
            spellCheck={false}
            onChange={(event) => setQuery(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === 'ArrowDown') {
                event.preventDefault();
                focusGridRow(null);
              } else if (event.key === 'Escape' && query !== '') {
                event.preventDefault();
                setQuery('');
              }
            }}
          />
        </label>
        <div className="chips" role="group" aria-label={t.reference.sidesLabel}>
          {SIDES.map((side) => {
            const count = sideCounts.get(side) ?? 0;
            if (count === 0 && !sides.has(side) && side === 'unknown') return null;
            return (
              <button
                key={side}
                type="button"
                className={`chip side-${side}${sides.has(side) ? ' on' : ''}`}
                aria-pressed={sides.has(side)}
                onClick={() => toggleSide(side)}
                data-testid={`side-chip-${side}`}
                data-count={count}
              >
                <span className="chip-dot" aria-hidden="true" />
                {t.side[side]}
                <span className="chip-count">{i18n.num(count)}</span>
              </button>
            );
          })}
        </div>
        <label className="field-inline">
          <span>{t.reference.reasonLabel}</span>
          <select
            value={reason ?? ''}
            data-testid="reason-filter"
            onChange={(event) => setReason(event.target.value === '' ? null : (event.target.value as Reason))}
          >
            <option value="">{t.reference.reasonAll}</option>
            {[...REASONS_IN_USE]
              .sort((a, b) => t.reason[a].localeCompare(t.reason[b], t.locale))
              .map((r) => (
                <option key={r} value={r}>
                  {t.reason[r]}
                </option>
              ))}
          </select>
        </label>
        {filtered ? (
          <button
            type="button"
            className="link-button"
            data-testid="reference-clear"
            onClick={() => {
              setQuery('');
              setSides(new Set());
              setReason(null);
            }}
          >
            {t.reference.clear}
          </button>
        ) : null}
        <span className="toolbar-spacer" />
        <span className="count" data-testid="status-count" data-count={rows.length}>
          {rows.length === 0 ? t.reference.noMatch : i18n.plural(t.reference.shown, rows.length)}
        </span>
      </div>
      <div className="reference-body">
        <div className="grid-wrap ag-theme-quartz" data-testid="status-grid">
          <AgGridReact<StatusEntry>
            key={lang /* localeText is an initial-only option: a new language needs a new grid */}
            theme="legacy"
            localeText={i18n.gridLocale}
            rowData={rows}
            columnDefs={columnDefs}
            defaultColDef={{ sortable: true, resizable: true, suppressHeaderMenuButton: true }}
            getRowId={(params) => params.data.code}
            rowSelection={ROW_SELECTION}
            suppressRowVirtualisation
            animateRows={false}
            rowHeight={32}
            headerHeight={34}
            tooltipShowDelay={600}
            tooltipShowMode="whenTruncated"
            // Tab and Shift+Tab leave the grid (arrows move inside it): the detail and the toolbar are one press away.
            tabToNextCell={() => false}
            tabToNextHeader={() => false}
            onGridReady={(event) => {
              gridApi.current = event.api;
              // After a language switch the grid is new: keep the open status selected.
              if (openCode) event.api.getRowNode(openCode)?.setSelected(true);
            }}
            onGridPreDestroyed={() => {
              gridApi.current = null;
            }}
            onRowClicked={(event) => {
              if (event.data) setOpenCode(event.data.code);
            }}
            onCellFocused={(event) => {
              // With the detail open, it follows the keyboard.
              if (openCode && event.rowIndex != null) {
                const node = event.api.getDisplayedRowAtIndex(event.rowIndex);
                if (node?.data && node.data.code !== openCode) {
                  node.setSelected(true);
                  setOpenCode(node.data.code);
                }
              }
            }}
            onCellKeyDown={onCellKeyDown}
          />
        </div>
        {open ? (
          <StatusDetail
            entry={open}
            onClose={closeDetail}
            focusRequest={focusRequest}
            inDataset={datasetId !== null && datasetCounts ? (datasetCounts.get(open.code) ?? 0) : null}
            onShowCalls={datasetId !== null && navigator ? () => navigator.showCalls(datasetId, { statuses: [open.code] }) : null}
          />
        ) : (
          <aside className="detail detail-empty" data-testid="status-detail-empty">
            <p>{t.reference.emptyDetail}</p>
            <p className="hint">{t.reference.keyboardHint}</p>
          </aside>
        )}
      </div>
    </section>
  );
}
