import type { MenuItemConstructorOptions } from 'electron';

/**
 * The standard menus; the app's own shortcuts (Ctrl+O, Ctrl+F, /) live in the renderer. A packaged app
 * has no "Toggle Developer Tools" and no reload (issue 10, item 8): DevTools would let anyone at the
 * keyboard run code with the page's rights. Type-only Electron import, so the tests can check it.
 */
export function appMenuTemplate(platform: NodeJS.Platform, isPackaged: boolean): MenuItemConstructorOptions[] {
  const development: MenuItemConstructorOptions[] = isPackaged ? [] : [{ role: 'reload' }, { role: 'toggleDevTools' }, { type: 'separator' }];
  return [
    ...(platform === 'darwin' ? [{ role: 'appMenu' as const }] : []),
    { role: 'fileMenu' },
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [...development, { role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, { type: 'separator' }, { role: 'togglefullscreen' }],
    },
    { role: 'windowMenu' },
  ];
}
