import { useEffect, useRef, useState } from 'react';
import { useI18n } from '../i18n/index.ts';

/** The engine needs this many digits to search by (fewer would match nearly every call). */
const MIN_DIGITS = 3;
const TYPING_PAUSE_MS = 350;

/**
 * The phone search box: any fragment in any format (`+7 916 123-45`, `8916123`). Applied after a pause
 * in typing, or at once on Enter; fewer than three digits are not searched and the box says why.
 */
export function PhoneSearch({ value, onChange }: { value: string | undefined; onChange: (phone: string | undefined) => void }) {
  const { t } = useI18n();
  const [text, setText] = useState(value ?? '');
  const timer = useRef<number | undefined>(undefined);
  // Follows the filter when it changes elsewhere (token removed, Back), adjusted while rendering.
  const [shown, setShown] = useState(value);
  if (shown !== value) {
    setShown(value);
    setText(value ?? '');
  }
  useEffect(() => () => window.clearTimeout(timer.current), []);

  const digits = text.replace(/\D/g, '').length;
  const tooShort = text.trim() !== '' && digits < MIN_DIGITS;
  const apply = (next: string) => {
    window.clearTimeout(timer.current);
    const short = next.trim() !== '' && next.replace(/\D/g, '').length < MIN_DIGITS;
    if (!short) onChange(next.trim() === '' ? undefined : next.trim());
  };

  return (
    <label className="phone-search">
      <span className="visually-hidden">{t.calls.phoneLabel}</span>
      <input
        type="search"
        value={text}
        placeholder={t.calls.phonePlaceholder}
        aria-label={t.calls.phoneLabel}
        aria-invalid={tooShort}
        title={tooShort ? t.calls.phoneTooShort : undefined}
        inputMode="tel"
        autoComplete="off"
        spellCheck={false}
        data-testid="phone-search"
        onChange={(event) => {
          const next = event.target.value;
          setText(next);
          window.clearTimeout(timer.current);
          timer.current = window.setTimeout(() => apply(next), TYPING_PAUSE_MS);
        }}
        onKeyDown={(event) => {
          if (event.key === 'Enter') apply(text);
        }}
      />
    </label>
  );
}
