import type { CallCounts } from '../../../shared/query.ts';
import { SIDES, type Side } from '../../../shared/status/types.ts';
import { useI18n } from '../i18n/index.ts';

/**
 * One chip per failure side with the number of calls it would show given the rest of the filter
 * (the counts ignore the side filter itself, so several sides can be picked and compared). The counts
 * come after the rows: until then a chip shows no number, and it can be clicked all the same.
 */
export function SideChips({ selected, counts, onToggle }: { selected: readonly Side[]; counts: CallCounts | null; onToggle: (side: Side) => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  return (
    <div className="chips" role="group" aria-label={t.calls.sidesLabel} data-testid="call-side-chips" aria-busy={counts === null}>
      {SIDES.map((side) => {
        const count = counts?.bySide[side] ?? null;
        const on = selected.includes(side);
        // A side no call of this dataset has is noise; a picked one stays so it can be unpicked.
        if (count === 0 && !on) return null;
        return (
          <button
            key={side}
            type="button"
            className={`chip side-${side}${on ? ' on' : ''}`}
            aria-pressed={on}
            onClick={() => onToggle(side)}
            data-testid={`call-chip-${side}`}
            data-count={count ?? undefined}
          >
            <span className="chip-dot" aria-hidden="true" />
            {t.side[side]}
            <span className="chip-count">{count === null ? '…' : i18n.num(count)}</span>
          </button>
        );
      })}
    </div>
  );
}
