import { useCallback, useEffect, useState } from 'react';
import type { CallCounts, CallFilter, DatasetColumn } from '../../../shared/query.ts';
import { REASONS, type Reason } from '../../../shared/status/types.ts';
import { getApi, settle } from '../api.ts';
import { useI18n } from '../i18n/index.ts';
import { useShell } from '../shell.ts';
import { normalize, toggleValue, without } from './filter-model.ts';
import { PhoneSearch } from './PhoneSearch.tsx';
import { SideChips } from './SideChips.tsx';
import { TimeRangeFields } from './TimeRangeFields.tsx';
import { ValuePicker, type PickerOption } from './ValuePicker.tsx';

/** Values a picker lists at most (the engine says when there are more; the search box narrows them). */
const PICKER_LIMIT = 500;

/**
 * Every control that narrows the grid: side chips with counts, reason / status / manager / site
 * pickers with counts, hide benign, the time range and the phone search. Each change is one new filter
 * (one step of the history).
 */
export function FilterBar({
  datasetId,
  columns,
  filter,
  sideCounts,
  onChange,
}: {
  datasetId: string;
  columns: readonly DatasetColumn[];
  filter: CallFilter;
  /** Counts for the filter without its sides (what each chip would show). */
  sideCounts: CallCounts | null;
  onChange: (filter: CallFilter) => void;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const shell = useShell();
  const api = getApi();
  const managerColumn = columns.find((column) => column.role === 'manager')?.name ?? null;
  const siteColumn = columns.find((column) => column.role === 'site')?.name ?? null;
  const filterKey = JSON.stringify(filter);

  // The dataset's last call (its latest `_time`): quick ranges count back from it when the file ends
  // before today (time-range.ts, quickAnchor). One row of the time index, asked for once per dataset.
  const [lastCall, setLastCall] = useState<string | null>(null);
  const timeIndex = columns.findIndex((column) => column.name === '_time');
  useEffect(() => {
    if (!api || timeIndex < 0) return;
    let live = true;
    const request = { filter: {}, sort: { column: '_time', direction: 'desc' as const }, offset: 0, limit: 1 };
    void settle(api.calls.page(datasetId, request)).then((result) => {
      const value = result.ok ? result.value.rows[0]?.values[timeIndex] : null;
      if (live) setLastCall(typeof value === 'string' ? value : null);
    });
    return () => {
      live = false;
    };
  }, [api, datasetId, timeIndex]);

  // Distinct values of a column among the calls the rest of the filter selects, most frequent first.
  const distinct = useCallback(
    async (column: string, field: keyof CallFilter): Promise<PickerOption[] | null> => {
      if (!api) return null;
      const rest = without(JSON.parse(filterKey) as CallFilter, field);
      const values = shell.unwrap(await settle(api.calls.distinct(datasetId, { column, filter: rest, limit: PICKER_LIMIT })));
      return values
        ? values.values.filter((entry) => entry.value !== null).map((entry) => ({ value: String(entry.value), label: String(entry.value), count: entry.count }))
        : null;
    },
    [api, shell, datasetId, filterKey],
  );

  const loadReasons = useCallback(async (): Promise<PickerOption[] | null> => {
    if (!api) return null;
    const counts = shell.unwrap(await settle(api.calls.counts(datasetId, without(JSON.parse(filterKey) as CallFilter, 'reasons'))));
    if (!counts) return null;
    return REASONS.filter((reason) => (counts.byReason[reason] ?? 0) > 0)
      .map((reason) => ({ value: reason, label: t.reason[reason], count: counts.byReason[reason] ?? 0 }))
      .sort((a, b) => b.count - a.count);
  }, [api, shell, datasetId, filterKey, t]);

  const loadStatuses = useCallback(() => distinct('_status', 'statuses'), [distinct]);
  const loadManagers = useCallback(() => (managerColumn ? distinct(managerColumn, 'managers') : Promise.resolve([])), [distinct, managerColumn]);
  const loadSites = useCallback(() => (siteColumn ? distinct(siteColumn, 'sites') : Promise.resolve([])), [distinct, siteColumn]);

  return (
    <div className="filter-bar" data-testid="filter-bar">
      <SideChips selected={filter.sides ?? []} counts={sideCounts} onToggle={(side) => onChange(toggleValue(filter, 'sides', side))} />
      <div className="filter-controls">
        <ValuePicker
          label={t.calls.reasonPicker}
          testId="reason-picker"
          selected={filter.reasons ?? []}
          load={loadReasons}
          onToggle={(reason) => onChange(toggleValue(filter, 'reasons', reason as Reason))}
        />
        <ValuePicker
          label={t.calls.statusPicker}
          testId="status-picker"
          selected={filter.statuses ?? []}
          load={loadStatuses}
          onToggle={(status) => onChange(toggleValue(filter, 'statuses', status))}
        />
        {managerColumn ? (
          <ValuePicker
            label={t.calls.managerPicker}
            testId="manager-picker"
            selected={filter.managers ?? []}
            load={loadManagers}
            onToggle={(manager) => onChange(toggleValue(filter, 'managers', manager))}
          />
        ) : null}
        {siteColumn ? (
          <ValuePicker
            label={t.calls.sitePicker}
            testId="site-picker"
            selected={filter.sites ?? []}
            load={loadSites}
            onToggle={(site) => onChange(toggleValue(filter, 'sites', site))}
          />
        ) : null}
        <label className="check-inline">
          <input
            type="checkbox"
            checked={filter.hideBenign === true}
            data-testid="hide-benign"
            onChange={(event) => onChange(normalize({ ...filter, hideBenign: event.target.checked }))}
          />
          {t.calls.hideBenign}
        </label>
        <TimeRangeFields
          from={filter.from}
          to={filter.to}
          lastCall={lastCall}
          onChange={(range) => onChange(normalize({ ...filter, from: range.from, to: range.to }))}
        />
        <PhoneSearch value={filter.phone} onChange={(phone) => onChange(normalize({ ...filter, phone }))} />
      </div>
    </div>
  );
}
