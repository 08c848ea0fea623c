import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { createPortal } from 'react-dom';
import { useI18n } from '../i18n/index.ts';

/**
 * What the shell offers modals: a layer outside the rest of the app to render into, and a register call
 * that makes the rest of the app `inert` while any modal is open. Focus goes back to `previous` only
 * once the app is no longer inert (an inert element cannot take focus), so the shell does that part.
 */
export interface ModalHost {
  readonly layer: HTMLElement | null;
  register(previous: HTMLElement | null): () => void;
}

export const ModalHostContext = createContext<ModalHost | null>(null);

/** The shell's side of ModalHost: `inert` for everything but the modal layer, and focus given back afterwards. */
export function useModalHost(): { host: ModalHost; anyOpen: boolean; setLayer: (element: HTMLElement | null) => void } {
  const [layer, setLayer] = useState<HTMLElement | null>(null);
  const [open, setOpen] = useState(0);
  const giveBack = useRef<HTMLElement | null>(null);
  const register = useCallback((previous: HTMLElement | null) => {
    giveBack.current = null;
    setOpen((n) => n + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      giveBack.current = previous;
      setOpen((n) => n - 1);
    };
  }, []);
  // Runs after the commit that dropped `inert`, so the element can take focus again.
  useEffect(() => {
    const element = giveBack.current;
    giveBack.current = null;
    if (element?.isConnected) element.focus();
  }, [open]);
  const host = useMemo<ModalHost>(() => ({ layer, register }), [layer, register]);
  return { host, anyOpen: open > 0, setLayer };
}

/**
 * A modal dialog: rendered above the app (which is inert meanwhile, so Tab and clicks stay inside),
 * focuses itself on open, closes on Escape and gives focus back to whatever had it before.
 */
export function Modal({
  title,
  onClose,
  children,
  testId,
  wide = false,
  footer,
  closable = true,
}: {
  title: string;
  onClose: () => void;
  /** False while something must finish first (a running import has its own Stop button). */
  closable?: boolean;
  children: ReactNode;
  testId: string;
  wide?: boolean;
  footer?: ReactNode;
}) {
  const { t } = useI18n();
  const host = useContext(ModalHostContext);
  const ref = useRef<HTMLDivElement>(null);
  // Taken while rendering, before this modal moves the focus (StrictMode re-runs effects after that).
  const [previous] = useState(() => (document.activeElement instanceof HTMLElement ? document.activeElement : null));
  useEffect(() => {
    const release = host?.register(previous);
    const first = ref.current?.querySelector<HTMLElement>('[data-autofocus]') ?? ref.current;
    first?.focus();
    return () => {
      if (release) release();
      else previous?.focus();
    };
  }, [host, previous]);
  const dialog = (
    <div className="modal-backdrop">
      <div
        ref={ref}
        className={`modal${wide ? ' modal-wide' : ''}`}
        role="dialog"
        aria-modal="true"
        aria-label={title}
        tabIndex={-1}
        data-testid={testId}
        onKeyDown={(event) => {
          if (event.key === 'Escape') {
            event.stopPropagation();
            if (closable) onClose();
          }
        }}
      >
        <header className="modal-header">
          <h2>{title}</h2>
          {closable ? (
            <button type="button" className="icon-button" onClick={onClose} aria-label={t.app.close} data-testid={`${testId}-close`}>
              ×
            </button>
          ) : null}
        </header>
        <div className="modal-body">{children}</div>
        {footer ? <footer className="modal-footer">{footer}</footer> : null}
      </div>
    </div>
  );
  return host?.layer ? createPortal(dialog, host.layer) : dialog;
}
