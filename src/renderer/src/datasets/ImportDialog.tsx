import { useEffect, useMemo, useRef, useState } from 'react';
import { AgGridReact, type CustomCellRendererProps, type CustomHeaderProps } from 'ag-grid-react';
import type { ColDef } from 'ag-grid-community';
import {
  COLUMN_ROLES, DELIMITERS, ENCODINGS, type ColumnRole, type Delimiter, type EncodingName, type ImportOptions,
  type ImportPreview, type ImportProgress, type PreviewRow, type SourceRef,
} from '../../../shared/import-types.ts';
import type { Shell } from '../App.tsx';
import { getApi, settle } from '../api.ts';
import { Modal } from '../components/Modal.tsx';
import { SideBadge } from '../components/SideBadge.tsx';
import { format, useI18n, type Dict } from '../i18n/index.ts';
import { localizeRejection } from '../../../shared/rejections.ts';

export interface ImportDialogProps {
  readonly source: SourceRef;
  readonly shell: Shell;
  onClose(): void;
  onDone(datasetId: string, name: string): void;
  onCancelled(): void;
}

const TERMINAL = new Set<ImportProgress['phase']>(['done', 'cancelled', 'failed']);

function delimiterLabel(t: Dict, delimiter: Delimiter): string {
  switch (delimiter) {
    case ';': return t.delimiterName.semicolon;
    case ',': return t.delimiterName.comma;
    case '\t': return t.delimiterName.tab;
    case '|': return t.delimiterName.pipe;
  }
}

const baseName = (name: string): string => name.replace(/\.[^.]+$/, '') || name;

interface RoleHeaderParams {
  readonly columnName: string;
  readonly columnIndex: number;
  readonly role: ColumnRole | null;
  readonly onRole: (index: number, role: ColumnRole | null) => void;
}

/** A preview column's header: its name and the role Callsight will give it, changeable. */
function RoleHeader(props: CustomHeaderProps & RoleHeaderParams) {
  const { t } = useI18n();
  return (
    <div className="role-header">
      <span className="role-header-name" title={props.columnName}>{props.columnName}</span>
      <select value={props.role ?? ''} data-testid={`role-select-${props.columnIndex}`}
        aria-label={format(t.importDialog.roleOf, { name: props.columnName })}
        className={props.role ? 'has-role' : undefined}
        onMouseDown={(event) => event.stopPropagation()}
        onKeyDown={(event) => event.stopPropagation()}
        onChange={(event) => props.onRole(props.columnIndex, event.target.value === '' ? null : event.target.value as ColumnRole)}>
        <option value="">{t.importDialog.roleNone}</option>
        {COLUMN_ROLES.map((role) => <option key={role} value={role}>{t.role[role]}</option>)}
      </select>
    </div>
  );
}

function StatusTagCell(props: CustomCellRendererProps<PreviewRow>) {
  const status = props.data?.status;
  if (!status) return null;
  return (
    <span className="status-tag">
      <SideBadge side={status.side} />
      <span className="mono">{status.code ?? status.raw}</span>
    </span>
  );
}

/**
 * Preview → adjust → import → progress. Every change of an option asks the engine for a fresh preview,
 * so what the user sees is exactly what will be imported.
 */
