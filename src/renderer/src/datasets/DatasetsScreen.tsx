import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { DatasetSummary, SourceRef } from '../../../shared/import-types.ts';
import { SIDES, type Side } from '../../../shared/status/types.ts';
import type { Shell } from '../shell.ts';
import { getApi, settle } from '../api.ts';
import { Modal } from '../components/Modal.tsx';
import { SideBadge } from '../components/SideBadge.tsx';
import { format, useI18n } from '../i18n/index.ts';
import { DatasetDetail } from './DatasetDetail.tsx';

export interface DatasetsScreenProps {
  readonly shell: Shell;
  /** Bumped by the shell when the library changed elsewhere (an import finished). */
  readonly libraryVersion: number;
  readonly openDatasetId: string | null;
  readonly onOpenDataset: (id: string | null) => void;
  readonly onImportFile: () => void;
  readonly onImportSource: (source: SourceRef, replacing?: { readonly id: string; readonly name: string }) => void;
  /** "Open": the dataset's calls in the grid. */
  readonly onOpenCalls: (id: string) => void;
  readonly onDatasetRemoved: (id: string) => void;
}

/** Where the keyboard goes once the library has re-rendered (see the effect in DatasetsScreen). */
type FocusRequest =
  | { readonly kind: 'row'; readonly id: string; readonly button: 'open' | 'rename' | 'name' }
  | { readonly kind: 'after-remove'; readonly id: string; readonly index: number };

/**
 * Calls by side with their names and shares. `compact` (a library row): one line — a bar of the shares and
 * the sides named with their percentages, cut with an ellipsis when the column is narrow (all of it in the
 * tooltip); otherwise a badge per side with its count and share.
 */
export function SideCounts({ summary, compact = false }: { summary: DatasetSummary; compact?: boolean }) {
  const i18n = useI18n();
  const { t } = i18n;
  const total = SIDES.reduce((sum, side) => sum + summary.bySide[side], 0);
  const sides = SIDES.filter((side) => summary.bySide[side] > 0);
  const share = (side: Side): string => i18n.percent(total > 0 ? summary.bySide[side] / total : 0);
  if (!compact) {
    return (
      <span className="side-counts" data-testid="side-counts">
        {sides.map((side) => (
          <span key={side} className="side-count" data-testid="side-share" data-side={side} data-count={summary.bySide[side]}>
            <SideBadge side={side} count={summary.bySide[side]} />
            <span className="side-share">{share(side)}</span>
          </span>
        ))}
      </span>
    );
  }
  // Largest first, so the ones that matter are read before the ellipsis.
  const bySize = [...sides].sort((a, b) => summary.bySide[b] - summary.bySide[a]);
  const words = bySize.map((side) => `${t.side[side]} ${share(side)}`).join(' · ');
  return (
    <span
      className="side-shares"
      data-testid="side-counts"
      title={bySize.map((side) => `${t.side[side]}: ${i18n.num(summary.bySide[side])} (${share(side)})`).join('\n')}
    >
      <span className="side-bar" aria-hidden="true">
        {sides.map((side) => (
          <span key={side} className={`side-bar-part side-${side}`} style={{ flexGrow: summary.bySide[side] }} />
        ))}
      </span>
      <span className="side-shares-text">{words}</span>
      {bySize.map((side) => (
        <span key={side} className="visually-hidden" data-testid="side-share" data-side={side} data-count={summary.bySide[side]} />
      ))}
    </span>
  );
}

type SortKey = 'importedAt' | 'name' | 'rows' | 'failures';

/** Share of failed calls (every side but success and pending), for sorting the library. */
function failureShare(summary: DatasetSummary): number {
  const total = SIDES.reduce((sum, side) => sum + summary.bySide[side], 0);
  return total === 0 ? 0 : (total - summary.bySide.success - summary.bySide.pending) / total;
}

