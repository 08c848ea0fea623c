import type { ImportProgress } from '../../../shared/import-types.ts';
import { format, type I18n } from '../i18n/index.ts';

export interface ProgressTexts {
  readonly title: string;
  readonly fraction: number;
  readonly percent: string;
  /** null: not shown (nothing known yet, or nothing worth saying). */
  readonly bytes: string | null;
  readonly rows: string | null;
  readonly speed: string | null;
  readonly eta: string | null;
}

/**
 * What the import's progress view says at each moment. Nothing is shown that is not known yet ("0 B of
 * 0 B" before the first event) or no longer true (a speed of 0 rows/s while the indexes are built), and
 * the time left names the phase when there is no estimate ("building the indexes", not "estimating…").
 */
export function progressTexts(progress: ImportProgress | null, i18n: I18n): ProgressTexts {
  const { t } = i18n;
  if (!progress) {
    return { title: t.importDialog.starting, fraction: 0, percent: i18n.percent(0), bytes: null, rows: null, speed: null, eta: null };
  }
  const fraction = progress.bytesTotal > 0 ? Math.min(1, progress.bytesRead / progress.bytesTotal) : 0;
  const bytes = progress.bytesTotal > 0 ? format(t.importDialog.bytes, { read: i18n.bytes(progress.bytesRead), total: i18n.bytes(progress.bytesTotal) }) : null;
  const rows = progress.rowsRead > 0 ? format(t.importDialog.rowsRead, { n: i18n.num(progress.rowsRead) }) : null;
  const reading = progress.phase === 'reading';
  const speed = reading && progress.rowsPerSecond > 0 ? format(t.importDialog.speed, { n: i18n.num(Math.round(progress.rowsPerSecond)) }) : null;
  let eta: string | null = null;
  if (progress.etaSeconds != null && (reading || progress.phase === 'indexing')) eta = format(t.importDialog.eta, { t: i18n.duration(progress.etaSeconds) });
  else if (reading) eta = t.importDialog.etaUnknown;
  else if (progress.phase === 'indexing') eta = t.importDialog.etaIndexing;
  return { title: t.phase[progress.phase], fraction, percent: i18n.percent(fraction), bytes, rows, speed, eta };
}
