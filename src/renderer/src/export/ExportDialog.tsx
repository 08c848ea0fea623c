import { useEffect, useEffectEvent, useRef, useState } from 'react';
import { EXPORT_FORMATS, type CsvDelimiter, type CsvEncoding, type ExportFormat, type ExportProgress, type ExportRequest } from '../../../shared/export.ts';
import { proposeExportName } from '../../../shared/export-name.ts';
import type { CallFilter, CallSort } from '../../../shared/query.ts';
import type { Language } from '../../../shared/settings.ts';
import { getApi, settle } from '../api.ts';
import { Modal } from '../components/Modal.tsx';
import { format as fill, useI18n } from '../i18n/index.ts';
import { useShell } from '../shell.ts';

/**
 * The export dialog (issue #9, item 1): what (the grid's current view — filter, sort, visible columns —
 * or the whole dataset), the format, the language of the annotations, CSV's encoding and delimiter, the
 * proposed file name; then progress with Cancel, and the finished file handed over by the host (the
 * system save dialog in Electron, a download in the browser host).
 *
 * Opened from the call grid ("Export…", Ctrl+E) with the view's filter, sort and visible original
 * columns, and from the library's dataset detail with `wholeDataset` (no view to choose).
 */
const DELIMITER_KEYS = { ';': 'semicolon', ',': 'comma', '\t': 'tab' } as const satisfies Record<CsvDelimiter, string>;

type Stage =
  | { readonly kind: 'choosing' }
  | { readonly kind: 'running'; readonly jobId: string; readonly fileName: string; readonly progress: ExportProgress | null }
  | { readonly kind: 'finished'; readonly progress: ExportProgress; readonly saved: boolean }
  | { readonly kind: 'stopped'; readonly message: string };