export function DatasetsScreen({
  shell,
  libraryVersion,
  openDatasetId,
  onOpenDataset,
  onImportFile,
  onImportSource,
  onOpenCalls,
  onDatasetRemoved,
}: DatasetsScreenProps) {
  const i18n = useI18n();
  const { t } = i18n;
  const api = getApi();
  const [datasets, setDatasets] = useState<readonly DatasetSummary[] | null>(null);
  const [renaming, setRenaming] = useState<{ id: string; name: string } | null>(null);
  const [removing, setRemoving] = useState<DatasetSummary | null>(null);
  const [localVersion, setLocalVersion] = useState(0);
  const [loadFailed, setLoadFailed] = useState(false);
  const [search, setSearch] = useState('');
  const [sort, setSort] = useState<{ key: SortKey; descending: boolean }>({ key: 'importedAt', descending: true });
  const renameInput = useRef<HTMLInputElement>(null);
  const screenRef = useRef<HTMLElement>(null);
  const detailRef = useRef<HTMLElement | null>(null);
  // The dataset whose detail already took the focus: a remount after a refresh must not take it again.
  const detailFocusedFor = useRef<string | null>(null);
  const focusRequest = useRef<FocusRequest | null>(null);

  useEffect(() => {
    if (!api) return;
    let live = true;
    void settle(api.datasets.list()).then((result) => {
      if (!live) return;
      const list = shell.unwrap(result, 'library');
      // A failure is not an empty library: keep what was shown (if anything) and offer a retry.
      setLoadFailed(list === null);
      if (list) setDatasets(list);
    });
    return () => {
      live = false;
    };
  }, [api, shell, libraryVersion, localVersion]);

  // Focus when a rename starts (or moves to another dataset), not on every keystroke of the new name.
  const renamingId = renaming?.id ?? null;
  useEffect(() => {
    if (renamingId !== null) renameInput.current?.focus();
  }, [renamingId]);

  const refresh = useCallback(() => setLocalVersion((v) => v + 1), []);

  // What the table shows: the search (name or file, any case) and the chosen order.
  const shown = useMemo(() => {
    if (!datasets) return null;
    const needle = search.trim().toLocaleLowerCase(t.locale);
    const found =
      needle === ''
        ? [...datasets]
        : datasets.filter((d) => d.name.toLocaleLowerCase(t.locale).includes(needle) || d.sourceName.toLocaleLowerCase(t.locale).includes(needle));
    const compare = (a: DatasetSummary, b: DatasetSummary): number => {
      switch (sort.key) {
        case 'name':
          return a.name.localeCompare(b.name, t.locale, { numeric: true });
        case 'rows':
          return a.rowsRead - b.rowsRead;
        case 'failures':
          return failureShare(a) - failureShare(b);
        case 'importedAt':
          return a.importedAt.localeCompare(b.importedAt);
      }
    };
    return found.sort((a, b) => (sort.descending ? -compare(a, b) : compare(a, b)));
  }, [datasets, search, sort, t.locale]);

  // The open dataset is on screen: its row (a list may be long) and its summary below the table.
  useEffect(() => {
    if (openDatasetId === null) return;
    screenRef.current?.querySelector(`tr[data-testid="dataset-row"][data-id="${CSS.escape(openDatasetId)}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [openDatasetId, shown]);

  const sortHeader = (key: SortKey, label: string, className?: string) => (
    <th className={className} aria-sort={sort.key === key ? (sort.descending ? 'descending' : 'ascending') : 'none'}>
      <button
        type="button"
        className="sort-button"
        data-testid={`library-sort-${key}`}
        onClick={() => setSort((current) => ({ key, descending: current.key === key ? !current.descending : key !== 'name' }))}
      >
        {label}
        <span className="sort-mark" aria-hidden="true">
          {sort.key === key ? (sort.descending ? ' ↓' : ' ↑') : ''}
        </span>
      </button>
    </th>
  );

  useEffect(() => {
    if (openDatasetId === null) detailFocusedFor.current = null;
  }, [openDatasetId]);

  // Focus moves after the render that changed the library, never during it: a row's action button, or,
  // when that row is gone, the next row (the last one if it was the last), or the import button.
  useEffect(() => {
    const request = focusRequest.current;
    const root = screenRef.current;
    if (!request || !root) return;
    const rowButton = (row: Element | undefined, button: 'open' | 'rename' | 'name') =>
      row?.querySelector<HTMLElement>(`[data-testid="dataset-${button}"]`) ?? null;
    const rows = Array.from(root.querySelectorAll<HTMLElement>('tr[data-testid="dataset-row"]'));
    let target: HTMLElement | null;
    if (request.kind === 'row') {
      target = rowButton(
        rows.find((row) => row.dataset.id === request.id),
        request.button,
      );
    } else {
      // Wait for the list without the removed dataset (a failed reload gives up: focus stays where it is).
      if (loadFailed) {
        focusRequest.current = null;
        return;
      }
      if (rows.some((row) => row.dataset.id === request.id)) return;
      target = rowButton(rows[Math.min(request.index, rows.length - 1)], 'open');
    }
    focusRequest.current = null;
    (target ?? root.querySelector<HTMLElement>('[data-testid="import-file"]'))?.focus();
  });

  const stopRenaming = (id: string) => {
    focusRequest.current = { kind: 'row', id, button: 'rename' };
    setRenaming(null);
  };

  const openDataset = (id: string) => {
    // Already open: the detail is there, so just give it the keyboard.
    if (id === openDatasetId) detailRef.current?.focus();
    else onOpenDataset(id);
  };

  const closeDetail = () => {
    // Back to the name that opened the summary (Enter there opens it again).
    if (openDatasetId) focusRequest.current = { kind: 'row', id: openDatasetId, button: 'name' };
    onOpenDataset(null);
  };

  /** The detail has its summary on screen: give it the keyboard once per opening, so Escape works at once. */
  const detailShown = (element: HTMLElement) => {
    detailRef.current = element;
    if (openDatasetId === null || detailFocusedFor.current === openDatasetId) return;
    detailFocusedFor.current = openDatasetId;
    element.focus({ preventScroll: true });
    element.scrollIntoView({ block: 'nearest' });
  };

  const saveRename = async () => {
    if (!api || !renaming) return;
    const name = renaming.name.trim();
    if (name === '') return;
    const updated = shell.unwrap(await settle(api.datasets.rename(renaming.id, name)), `rename:${renaming.id}`);
    if (updated) {
      stopRenaming(renaming.id);
      shell.info((d) => d.datasets.renamed);
      refresh();
    }
  };

  const confirmRemove = async () => {
    if (!api || !removing) return;
    const id = removing.id;
    const index = datasets?.findIndex((dataset) => dataset.id === id) ?? -1;
    const result = await settle(api.datasets.remove(id));
    setRemoving(null);
    shell.unwrap(result, `remove:${id}`);
    if (result.ok) focusRequest.current = { kind: 'after-remove', id, index: Math.max(0, index) };
    if (result.ok && openDatasetId === id) onOpenDataset(null);
    if (result.ok) onDatasetRemoved(id);
    refresh();
  };

  // "Import again" replaces this dataset (under its name) once the new import is complete.
  const reimport = async (dataset: DatasetSummary) => {
    if (!api) return;
    const source = shell.unwrap(await settle(api.datasets.reimport(dataset.id)), `reimport:${dataset.id}`);
    if (source) onImportSource(source, { id: dataset.id, name: dataset.name });
  };

  return (
    <section className="datasets" data-testid="datasets-screen" ref={screenRef}>
      <div className="toolbar">
        <h2 className="toolbar-title">{t.datasets.title}</h2>
        <button type="button" className="primary" onClick={onImportFile} data-testid="import-file" disabled={!api}>
          {t.datasets.importFile}
        </button>
        <span className="hint">{t.datasets.importHint}</span>
        <span className="toolbar-spacer" />
        {datasets && datasets.length > 0 ? (
          <input
            type="search"
            value={search}
            onChange={(event) => setSearch(event.target.value)}
            className="library-search"
            placeholder={t.datasets.searchPlaceholder}
            aria-label={t.datasets.searchLabel}
            data-testid="library-search"
          />
        ) : null}
      </div>
      <div className="datasets-body">
        {loadFailed ? (
          <div className="banner banner-error" role="alert" data-testid="library-error">
            <span>{t.datasets.loadFailed}</span>{' '}
            <button type="button" onClick={refresh} data-testid="library-retry">
              {t.datasets.retry}
            </button>
          </div>
        ) : null}
        {datasets === null ? null : datasets.length === 0 ? (
          <p className="empty" data-testid="library-empty">
            {t.datasets.empty}
          </p>
        ) : (
          <div className="table-wrap">
            <table className="table" data-testid="library">
              <thead>
                <tr>
                  {sortHeader('name', t.datasets.colName)}
                  <th className="col-source">{t.datasets.colSource}</th>
                  {sortHeader('rows', t.datasets.colRows, 'num col-rows')}
                  <th className="num col-imported">{t.datasets.colImported}</th>
                  <th className="num">{t.datasets.colRejected}</th>
                  {sortHeader('failures', t.datasets.colSides, 'col-sides')}
                  {sortHeader('importedAt', t.datasets.colImportedAt, 'col-date')}
                  <th>{t.datasets.colActions}</th>
                </tr>
              </thead>
              <tbody>
                {(shown ?? []).map((dataset) => (
                  <tr
                    key={dataset.id}
                    data-testid="dataset-row"
                    data-id={dataset.id}
                    data-name={dataset.name}
                    className={dataset.id === openDatasetId ? 'selected' : undefined}
                  >
                    <td className="name-cell">
                      {renaming?.id === dataset.id ? (
                        <span className="rename">
                          <input
                            ref={renameInput}
                            value={renaming.name}
                            data-testid="rename-input"
                            aria-label={t.datasets.colName}
                            onChange={(event) => setRenaming({ id: dataset.id, name: event.target.value })}
                            onKeyDown={(event) => {
                              if (event.key === 'Enter') void saveRename();
                              if (event.key === 'Escape') {
                                event.stopPropagation();
                                stopRenaming(dataset.id);
                              }
                            }}
                          />
                          <button type="button" onClick={() => void saveRename()} data-testid="rename-save">
                            {t.datasets.save}
                          </button>
                          <button type="button" onClick={() => stopRenaming(dataset.id)} data-testid="rename-cancel">
                            {t.datasets.cancel}
                          </button>
                        </span>
                      ) : (
                        <button type="button" className="link-button strong" data-testid="dataset-name" onClick={() => openDataset(dataset.id)}>
                          {dataset.name}
                        </button>
                      )}
                    </td>
                    <td className="muted col-source" title={`${dataset.sourceName} · ${i18n.bytes(dataset.sourceSize)}`}>
                      {dataset.sourceName} · {i18n.bytes(dataset.sourceSize)}
                    </td>
                    <td className="num col-rows" data-testid="dataset-rows">
                      {i18n.num(dataset.rowsRead)}
                    </td>
                    <td className="num col-imported" data-testid="dataset-imported">
                      {i18n.num(dataset.imported)}
                    </td>
                    <td
                      className="num"
                      data-testid="dataset-rejected"
                      data-skipped={dataset.skipped ?? 0}
                      title={(dataset.skipped ?? 0) > 0 ? `${t.datasets.fieldSkipped}: ${i18n.num(dataset.skipped ?? 0)}` : undefined}
                    >
                      {i18n.num(dataset.rejected - (dataset.skipped ?? 0))}
                    </td>
                    <td className="col-sides">
                      <SideCounts summary={dataset} compact />
                    </td>
                    <td className="muted col-date">{i18n.dateTime(dataset.importedAt)}</td>
                    <td>
                      <div className="actions">
                        <button type="button" onClick={() => onOpenCalls(dataset.id)} data-testid="dataset-open">
                          {t.datasets.open}
                        </button>
                        <button type="button" onClick={() => setRenaming({ id: dataset.id, name: dataset.name })} data-testid="dataset-rename">
                          {t.datasets.rename}
                        </button>
                        <button type="button" onClick={() => void reimport(dataset)} data-testid="dataset-reimport">
                          {t.datasets.reimport}
                        </button>
                        <button type="button" className="danger" onClick={() => setRemoving(dataset)} data-testid="dataset-remove">
                          {t.datasets.remove}
                        </button>
                      </div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            {shown?.length === 0 ? (
              <p className="empty" data-testid="library-no-match">
                {t.datasets.noMatch}
              </p>
            ) : null}
          </div>
        )}
        {openDatasetId ? (
          <DatasetDetail
            key={`${openDatasetId}:${libraryVersion}:${localVersion}`}
            datasetId={openDatasetId}
            shell={shell}
            onClose={closeDetail}
            onShown={detailShown}
          />
        ) : null}
      </div>
      {removing ? (
        <Modal
          title={t.datasets.confirmRemoveTitle}
          onClose={() => setRemoving(null)}
          testId="confirm-remove"
          footer={
            <>
              <button type="button" onClick={() => setRemoving(null)} data-autofocus>
                {t.datasets.cancel}
              </button>
              <button type="button" className="danger" onClick={() => void confirmRemove()} data-testid="confirm-remove-ok">
                {t.datasets.remove}
              </button>
            </>
          }
        >
          <p>{format(t.datasets.confirmRemove, { name: removing.name })}</p>
        </Modal>
      ) : null}
    </section>
  );
}
