import type { CallFilter, ColumnCondition, DatasetColumn } from '../../../shared/query.ts';
import { format, useI18n, type I18n } from '../i18n/index.ts';
import { removeToken, tokensOf, type Token } from './filter-model.ts';
import { shortTime } from './time-range.ts';

/** The current filter as removable tokens ("Side: Client ×"), and a way to drop them all. */
/** A weekday of the filter (0 = Monday) by its short name in the interface language. */
function weekdayName(locale: string, weekday: number): string {
  return new Intl.DateTimeFormat(locale, { weekday: 'short' }).format(new Date(2024, 0, 1 + weekday)); // 1 Jan 2024 was a Monday
}

/** A column's condition (a column filter of the grid) in words; durations in seconds. */
function conditionText(i18n: I18n, condition: ColumnCondition, columns: readonly DatasetColumn[]): string {
  const { t } = i18n;
  const column = condition.column;
  const seconds = columns.find((c) => c.name === column)?.role === 'duration';
  const number = (n: number): string => (seconds ? format(t.calls.tokenSeconds, { n: i18n.num(n) }) : i18n.num(n));
  switch (condition.op) {
    case 'contains':
      return format(t.calls.tokenContains, { column, value: condition.value });
    case 'equals':
      return format(t.calls.tokenEquals, { column, value: condition.value });
    case 'empty':
      return format(t.calls.tokenEmpty, { column });
    case 'range':
      if (condition.min !== undefined && condition.max !== undefined) {
        return condition.min === condition.max
          ? format(t.calls.tokenEquals, { column, value: number(condition.min) })
          : format(t.calls.tokenBetween, { column, min: i18n.num(condition.min), max: number(condition.max) });
      }
      if (condition.min !== undefined) return format(t.calls.tokenAtLeast, { column, min: number(condition.min) });
      return format(t.calls.tokenAtMost, { column, max: number(condition.max ?? 0) });
  }
}

export function FilterTokens({ filter, columns, onChange }: { filter: CallFilter; columns: readonly DatasetColumn[]; onChange: (filter: CallFilter) => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const tokens = tokensOf(filter);
  if (tokens.length === 0)
    return (
      <p className="tokens-empty muted" data-testid="filter-tokens-empty">
        {t.calls.noFilter}
      </p>
    );

  const text = (token: Token): string => {
    switch (token.field) {
      case 'sides':
        return `${t.calls.tokenSide}: ${t.side[token.value]}`;
      case 'reasons':
        return `${t.calls.tokenReason}: ${t.reason[token.value]}`;
      case 'statuses':
        return `${t.calls.tokenStatus}: ${token.value}`;
      case 'managers':
        return `${t.calls.tokenManager}: ${token.value}`;
      case 'sites':
        return `${t.calls.tokenSite}: ${token.value}`;
      case 'hideBenign':
        return t.calls.hideBenign;
      case 'phone':
        return `${t.calls.tokenPhone}: ${token.value}`;
      case 'weekdays':
        return `${t.calls.tokenWeekday}: ${weekdayName(t.locale, token.value)}`;
      case 'hours':
        return format(t.calls.tokenHour, { hour: String(token.value).padStart(2, '0') });
      case 'where':
        return conditionText(i18n, token.condition, columns);
      case 'time':
        if (token.from && token.to) return format(t.calls.tokenTimeBetween, { from: shortTime(token.from), to: shortTime(token.to) });
        if (token.from) return format(t.calls.tokenTimeFrom, { from: shortTime(token.from) });
        return format(t.calls.tokenTimeTo, { to: shortTime(token.to ?? '') });
    }
  };

  return (
    <ul className="tokens" aria-label={t.calls.filterLabel} data-testid="filter-tokens">
      {tokens.map((token) => {
        const label = text(token);
        return (
          <li
            key={`${token.field}:${'value' in token ? token.value : 'index' in token ? token.index : ''}`}
            className="token"
            data-testid="filter-token"
            data-field={token.field}
          >
            <span data-testid="filter-token-text">{label}</span>
            <button
              type="button"
              className="token-remove"
              aria-label={format(t.calls.removeToken, { token: label })}
              onClick={() => onChange(removeToken(filter, token))}
              data-testid="filter-token-remove"
            >
              ×
            </button>
          </li>
        );
      })}
      <li>
        <button type="button" className="link-button" onClick={() => onChange({})} data-testid="filter-clear">
          {t.calls.clearFilter}
        </button>
      </li>
    </ul>
  );
}
