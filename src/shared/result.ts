import type { Language } from './settings.ts';

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
  /** The dataset was written in a format this version cannot query: the page offers "Import again". */
  | 'reimport-needed'
  | 'internal';

/** A sentence in both interface languages. */
export interface LocalizedText {
  readonly ru: string;
  readonly en: string;
}

export interface AppError {
  readonly code: ErrorCode;
  /** One sentence a user can act on, in the user's language. */
  readonly message: string;
  /** The same sentence in both languages, when the engine has it: a shown error follows a language switch. */
  readonly text?: LocalizedText;
}

export type Result<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: AppError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = (code: ErrorCode, message: string): Result<never> => ({ ok: false, error: { code, message } });

/**
 * An error with a user-facing code and sentence; thrown inside the engine, turned into a Result at
 * the edge. `message` is the English sentence (CLI, logs); `text` holds both languages.
 */
export class CallsightError extends Error {
  readonly code: ErrorCode;
  readonly text: LocalizedText;
  constructor(code: ErrorCode, text: LocalizedText | string) {
    const localized = typeof text === 'string' ? { en: text, ru: text } : text;
    super(localized.en);
    this.code = code;
    this.text = localized;
    this.name = 'CallsightError';
  }
}

/** How an error travels between threads (structured clone drops Error subclasses). */
export interface SerializedError {
  readonly code: ErrorCode;
  readonly text: LocalizedText;
}

export function serializeError(error: unknown): SerializedError {
  if (error instanceof CallsightError) return { code: error.code, text: error.text };
  const detail = withoutPaths(error instanceof Error ? error.message : String(error));
  return { code: 'internal', text: { en: `Internal error: ${detail}`, ru: `Внутренняя ошибка: ${detail}` } };
}

/**
 * An unexpected error's text as a user may see it: its first line only (never a stack), and every
 * absolute path or file URL cut to its last part (a path names the machine's folders and often its user).
 */
export function withoutPaths(text: string): string {
  const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
  return firstLine
    .replace(/file:\/\/[^\s'"“”«»()]+/g, (url) => lastPart(url))
    .replace(/(?<![\w.])(?:[A-Za-z]:)?[\\/](?:[^\s'"“”«»()\\/]+[\\/])+[^\s'"“”«»()\\/]*/g, (path) => lastPart(path))
    .slice(0, 300);
}

const lastPart = (path: string): string =>
  path
    .split(/[\\/]/)
    .filter((part) => part !== '')
    .pop() ?? '';

export const deserializeError = (error: SerializedError): CallsightError => new CallsightError(error.code, error.text);

/** Turns anything thrown into a Result in the user's language, so nothing crosses a boundary as an exception. */
export async function toResult<T>(work: () => T | Promise<T>, language: Language = 'en'): Promise<Result<T>> {
  try {
    return ok(await work());
  } catch (error) {
    const { code, text } = serializeError(error);
    return { ok: false, error: { code, message: text[language], text } };
  }
}
