import { describe, expect, it } from 'vitest';
import { defaultDatabasePath, userDataDirectory } from '../../../electron/web/default-db-path.ts';

// The same folder as Electron's app.getPath('userData') for productName Quartiersatlas.
describe('default database path of the web host', () => {
  it('uses %APPDATA% on Windows', () => {
    const system = { platform: 'win32' as const, env: { APPDATA: 'C:\\Users\\ana\\AppData\\Roaming' }, homedir: 'C:\\Users\\ana' };
    expect(defaultDatabasePath(system)).toBe('C:\\Users\\ana\\AppData\\Roaming\\Quartiersatlas\\quartiersatlas.sqlite');
    expect(userDataDirectory({ ...system, env: {} })).toBe('C:\\Users\\ana\\AppData\\Roaming\\Quartiersatlas');
  });

  it('uses ~/Library/Application Support on macOS', () => {
    expect(defaultDatabasePath({ platform: 'darwin', env: {}, homedir: '/Users/ana' })).toBe(
      '/Users/ana/Library/Application Support/Quartiersatlas/quartiersatlas.sqlite',
    );
  });

  it('uses $XDG_CONFIG_HOME, else ~/.config, on Linux', () => {
    expect(defaultDatabasePath({ platform: 'linux', env: { XDG_CONFIG_HOME: '/data/cfg' }, homedir: '/home/ana' })).toBe(
      '/data/cfg/Quartiersatlas/quartiersatlas.sqlite',
    );
    expect(defaultDatabasePath({ platform: 'linux', env: { XDG_CONFIG_HOME: '' }, homedir: '/home/ana' })).toBe(
      '/home/ana/.config/Quartiersatlas/quartiersatlas.sqlite',
    );
  });

  it('prefers QUARTIERSATLAS_DB', () => {
    expect(defaultDatabasePath({ platform: 'linux', env: { QUARTIERSATLAS_DB: '/srv/qa.sqlite' }, homedir: '/home/ana' })).toBe('/srv/qa.sqlite');
  });
});
