import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from 'react';
import { AgGridReact, type CustomCellRendererProps, type CustomHeaderProps } from 'ag-grid-react';
import type { ColDef } from 'ag-grid-community';
import {
  COLUMN_ROLES, DELIMITERS, ENCODINGS, type ColumnRole, type Delimiter, type EncodingName, type ImportOptions,
  type ImportPreview, type ImportProgress, type PreviewRow, type SourceRef,
} from '../../../shared/import-types.ts';
import type { Shell } from '../shell.ts';
import { getApi, settle } from '../api.ts';
import { Modal } from '../components/Modal.tsx';
import { SideBadge } from '../components/SideBadge.tsx';
import { delimiterLabel, format, useI18n } from '../i18n/index.ts';
import type { LocalizedText } from '../../../shared/result.ts';
import { localizeRejection } from '../../../shared/rejections.ts';

export interface ImportDialogProps {
  readonly source: SourceRef;
  readonly shell: Shell;
  readonly onClose: () => void;
  readonly onDone: (datasetId: string, name: string) => void;
  readonly onCancelled: () => void;
}

/**
 * The import job, one phase at a time:
 *  setup    → the options form (closable); `startStarted` → starting
 *  starting → imports.start is on its way; progress events that already arrive are kept by job id,
 *             since the engine may report before the call returns. Its answer → running, or back to setup.
 *  running  → only this job's events count; a terminal one → done (finished or cancelled) or failed
 *  failed   → the options form again with the reason, ready for another try
 *  done     → the dialog is closing
 * Events of any other job (an earlier failed one, say) are ignored in every phase.
 */
type JobState =
  | { readonly phase: 'setup' }
  | { readonly phase: 'starting'; readonly early: ReadonlyMap<string, ImportProgress> }
  | { readonly phase: 'running'; readonly jobId: string; readonly progress: ImportProgress | null }
  | { readonly phase: 'done'; readonly jobId: string; readonly progress: ImportProgress }
  | { readonly phase: 'failed'; readonly jobId: string; readonly error: LocalizedText | null };

type JobAction =
  | { readonly type: 'startRequested' }
  | { readonly type: 'startFailed' }
  | { readonly type: 'started'; readonly jobId: string }
  | { readonly type: 'progress'; readonly progress: ImportProgress };

function running(jobId: string, progress: ImportProgress | null): JobState {
  if (!progress) return { phase: 'running', jobId, progress: null };
  switch (progress.phase) {
    case 'done':
      return progress.datasetId ? { phase: 'done', jobId, progress } : { phase: 'failed', jobId, error: progress.error ?? null };
    case 'cancelled':
      return { phase: 'done', jobId, progress };
    case 'failed':
      return { phase: 'failed', jobId, error: progress.error ?? null };
    case 'queued': // waiting for the import before it: shown as such, with Cancel
    case 'reading':
    case 'indexing':
      return { phase: 'running', jobId, progress };
  }
}

function jobReducer(state: JobState, action: JobAction): JobState {
  switch (action.type) {
    case 'startRequested':
      return state.phase === 'setup' || state.phase === 'failed' ? { phase: 'starting', early: new Map() } : state;
    case 'startFailed':
      return state.phase === 'starting' ? { phase: 'setup' } : state;
    case 'started':
      return state.phase === 'starting' ? running(action.jobId, state.early.get(action.jobId) ?? null) : state;
    case 'progress': {
      const p = action.progress;
      if (state.phase === 'starting') return { ...state, early: new Map(state.early).set(p.jobId, p) };
      if (state.phase === 'running' && p.jobId === state.jobId) return running(state.jobId, p);
      return state;
    }
  }
}

