import type { CallsightApi } from '../../shared/api.ts';
import type { AppError, Result } from '../../shared/result.ts';

/** The one door to the world. Null when the page runs without a host (then the UI says so). */
export function getApi(): CallsightApi | null {
  return window.callsight ?? null;
}

/**
 * The marker of a transport failure (IPC broke, host not answering): code 'internal' and no sentence,
 * because the raw exception text is neither localized nor actionable. The shell shows its own dictionary
 * sentence instead. host-client.ts returns the same shape (it may not import values, so it spells it out).
 */
export const TRANSPORT_FAILURE: AppError = Object.freeze({ code: 'internal', message: '' });

/** True for a failure that never reached the engine; engine errors always carry a localized sentence. */
export const isTransportFailure = (error: AppError): boolean => error.message === '';

/**
 * Awaits a Result and never throws: a rejected promise (host gone, transport error) becomes a failed
 * Result too (TRANSPORT_FAILURE), so every caller has exactly one failure path (the shell's unwrap).
 */
export async function settle<T>(promise: Promise<Result<T>>): Promise<Result<T>> {
  try {
    return await promise;
  } catch {
    return { ok: false, error: TRANSPORT_FAILURE };
  }
}
