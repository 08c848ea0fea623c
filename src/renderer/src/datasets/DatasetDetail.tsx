import { useEffect, useEffectEvent, useRef, useState } from 'react';
import type { DatasetSummary, RejectedRow } from '../../../shared/import-types.ts';
import { FILE_ORDER } from '../../../shared/query.ts';
import { useNavigator, type Shell } from '../shell.ts';
import { getApi, settle } from '../api.ts';
import { delimiterLabel, format, useI18n } from '../i18n/index.ts';
import { localizeRejection } from '../../../shared/rejections.ts';
import { ExportDialog } from '../export/ExportDialog.tsx';
import { SideCounts } from './DatasetsScreen.tsx';

const PAGE = 100;

/**
 * An opened dataset: its summary, counts by side, and every rejected row with its line and reason.
 * `onShown` gets the detail's element once its summary is on screen (the library decides about focus).
 */
export function DatasetDetail({
  datasetId,
  shell,
  onClose,
  onShown,
}: {
  datasetId: string;
  shell: Shell;
  onClose: () => void;
  onShown: (element: HTMLElement) => void;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const api = getApi();
  const navigator = useNavigator();
  const [summary, setSummary] = useState<DatasetSummary | null>(null);
  const [rejected, setRejected] = useState<{ total: number; rows: RejectedRow[] } | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [exporting, setExporting] = useState(false);
  const inFlight = useRef(false);
  const live = useRef(true);
  const ref = useRef<HTMLElement>(null);
  useEffect(() => {
    live.current = true;
    return () => {
      live.current = false;
    };
  }, []);

  useEffect(() => {
    if (!api) return;
    let live = true;
    void Promise.all([settle(api.datasets.get(datasetId)), settle(api.datasets.rejected(datasetId, 0, PAGE))]).then(([got, rows]) => {
      if (!live) return;
      setSummary(shell.unwrap(got));
      const page = shell.unwrap(rows);
      setRejected(page ? { total: page.total, rows: [...page.rows] } : null);
    });
    return () => {
      live = false;
    };
  }, [api, shell, datasetId]);

  const shown = summary !== null;
  // Once per mount, when the summary first appears; onShown is a new function on every library render,
  // so it is read as an effect event (the latest one, without re-running the effect).
  const announceShown = useEffectEvent((element: HTMLElement) => onShown(element));
  useEffect(() => {
    if (shown && ref.current) announceShown(ref.current);
  }, [shown]);

  // One page at a time: a second click while a page is on its way does nothing, and a page is appended
  // only if the list still ends where that page begins.
  const loadMore = async () => {
    if (!api || !rejected || inFlight.current) return;
    inFlight.current = true;
    setLoadingMore(true);
    const offset = rejected.rows.length;
    const result = await settle(api.datasets.rejected(datasetId, offset, PAGE));
    inFlight.current = false;
    if (!live.current) return;
    setLoadingMore(false);
    const page = shell.unwrap(result);
    if (page) {
      setRejected((current) => (current && current.rows.length === offset ? { total: page.total, rows: [...current.rows, ...page.rows] } : current));
    }
  };

  if (!summary) return null;
  const delimiter = summary.delimiter ? delimiterLabel(t, summary.delimiter) : null;
  return (
    <section
      className="dataset-detail"
      data-testid="dataset-detail"
      data-id={summary.id}
      tabIndex={-1}
      ref={ref}
      onKeyDown={(event) => {
        if (event.key === 'Escape') onClose();
      }}
    >
      <header className="detail-header">
        <h3 data-testid="dataset-detail-name">{summary.name}</h3>
        <span className="toolbar-spacer" />
        <button type="button" className="primary" onClick={() => navigator.showCalls(summary.id)} data-testid="dataset-detail-open">
          {t.datasets.openCalls}
        </button>
        <button type="button" onClick={() => setExporting(true)} data-testid="dataset-detail-export">
          {t.exportDialog.libraryButton}
        </button>
        <button type="button" className="icon-button" onClick={onClose} aria-label={t.app.close}>
          ×
        </button>
      </header>
      {exporting ? <ExportDialog datasetId={summary.id} filter={{}} sort={FILE_ORDER} wholeDataset onClose={() => setExporting(false)} /> : null}
      <div className="dataset-detail-grid">
        <div>
          <h4>{t.datasets.summary}</h4>
          <dl className="facts">
            <dt>{t.datasets.fieldSource}</dt>
            <dd>
              {summary.sourceName} · {i18n.bytes(summary.sourceSize)}
            </dd>
            <dt>{t.datasets.fieldEncoding}</dt>
            <dd>{summary.encoding ?? '—'}</dd>
            {summary.sheet ? (
              <>
                <dt>{t.datasets.fieldSheet}</dt>
                <dd>{summary.sheet}</dd>
              </>
            ) : (
              <>
                <dt>{t.datasets.fieldDelimiter}</dt>
                <dd data-testid="detail-delimiter">{delimiter ?? '—'}</dd>
              </>
            )}
            <dt>{t.datasets.fieldRowsRead}</dt>
            <dd data-testid="detail-rows-read">{i18n.num(summary.rowsRead)}</dd>
            <dt>{t.datasets.fieldImported}</dt>
            <dd data-testid="detail-imported">{i18n.num(summary.imported)}</dd>
            {/* A title line or an "Итого" row is skipped, not a failure: a clean file shows 0 unreadable. */}
            {(summary.skipped ?? 0) > 0 ? (
              <>
                <dt>{t.datasets.fieldSkipped}</dt>
                <dd data-testid="detail-skipped">{i18n.num(summary.skipped ?? 0)}</dd>
              </>
            ) : null}
            <dt>{t.datasets.fieldRejected}</dt>
            <dd data-testid="detail-rejected">{i18n.num(summary.rejected - (summary.skipped ?? 0))}</dd>
            {(summary.repaired ?? 0) > 0 ? (
              <>
                <dt>{t.datasets.fieldRepaired}</dt>
                <dd data-testid="detail-repaired">{i18n.num(summary.repaired ?? 0)}</dd>
              </>
            ) : null}
            {summary.unreadableTimes > 0 && (
              <>
                <dt>{t.datasets.fieldUnreadableTimes}</dt>
                <dd data-testid="detail-unreadable-times">{i18n.num(summary.unreadableTimes)}</dd>
              </>
            )}
            <dt>{t.datasets.fieldElapsed}</dt>
            <dd>{format(t.datasets.seconds, { n: i18n.decimal(summary.elapsedMs / 1000) })}</dd>
            <dt>{t.datasets.fieldImportedAt}</dt>
            <dd>{i18n.dateTime(summary.importedAt)}</dd>
          </dl>
          <h4>{t.datasets.bySide}</h4>
          <SideCounts summary={summary} />
        </div>
        <div className="rejected">
          <h4>{t.datasets.rejectedRows}</h4>
          {!rejected || rejected.total === 0 ? (
            <p className="muted" data-testid="rejected-none">
              {t.datasets.rejectedNone}
            </p>
          ) : (
            <>
              <div className="table-wrap rejected-table">
                <table className="table compact" data-testid="rejected-rows">
                  <thead>
                    <tr>
                      <th className="num">{t.datasets.colLine}</th>
                      <th>{t.datasets.colReasonRejected}</th>
                      <th>{t.datasets.colRaw}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {rejected.rows.map((row) => (
                      <tr key={row.line} data-testid="rejected-row" data-line={row.line}>
                        <td className="num mono">{row.line}</td>
                        <td>{localizeRejection(row.reason, i18n.lang)}</td>
                        <td className="mono raw" title={row.raw}>
                          {row.raw}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <p className="muted">
                {format(t.datasets.rejectedShown, { shown: i18n.num(rejected.rows.length), total: i18n.num(rejected.total) })}
                {rejected.rows.length < rejected.total ? (
                  <button type="button" className="link-button" onClick={() => void loadMore()} disabled={loadingMore} data-testid="rejected-more">
                    {t.datasets.loadMore}
                  </button>
                ) : null}
              </p>
            </>
          )}
        </div>
      </div>
    </section>
  );
}
