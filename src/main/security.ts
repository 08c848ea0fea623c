import { app, session } from 'electron';
import { hardenContents } from './harden-contents.ts';
import { CONTENT_SECURITY_POLICY } from '../shared/security.ts';

/**
 * One security module, applied to every web contents the app ever creates.
 * Checklist: https://www.electronjs.org/docs/latest/tutorial/security
 */
export const SECURE_WEB_PREFERENCES = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  webviewTag: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  spellcheck: false,
} as const;

export function applySecurityPolicy(isAppUrl: (url: string) => boolean): void {
  app.on('web-contents-created', (_event, contents) => hardenContents(contents, isAppUrl));

  const defaultSession = session.defaultSession;
  // Permission requests (camera, notifications, geolocation…) are denied: the app needs none.
  defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  defaultSession.setPermissionCheckHandler(() => false);
  // The app makes no network requests at all; anything that is not our own bundle is cancelled.
  defaultSession.webRequest.onBeforeRequest((details, callback) => {
    callback({ cancel: !isAppUrl(details.url) && !(details.url.startsWith('devtools://') && !app.isPackaged) });
  });
  defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });
}
