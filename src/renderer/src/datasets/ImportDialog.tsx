import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from 'react';
import { AgGridReact, type CustomCellRendererProps, type CustomHeaderProps } from 'ag-grid-react';
import type { ColDef } from 'ag-grid-community';
import {
  COLUMN_ROLES,
  DELIMITERS,
  ENCODINGS,
  type ColumnRole,
  type Delimiter,
  type EncodingName,
  type ImportOptions,
  type ImportPreview,
  type ImportProgress,
  type PreviewColumn,
  type PreviewRow,
  type SourceRef,
} from '../../../shared/import-types.ts';
import type { Shell } from '../shell.ts';
import { getApi, isTransportFailure, settle } from '../api.ts';
import { Modal } from '../components/Modal.tsx';
import { SideBadge } from '../components/SideBadge.tsx';
import { delimiterLabel, format, useI18n } from '../i18n/index.ts';
import type { LocalizedText } from '../../../shared/result.ts';
import { localizeRejection } from '../../../shared/rejections.ts';
import type { AppError } from '../../../shared/result.ts';
import { progressTexts } from './progress-texts.ts';

/** The dataset an "Import again" replaces once the new import is complete. */
export interface ReplacedDataset {
  readonly id: string;
  readonly name: string;
}

export interface ImportDialogProps {
  readonly source: SourceRef;
  readonly shell: Shell;
  readonly onClose: () => void;
  readonly onDone: (datasetId: string, name: string) => void;
  readonly onCancelled: () => void;
  /** "Choose another file" after a file that cannot be imported: the dialog starts over on that source. */
  readonly onChooseAnother: (source: SourceRef) => void;
  /** "Import again": the dataset to replace; its name is the new one's unless changed here. */
  readonly replacing?: ReplacedDataset | null;
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

/** Keys the select itself uses while it has the focus; the grid must not act on them (Tab, Enter and Escape give the focus back to the header). */
const SELECT_KEYS = new Set(['ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight', 'Home', 'End', 'PageUp', 'PageDown', ' ']);

const baseName = (name: string): string => name.replace(/\.[^.]+$/, '') || name;

interface RoleHeaderParams {
  readonly columnName: string;
  readonly columnIndex: number;
  readonly role: ColumnRole | null;
  readonly onRole: (index: number, role: ColumnRole | null) => void;
}

/**
 * A preview column's header: its name and the role Callsight will give it, changeable. The select is not a
 * Tab stop of its own (Tab leaves the grid): Enter on the header cell gives it the keyboard and opens its
 * list; arrows choose, and Enter, Escape or Tab hand the keyboard back to the header cell.
 */
function RoleHeader(props: CustomHeaderProps & RoleHeaderParams) {
  const { t } = useI18n();
  const select = useRef<HTMLSelectElement>(null);
  const header = props.eGridHeader;
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Enter' || event.target !== header || !select.current) return;
      event.preventDefault();
      select.current.focus();
      try {
        select.current.showPicker();
      } catch {
        // No picker without a user gesture in some hosts: the focused select still changes with the arrows.
      }
    };
    header.addEventListener('keydown', onKey);
    return () => header.removeEventListener('keydown', onKey);
  }, [header]);
  return (
    <div className="role-header">
      <span className="role-header-name" title={props.columnName}>
        {props.columnName}
      </span>
      <select
        ref={select}
        value={props.role ?? ''}
        data-testid={`role-select-${props.columnIndex}`}
        tabIndex={-1}
        aria-label={format(t.importDialog.roleOf, { name: props.columnName })}
        className={props.role ? 'has-role' : undefined}
        onMouseDown={(event) => event.stopPropagation()}
        onKeyDown={(event) => {
          if (SELECT_KEYS.has(event.key)) event.stopPropagation();
          else if (event.key === 'Enter' || event.key === 'Escape' || event.key === 'Tab') {
            event.stopPropagation();
            event.preventDefault();
            header.focus();
          }
        }}
        onChange={(event) => props.onRole(props.columnIndex, event.target.value === '' ? null : (event.target.value as ColumnRole))}
      >
        <option value="">{t.importDialog.roleNone}</option>
        {COLUMN_ROLES.map((role) => (
          <option key={role} value={role}>
            {t.role[role]}
          </option>
        ))}
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
export function ImportDialog({ source, shell, onClose, onDone, onCancelled, onChooseAnother, replacing = null }: ImportDialogProps) {
  const i18n = useI18n();
  const { t, lang } = i18n;
  const api = getApi();
  // Records of another width are kept as calls unless the user asks to reject them (issue 11, item 5).
  const [options, setOptions] = useState<ImportOptions>({ raggedRows: 'keep' });
  const [name, setName] = useState(replacing?.name ?? baseName(source.name));
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  // Why this file (with these options) has no preview: shown in the dialog, with "Choose another file".
  const [problem, setProblem] = useState<AppError | null>(null);
  // A role moved from one column to another (each role belongs to one column): said until the next change.
  const [moved, setMoved] = useState<{ role: ColumnRole; from: string; to: string } | null>(null);
  const [loading, setLoading] = useState(true);
  const [headerDraft, setHeaderDraft] = useState<string | null>(null);
  const headerInvalid = headerDraft !== null && !(/^\d+$/.test(headerDraft.trim()) && Number(headerDraft) <= 1000);
  // A workbook's sheets outlive a failed preview, so another sheet can still be chosen.
  const [sheets, setSheets] = useState<readonly string[]>([]);
  const [job, dispatch] = useReducer(jobReducer, { phase: 'setup' });
  const stopButton = useRef<HTMLButtonElement>(null);
  const startButton = useRef<HTMLButtonElement>(null);
  const nameInput = useRef<HTMLInputElement>(null);
  const callbacks = useRef({ onDone, onCancelled });
  callbacks.current = { onDone, onCancelled };
  const datasetName = name.trim() || replacing?.name || baseName(source.name);
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
      // The file's own problem is the dialog's business; only a transport failure goes to the shell.
      const value = result.ok || isTransportFailure(result.error) ? shell.unwrap(result) : null;
      setProblem(result.ok || isTransportFailure(result.error) ? null : result.error);
      setPreview(value);
      if (value) setSheets(value.sheets);
    });
    return () => {
      live = false;
    };
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
  const roleOf = useCallback(
    (index: number, detected: ColumnRole | null): ColumnRole | null => {
      const override = roles?.[index];
      return override === undefined ? detected : override;
    },
    [roles],
  );
  const columnName = useCallback((column: PreviewColumn) => (column.generated ? format(t.importDialog.columnN, { n: column.index + 1 }) : column.name), [t]);
  // One column per role: giving a role to a column takes it from the column that had it, and says so.
  const setRole = useCallback(
    (index: number, role: ColumnRole | null) => {
      const holder = role === null ? undefined : preview?.columns.find((column) => column.index !== index && roleOf(column.index, column.role) === role);
      const target = preview?.columns.find((column) => column.index === index);
      setMoved(holder && target && role ? { role, from: columnName(holder), to: columnName(target) } : null);
      setOptions((current) => ({ ...current, roles: { ...current.roles, ...(holder ? { [holder.index]: null } : {}), [index]: role } }));
    },
    [preview, roleOf, columnName],
  );

  const effectiveRoles = useMemo(() => (preview?.columns ?? []).map((column) => roleOf(column.index, column.role)), [preview, roleOf]);
  const hasStatus = effectiveRoles.includes('status') || (effectiveRoles.includes('managerLeg') && effectiveRoles.includes('clientLeg'));
  const needsStatus = preview !== null && preview.needsStatusColumn && !hasStatus;

  const columnDefs = useMemo<ColDef<PreviewRow>[]>(() => {
    if (!preview) return [];
    const defs: ColDef<PreviewRow>[] = [
      { colId: '_line', headerName: t.importDialog.colLine, width: 70, pinned: 'left', cellClass: 'mono muted', valueGetter: (params) => params.data?.line },
      {
        colId: '_status',
        headerName: t.importDialog.colStatusTag,
        width: 250,
        pinned: 'left',
        cellRenderer: StatusTagCell,
        valueGetter: (params) => params.data?.status?.code ?? '',
      },
    ];
    if (preview.rows.some((row) => row.problem || row.repaired)) {
      defs.push({
        colId: '_problem',
        headerName: t.importDialog.colProblem,
        width: 230,
        cellClass: (params) => (params.data?.problem ? 'problem' : 'repaired'),
        valueGetter: (params) => {
          const row = params.data;
          if (row?.problem) return localizeRejection(row.problem, lang);
          if (!row?.repaired) return '';
          return row.repaired.extra > 0
            ? format(t.importDialog.repairedExtra, { n: row.repaired.extra })
            : format(t.importDialog.repairedPadded, { found: row.repaired.found, width: preview.columns.length });
        },
        tooltipValueGetter: (params) => String(params.value ?? ''),
      });
    }
    for (const column of preview.columns) {
      const params: RoleHeaderParams = {
        columnName: columnName(column),
        columnIndex: column.index,
        role: roleOf(column.index, column.role),
        onRole: setRole,
      };
      defs.push({
        colId: `c${column.index}`,
        headerName: columnName(column),
        minWidth: 190,
        flex: 1,
        headerComponent: RoleHeader,
        headerComponentParams: params,
        valueGetter: (p) => p.data?.cells[column.index] ?? '',
        suppressHeaderKeyboardEvent: (p) => (p.event.target as HTMLElement | null)?.tagName === 'SELECT',
      });
    }
    return defs;
  }, [preview, roleOf, lang, t, columnName, setRole]);

  const start = async () => {
    if (!api || !preview || (job.phase !== 'setup' && job.phase !== 'failed')) return;
    dispatch({ type: 'startRequested' });
    const trimmed = name.trim();
    const chosen = { ...options, ...(trimmed ? { name: trimmed } : {}), ...(replacing ? { replaces: replacing.id } : {}) };
    const value = shell.unwrap(await settle(api.imports.start(source.id, chosen)), 'import-start');
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
  const footer =
    busy || job.phase === 'done' ? (
      <button
        ref={stopButton}
        type="button"
        className="danger"
        onClick={() => void cancelImport()}
        data-testid="import-cancel"
        aria-disabled={job.phase !== 'running'}
      >
        {t.importDialog.cancelImport}
      </button>
    ) : (
      <>
        <button type="button" onClick={onClose} data-testid="import-close">
          {t.importDialog.cancel}
        </button>
        <button
          ref={startButton}
          type="button"
          className="primary"
          onClick={() => void start()}
          data-testid="import-start"
          disabled={!preview || loading || needsStatus || headerInvalid || preview.columns.length === 0}
        >
          {t.importDialog.start}
        </button>
      </>
    );
  const failure = job.phase === 'failed' ? format(t.importDialog.failed, { error: job.error?.[lang] ?? '' }) : null;

  // The file itself cannot be imported (a picture, an empty file, only a header): the dialog says why and
  // offers another file instead of options that cannot help. With options changed, they stay to be changed back.
  const fileProblem = problem !== null && !loading && Object.keys(options).every((key) => key === 'raggedRows');
  const chooseButton = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (fileProblem) chooseButton.current?.focus();
  }, [fileProblem]);
  const chooseAnother = async () => {
    if (!api) return;
    const next = shell.unwrap(await settle(api.sources.choose()));
    if (next) onChooseAnother(next);
  };
  const problemPanel =
    problem && !loading ? (
      <div className="import-problem" role="alert" data-testid="import-problem">
        <h3>{t.importDialog.problemTitle}</h3>
        <p data-testid="import-problem-text">{problem.text?.[lang] ?? problem.message}</p>
        <button ref={chooseButton} type="button" className="primary" onClick={() => void chooseAnother()} data-testid="import-choose-another">
          {t.importDialog.chooseAnother}
        </button>
      </div>
    ) : null;

  return (
    <Modal
      title={format(t.importDialog.title, { name: source.name })}
      testId="import-dialog"
      wide={!busy && job.phase !== 'done' && !fileProblem}
      onClose={onClose}
      closable={!busy && job.phase !== 'done'}
      footer={footer}
    >
      {busy || job.phase === 'done' ? (
        <ProgressView progress={job.phase === 'starting' ? null : job.progress} />
      ) : fileProblem ? (
        problemPanel
      ) : (
        <div className="import-setup" data-loading={loading} data-testid="import-setup">
          <div className="import-options">
            <label className="field">
              <span>{t.importDialog.name}</span>
              <input ref={nameInput} value={name} onChange={(event) => setName(event.target.value)} data-testid="import-name" maxLength={200} data-autofocus />
            </label>
            {source.kind === 'xlsx' || sheets.length > 0 ? (
              <label className="field">
                <span>{t.importDialog.sheet}</span>
                <select
                  value={options.sheet ?? preview?.sheet ?? ''}
                  data-testid="import-sheet"
                  onChange={(event) => setOptions((current) => ({ ...current, sheet: event.target.value, roles: undefined }))}
                >
                  {sheets.map((sheet) => (
                    <option key={sheet} value={sheet}>
                      {sheet}
                    </option>
                  ))}
                </select>
              </label>
            ) : (
              <>
                <label className="field">
                  <span>{t.importDialog.encoding}</span>
                  <select
                    value={options.encoding ?? ''}
                    data-testid="import-encoding"
                    onChange={(event) => setOptions((current) => ({ ...current, encoding: (event.target.value || undefined) as EncodingName | undefined }))}
                  >
                    <option value="">{detected(options.encoding ? null : (preview?.encoding ?? null))}</option>
                    {ENCODINGS.map((encoding) => (
                      <option key={encoding} value={encoding}>
                        {encoding}
                      </option>
                    ))}
                  </select>
                </label>
                <label className="field">
                  <span>{t.importDialog.delimiter}</span>
                  <select
                    value={options.delimiter ?? ''}
                    data-testid="import-delimiter"
                    onChange={(event) =>
                      setOptions((current) => ({ ...current, delimiter: (event.target.value || undefined) as Delimiter | undefined, roles: undefined }))
                    }
                  >
                    <option value="">{detected(options.delimiter || !preview?.delimiter ? null : delimiterLabel(t, preview.delimiter))}</option>
                    {DELIMITERS.map((delimiter) => (
                      <option key={delimiter} value={delimiter}>
                        {delimiterLabel(t, delimiter)}
                      </option>
                    ))}
                  </select>
                </label>
              </>
            )}
            <label className="field field-check" title={t.importDialog.raggedHint}>
              <span>{t.importDialog.raggedLabel}</span>
              <span className="check">
                <input
                  type="checkbox"
                  checked={options.raggedRows === 'reject'}
                  data-testid="import-reject-ragged"
                  onChange={(event) => setOptions((current) => ({ ...current, raggedRows: event.target.checked ? 'reject' : 'keep' }))}
                />
                {t.importDialog.raggedReject}
              </span>
            </label>
            <label className="field field-narrow">
              <span>{t.importDialog.headerRow}</span>
              <input
                type="number"
                min={0}
                max={1000}
                value={headerDraft ?? options.headerRow ?? preview?.headerRow ?? 1}
                data-testid="import-header-row"
                title={t.importDialog.headerRowHint}
                aria-invalid={headerInvalid}
                aria-describedby={headerInvalid ? 'import-header-row-invalid' : undefined}
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
                onBlur={() => {
                  if (!headerInvalid) setHeaderDraft(null);
                }}
              />
            </label>
          </div>
          {headerInvalid ? (
            <div className="banner banner-error" role="alert" id="import-header-row-invalid" data-testid="header-row-invalid">
              {t.importDialog.headerRowInvalid}
            </div>
          ) : null}
          {moved ? (
            <div className="banner banner-warning" role="status" data-testid="role-moved">
              {format(t.importDialog.roleMoved, { role: t.role[moved.role], from: moved.from, to: moved.to })}
            </div>
          ) : null}
          {needsStatus ? (
            <div className="banner banner-warning" role="alert" data-testid="needs-status">
              {t.importDialog.needsStatus}
            </div>
          ) : null}
          {failure ? (
            <div className="banner banner-error" role="alert" data-testid="import-failed">
              {failure}
            </div>
          ) : null}
          {preview && preview.warnings.length > 0 ? (
            <ul className="warnings" aria-label={t.importDialog.warnings}>
              {preview.warnings.map((w) => (
                <li key={w.en}>{w[lang]}</li>
              ))}
            </ul>
          ) : null}
          {problemPanel}
          <div className="preview-caption">
            <span>{t.importDialog.previewTitle}</span>
            {preview ? (
              <span className="muted" data-testid="preview-count">
                {i18n.plural(t.importDialog.previewCount, preview.rows.length)}
              </span>
            ) : null}
            {loading ? (
              <span className="muted" data-testid="preview-loading">
                {t.importDialog.loading}
              </span>
            ) : null}
          </div>
          <div
            className="preview-grid ag-theme-quartz"
            data-testid="preview-grid"
            data-encoding={preview?.encoding ?? ''}
            data-ready={!loading && preview !== null}
          >
            {preview ? (
              <AgGridReact<PreviewRow>
                key={lang}
                theme="legacy"
                localeText={i18n.gridLocale}
                rowData={preview.rows as PreviewRow[]}
                columnDefs={columnDefs}
                defaultColDef={{ sortable: false, resizable: true, suppressHeaderMenuButton: true }}
                getRowId={(params) => String(params.data.line)}
                getRowClass={(params) => (params.data?.problem ? 'row-problem' : params.data?.repaired ? 'row-repaired' : undefined)}
                headerHeight={58}
                rowHeight={30}
                animateRows={false}
                // Tab and Shift+Tab leave the grid (arrows move inside it), so the buttons are a few presses away.
                tabToNextCell={() => false}
                tabToNextHeader={() => false}
              />
            ) : null}
          </div>
        </div>
      )}
    </Modal>
  );
}

function ProgressView({ progress }: { progress: ImportProgress | null }) {
  const i18n = useI18n();
  const { t } = i18n;
  const texts = progressTexts(progress, i18n);
  return (
    <div className="progress-view" data-testid="import-progress" data-phase={progress?.phase ?? 'starting'} data-rows={progress?.rowsRead ?? 0}>
      <div className="progress-head">
        <strong>{texts.title}</strong>
        <span>{texts.percent}</span>
      </div>
      <progress max={1} value={texts.fraction} aria-label={t.importDialog.progressTitle} />
      <div className="progress-stats">
        {texts.bytes === null ? null : <span data-testid="progress-bytes">{texts.bytes}</span>}
        {texts.rows === null ? null : <span data-testid="progress-rows">{texts.rows}</span>}
        {texts.speed === null ? null : <span data-testid="progress-speed">{texts.speed}</span>}
        {texts.eta === null ? null : <span data-testid="progress-eta">{texts.eta}</span>}
      </div>
    </div>
  );
}
