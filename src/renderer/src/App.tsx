import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { SourceRef } from '../../shared/import-types.ts';
import type { CallFilter } from '../../shared/query.ts';
import type { Result } from '../../shared/result.ts';
import { LANGUAGES, type Language } from '../../shared/settings.ts';
import { getApi, isTransportFailure, settle } from './api.ts';
import { CallsScreen, type FilterRequest } from './calls/CallsScreen.tsx';
import { ModalHostContext, useModalHost } from './components/Modal.tsx';
import { Toasts, toastKey, type Toast } from './components/Toasts.tsx';
import { DatasetsScreen } from './datasets/DatasetsScreen.tsx';
import { ImportDialog, type ReplacedDataset } from './datasets/ImportDialog.tsx';
import { I18nContext, makeI18n, format, pluralIn, type Dict } from './i18n/index.ts';
import { ReferenceScreen, type StatusRequest } from './reference/ReferenceScreen.tsx';
import { NavigatorContext, ShellContext, type Navigator, type Shell } from './shell.ts';

type Screen = 'reference' | 'datasets' | 'calls';

export function App() {
  const api = getApi();
  const [lang, setLang] = useState<Language | null>(api ? null : 'ru');
  const [screen, setScreen] = useState<Screen>('reference');
  const [toasts, setToasts] = useState<Toast[]>([]);
  const [importSource, setImportSource] = useState<SourceRef | null>(null);
  // "Import again": which dataset a source's import replaces, by source id (the dialog names it and keeps its name).
  const [replacements, setReplacements] = useState<ReadonlyMap<string, ReplacedDataset>>(new Map());
  const [libraryVersion, setLibraryVersion] = useState(0);
  const [openDatasetId, setOpenDatasetId] = useState<string | null>(null);
  // The dataset whose calls are open (its grid stays mounted while other screens are shown).
  const [callsDatasetId, setCallsDatasetId] = useState<string | null>(null);
  const [callsRequest, setCallsRequest] = useState<FilterRequest | null>(null);
  const [statusRequest, setStatusRequest] = useState<StatusRequest | null>(null);
  const requestSeq = useRef(0);
  const [dragging, setDragging] = useState(false);
  const nextToastId = useRef(1);
  const modals = useModalHost();
  // For Ctrl+O and the button, which should not even open the file picker while a dialog is open.
  const importOpen = useRef(false);
  importOpen.current = importSource !== null;

  const i18n = useMemo(() => makeI18n(lang ?? 'ru'), [lang]);

  // Whether a dialog was open when a toast came: toasts from behind a dialog wait until it closes.
  const dialogOpen = useRef(false);
  dialogOpen.current = modals.anyOpen;

  /**
   * A toast never piles up: the same sentence (or the same action's failure) replaces the one shown, and at
   * most three are kept. Errors stay until dismissed or until their action is tried again.
   */
  const push = useCallback((kind: Toast['kind'], message: Toast['message'], action?: string) => {
    const id = nextToastId.current++;
    const same = toastKey(message);
    setToasts((list) => [
      ...list.filter((toast) => toastKey(toast.message) !== same && (action === undefined || toast.action !== action)).slice(-2),
      { id, kind, message, inDialog: dialogOpen.current, ...(action === undefined ? {} : { action }) },
    ]);
    if (kind === 'info') window.setTimeout(() => setToasts((list) => list.filter((toast) => toast.id !== id)), 4000);
  }, []);

  const shell: Shell = useMemo(
    () => ({
      unwrap<T>(result: Result<T>, action?: string): T | null {
        if (result.ok) {
          // The action worked this time: its earlier failure is no longer news.
          if (action !== undefined) setToasts((list) => list.filter((toast) => toast.action !== action));
          return result.value;
        }
        push('error', isTransportFailure(result.error) ? (d) => d.app.transportError : (result.error.text ?? result.error.message), action);
        return null;
      },
      info: (message: (t: Dict) => string) => push('info', message),
    }),
    [push],
  );

  // Language comes from the settings so it survives restarts.
  useEffect(() => {
    if (!api) return;
    void settle(api.settings.get()).then((result) => {
      const settings = shell.unwrap(result);
      setLang(settings?.language ?? 'ru');
    });
  }, [api, shell]);

  // Keep the progress stream open for the app's lifetime: in the browser host it is a server-sent event
  // stream without replay, and opening it only when an import starts could miss a short import's events.
  useEffect(() => (api ? api.imports.onProgress(() => undefined) : undefined), [api]);

  // The engine's worker died and a new one took over (issue 10, item 13): say so; the app goes on.
  useEffect(() => (api ? api.app.onEngineRestarted(() => push('error', (d) => d.app.engineRestarted)) : undefined), [api, push]);

  useEffect(() => {
    document.documentElement.lang = i18n.lang;
    const titles: Record<Screen, string> = { reference: i18n.t.app.navReference, datasets: i18n.t.app.navDatasets, calls: i18n.t.app.navCalls };
    document.title = `${i18n.t.app.name} — ${titles[screen]}`;
  }, [i18n, screen]);

  const changeLanguage = useCallback(
    (next: Language) => {
      setLang(next);
      if (!api) return;
      void settle(api.settings.update({ language: next })).then((result) => {
        const settings = shell.unwrap(result);
        if (settings) setLang(settings.language);
      });
    },
    [api, shell],
  );

  /**
   * The one way a source reaches the import dialog (button, Ctrl+O, drop, "import again"): while a dialog
   * is open, a new source is ignored, whenever its request started.
   */
  const openImport = useCallback((source: SourceRef, replacing?: ReplacedDataset) => {
    if (replacing) setReplacements((current) => new Map(current).set(source.id, replacing));
    setScreen('datasets');
    setImportSource((current) => current ?? source);
  }, []);

  const navigator: Navigator = useMemo(
    () => ({
      showCalls: (datasetId: string, filter?: CallFilter) => {
        setCallsDatasetId(datasetId);
        setCallsRequest(filter ? { filter, seq: ++requestSeq.current } : null);
        setScreen('calls');
      },
      openStatus: (code: string) => {
        setStatusRequest({ code, seq: ++requestSeq.current });
        setScreen('reference');
      },
      importSource: openImport,
      callsDatasetId,
    }),
    [openImport, callsDatasetId],
  );

  const chooseFile = useCallback(async () => {
    // Not even the file picker while a dialog is open (openImport would drop its answer anyway).
    if (!api || importOpen.current) return;
    const source = shell.unwrap(await settle(api.sources.choose()));
    if (source) openImport(source);
  }, [api, shell, openImport]);

  // Ctrl+O opens a file from anywhere.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === 'o') {
        event.preventDefault();
        void chooseFile();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [chooseFile]);

  const importDone = useCallback(
    async (datasetId: string, fallbackName: string) => {
      setImportSource(null);
      setLibraryVersion((v) => v + 1);
      setOpenDatasetId(datasetId);
      // The name the library actually holds (the engine may have named it); the dialog's guess if unreachable.
      const summary = api ? await settle(api.datasets.get(datasetId)) : null;
      const name = summary?.ok ? summary.value.name : fallbackName;
      // Rows of another number of fields were made calls: said at once, not only in the dataset's summary.
      const repaired = summary?.ok ? (summary.value.repaired ?? 0) : 0;
      shell.info((d) => [format(d.datasets.imported, { name }), ...(repaired > 0 ? [pluralIn(d, d.datasets.importedRepaired, repaired)] : [])].join(' '));
    },
    [api, shell],
  );

  // Drag and drop of a file anywhere on the window.
  useEffect(() => {
    if (!api) return;
    let depth = 0;
    const hasFiles = (event: DragEvent) => Array.from(event.dataTransfer?.types ?? []).includes('Files');
    const onEnter = (event: DragEvent) => {
      if (!hasFiles(event)) return;
      depth += 1;
      setDragging(true);
    };
    const onLeave = (event: DragEvent) => {
      if (!hasFiles(event)) return;
      depth = Math.max(0, depth - 1);
      if (depth === 0) setDragging(false);
    };
    const onOver = (event: DragEvent) => {
      if (hasFiles(event)) event.preventDefault();
    };
    const onDrop = (event: DragEvent) => {
      if (!hasFiles(event)) return;
      event.preventDefault();
      depth = 0;
      setDragging(false);
      const file = event.dataTransfer?.files[0];
      if (!file) return;
      void settle(api.sources.fromDrop(file)).then((result) => {
        const source = shell.unwrap(result);
        if (source) openImport(source);
      });
    };
    window.addEventListener('dragenter', onEnter);
    window.addEventListener('dragleave', onLeave);
    window.addEventListener('dragover', onOver);
    window.addEventListener('drop', onDrop);
    return () => {
      window.removeEventListener('dragenter', onEnter);
      window.removeEventListener('dragleave', onLeave);
      window.removeEventListener('dragover', onOver);
      window.removeEventListener('drop', onDrop);
    };
  }, [api, shell, openImport]);

  if (lang === null) return <div className="app-loading" data-testid="app-loading" />;
  const { t } = i18n;

  return (
    <I18nContext.Provider value={i18n}>
      <ShellContext.Provider value={shell}>
        <NavigatorContext.Provider value={navigator}>
          <ModalHostContext.Provider value={modals.host}>
            <div className="app" data-testid="app" data-ready="true" data-lang={lang}>
              {/* While a modal is open, everything but the modal layer and the toasts is inert: no Tab, no clicks. */}
              <header className="app-header" inert={modals.anyOpen}>
                <div className="brand">
                  <span className="brand-mark" aria-hidden="true" />
                  <span className="brand-name">{t.app.name}</span>
                  <span className="brand-tagline">{t.app.tagline}</span>
                </div>
                <nav className="nav" aria-label={t.app.navLabel}>
                  <button
                    type="button"
                    className={screen === 'reference' ? 'nav-item active' : 'nav-item'}
                    aria-current={screen === 'reference' ? 'page' : undefined}
                    onClick={() => {
                      setStatusRequest(null);
                      setScreen('reference');
                    }}
                    data-testid="nav-reference"
                  >
                    {t.app.navReference}
                  </button>
                  <button
                    type="button"
                    className={screen === 'datasets' ? 'nav-item active' : 'nav-item'}
                    aria-current={screen === 'datasets' ? 'page' : undefined}
                    onClick={() => setScreen('datasets')}
                    data-testid="nav-datasets"
                  >
                    {t.app.navDatasets}
                  </button>
                  {callsDatasetId ? (
                    <button
                      type="button"
                      className={screen === 'calls' ? 'nav-item active' : 'nav-item'}
                      aria-current={screen === 'calls' ? 'page' : undefined}
                      onClick={() => setScreen('calls')}
                      data-testid="nav-calls"
                    >
                      {t.app.navCalls}
                    </button>
                  ) : null}
                </nav>
                <div className="lang-switch" role="group" aria-label={t.app.language}>
                  {LANGUAGES.map((code) => (
                    <button
                      key={code}
                      type="button"
                      className={code === lang ? 'lang active' : 'lang'}
                      aria-pressed={code === lang}
                      onClick={() => changeLanguage(code)}
                      data-testid={`lang-${code}`}
                    >
                      {code.toUpperCase()}
                    </button>
                  ))}
                </div>
              </header>
              {api ? null : (
                <div className="banner banner-error" role="alert" data-testid="api-missing" inert={modals.anyOpen}>
                  {t.app.apiMissing}
                </div>
              )}
              <main className="app-main" inert={modals.anyOpen} data-testid="app-main">
                {screen === 'reference' ? <ReferenceScreen request={statusRequest} /> : null}
                {screen === 'datasets' ? (
                  <DatasetsScreen
                    shell={shell}
                    libraryVersion={libraryVersion}
                    openDatasetId={openDatasetId}
                    onOpenDataset={setOpenDatasetId}
                    onImportFile={() => void chooseFile()}
                    onImportSource={openImport}
                    onOpenCalls={(id) => navigator.showCalls(id)}
                    onDatasetRemoved={(id) => {
                      if (id === callsDatasetId) setCallsDatasetId(null);
                    }}
                  />
                ) : null}
                {callsDatasetId ? <CallsScreen key={callsDatasetId} datasetId={callsDatasetId} active={screen === 'calls'} request={callsRequest} /> : null}
              </main>
              {importSource ? (
                <ImportDialog
                  key={importSource.id}
                  source={importSource}
                  shell={shell}
                  onClose={() => setImportSource(null)}
                  onChooseAnother={(next) => setImportSource(next)}
                  replacing={replacements.get(importSource.id) ?? null}
                  onDone={(datasetId, name) => {
                    // The grid of a dataset imported again follows it to its successor.
                    if (replacements.get(importSource.id)?.id === callsDatasetId) setCallsDatasetId(datasetId);
                    void importDone(datasetId, name);
                  }}
                  onCancelled={() => {
                    setImportSource(null);
                    setLibraryVersion((v) => v + 1);
                    shell.info((d) => d.importDialog.cancelled);
                  }}
                />
              ) : null}
              {dragging ? (
                <div className="drop-overlay" data-testid="drop-overlay">
                  <span>{t.app.dropHint}</span>
                </div>
              ) : null}
              <div className="modal-layer" ref={modals.setLayer} />
              <Toasts
                toasts={modals.anyOpen ? toasts.filter((toast) => toast.inDialog) : toasts}
                onDismiss={(id) => setToasts((list) => list.filter((toast) => toast.id !== id))}
              />
            </div>
          </ModalHostContext.Provider>
        </NavigatorContext.Provider>
      </ShellContext.Provider>
    </I18nContext.Provider>
  );
}
