import { useEffect, useRef } from 'react';
import type { StatusEntry } from '../../../shared/status/types.ts';
import { SideBadge } from '../components/SideBadge.tsx';
import { clientLeg, format, managerLeg, useI18n, type LegExplanation } from '../i18n/index.ts';

function Leg({ title, leg, testId }: { title: string; leg: LegExplanation; testId: string }) {
  const { t } = useI18n();
  return (
    <div className="leg" data-testid={testId}>
      <h4>{title}</h4>
      <div className="leg-line">
        <span className="leg-code mono" data-testid={`${testId}-code`}>
          {leg.code}
        </span>
        <span className="leg-phrase">{leg.phrase ?? t.reference.noSipPhrase}</span>
      </div>
      <p className="leg-words" data-testid={`${testId}-words`}>
        {leg.words}
      </p>
    </div>
  );
}

/** Everything about one status: both languages, both legs, why this side, what to check. */
export function StatusDetail({
  entry,
  onClose,
  focusRequest,
  inDataset = null,
  onShowCalls = null,
}: {
  entry: StatusEntry;
  onClose: () => void;
  focusRequest: number;
  /** Calls with this status in the open dataset; null when no dataset is open (or its counts are on their way). */
  inDataset?: number | null;
  /** Opens the grid filtered to this status; null when no dataset is open. */
  onShowCalls?: (() => void) | null;
}) {
  const i18n = useI18n();
  const { t, lang } = i18n;
  const ref = useRef<HTMLElement>(null);
  useEffect(() => {
    if (focusRequest > 0) ref.current?.focus();
  }, [focusRequest]);
  return (
    <aside
      ref={ref}
      className="detail"
      tabIndex={-1}
      data-testid="status-detail"
      data-code={entry.code}
      aria-label={format(t.reference.detailTitle, { code: entry.code })}
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.stopPropagation();
          onClose();
        }
      }}
    >
      <header className="detail-header">
        <h3>{format(t.reference.detailTitle, { code: entry.code })}</h3>
        <button type="button" className="icon-button" onClick={onClose} aria-label={t.app.close} data-testid="status-detail-close">
          ×
        </button>
      </header>
      <div className="detail-tags">
        <SideBadge side={entry.side} />
        <span className="tag">{t.reason[entry.reason]}</span>
      </div>
      {inDataset !== null ? (
        <section className="in-dataset" data-testid="detail-in-dataset" data-count={inDataset}>
          <p>{inDataset === 0 ? t.reference.noneInDataset : i18n.plural(t.reference.countInDataset, inDataset)}</p>
          {inDataset > 0 && onShowCalls ? (
            <button type="button" className="primary" onClick={onShowCalls} data-testid="detail-show-calls">
              {t.reference.showCalls}
            </button>
          ) : null}
        </section>
      ) : null}
      <section>
        <h4>{t.reference.meaning}</h4>
        <dl className="meanings">
          <dt>{t.reference.meaningRu}</dt>
          <dd lang="ru" data-testid="detail-meaning-ru">
            {entry.textRu}
          </dd>
          <dt>{t.reference.meaningEn}</dt>
          <dd lang="en" data-testid="detail-meaning-en">
            {entry.textEn}
          </dd>
        </dl>
      </section>
      <div className="legs">
        <Leg title={t.reference.managerLeg} leg={managerLeg(t, entry.manager)} testId="detail-manager-leg" />
        <span className="legs-arrow" aria-hidden="true">
          {t.legs.arrow}
        </span>
        <Leg title={t.reference.clientLeg} leg={clientLeg(t, entry.client)} testId="detail-client-leg" />
      </div>
      <section data-testid="detail-why">
        <h4>{t.reference.whySide}</h4>
        <p>{t.sideWhy[entry.side]}</p>
      </section>
      <section data-testid="detail-check">
        <h4>{t.reference.whatToCheck}</h4>
        <p>{t.reasonCheck[entry.reason]}</p>
        {entry.benign ? <p className="benign">{t.reference.benign}</p> : null}
      </section>
      {entry.note ? (
        <section className="note" data-testid="detail-note">
          <h4>{t.reference.ambiguity}</h4>
          <p>{entry.note[lang]}</p>
        </section>
      ) : null}
    </aside>
  );
}
