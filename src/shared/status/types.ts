/** Who has to act on a call's outcome. See docs/status-semantics.md. */
export const SIDES = ['success', 'manager', 'client', 'carrier', 'service', 'pending', 'unknown'] as const;
export type Side = (typeof SIDES)[number];

export const REASONS = [
  'connected',
  'notified',
  'voicemail',
  'no-answer',
  'busy',
  'unavailable',
  'not-found',
  'invalid-number',
  'timeout',
  'rejected',
  'technical',
  'dropped',
  'cancelled',
  'blocked',
  'duplicate',
  'schedule',
  'billing',
  'config',
  'test',
  'request-mode',
  'chain-done',
  'time-limit',
  'in-progress',
  'scheduled',
  'awaiting-status',
  'unknown',
] as const;
export type Reason = (typeof REASONS)[number];

/** documented: the code is in the service's table; inferred: facets derived by rule; unknown: unparseable. */
export type StatusOrigin = 'documented' | 'inferred' | 'unknown';

export type { LocalizedText } from '../result.ts';
import type { LocalizedText } from '../result.ts';

export interface StatusEntry {
  /** Canonical "A/B", e.g. "200/487". */
  readonly code: string;
  readonly manager: number;
  readonly client: number;
  /** The service's text, cleaned (trimmed, unquoted, spaces collapsed), wording kept. */
  readonly textRu: string;
  readonly textEn: string;
  readonly side: Side;
  readonly reason: Reason;
  readonly benign: boolean;
  /** Standard SIP reason phrase of each leg code, or null where the code is not SIP (0, 1, 2, 7xx…). */
  readonly managerPhrase: string | null;
  readonly clientPhrase: string | null;
  /** Present for the ambiguous rows: why the side was chosen and what else it can mean. */
  readonly note: LocalizedText | null;
}

export interface Classification {
  /** The value as it was in the file. */
  readonly raw: string;
  readonly code: string | null;
  readonly manager: number | null;
  readonly client: number | null;
  readonly side: Side;
  readonly reason: Reason;
  readonly benign: boolean;
  readonly origin: StatusOrigin;
}
