import type { LocalizedText } from '../../../shared/result.ts';
import { DICTIONARIES, useI18n, type Dict } from '../i18n/index.ts';

export interface Toast {
  readonly id: number;
  readonly kind: 'error' | 'info';
  /**
   * The app's own texts are functions of the dictionary and the engine's come in both languages, so a
   * toast follows a language switch; a plain string is an engine sentence that came in one language only.
   */
  readonly message: string | LocalizedText | ((t: Dict) => string);
  /** Shown while a dialog is open only if it came while one was (older toasts wait behind it). */
  readonly inDialog: boolean;
  /** The action it reports on: trying that action again replaces it, or removes it when it works. */
  readonly action?: string;
}

/** What makes two toasts the same, whatever the language: the sentence as the English interface says it. */
export function toastKey(message: Toast['message']): string {
  if (typeof message === 'function') return message(DICTIONARIES.en);
  return typeof message === 'string' ? message : message.en;
}

/** Failed results and short confirmations, stacked at the bottom; errors stay until dismissed. */
export function Toasts({ toasts, onDismiss }: { toasts: readonly Toast[]; onDismiss: (id: number) => void }) {
  const { t, lang } = useI18n();
  return (
    <div className="toasts" aria-live="polite">
      {toasts.map((toast) => (
        <div
          key={toast.id}
          className={`toast toast-${toast.kind}`}
          role={toast.kind === 'error' ? 'alert' : 'status'}
          data-testid={toast.kind === 'error' ? 'error-toast' : 'info-toast'}
        >
          <span className="toast-message">
            {typeof toast.message === 'function' ? toast.message(t) : typeof toast.message === 'string' ? toast.message : toast.message[lang]}
          </span>
          <button type="button" className="toast-close" onClick={() => onDismiss(toast.id)} aria-label={t.app.close}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
