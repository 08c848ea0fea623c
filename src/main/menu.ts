import { app, Menu } from 'electron';
import { appMenuTemplate } from './menu-template.ts';

/** The application menu; what it holds is in menu-template.ts. */
export function installAppMenu(): void {
  Menu.setApplicationMenu(Menu.buildFromTemplate(appMenuTemplate(process.platform, app.isPackaged)));
}
