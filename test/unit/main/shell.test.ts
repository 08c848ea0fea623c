import { EventEmitter } from 'node:events';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { APP_INDEX, appFileFor, isAppUrlFor, rendererEntry } from '../../../src/main/app-protocol.ts';
import { hardenContents, type HardenableContents } from '../../../src/main/harden-contents.ts';
import { appMenuTemplate } from '../../../src/main/menu-template.ts';

/** The desktop shell's decisions, in plain Node (no Electron runtime here): issue 10, items 7 and 8. */
const RENDERER = path.resolve('/opt/callsight/out/renderer');

describe('app:// protocol (item 7)', () => {
  it('serves files under the renderer folder and nothing else', () => {
    expect(appFileFor(RENDERER, 'app://callsight/')).toBe(path.join(RENDERER, 'index.html'));
    expect(appFileFor(RENDERER, 'app://callsight/assets/index-1.js')).toBe(path.join(RENDERER, 'assets/index-1.js'));
    for (const url of [
      'app://callsight/../../etc/passwd',
      'app://callsight/..%2F..%2Fetc%2Fpasswd',
      'app://callsight/%2e%2e/%2e%2e/etc/passwd',
      'app://callsight/..%5C..%5Csecret',
      'app://callsight/%E0%A4%A',
      'app://evil/index.html',
      'file:///etc/passwd',
      'app://callsight/a%00.js',
    ]) {
      const file = appFileFor(RENDERER, url);
      expect(file === null || file.startsWith(RENDERER + path.sep), url).toBe(true);
    }
    expect(appFileFor(RENDERER, 'app://evil/index.html')).toBeNull();
    expect(appFileFor(RENDERER, 'file:///opt/callsight/out/renderer/index.html')).toBeNull();
  });

  it('the packaged app loads app://callsight/index.html, and only the app:// origin is ours', () => {
    const packaged = rendererEntry(true, {});
    expect(packaged.url).toBe(APP_INDEX);
    const isAppUrl = isAppUrlFor(packaged.devServer);
    expect(isAppUrl('app://callsight/index.html')).toBe(true);
    expect(isAppUrl('file:///opt/callsight/out/renderer/index.html')).toBe(false);
    expect(isAppUrl('app://callsightx/index.html')).toBe(false);
    expect(isAppUrl('http://localhost:5173/')).toBe(false);
  });
});

describe('development-only doors (item 8)', () => {
  it('ELECTRON_RENDERER_URL is obeyed only when the app is not packaged, and only for a local dev server', () => {
    expect(rendererEntry(true, { ELECTRON_RENDERER_URL: 'http://localhost:5173' }).url).toBe(APP_INDEX);
    expect(rendererEntry(false, { ELECTRON_RENDERER_URL: 'http://localhost:5173' }).url).toBe('http://localhost:5173');
    expect(rendererEntry(false, { ELECTRON_RENDERER_URL: 'https://evil.example/' }).url).toBe(APP_INDEX);
    const dev = isAppUrlFor('http://localhost:5173');
    expect(dev('http://localhost:5173/src/main.tsx')).toBe(true);
    expect(dev('http://localhost:51730/')).toBe(false);
  });

  it('the packaged menu has no DevTools and no reload; the development menu keeps them', () => {
    const roles = (template: ReturnType<typeof appMenuTemplate>): string[] =>
      template.flatMap((item) => [String(item.role ?? ''), ...(Array.isArray(item.submenu) ? item.submenu.map((sub) => String(sub.role ?? '')) : [])]);
    for (const platform of ['linux', 'win32', 'darwin'] as const) {
      expect(roles(appMenuTemplate(platform, true))).not.toContain('toggleDevTools');
      expect(roles(appMenuTemplate(platform, true))).not.toContain('reload');
      expect(roles(appMenuTemplate(platform, false))).toContain('toggleDevTools');
    }
  });

  it('a subframe cannot navigate away (will-frame-navigate), nor the page, nor open windows', () => {
    const contents = new EventEmitter() as EventEmitter & { windowOpen?: () => unknown };
    const stub = Object.assign(contents, {
      setWindowOpenHandler: (handler: () => unknown) => {
        contents.windowOpen = handler;
      },
    });
    hardenContents(stub as unknown as HardenableContents, isAppUrlFor(null));
    const attempt = (event: string, url: string): boolean => {
      let prevented = false;
      const preventDefault = (): void => {
        prevented = true;
      };
      if (event === 'will-frame-navigate') contents.emit(event, { url, preventDefault, isMainFrame: false });
      else contents.emit(event, { preventDefault }, url);
      return prevented;
    };
    expect(attempt('will-frame-navigate', 'https://evil.example/')).toBe(true);
    expect(attempt('will-frame-navigate', 'app://callsight/index.html')).toBe(false);
    expect(attempt('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(attempt('will-redirect', 'https://evil.example/')).toBe(true);
    expect(contents.windowOpen?.()).toEqual({ action: 'deny' });
  });
});
