import type { Side } from '../../../shared/status/types.ts';
import { useI18n } from '../i18n/index.ts';

/**
 * A side as a coloured badge; the colour comes from the `side-<name>` class (styles/app.css).
 * `compact` shows a dot and the count only (the name stays in the tooltip and for screen readers).
 */
export function SideBadge({ side, count, compact = false }: { side: Side; count?: number; compact?: boolean }) {
  const { t, num } = useI18n();
  return (
    <span className={`badge side-${side}${compact ? ' compact' : ''}`} data-testid="side-badge" data-side={side} title={compact ? t.side[side] : undefined}>
      {compact ? <span className="visually-hidden">{t.side[side]}</span> : t.side[side]}
      {count === undefined ? null : <span className="badge-count">{num(count)}</span>}
    </span>
  );
}
