import { useCallback, useEffect, useRef, useState } from 'react';
import type { DatasetSummary, SourceRef } from '../../../shared/import-types.ts';
import { SIDES } from '../../../shared/status/types.ts';
import type { Shell } from '../App.tsx';
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
  onOpenDataset(id: string | null): void;
  onImportFile(): void;
  onImportSource(source: SourceRef): void;
}

export function SideCounts({ summary, compact = false }: { summary: DatasetSummary; compact?: boolean }) {
  return (
    <span className="side-counts" data-testid="side-counts">
      {SIDES.filter((side) => summary.bySide[side] > 0).map((side) => (
        <SideBadge key={side} side={side} count={summary.bySide[side]} compact={compact} />
      ))}
    </span>
  );
}

export function DatasetsScreen({ shell, libraryVersion, openDatasetId, onOpenDataset, onImportFile, onImportSource }: DatasetsScreenProps) {
  const i18n = useI18n();
  const { t } = i18n;
  const api = getApi();
  const [datasets, setDatasets] = useState<readonly DatasetSummary[] | null>(null);
  const [renaming, setRenaming] = useState<{ id: string; name: string } | null>(null);
  const [removing, setRemoving] = useState<DatasetSummary | null>(null);
  const [localVersion, setLocalVersion] = useState(0);
  const [loadFailed, setLoadFailed] = useState(false);
  const renameInput = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (!api) return;
    let live = true;
    void settle(api.datasets.list()).then((result) => {
      if (!live) return;
      const list = shell.unwrap(result);
      // A failure is not an empty library: keep what was shown (if anything) and offer a retry.
      setLoadFailed(list === null);
      if (list) setDatasets(list);
    });
    return () => { live = false; };
  }, [api, shell, libraryVersion, localVersion]);

  useEffect(() => {
    if (renaming) renameInput.current?.focus();
  }, [renaming?.id]);

  const refresh = useCallback(() => setLocalVersion((v) => v + 1), []);

  const saveRename = async () => {
    if (!api || !renaming) return;
    const name = renaming.name.trim();
    if (name === '') return;
    const updated = shell.unwrap(await settle(api.datasets.rename(renaming.id, name)));
    if (updated) {
      setRenaming(null);
      shell.info((d) => d.datasets.renamed);
      refresh();
    }
  };

  const confirmRemove = async () => {
    if (!api || !removing) return;
    const id = removing.id;
    const result = await settle(api.datasets.remove(id));
    setRemoving(null);
    shell.unwrap(result);
    if (result.ok && openDatasetId === id) onOpenDataset(null);
    refresh();
  };

  const reimport = async (id: string) => {
    if (!api) return;
    const source = shell.unwrap(await settle(api.datasets.reimport(id)));
    if (source) onImportSource(source);
  };

  return (
    <section className="datasets" data-testid="datasets-screen">
      <div className="toolbar">
        <h2 className="toolbar-title">{t.datasets.title}</h2>
        <button type="button" className="primary" onClick={onImportFile} data-testid="import-file" disabled={!api}>
          {t.datasets.importFile}
        </button>
        <span className="hint">{t.datasets.importHint}</span>
      </div>
      <div className="datasets-body">
        {loadFailed
          ? (
            <div className="banner banner-error" role="alert" data-testid="library-error">
              <span>{t.datasets.loadFailed}</span>{' '}
              <button type="button" onClick={refresh} data-testid="library-retry">{t.datasets.retry}</button>
            </div>
          )
          : null}
        {datasets === null
          ? null
          : datasets.length === 0
            ? <p className="empty" data-testid="library-empty">{t.datasets.empty}</p>
            : (
              <div className="table-wrap">
                <table className="table" data-testid="library">
                  <thead>
                    <tr>
                      <th>{t.datasets.colName}</th>
                      <th>{t.datasets.colSource}</th>
                      <th className="num">{t.datasets.colRows}</th>
                      <th className="num">{t.datasets.colImported}</th>
                      <th className="num">{t.datasets.colRejected}</th>
                      <th>{t.datasets.colSides}</th>
                      <th>{t.datasets.colImportedAt}</th>
                      <th>{t.datasets.colActions}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {datasets.map((dataset) => (
                      <tr key={dataset.id} data-testid="dataset-row" data-id={dataset.id} data-name={dataset.name}
                        className={dataset.id === openDatasetId ? 'selected' : undefined}>
                        <td className="name-cell">
                          {renaming?.id === dataset.id
                            ? (
                              <span className="rename">
                                <input ref={renameInput} value={renaming.name} data-testid="rename-input"
                                  aria-label={t.datasets.colName}
                                  onChange={(event) => setRenaming({ id: dataset.id, name: event.target.value })}
                                  onKeyDown={(event) => {
                                    if (event.key === 'Enter') void saveRename();
                                    if (event.key === 'Escape') {
                                      event.stopPropagation();
                                      setRenaming(null);
                                    }
                                  }} />
                                <button type="button" onClick={() => void saveRename()} data-testid="rename-save">{t.datasets.save}</button>
                                <button type="button" onClick={() => setRenaming(null)}>{t.datasets.cancel}</button>
                              </span>
                            )
                            : <button type="button" className="link-button strong" data-testid="dataset-name"
                                onClick={() => onOpenDataset(dataset.id)}>{dataset.name}</button>}
                        </td>
                        <td className="muted">{dataset.sourceName} · {i18n.bytes(dataset.sourceSize)}</td>
                        <td className="num" data-testid="dataset-rows">{i18n.num(dataset.rowsRead)}</td>
                        <td className="num" data-testid="dataset-imported">{i18n.num(dataset.imported)}</td>
                        <td className="num" data-testid="dataset-rejected">{i18n.num(dataset.rejected)}</td>
                        <td><SideCounts summary={dataset} compact /></td>
                        <td className="muted">{i18n.dateTime(dataset.importedAt)}</td>
                        <td>
                          <div className="actions">
                          <button type="button" onClick={() => onOpenDataset(dataset.id)} data-testid="dataset-open">{t.datasets.open}</button>
                          <button type="button" onClick={() => setRenaming({ id: dataset.id, name: dataset.name })} data-testid="dataset-rename">{t.datasets.rename}</button>
                          <button type="button" onClick={() => void reimport(dataset.id)} data-testid="dataset-reimport">{t.datasets.reimport}</button>
                          <button type="button" className="danger" onClick={() => setRemoving(dataset)} data-testid="dataset-remove">{t.datasets.remove}</button>
                          </div>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
        {openDatasetId
          ? <DatasetDetail key={`${openDatasetId}:${libraryVersion}:${localVersion}`} datasetId={openDatasetId} shell={shell} onClose={() => onOpenDataset(null)} />
          : null}
      </div>
      {removing
        ? (
          <Modal title={t.datasets.confirmRemoveTitle} onClose={() => setRemoving(null)} testId="confirm-remove"
            footer={(
              <>
                <button type="button" onClick={() => setRemoving(null)} data-autofocus>{t.datasets.cancel}</button>
                <button type="button" className="danger" onClick={() => void confirmRemove()} data-testid="confirm-remove-ok">{t.datasets.remove}</button>
              </>
            )}>
            <p>{format(t.datasets.confirmRemove, { name: removing.name })}</p>
          </Modal>
        )
        : null}
    </section>
  );
}
