import { useI18n, type Dict } from '../i18n/index.ts';

export interface Toast {
  readonly id: number;
  readonly kind: 'error' | 'info';
  /** Engine messages are plain strings; the app's own are functions so they follow a language switch. */
  readonly message: string | ((t: Dict) => string);
}

/** Failed results and short confirmations, stacked at the bottom; errors stay until dismissed. */
export function Toasts({ toasts, onDismiss }: { toasts: readonly Toast[]; onDismiss: (id: number) => void }) {
  const { t } = useI18n();
  return (
    <div className="toasts" aria-live="polite">
      {toasts.map((toast) => (
        <div key={toast.id} className={`toast toast-${toast.kind}`} role={toast.kind === 'error' ? 'alert' : 'status'}
          data-testid={toast.kind === 'error' ? 'error-toast' : 'info-toast'}>
          <span className="toast-message">{typeof toast.message === 'function' ? toast.message(t) : toast.message}</span>
          <button type="button" className="toast-close" onClick={() => onDismiss(toast.id)} aria-label={t.app.close}>×</button>
        </div>
      ))}
    </div>
  );
}
