import { describe, expect, it } from 'vitest';
import { CallsightError, deserializeError, serializeError, toResult } from '../../../src/shared/result.ts';

describe('results across boundaries', () => {
  const error = new CallsightError('unsupported-file', { en: 'The file is empty.', ru: 'Файл пуст.' });

  it('gives the sentence in the requested language, and both languages so a shown error can follow a switch', async () => {
    const text = { en: 'The file is empty.', ru: 'Файл пуст.' };
    expect(
      await toResult(() => {
        throw error;
      }, 'ru'),
    ).toEqual({ ok: false, error: { code: 'unsupported-file', message: 'Файл пуст.', text } });
    expect(
      await toResult(() => {
        throw error;
      }),
    ).toEqual({ ok: false, error: { code: 'unsupported-file', message: 'The file is empty.', text } });
    expect(await toResult(async () => 42)).toEqual({ ok: true, value: 42 });
  });

  it('survives a structured clone between threads', () => {
    const copy = deserializeError(structuredClone(serializeError(error)));
    expect(copy).toBeInstanceOf(CallsightError);
    expect({ code: copy.code, text: copy.text, message: copy.message }).toEqual({ code: error.code, text: error.text, message: 'The file is empty.' });
  });

  it('turns foreign errors into internal ones without a stack trace', async () => {
    const result = await toResult(() => {
      throw new TypeError('boom');
    }, 'ru');
    expect(result).toEqual({
      ok: false,
      error: { code: 'internal', message: 'Внутренняя ошибка: boom', text: { en: 'Internal error: boom', ru: 'Внутренняя ошибка: boom' } },
    });
  });
});
