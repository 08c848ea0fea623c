import { useEffect, useRef, type ReactNode } from 'react';
import { useI18n } from '../i18n/index.ts';

/**
 * A modal dialog: traps nothing fancy, but focuses itself on open, closes on Escape and gives focus
 * back to whatever had it before (so keyboard users land where they were).
 */
export function Modal({ title, onClose, children, testId, wide = false, footer, closable = true }: {
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
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const first = ref.current?.querySelector<HTMLElement>('[data-autofocus]') ?? ref.current;
    first?.focus();
    return () => previous?.focus();
  }, []);
  return (
    <div className="modal-backdrop">
      <div ref={ref} className={`modal${wide ? ' modal-wide' : ''}`} role="dialog" aria-modal="true" aria-label={title}
        tabIndex={-1} data-testid={testId}
        onKeyDown={(event) => {
          if (event.key === 'Escape') {
            event.stopPropagation();
            if (closable) onClose();
          }
        }}>
        <header className="modal-header">
          <h2>{title}</h2>
          {closable
            ? <button type="button" className="icon-button" onClick={onClose} aria-label={t.reference.close} data-testid={`${testId}-close`}>×</button>
            : null}
        </header>
        <div className="modal-body">{children}</div>
        {footer ? <footer className="modal-footer">{footer}</footer> : null}
      </div>
    </div>
  );
}
