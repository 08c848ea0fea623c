import type { CellValue } from '../../shared/query.ts';
import { CallsightError } from '../../shared/result.ts';
import type { Language } from '../../shared/settings.ts';
import type { Reason, Side, StatusOrigin } from '../../shared/status/types.ts';
import type { DatasetColumns } from '../query/dataset-columns.ts';
import type { StatusClass } from '../query/status-classes.ts';
import { ANNOTATION_HEADERS, ORIGIN_WORDS, REASON_WORDS, SIDE_WORDS, statusMeaning, YES_NO } from '../../shared/export-words.ts';
import { EXPORT_MESSAGES } from './messages.ts';

/**
 * What an export writes: the chosen original columns as the file had them, then six annotation
 * columns (status code, meaning, side, reason, benign, origin) in the chosen language. Each column
 * says what its cells hold, so the XLSX writer can type them (times, durations, costs) while the CSV
 * writes every cell as text.
 */

/** How a column's cells are typed in a workbook; CSV writes every kind as text. */
export type CellKind =
  /** The original text. */
  | 'text'
  /** Date and time of the call (`_time`) as an Excel date-time; the original text where it had none. */
  | 'datetime'
  | 'date'
  | 'time'
  /** Seconds (`_duration_s`): a number, or an Excel duration when the file wrote it as `0:01:23`. */
  | 'duration'
  /** `_cost` as a number. */
  | 'cost'
  /** The failure side: coloured as in the app. */
  | 'side';

export interface ExportColumn {
  readonly header: string;
  readonly kind: CellKind;
}

/** The tag columns every exported row carries after the chosen originals (the SELECT list's tail). */
export const ROW_TAGS = ['_status', '_manager_leg', '_client_leg', '_side', '_reason', '_benign', '_origin', '_time', '_duration_s', '_cost'] as const;

/** Roles whose cells a workbook types (the rest stay text, phones included, so `+7…` and `8…` survive). */
const ROLE_KINDS: Readonly<Record<string, CellKind>> = { datetime: 'datetime', date: 'date', time: 'time', duration: 'duration', cost: 'cost' };

export interface ExportLayout {
  /** Original column names to read, in output order (checked against the dataset: only its own names reach SQL). */
  readonly originals: readonly string[];
  readonly columns: readonly ExportColumn[];
  /** A row as read (originals, then ROW_TAGS) → the text of every output column. */
  texts(row: readonly CellValue[]): string[];
  /** The side of a row as read. */
  side(row: readonly CellValue[]): Side;
  /** Index of each tag in a row as read. */
  readonly tagIndex: Readonly<Record<(typeof ROW_TAGS)[number], number>>;
}

export function exportLayout(columns: DatasetColumns, chosen: readonly string[] | undefined, language: Language): ExportLayout {
  const originals = columns.list.filter((column) => !column.tag);
  let picked = originals;
  if (chosen && chosen.length > 0) {
    picked = chosen.map((name) => {
      const column = columns.get(name);
      if (!column || column.tag) throw new CallsightError('invalid-argument', EXPORT_MESSAGES.unknownColumn(name));
      return column;
    });
  }
  const taken = new Set(picked.map((column) => column.name.toLowerCase()));
  // An original column may already be called "Статус" or "Reason": the annotations then say whose they are.
  const annotationHeaders = ANNOTATION_HEADERS[language].map((header) => (taken.has(header.toLowerCase()) ? `${header} (Callsight)` : header));
  const output: ExportColumn[] = [
    ...picked.map((column) => ({ header: column.name, kind: (column.role !== null ? ROLE_KINDS[column.role] : undefined) ?? 'text' })),
    ...annotationHeaders.map((header, i): ExportColumn => ({ header, kind: i === 2 ? 'side' : 'text' })),
  ];
  const n = picked.length;
  const tagIndex = Object.fromEntries(ROW_TAGS.map((tag, i) => [tag, n + i])) as ExportLayout['tagIndex'];
  const annotations = annotationWords(language);
  const text = (value: CellValue): string => (value === null ? '' : typeof value === 'string' ? value : String(value));

  return {
    originals: picked.map((column) => column.name),
    columns: output,
    tagIndex,
    side: (row) => row[tagIndex._side] as Side,
    texts(row) {
      const out = new Array<string>(n + 6);
      for (let i = 0; i < n; i++) out[i] = text(row[i]!);
      const code = row[tagIndex._status] as string | null;
      out[n] = code ?? '';
      out[n + 1] = annotations.meaning(code, row[tagIndex._manager_leg] as number | null, row[tagIndex._client_leg] as number | null);
      out[n + 2] = annotations.side(row[tagIndex._side] as Side);
      out[n + 3] = annotations.reason(row[tagIndex._reason] as Reason);
      out[n + 4] = annotations.benign(row[tagIndex._benign] === 1);
      out[n + 5] = annotations.origin(row[tagIndex._origin] as StatusOrigin);
      return out;
    },
  };
}

/** The six annotation cells' words in one language; a status's meaning is worked out once per status (a dataset holds a few dozen). */
function annotationWords(language: Language): {
  meaning(code: string | null, managerLeg: number | null, clientLeg: number | null): string;
  side(side: Side): string;
  reason(reason: Reason): string;
  benign(benign: boolean): string;
  origin(origin: StatusOrigin): string;
} {
  const sides = SIDE_WORDS[language];
  const reasons = REASON_WORDS[language];
  const origins = ORIGIN_WORDS[language];
  const [yes, no] = YES_NO[language];
  const meanings = new Map<string, string>();
  return {
    meaning(code, managerLeg, clientLeg) {
      const key = code ?? `|${managerLeg ?? ''}|${clientLeg ?? ''}`;
      let meaning = meanings.get(key);
      if (meaning === undefined) meanings.set(key, (meaning = statusMeaning(language, code, managerLeg, clientLeg)));
      return meaning;
    },
    side: (side) => sides[side],
    reason: (reason) => reasons[reason],
    benign: (benign) => (benign ? yes : no),
    origin: (origin) => origins[origin],
  };
}

/**
 * The annotation cells of a status class (status-classes.ts): the same texts `texts()` gives a row of
 * that class, since a call's facets are a function of its status code and its legs are the code's two
 * numbers (`200/487`). A CSV writes these once per class instead of reading seven tags per row.
 */
export function classAnnotations(statusClass: StatusClass, language: Language): string[] {
  const words = annotationWords(language);
  const legs = statusClass.code === null ? null : /^(\d+)\/(\d+)$/.exec(statusClass.code);
  return [
    statusClass.code ?? '',
    words.meaning(statusClass.code, legs ? Number(legs[1]) : null, legs ? Number(legs[2]) : null),
    words.side(statusClass.side),
    words.reason(statusClass.reason),
    words.benign(statusClass.benign),
    words.origin(statusClass.origin),
  ];
}
