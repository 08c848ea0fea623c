import { parseArgs } from '../../shared/api-schema.ts';
import type { ApiRequests } from '../../shared/api.ts';
import { fail, toResult, type Result } from '../../shared/result.ts';
import type { Language } from '../../shared/settings.ts';
import type { EngineChannel, EngineHandlers } from './handlers.ts';

/**
 * The single door into the engine: validates the untrusted arguments against the channel's schema,
 * then runs the handler, and always answers with a Result.
 */
export async function dispatch<C extends EngineChannel>(
  handlers: EngineHandlers,
  channel: C,
  rawArgs: unknown,
  language: Language,
): Promise<Result<ApiRequests[C]['result']>> {
  const parsed = parseArgs(channel, rawArgs);
  if (!parsed.ok) return fail('invalid-argument', parsed.message);
  const handler = handlers[channel] as (...args: ApiRequests[C]['args']) => Promise<ApiRequests[C]['result']>;
  return toResult(() => handler(...parsed.args), language);
}
