/// <reference types="vite/client" />
import type { CallsightApi } from '../../shared/api.ts';

declare global {
  interface Window {
    /** Injected by the preload (Electron) or by host-client.js (browser host); absent in a bare page. */
    readonly callsight?: CallsightApi;
  }
}

export {};