export function ImportDialog({ source, shell, onClose, onDone, onCancelled }: ImportDialogProps) {
  const i18n = useI18n();
  const { t, lang } = i18n;
  const api = getApi();
  const [options, setOptions] = useState<ImportOptions>({});
  const [name, setName] = useState(baseName(source.name));
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [loading, setLoading] = useState(true);
  const [jobId, setJobId] = useState<string | null>(null);
  const [progress, setProgress] = useState<ImportProgress | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);
  const previewSeq = useRef(0);
  const stopButton = useRef<HTMLButtonElement>(null);
  const jobRef = useRef<string | null>(null);
  const seen = useRef(new Map<string, ImportProgress>());
  const finished = useRef(false);
  const callbacks = useRef({ onDone, onCancelled, name });
  callbacks.current = { onDone, onCancelled, name };

  // Fresh preview for every option change; a slower earlier answer never overwrites a newer one.
  useEffect(() => {
    if (!api) return;
    const seq = ++previewSeq.current;
    setLoading(true);
    void settle(api.sources.preview(source.id, options)).then((result) => {
      if (seq !== previewSeq.current) return;
      setLoading(false);
      const value = shell.unwrap(result);
      if (value) setPreview(value);
    });
  }, [api, shell, source.id, options]);

  const handleProgress = (p: ImportProgress) => {
    if (finished.current) return;
    setProgress(p);
    if (!TERMINAL.has(p.phase)) return;
    finished.current = true;
    if (p.phase === 'done' && p.datasetId) callbacks.current.onDone(p.datasetId, callbacks.current.name);
    else if (p.phase === 'cancelled') callbacks.current.onCancelled();
    else setFailure(format(t.importDialog.failed, { error: p.error?.[lang] ?? '' }));
  };
  const handleRef = useRef(handleProgress);
  handleRef.current = handleProgress;

  // Subscribed before start, so no event is missed; events for a job we have not heard of yet wait in `seen`.
  useEffect(() => {
    if (!api) return;
    return api.imports.onProgress((p) => {
      seen.current.set(p.jobId, p);
      if (p.jobId === jobRef.current) handleRef.current(p);
    });
  }, [api]);

  const roleOf = (index: number, detected: ColumnRole | null): ColumnRole | null => {
    const override = options.roles?.[index];
    return override === undefined ? detected : override;
  };
  const setRole = (index: number, role: ColumnRole | null) =>
    setOptions((current) => ({ ...current, roles: { ...current.roles, [index]: role } }));

  const effectiveRoles = useMemo(
    () => (preview?.columns ?? []).map((column) => roleOf(column.index, column.role)),
    [preview, options.roles],
  );
  const hasStatus = effectiveRoles.includes('status') || (effectiveRoles.includes('managerLeg') && effectiveRoles.includes('clientLeg'));
  const needsStatus = preview !== null && preview.needsStatusColumn && !hasStatus;

  const columnDefs = useMemo<ColDef<PreviewRow>[]>(() => {
    if (!preview) return [];
    const defs: ColDef<PreviewRow>[] = [
      { colId: '_line', headerName: t.importDialog.colLine, width: 70, pinned: 'left', cellClass: 'mono muted',
        valueGetter: (params) => params.data?.line },
      { colId: '_status', headerName: t.importDialog.colStatusTag, width: 190, pinned: 'left', cellRenderer: StatusTagCell,
        valueGetter: (params) => params.data?.status?.code ?? '' },
    ];
    if (preview.rows.some((row) => row.problem)) {
      defs.push({ colId: '_problem', headerName: t.importDialog.colProblem, width: 200, cellClass: 'problem',
        valueGetter: (params) => (params.data?.problem ? localizeRejection(params.data.problem, lang) : '') });
    }
    for (const column of preview.columns) {
      const params: RoleHeaderParams = {
        columnName: column.name, columnIndex: column.index, role: roleOf(column.index, column.role), onRole: setRole,
      };
      defs.push({
        colId: `c${column.index}`, headerName: column.name, minWidth: 150, flex: 1,
        headerComponent: RoleHeader, headerComponentParams: params,
        valueGetter: (p) => p.data?.cells[column.index] ?? '',
        suppressHeaderKeyboardEvent: (p) => (p.event.target as HTMLElement | null)?.tagName === 'SELECT',
      });
    }
    return defs;
  }, [preview, options.roles, t]);

  const start = async () => {
    if (!api || !preview) return;
    setStarting(true);
    setFailure(null);
    setProgress(null);
    finished.current = false;
    const trimmed = name.trim();
    const result = await settle(api.imports.start(source.id, trimmed ? { ...options, name: trimmed } : options));
    setStarting(false);
    const value = shell.unwrap(result);
    if (!value) return;
    jobRef.current = value.jobId;
    setJobId(value.jobId);
    const early = seen.current.get(value.jobId);
    if (early) handleProgress(early);
  };

  const cancelImport = async () => {
    if (!api || !jobId) return;
    shell.unwrap(await settle(api.imports.cancel(jobId)));
  };

  const running = jobId !== null && !finished.current;
  // The Start button vanishes when the import begins; the keyboard lands on Stop instead of the page.
  useEffect(() => {
    if (running) stopButton.current?.focus();
  }, [running]);
  const detected = (value: string | null) => (value ? format(t.importDialog.autoDetected, { value }) : t.importDialog.auto);

  const footer = running
    ? <button ref={stopButton} type="button" className="danger" onClick={() => void cancelImport()} data-testid="import-cancel">{t.importDialog.cancelImport}</button>
    : (
      <>
        <button type="button" onClick={onClose} data-testid="import-close">{t.importDialog.cancel}</button>
        <button type="button" className="primary" onClick={() => void start()} data-testid="import-start"
          disabled={!preview || loading || needsStatus || starting || preview.columns.length === 0}>{t.importDialog.start}</button>
      </>
    );

  return (
    <Modal title={format(t.importDialog.title, { name: source.name })} testId="import-dialog" wide
      onClose={onClose} closable={!running} footer={footer}>
      {running || (progress && !failure)
        ? <ProgressView progress={progress} />
        : (
          <div className="import-setup" data-loading={loading} data-testid="import-setup">
            <div className="import-options">
              <label className="field">
                <span>{t.importDialog.name}</span>
                <input value={name} onChange={(event) => setName(event.target.value)} data-testid="import-name" maxLength={200} data-autofocus />
              </label>
              {preview && preview.sheets.length > 0
                ? (
                  <label className="field">
                    <span>{t.importDialog.sheet}</span>
                    <select value={options.sheet ?? preview.sheet ?? ''} data-testid="import-sheet"
                      onChange={(event) => setOptions((current) => ({ ...current, sheet: event.target.value, roles: undefined }))}>
                      {preview.sheets.map((sheet) => <option key={sheet} value={sheet}>{sheet}</option>)}
                    </select>
                  </label>
                )
                : (
                  <>
                    <label className="field">
                      <span>{t.importDialog.encoding}</span>
                      <select value={options.encoding ?? ''} data-testid="import-encoding"
                        onChange={(event) => setOptions((current) => ({ ...current, encoding: (event.target.value || undefined) as EncodingName | undefined }))}>
                        <option value="">{detected(options.encoding ? null : preview?.encoding ?? null)}</option>
                        {ENCODINGS.map((encoding) => <option key={encoding} value={encoding}>{encoding}</option>)}
                      </select>
                    </label>
                    <label className="field">
                      <span>{t.importDialog.delimiter}</span>
                      <select value={options.delimiter ?? ''} data-testid="import-delimiter"
                        onChange={(event) => setOptions((current) => ({ ...current, delimiter: (event.target.value || undefined) as Delimiter | undefined, roles: undefined }))}>
                        <option value="">{detected(options.delimiter || !preview?.delimiter ? null : delimiterLabel(t, preview.delimiter))}</option>
                        {DELIMITERS.map((delimiter) => <option key={delimiter} value={delimiter}>{delimiterLabel(t, delimiter)}</option>)}
                      </select>
                    </label>
                  </>
                )}
              <label className="field field-narrow">
                <span>{t.importDialog.headerRow}</span>
                <input type="number" min={0} max={1000} value={options.headerRow ?? preview?.headerRow ?? 1}
                  data-testid="import-header-row" title={t.importDialog.headerRowHint}
                  onChange={(event) => {
                    const value = Number(event.target.value);
                    if (Number.isInteger(value) && value >= 0 && value <= 1000) setOptions((current) => ({ ...current, headerRow: value, roles: undefined }));
                  }} />
              </label>
            </div>
            {needsStatus ? <div className="banner banner-warning" role="alert" data-testid="needs-status">{t.importDialog.needsStatus}</div> : null}
            {failure ? <div className="banner banner-error" role="alert" data-testid="import-failed">{failure}</div> : null}
            {preview && preview.warnings.length > 0
              ? <ul className="warnings" aria-label={t.importDialog.warnings}>{preview.warnings.map((w) => <li key={w.en}>{w[lang]}</li>)}</ul>
              : null}
            <div className="preview-caption">
              <span>{t.importDialog.previewTitle}</span>
              {preview ? <span className="muted" data-testid="preview-count">{i18n.plural(t.importDialog.previewCount, preview.rows.length)}</span> : null}
              {loading ? <span className="muted" data-testid="preview-loading">{t.importDialog.loading}</span> : null}
            </div>
            <div className="preview-grid ag-theme-quartz" data-testid="preview-grid"
              data-encoding={preview?.encoding ?? ''} data-ready={!loading && preview !== null}>
              {preview
                ? (
                  <AgGridReact<PreviewRow>
                    key={lang}
                    theme="legacy"
                    localeText={i18n.gridLocale}
                    rowData={preview.rows as PreviewRow[]}
                    columnDefs={columnDefs}
                    defaultColDef={{ sortable: false, resizable: true, suppressHeaderMenuButton: true }}
                    getRowId={(params) => String(params.data.line)}
                    getRowClass={(params) => (params.data?.problem ? 'row-problem' : undefined)}
                    headerHeight={58}
                    rowHeight={30}
                    animateRows={false}
                  />
                )
                : null}
            </div>
          </div>
        )}
    </Modal>
  );
}

