import { useEffect, useMemo, useState } from 'react';
import { FAILURE_SIDES, type CallFilter, type CallSummary, type FailureSide } from '../../../shared/query.ts';
import { REASONS, SIDES, type Reason, type Side } from '../../../shared/status/types.ts';
import { getApi, settle } from '../api.ts';
import { SideBadge } from '../components/SideBadge.tsx';
import { useI18n, type I18n } from '../i18n/index.ts';
import { useShell } from '../shell.ts';
import { failuresOverTimeOption, heatmapOption, type ChartWords } from '../../../shared/chart-options.ts';
import { EChart, type ChartClick } from './EChart.tsx';
import { normalize } from './filter-model.ts';
import { statusMeaning } from './status-words.ts';
import { bucketRange } from './time-range.ts';

const TOP_MANAGERS = 50;

function chartWords(i18n: I18n): ChartWords {
  const { t } = i18n;
  // 2024-01-01 was a Monday: the summary's heatmap starts its weeks on Monday.
  const weekday = new Intl.DateTimeFormat(t.locale, { weekday: 'short' });
  const hourly = new Intl.DateTimeFormat(t.locale, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
  const daily = new Intl.DateTimeFormat(t.locale, { day: 'numeric', month: 'short' });
  return {
    side: { manager: t.side.manager, client: t.side.client, carrier: t.side.carrier, service: t.side.service, unknown: t.side.unknown },
    weekdays: Array.from({ length: 7 }, (_, i) => weekday.format(new Date(2024, 0, 1 + i))),
    failures: t.summary.failures,
    bucketLabel: (start, bucket) => {
      const date = new Date(start);
      return Number.isNaN(date.getTime()) ? start : (bucket === 'hour' ? hourly : daily).format(date);
    },
  };
}

/**
 * The summary of the current filter: totals and shares by side and reason, the top statuses, the
 * managers, failures by side over time and by weekday × hour. Every count, row and bar narrows the grid
 * to what it counts (`onNarrow` gets the narrowed filter).
 */
export function SummaryPanel({ datasetId, filter, onNarrow }: { datasetId: string; filter: CallFilter; onNarrow: (filter: CallFilter) => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const shell = useShell();
  const api = getApi();
  const [summary, setSummary] = useState<{ key: string; value: CallSummary } | null>(null);
  const filterKey = JSON.stringify(filter);

  useEffect(() => {
    if (!api) return;
    let live = true;
    void settle(api.calls.summary(datasetId, JSON.parse(filterKey) as CallFilter)).then((result) => {
      if (!live) return;
      const value = shell.unwrap(result);
      if (value) setSummary({ key: filterKey, value });
    });
    return () => {
      live = false;
    };
  }, [api, shell, datasetId, filterKey]);

  const words = useMemo(() => chartWords(i18n), [i18n]);
  const value = summary?.value ?? null;
  const overTime = useMemo(() => (value ? failuresOverTimeOption(value, words) : null), [value, words]);
  const heatmap = useMemo(() => (value ? heatmapOption(value, words) : null), [value, words]);

  if (!value)
    return (
      <section className="summary" data-testid="summary-panel" aria-busy="true">
        <p className="muted">{t.calls.counting}</p>
      </section>
    );
  const stale = summary?.key !== filterKey;
  const share = (n: number) => (value.total === 0 ? '' : i18n.percent(n / value.total));
  const narrow = (patch: CallFilter) => onNarrow(normalize({ ...filter, ...patch }));

  const barClick = (click: ChartClick) => {
    const bucket = value.failuresOverTime.buckets[click.dataIndex];
    const sides = FAILURE_SIDES.filter((side) => value.failuresOverTime.buckets.some((b) => b.failures[side] > 0));
    const side = sides[click.seriesIndex];
    if (!bucket || !side) return;
    narrow({ ...bucketRange(bucket.start, value.failuresOverTime.bucket), sides: [side], hideBenign: true });
  };

  // A heatmap cell is [hour, weekday, failures]: the grid shows that cell's failures.
  const cellClick = (click: ChartClick) => {
    if (!Array.isArray(click.value)) return;
    const [hour, weekday] = click.value as [number, number, number];
    const failureSides = filter.sides?.filter((side): side is FailureSide => (FAILURE_SIDES as readonly string[]).includes(side));
    narrow({ weekdays: [weekday], hours: [hour], hideBenign: true, sides: failureSides && failureSides.length > 0 ? failureSides : [...FAILURE_SIDES] });
  };

  const reasons = REASONS.filter((reason) => (value.byReason[reason] ?? 0) > 0).sort((a, b) => (value.byReason[b] ?? 0) - (value.byReason[a] ?? 0));

  return (
    <section className="summary" data-testid="summary-panel" aria-busy={stale} data-total={value.total}>
      <div className="summary-totals">
        <div className="summary-figure">
          <span className="summary-number" data-testid="summary-total">
            {i18n.num(value.total)}
          </span>
          <span className="muted">{t.summary.calls}</span>
        </div>
        <div className="summary-figure">
          <span className="summary-number" data-testid="summary-failures">
            {i18n.num(value.failures)}
          </span>
          <span className="muted">
            {t.summary.failures} · {share(value.failures)}
          </span>
        </div>
        <div className="summary-figure">
          <span className="summary-number">{i18n.num(value.benign)}</span>
          <span className="muted">
            {t.summary.benign} · {share(value.benign)}
          </span>
        </div>
      </div>
      <div className="summary-charts">
        {overTime ? (
          <EChart
            option={overTime}
            onClick={barClick}
            testId="chart-over-time"
            fileName="failures-over-time"
            label={value.failuresOverTime.bucket === 'hour' ? t.summary.overTimeHourly : t.summary.overTimeDaily}
          />
        ) : null}
        {heatmap ? <EChart option={heatmap} onClick={cellClick} testId="chart-heatmap" fileName="failures-heatmap" label={t.summary.heatmap} /> : null}
      </div>
      <div className="summary-grid">
        <div className="summary-block">
          <h4>{t.summary.bySide}</h4>
          <table className="table compact" data-testid="summary-sides">
            <tbody>
              {SIDES.filter((side) => value.bySide[side] > 0).map((side: Side) => (
                <tr
                  key={side}
                  className="clickable"
                  data-testid="summary-side"
                  data-side={side}
                  tabIndex={0}
                  onClick={() => narrow({ sides: [side] })}
                  onKeyDown={(event) => {
                    if (event.key === 'Enter') narrow({ sides: [side] });
                  }}
                >
                  <td>
                    <SideBadge side={side} />
                  </td>
                  <td className="num">{i18n.num(value.bySide[side])}</td>
                  <td className="num muted">{share(value.bySide[side])}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <h4>{t.summary.byReason}</h4>
          <table className="table compact" data-testid="summary-reasons">
            <tbody>
              {reasons.map((reason: Reason) => (
                <tr
                  key={reason}
                  className="clickable"
                  tabIndex={0}
                  data-testid="summary-reason"
                  data-reason={reason}
                  onClick={() => narrow({ reasons: [reason] })}
                  onKeyDown={(event) => {
                    if (event.key === 'Enter') narrow({ reasons: [reason] });
                  }}
                >
                  <td>{t.reason[reason]}</td>
                  <td className="num">{i18n.num(value.byReason[reason] ?? 0)}</td>
                  <td className="num muted">{share(value.byReason[reason] ?? 0)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <div className="summary-block">
          <h4>{t.summary.topStatuses}</h4>
          <table className="table compact" data-testid="summary-statuses">
            <tbody>
              {value.topStatuses.map((status) => (
                <tr
                  key={status.code ?? '-'}
                  className={status.code ? 'clickable' : undefined}
                  tabIndex={status.code ? 0 : undefined}
                  data-testid="summary-status"
                  data-code={status.code ?? ''}
                  onClick={() => {
                    if (status.code) narrow({ statuses: [status.code] });
                  }}
                  onKeyDown={(event) => {
                    if (event.key === 'Enter' && status.code) narrow({ statuses: [status.code] });
                  }}
                >
                  <td className="mono">{status.code ?? '—'}</td>
                  <td className="summary-meaning">{statusMeaning(i18n, status.code, null, null)}</td>
                  <td>
                    <SideBadge side={status.side} />
                  </td>
                  <td className="num">{i18n.num(status.count)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
      {value.managers.length > 0 ? (
        <div className="summary-block">
          <h4>{t.summary.managers}</h4>
          <div className="table-wrap">
            <table className="table compact" data-testid="summary-managers">
              <thead>
                <tr>
                  <th>{t.summary.manager}</th>
                  <th className="num">{t.summary.calls}</th>
                  <th className="num">{t.summary.answered}</th>
                  {FAILURE_SIDES.map((side) => (
                    <th key={side} className="num">
                      {t.side[side]}
                    </th>
                  ))}
                  <th className="num">{t.summary.failureRate}</th>
                </tr>
              </thead>
              <tbody>
                {value.managers.slice(0, TOP_MANAGERS).map((row) => (
                  <tr
                    key={row.manager}
                    className="clickable"
                    tabIndex={0}
                    data-testid="summary-manager"
                    data-manager={row.manager}
                    onClick={() => narrow({ managers: [row.manager] })}
                    onKeyDown={(event) => {
                      if (event.key === 'Enter') narrow({ managers: [row.manager] });
                    }}
                  >
                    <td>{row.manager}</td>
                    <td className="num">{i18n.num(row.calls)}</td>
                    <td className="num">{i18n.num(row.answered)}</td>
                    {FAILURE_SIDES.map((side) => (
                      <td key={side} className="num">
                        {i18n.num(row.failuresBySide[side])}
                      </td>
                    ))}
                    <td className="num">{i18n.percent(row.failureRate)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      ) : null}
    </section>
  );
}
