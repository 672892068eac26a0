import type { MenuItemConstructorOptions } from 'electron';

export interface MenuOptions {
  /** app.isPackaged: the developer tools are offered only in a source checkout. */
  isPackaged: boolean;
  platform: NodeJS.Platform;
  onAbout: () => void;
}

/**
 * The German application menu, kept minimal: Datei, Bearbeiten (without it the clipboard
 * shortcuts do not work in text fields on macOS), Ansicht, Hilfe.
 */
export function buildMenuTemplate(options: MenuOptions): MenuItemConstructorOptions[] {
  const isMac = options.platform === 'darwin';
  const view: MenuItemConstructorOptions[] = [
    { label: 'Neu laden', role: 'reload' },
    { type: 'separator' },
    { label: 'Originalgröße', role: 'resetZoom' },
    { label: 'Vergrößern', role: 'zoomIn' },
    { label: 'Verkleinern', role: 'zoomOut' },
    { type: 'separator' },
    { label: 'Vollbild', role: 'togglefullscreen' },
  ];
  if (!options.isPackaged) {
    view.push({ type: 'separator' }, { label: 'Entwicklertools', role: 'toggleDevTools' });
  }
  const template: MenuItemConstructorOptions[] = [
    { label: 'Datei', submenu: [{ label: 'Beenden', role: 'quit', accelerator: isMac ? 'Cmd+Q' : 'Ctrl+Q' }] },
    {
      label: 'Bearbeiten',
      submenu: [
        { label: 'Rückgängig', role: 'undo' },
        { label: 'Wiederholen', role: 'redo' },
        { type: 'separator' },
        { label: 'Ausschneiden', role: 'cut' },
        { label: 'Kopieren', role: 'copy' },
        { label: 'Einfügen', role: 'paste' },
        { label: 'Alles auswählen', role: 'selectAll' },
      ],
    },
    { label: 'Ansicht', submenu: view },
    { label: 'Hilfe', submenu: [{ label: 'Über Quartiersatlas', click: () => options.onAbout() }] },
  ];
  if (isMac) {
    template.unshift({
      label: 'Quartiersatlas',
      submenu: [
        { label: 'Über Quartiersatlas', click: () => options.onAbout() },
        { type: 'separator' },
        { label: 'Quartiersatlas ausblenden', role: 'hide' },
        { label: 'Andere ausblenden', role: 'hideOthers' },
        { type: 'separator' },
        { label: 'Quartiersatlas beenden', role: 'quit' },
      ],
    });
  }
  return template;
}

export interface AboutInfo {
  version: string;
  electronVersion: string;
  databasePath: string;
}

/** Text of the "Über" box. */
export function aboutText(info: AboutInfo): { message: string; detail: string } {
  return {
    message: `Quartiersatlas ${info.version}`,
    detail: [
      'Offline-Anwendung für die kommunale Sozialplanung. Es werden keine Daten ins Internet übertragen.',
      '',
      `Datenbank: ${info.databasePath}`,
      `Electron ${info.electronVersion}`,
    ].join('\n'),
  };
}