/** Keys the grid acts on in a header; everything else (Escape above all) may reach the dialog. */
const GRID_KEYS = new Set(['ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight', 'Home', 'End', 'PageUp', 'PageDown', 'Enter', ' ', 'Tab']);

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
        onKeyDown={(event) => { if (GRID_KEYS.has(event.key)) event.stopPropagation(); }}
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
  const [headerDraft, setHeaderDraft] = useState<string | null>(null);
  // A workbook's sheets outlive a failed preview, so another sheet can still be chosen.
  const [sheets, setSheets] = useState<readonly string[]>([]);
  const [job, dispatch] = useReducer(jobReducer, { phase: 'setup' });
  const stopButton = useRef<HTMLButtonElement>(null);
  const startButton = useRef<HTMLButtonElement>(null);
  const nameInput = useRef<HTMLInputElement>(null);
  const callbacks = useRef({ onDone, onCancelled });
  callbacks.current = { onDone, onCancelled };
  const datasetName = name.trim() || baseName(source.name);
  const nameRef = useRef(datasetName);
  nameRef.current = datasetName;

  // Fresh preview for every option change. An answer for older options, or one arriving after the dialog
  // closed, is dropped; a failed one clears the preview, so Start waits for a preview of the current options.
  useEffect(() => {
    if (!api) return;
    let live = true;
    setLoading(true);
    void settle(api.sources.preview(source.id, options)).then((result) => {
      if (!live) return;
      setLoading(false);
      const value = shell.unwrap(result);
      setPreview(value);
      if (value) setSheets(value.sheets);
    });
    return () => { live = false; };
  }, [api, shell, source.id, options]);

  // Subscribed before start, so no event is missed; the reducer decides which job an event belongs to.
  useEffect(() => {
    if (!api) return;
    return api.imports.onProgress((progress) => dispatch({ type: 'progress', progress }));
  }, [api]);

  // A finished or cancelled job closes the dialog (once: `done` is final).
  useEffect(() => {
    if (job.phase !== 'done') return;
    if (job.progress.phase === 'done' && job.progress.datasetId) callbacks.current.onDone(job.progress.datasetId, nameRef.current);
    else callbacks.current.onCancelled();
  }, [job]);

  const roles = options.roles;
  const roleOf = useCallback((index: number, detected: ColumnRole | null): ColumnRole | null => {
    const override = roles?.[index];
    return override === undefined ? detected : override;
  }, [roles]);
  const setRole = (index: number, role: ColumnRole | null) =>
    setOptions((current) => ({ ...current, roles: { ...current.roles, [index]: role } }));

  const effectiveRoles = useMemo(
    () => (preview?.columns ?? []).map((column) => roleOf(column.index, column.role)),
    [preview, roleOf],
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
  }, [preview, roleOf, lang, t]);

  const start = async () => {
    if (!api || !preview || (job.phase !== 'setup' && job.phase !== 'failed')) return;
    dispatch({ type: 'startRequested' });
    const trimmed = name.trim();
    const value = shell.unwrap(await settle(api.imports.start(source.id, trimmed ? { ...options, name: trimmed } : options)));
    dispatch(value ? { type: 'started', jobId: value.jobId } : { type: 'startFailed' });
  };

  const cancelImport = async () => {
    if (!api || job.phase !== 'running') return;
    shell.unwrap(await settle(api.imports.cancel(job.jobId)));
  };

  const busy = job.phase === 'starting' || job.phase === 'running';
  // The Start button vanishes when the import begins: the keyboard lands on Stop instead of the page,
  // and back on Start (or the name) when the form returns after a failure, so Escape still closes the dialog.
  const lastPhase = useRef(job.phase);
  useEffect(() => {
    const was = lastPhase.current;
    lastPhase.current = job.phase;
    if (busy) stopButton.current?.focus();
    else if ((job.phase === 'setup' || job.phase === 'failed') && (was === 'starting' || was === 'running')) {
      if (startButton.current && !startButton.current.disabled) startButton.current.focus();
      else nameInput.current?.focus();
    }
  }, [job.phase, busy]);
  const detected = (value: string | null) => (value ? format(t.importDialog.autoDetected, { value }) : t.importDialog.auto);

  // While starting there is no job to stop yet: Stop stays focusable (the focus must stay in the dialog) but does nothing.
  const footer = busy || job.phase === 'done'
    ? <button ref={stopButton} type="button" className="danger" onClick={() => void cancelImport()} data-testid="import-cancel"
        aria-disabled={job.phase !== 'running'}>{t.importDialog.cancelImport}</button>
    : (
      <>
        <button type="button" onClick={onClose} data-testid="import-close">{t.importDialog.cancel}</button>
        <button ref={startButton} type="button" className="primary" onClick={() => void start()} data-testid="import-start"
          disabled={!preview || loading || needsStatus || preview.columns.length === 0}>{t.importDialog.start}</button>
      </>
    );
  const failure = job.phase === 'failed' ? format(t.importDialog.failed, { error: job.error?.[lang] ?? '' }) : null;

  return (
    <Modal title={format(t.importDialog.title, { name: source.name })} testId="import-dialog" wide
      onClose={onClose} closable={!busy && job.phase !== 'done'} footer={footer}>
      {busy || job.phase === 'done'
        ? <ProgressView progress={job.phase === 'starting' ? null : job.progress} />
        : (
          <div className="import-setup" data-loading={loading} data-testid="import-setup">
            <div className="import-options">
              <label className="field">
                <span>{t.importDialog.name}</span>
                <input ref={nameInput} value={name} onChange={(event) => setName(event.target.value)} data-testid="import-name" maxLength={200} data-autofocus />
              </label>
              {source.kind === 'xlsx' || sheets.length > 0
                ? (
                  <label className="field">
                    <span>{t.importDialog.sheet}</span>
                    <select value={options.sheet ?? preview?.sheet ?? ''} data-testid="import-sheet"
                      onChange={(event) => setOptions((current) => ({ ...current, sheet: event.target.value, roles: undefined }))}>
                      {sheets.map((sheet) => <option key={sheet} value={sheet}>{sheet}</option>)}
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
                <input type="number" min={0} max={1000} value={headerDraft ?? options.headerRow ?? preview?.headerRow ?? 1}
                  data-testid="import-header-row" title={t.importDialog.headerRowHint}
                  onChange={(event) => {
                    // What is typed stays in the field; only a whole number in range becomes the option
                    // (an emptied field is not "0 — no header"), and leaving the field shows the option again.
                    const raw = event.target.value;
                    setHeaderDraft(raw);
                    const value = Number(raw);
                    if (/^\d+$/.test(raw.trim()) && value <= 1000) {
                      setOptions((current) => (current.headerRow === value ? current : { ...current, headerRow: value, roles: undefined }));
                    }
                  }}
                  onBlur={() => setHeaderDraft(null)} />
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
        <span>{i18n.percent(fraction)}</span>
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
