import { useState } from 'react';
import { useI18n } from '../i18n/index.ts';
import { QUICK_RANGES, quickRange, toInputValue, fromInputValue, type QuickRange } from './time-range.ts';

/**
 * The time range: quick ranges and two date-time inputs (from inclusive, to exclusive). An input is
 * applied when it holds a whole date-time (or is cleared), not on every keystroke of a half-typed one.
 */
export function TimeRangeFields({ from, to, onChange }: {
  from: string | undefined;
  to: string | undefined;
  onChange: (range: { from?: string; to?: string }) => void;
}) {
  const { t } = useI18n();
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
      <select value="" aria-label={t.calls.quickRange} data-testid="quick-range"
        onChange={(event) => {
          const range = event.target.value as QuickRange | '';
          if (range !== '') onChange(quickRange(range));
        }}>
        <option value="">{t.calls.quickRange}</option>
        {QUICK_RANGES.map((range) => <option key={range} value={range}>{t.calls.quick[range]}</option>)}
      </select>
      <label className="field-inline">
        <span>{t.calls.from}</span>
        <input type="datetime-local" value={fromText} data-testid="time-from"
          onChange={(event) => {
            setFromText(event.target.value);
            if (event.target.validity.valid) onChange({ from: fromInputValue(event.target.value), to });
          }} />
      </label>
      <label className="field-inline">
        <span>{t.calls.to}</span>
        <input type="datetime-local" value={toText} data-testid="time-to"
          onChange={(event) => {
            setToText(event.target.value);
            if (event.target.validity.valid) onChange({ from, to: fromInputValue(event.target.value) });
          }} />
      </label>
    </div>
  );
}
