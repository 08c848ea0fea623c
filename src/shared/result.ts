/**
 * Results, not throws, across every process boundary (IPC, HTTP, worker messages):
 * the renderer can show one clear sentence for every failure instead of a stack trace.
 */
export type ErrorCode =
  | 'invalid-argument'
  | 'not-found'
  | 'io'
  | 'unsupported-file'
  | 'cancelled'
  | 'busy'
  | 'internal';

export interface AppError {
  readonly code: ErrorCode;
  /** One sentence a user can act on. */
  readonly message: string;
}

export type Result<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: AppError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = (code: ErrorCode, message: string): Result<never> => ({ ok: false, error: { code, message } });

/** Turns anything thrown into a Result so nothing crosses a boundary as an exception. */
export async function toResult<T>(work: () => T | Promise<T>): Promise<Result<T>> {
  try {
    return ok(await work());
  } catch (error) {
    if (isAppError(error)) return { ok: false, error: { code: error.code, message: error.message } };
    return fail('internal', error instanceof Error ? error.message : String(error));
  }
}

/** An error with a user-facing code; thrown inside the engine, converted by toResult at the edge. */
export class CallsightError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string) {
    super(message);
    this.code = code;
    this.name = 'CallsightError';
  }
}

function isAppError(error: unknown): error is CallsightError {
  return error instanceof CallsightError;
}