export function ExportDialog({
  datasetId,
  filter,
  sort,
  columns,
  wholeDataset = false,
  onClose,
}: {
  datasetId: string;
  filter: CallFilter;
  sort: CallSort;
  /** The grid's visible original columns in their order; absent: all of them. */
  columns?: readonly string[];
  /** From the library: the whole dataset only, no view to choose. */
  wholeDataset?: boolean;
  onClose: () => void;
}) {
  const i18n = useI18n();
  const shell = useShell();
  const api = getApi();
  const words = i18n.t.exportDialog;
  const [scope, setScope] = useState<'view' | 'all'>(wholeDataset ? 'all' : 'view');
  const [format, setFormat] = useState<ExportFormat>('xlsx');
  const [language, setLanguage] = useState<Language>(i18n.lang);
  const [encoding, setEncoding] = useState<CsvEncoding>('utf-8');
  const [delimiter, setDelimiter] = useState<CsvDelimiter>(';');
  const [replaceUnsupported, setReplaceUnsupported] = useState(false);
  const [formulaGuard, setFormulaGuard] = useState(true);
  const [stage, setStage] = useState<Stage>({ kind: 'choosing' });
  const runningJob = stage.kind === 'running' ? stage.jobId : null;

  // A restarted engine took the running export with it (its half-written file is swept at the next start).
  useEffect(() => {
    if (!api || runningJob === null) return;
    return api.app.onEngineRestarted(() => setStage({ kind: 'stopped', message: words.interrupted }));
  }, [api, runningJob, words.interrupted]);

  // Every export event while the dialog is open, the latest per job: a small export can end before
  // `exports.start` has answered with its id, and its events must not be lost meanwhile.
  const seen = useRef(new Map<string, ExportProgress>());
  const apply = useEffectEvent((progress: ExportProgress) => {
    if (progress.jobId !== runningJob) return;
    if (progress.phase === 'done') setStage({ kind: 'finished', progress, saved: false });
    else if (progress.phase === 'failed') setStage({ kind: 'stopped', message: progress.error?.[i18n.lang] ?? '' });
    else if (progress.phase === 'cancelled') setStage({ kind: 'stopped', message: words.cancelled });
    else setStage((current) => (current.kind === 'running' && current.jobId === progress.jobId ? { ...current, progress } : current));
  });
  useEffect(() => {
    if (!api) return;
    const events = seen.current;
    const stop = api.exports.onProgress((progress) => {
      events.set(progress.jobId, progress);
      apply(progress);
    });
    return () => {
      stop();
      events.clear();
    };
  }, [api]);
  useEffect(() => {
    if (runningJob === null) return;
    const early = seen.current.get(runningJob);
    if (early) apply(early);
  }, [runningJob]);

  const chosenFilter = scope === 'view' ? filter : {};
  const proposed = proposeExportName(chosenFilter, format, language);

  const start = async () => {
    if (!api) return;
    const request: ExportRequest = {
      format,
      language,
      filter: chosenFilter,
      sort: scope === 'view' ? sort : { column: '_line', direction: 'asc' },
      ...(scope === 'view' && columns && columns.length > 0 ? { columns } : {}),
      ...(format === 'csv' ? { encoding, delimiter, replaceUnsupported: encoding === 'windows-1251' && replaceUnsupported, formulaGuard } : {}),
    };
    const started = shell.unwrap(await settle(api.exports.start(datasetId, request)));
    if (started) setStage({ kind: 'running', jobId: started.jobId, fileName: started.fileName, progress: null });
  };

  const cancel = async () => {
    if (!api || stage.kind !== 'running') return;
    const answer = await settle(api.exports.cancel(stage.jobId));
    // The job is gone (it ended a moment ago, or the engine restarted and took it along): stop waiting for it.
    if (!answer.ok) setStage({ kind: 'stopped', message: answer.error.message || words.cancelled });
  };

  const save = async () => {
    if (!api || stage.kind !== 'finished' || !stage.progress.result) return;
    const saved = shell.unwrap(await settle(api.exports.save(stage.progress.result.fileName)));
    if (saved?.saved) setStage({ ...stage, saved: true });
  };

  const footer =
    stage.kind === 'choosing' ? (
      <>
        <button type="button" onClick={onClose}>
          {words.close}
        </button>
        <button type="button" className="primary" data-autofocus onClick={() => void start()} data-testid="export-start">
          {words.start}
        </button>
      </>
    ) : stage.kind === 'running' ? (
      <button type="button" onClick={() => void cancel()} data-testid="export-cancel">
        {words.cancel}
      </button>
    ) : (
      <>
        {stage.kind === 'finished' && !stage.saved ? (
          <button type="button" className="primary" data-autofocus onClick={() => void save()} data-testid="export-save">
            {words.save}
          </button>
        ) : null}
        <button type="button" onClick={onClose}>
          {words.close}
        </button>
      </>
    );

  return (
    <Modal title={words.title} onClose={onClose} testId="export-dialog" footer={footer} closable={stage.kind !== 'running'}>
      {stage.kind === 'choosing' ? (
        <div className="export-form">
          {wholeDataset ? (
            <p>
              {words.what}: <strong>{words.all}</strong>
            </p>
          ) : (
            <fieldset>
              <legend>{words.what}</legend>
              <label>
                <input type="radio" checked={scope === 'view'} onChange={() => setScope('view')} data-testid="export-scope-view" /> {words.view}
              </label>
              <label>
                <input type="radio" checked={scope === 'all'} onChange={() => setScope('all')} data-testid="export-scope-all" /> {words.all}
              </label>
            </fieldset>
          )}
          <label>
            {words.format}{' '}
            <select value={format} onChange={(event) => setFormat(event.target.value as ExportFormat)} data-testid="export-format">
              {EXPORT_FORMATS.map((f) => (
                <option key={f} value={f}>
                  {words.formats[f]}
                </option>
              ))}
            </select>
          </label>
          <label>
            {words.language}{' '}
            <select value={language} onChange={(event) => setLanguage(event.target.value as Language)}>
              <option value="ru">Русский</option>
              <option value="en">English</option>
            </select>
          </label>
          {format === 'csv' ? (
            <>
              <label>
                {words.encoding}{' '}
                <select value={encoding} onChange={(event) => setEncoding(event.target.value as CsvEncoding)} data-testid="export-encoding">
                  <option value="utf-8">UTF-8 (BOM)</option>
                  <option value="windows-1251">Windows-1251</option>
                </select>
              </label>
              <label>
                {words.delimiter}{' '}
                <select value={delimiter} onChange={(event) => setDelimiter(event.target.value as CsvDelimiter)}>
                  {([';', ',', '\t'] as const).map((d) => (
                    <option key={d} value={d}>
                      {words.delimiters[DELIMITER_KEYS[d]]}
                    </option>
                  ))}
                </select>
              </label>
              {encoding === 'windows-1251' ? (
                <label>
                  <input type="checkbox" checked={replaceUnsupported} onChange={(event) => setReplaceUnsupported(event.target.checked)} /> {words.replace}
                </label>
              ) : null}
              <label title={words.formulaGuardHint}>
                <input type="checkbox" checked={formulaGuard} onChange={(event) => setFormulaGuard(event.target.checked)} data-testid="export-formula-guard" />{' '}
                {words.formulaGuard}
              </label>
            </>
          ) : null}
          <p>
            {words.fileName}: <strong data-testid="export-file-name">{proposed}</strong>
          </p>
        </div>
      ) : null}
      {stage.kind === 'running' ? (
        <div data-testid="export-progress">
          <p>{stage.fileName}</p>
          <progress max={Math.max(1, stage.progress?.rowsTotal ?? 1)} value={stage.progress?.rowsWritten ?? 0} />
          <p>
            {fill(words.progress, { rows: i18n.num(stage.progress?.rowsWritten ?? 0), total: i18n.num(stage.progress?.rowsTotal ?? 0) })}
            {stage.progress?.etaSeconds != null ? fill(words.eta, { eta: i18n.num(stage.progress.etaSeconds) }) : ''}
          </p>
        </div>
      ) : null}
      {stage.kind === 'finished' && stage.progress.result ? (
        <div data-testid="export-done">
          <p>
            {stage.progress.result.fileName} — {fill(words.done, { rows: i18n.num(stage.progress.result.rows) })} {i18n.bytes(stage.progress.result.bytes)}
          </p>
          {stage.progress.result.replaced > 0 ? <p>{fill(words.replaced, { n: i18n.num(stage.progress.result.replaced) })}</p> : null}
          {stage.progress.result.sheets > 1 ? <p>{fill(words.sheets, { n: i18n.num(stage.progress.result.sheets) })}</p> : null}
          {stage.saved ? <p>{words.saved}</p> : null}
        </div>
      ) : null}
      {stage.kind === 'stopped' ? (
        <p role="alert" data-testid="export-stopped">
          {stage.message}
        </p>
      ) : null}
    </Modal>
  );
}
