import { useState } from 'react';
import { format, useI18n } from '../i18n/index.ts';
import { QUICK_RANGES, quickAnchor, quickRange, toInputValue, fromInputValue, type QuickRange } from './time-range.ts';

/**
 * The time range: quick ranges and two date-time inputs (from inclusive, to exclusive). An input is
 * applied when it holds a whole date-time (or is cleared), not on every keystroke of a half-typed one.
 */
export function TimeRangeFields({
  from,
  to,
  lastCall,
  onChange,
}: {
  from: string | undefined;
  to: string | undefined;
  /** The dataset's last call time (`YYYY-MM-DDTHH:MM:SS`), null while unknown or when it has no times. */
  lastCall: string | null;
  onChange: (range: { from?: string; to?: string }) => void;
}) {
  const { t } = useI18n();
  // Quick ranges count from the file's last day when the file ends before today (quickAnchor says why).
  const anchor = quickAnchor(lastCall);
  const dayName = (offset: number): string =>
    new Intl.DateTimeFormat(t.locale, { day: 'numeric', month: 'short' }).format(
      new Date(anchor.date.getFullYear(), anchor.date.getMonth(), anchor.date.getDate() - offset),
    );
  const quickLabel = (range: QuickRange): string => {
    if (!anchor.ofFile) return t.calls.quick[range];
    const month = new Intl.DateTimeFormat(t.locale, { month: 'long', year: 'numeric' }).format(anchor.date);
    return format(t.calls.quickOfFile[range], { date: dayName(range === 'yesterday' ? 1 : 0), month });
  };
  const note = anchor.ofFile
    ? format(t.calls.quickOfFileNote, { date: new Intl.DateTimeFormat(t.locale, { dateStyle: 'long' }).format(anchor.date) })
    : undefined;
  const [fromText, setFromText] = useState(toInputValue(from));
  const [toText, setToText] = useState(toInputValue(to));
  // Follow the filter when it changes elsewhere (a token removed, Back, a chart bar clicked): adjusted
  // while rendering, as React advises for state derived from a changed prop.
  const [shown, setShown] = useState({ from, to });
  if (shown.from !== from || shown.to !== to) {
    setShown({ from, to });
    setFromText(toInputValue(from));
    setToText(toInputValue(to));
  }

  return (
    <div className="time-range" role="group" aria-label={t.calls.timeLabel}>
      <select
        value=""
        aria-label={t.calls.quickRange}
        data-testid="quick-range"
        data-anchor={anchor.ofFile ? 'file' : 'clock'}
        title={note}
        onChange={(event) => {
          const range = event.target.value as QuickRange | '';
          if (range !== '') onChange(quickRange(range, anchor.date));
        }}
      >
        <option value="">{t.calls.quickRange}</option>
        {QUICK_RANGES.map((range) => (
          <option key={range} value={range}>
            {quickLabel(range)}
          </option>
        ))}
      </select>
      {note ? (
        <span className="hint quick-note" data-testid="quick-range-note">
          {note}
        </span>
      ) : null}
      <label className="field-inline">
        <span>{t.calls.from}</span>
        <input
          type="datetime-local"
          value={fromText}
          data-testid="time-from"
          onChange={(event) => {
            setFromText(event.target.value);
            if (event.target.validity.valid) onChange({ from: fromInputValue(event.target.value), to });
          }}
        />
      </label>
      <label className="field-inline">
        <span>{t.calls.to}</span>
        <input
          type="datetime-local"
          value={toText}
          data-testid="time-to"
          onChange={(event) => {
            setToText(event.target.value);
            if (event.target.validity.valid) onChange({ from, to: fromInputValue(event.target.value) });
          }}
        />
      </label>
    </div>
  );
}
