import type { WebContents } from 'electron';

/**
 * Applied to every web contents the app creates (security.ts): no navigation, redirect or subframe
 * navigation away from our own page, no webview, no new windows. Type-only Electron import, so the tests
 * drive it with a stand-in.
 * https://www.electronjs.org/docs/latest/tutorial/security#13-disable-or-limit-navigation
 */
export type HardenableContents = Pick<WebContents, 'on' | 'setWindowOpenHandler'>;

export function hardenContents(contents: HardenableContents, isAppUrl: (url: string) => boolean): void {
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  // Subframes too: will-navigate covers the main frame only (issue 10, item 8).
  contents.on('will-frame-navigate', (details) => {
    if (!isAppUrl(details.url)) details.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  // No new windows. The help link to our own README would be the only exception; there is none.
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}