function ProgressView({ progress }: { progress: ImportProgress | null }) {
  const i18n = useI18n();
  const { t } = i18n;
  const fraction = progress && progress.bytesTotal > 0 ? Math.min(1, progress.bytesRead / progress.bytesTotal) : 0;
  return (
    <div className="progress-view" data-testid="import-progress" data-phase={progress?.phase ?? 'starting'}
      data-rows={progress?.rowsRead ?? 0}>
      <div className="progress-head">
        <strong>{progress ? t.phase[progress.phase] : t.importDialog.progressTitle}</strong>
        <span>{Math.round(fraction * 100)}%</span>
      </div>
      <progress max={1} value={fraction} aria-label={t.importDialog.progressTitle} />
      <div className="progress-stats">
        <span data-testid="progress-bytes">{format(t.importDialog.bytes, { read: i18n.bytes(progress?.bytesRead ?? 0), total: i18n.bytes(progress?.bytesTotal ?? 0) })}</span>
        <span data-testid="progress-rows">{format(t.importDialog.rowsRead, { n: i18n.num(progress?.rowsRead ?? 0) })}</span>
        <span data-testid="progress-speed">{format(t.importDialog.speed, { n: i18n.num(Math.round(progress?.rowsPerSecond ?? 0)) })}</span>
        <span data-testid="progress-eta">{progress?.etaSeconds == null ? t.importDialog.etaUnknown : format(t.importDialog.eta, { t: i18n.duration(progress.etaSeconds) })}</span>
      </div>
    </div>
  );
}
