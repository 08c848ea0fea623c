import type { ApiEvents } from '../../shared/api.ts';
import type { Result } from '../../shared/result.ts';

/** Messages between a host (Electron main, browser host) and the engine worker. */
export type ToEngine =
  | { readonly type: 'request'; readonly id: number; readonly channel: string; readonly args: unknown }
  | { readonly type: 'register-source'; readonly id: number; readonly path: string; readonly name?: string; readonly uploadPage?: string }
  | { readonly type: 'sweep-uploads'; readonly id: number }
  | { readonly type: 'pending-uploads'; readonly id: number };

export type FromEngine =
  | { readonly type: 'response'; readonly id: number; readonly result: Result<unknown> }
  | { readonly [E in keyof ApiEvents]: { readonly type: 'event'; readonly event: E; readonly payload: ApiEvents[E] } }[keyof ApiEvents];

export interface EngineWorkerData {
  readonly dataDir: string;
  readonly appVersion: string;
  readonly host: 'electron' | 'browser';
  readonly importWorkerUrl?: string;
}
