import type { CallsightApi } from '../../shared/api.ts';
import type { Result } from '../../shared/result.ts';

/** The one door to the world. Null when the page runs without a host (then the UI says so). */
export function getApi(): CallsightApi | null {
  return window.callsight ?? null;
}

/**
 * Awaits a Result and never throws: a rejected promise (host gone, transport error) becomes a failed
 * Result too, so every caller has exactly one failure path (show error.message).
 */
export async function settle<T>(promise: Promise<Result<T>>): Promise<Result<T>> {
  try {
    return await promise;
  } catch (error) {
    return { ok: false, error: { code: 'internal', message: error instanceof Error ? error.message : String(error) } };
  }
}
