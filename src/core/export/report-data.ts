import { filterInWords, sortInWords } from '../../shared/export-name.ts';
import { failureSideWords, REASON_WORDS, REPORT_WORDS, SIDE_WORDS, statusMeaning, type ReportWords } from '../../shared/export-words.ts';
import type { CallFilter, CallSort, CallSummary, FailureSide } from '../../shared/query.ts';
import type { Language } from '../../shared/settings.ts';
import { SIDES, type Reason, type Side } from '../../shared/status/types.ts';
import type { DatasetInfo } from './export-rows.ts';

/**
 * What the summary sheet and the report say, worked out once from the engine's summary: the same
 * figures in both, in the chosen language. Shares are fractions (0…1) of the matching calls.
 */
export interface ReportData {
  readonly language: Language;
  readonly words: ReportWords;
  readonly datasetName: string;
  readonly sourceName: string;
  readonly filterWords: string;
  readonly sortWords: string;
  /** `2026-10-01 08:00 – 2026-10-31 21:14`, or the words for "no call times". */
  readonly periodWords: string;
  readonly total: number;
  readonly failures: number;
  readonly benign: number;
  readonly answered: number;
  readonly bySide: readonly { readonly side: Side; readonly label: string; readonly count: number; readonly share: number }[];
  readonly byReason: readonly { readonly reason: Reason; readonly label: string; readonly count: number; readonly share: number }[];
  /** Reasons of failures only (not success, pending or benign), most first. */
  readonly failureReasons: readonly { readonly label: string; readonly count: number; readonly share: number }[];
  readonly topStatuses: readonly {
    readonly code: string;
    readonly meaning: string;
    readonly side: Side;
    readonly sideLabel: string;
    readonly reasonLabel: string;
    readonly count: number;
    readonly share: number;
  }[];
  readonly managers: readonly {
    readonly manager: string;
    readonly calls: number;
    readonly answered: number;
    readonly failureRate: number;
    readonly failuresBySide: Readonly<Record<FailureSide, number>>;
  }[];
  readonly failureSideLabels: Readonly<Record<FailureSide, string>>;
  readonly summary: CallSummary;
}

export interface ReportInput {
  readonly info: DatasetInfo;
  readonly filter: CallFilter;
  readonly sort: CallSort;
  readonly summary: CallSummary;
  readonly period: { readonly first: string; readonly last: string } | null;
  /** Failures (a failure side, not benign) by reason. */
  readonly failuresByReason: Readonly<Partial<Record<Reason, number>>>;
  readonly language: Language;
}

const showTime = (iso: string): string => iso.replace('T', ' ').replace(/:\d\d(?=$|[Z+-])/, '');

export function reportData(input: ReportInput): ReportData {
  const { summary: s, language } = input;
  const words = REPORT_WORDS[language];
  const share = (n: number): number => (s.total === 0 ? 0 : n / s.total);
  const bySide = SIDES.map((side) => ({ side, label: SIDE_WORDS[language][side], count: s.bySide[side], share: share(s.bySide[side]) }));
  const byReason = (Object.entries(s.byReason) as [Reason, number][])
    .sort((a, b) => b[1] - a[1])
    .map(([reason, count]) => ({ reason, label: REASON_WORDS[language][reason], count, share: share(count) }));
  const failureReasons = (Object.entries(input.failuresByReason) as [Reason, number][])
    .filter(([, count]) => count > 0)
    .sort((a, b) => b[1] - a[1])
    .map(([reason, count]) => ({ label: REASON_WORDS[language][reason], count, share: share(count) }));
  const topStatuses = s.topStatuses.map((status) => {
    const [manager, client] = status.code === null ? [null, null] : (status.code.split('/').map(Number) as [number, number]);
    return {
      code: status.code ?? '',
      meaning: statusMeaning(language, status.code, manager, client),
      side: status.side,
      sideLabel: SIDE_WORDS[language][status.side],
      reasonLabel: REASON_WORDS[language][status.reason],
      count: status.count,
      share: share(status.count),
    };
  });
  return {
    language,
    words,
    datasetName: input.info.name,
    sourceName: input.info.sourceName,
    filterWords: filterInWords(input.filter, language),
    sortWords: sortInWords(input.sort, language),
    periodWords: input.period ? `${showTime(input.period.first)} – ${showTime(input.period.last)}` : words.periodNone,
    total: s.total,
    failures: s.failures,
    benign: s.benign,
    answered: s.bySide.success,
    bySide,
    byReason,
    failureReasons,
    topStatuses,
    managers: s.managers,
    failureSideLabels: failureSideWords(language),
    summary: s,
  };
}
