import { useEffect, useId, useRef } from 'react';
import { useI18n } from '../i18n/index.ts';

/**
 * The calls screen's keys, listed: a button in the toolbar (and the `?` key, CallsScreen) opens the
 * list; Esc or a click elsewhere closes it and gives the focus back to where it was.
 */
export function KeyboardHelp({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  const { t } = useI18n();
  const id = useId();
  const rootRef = useRef<HTMLDivElement>(null);
  const panelRef = useRef<HTMLDivElement>(null);
  const returnTo = useRef<HTMLElement | null>(null);

  useEffect(() => {
    if (!open) return;
    // The list takes the focus (a screen reader reads it); closing gives it back.
    returnTo.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    panelRef.current?.focus();
    const onDown = (event: MouseEvent) => {
      if (!rootRef.current?.contains(event.target as Node)) onOpenChange(false);
    };
    window.addEventListener('mousedown', onDown);
    return () => {
      window.removeEventListener('mousedown', onDown);
      returnTo.current?.focus();
    };
  }, [open, onOpenChange]);

  return (
    <div
      className="picker keyboard-help"
      ref={rootRef}
      onKeyDown={(event) => {
        if (event.key === 'Escape' && open) {
          event.stopPropagation();
          onOpenChange(false);
        }
      }}
    >
      <button
        type="button"
        className="picker-button"
        aria-expanded={open}
        aria-controls={id}
        aria-keyshortcuts="?"
        onClick={() => onOpenChange(!open)}
        data-testid="keyboard-help-button"
      >
        {t.calls.shortcutsButton}
      </button>
      {open ? (
        <div
          id={id}
          ref={panelRef}
          className="picker-popover picker-popover-right keyboard-help-panel"
          role="dialog"
          aria-label={t.calls.shortcutsTitle}
          tabIndex={-1}
          data-testid="keyboard-help"
        >
          <strong>{t.calls.shortcutsTitle}</strong>
          <dl className="keyboard-help-list">
            {t.calls.shortcuts.map(([keys, what]) => (
              <div key={keys} className="keyboard-help-entry" data-testid="keyboard-help-entry">
                <dt>
                  <kbd>{keys}</kbd>
                </dt>
                <dd>{what}</dd>
              </div>
            ))}
          </dl>
        </div>
      ) : null}
    </div>
  );
}
