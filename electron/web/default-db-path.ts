import os from 'node:os';
import path from 'node:path';

export const APP_DIRECTORY_NAME = 'Quartiersatlas';
export const DATABASE_FILE_NAME = 'quartiersatlas.sqlite';

export interface PlatformEnvironment {
  platform: NodeJS.Platform;
  env: Record<string, string | undefined>;
  homedir: string;
}

/**
 * The folder Electron's `app.getPath('userData')` gives for productName Quartiersatlas, so the
 * web host and the desktop app open the same database by default:
 * Windows `%APPDATA%\Quartiersatlas`, macOS `~/Library/Application Support/Quartiersatlas`,
 * Linux `$XDG_CONFIG_HOME/Quartiersatlas` (fallback `~/.config/Quartiersatlas`).
 */
export function userDataDirectory(
  system: PlatformEnvironment = { platform: process.platform, env: process.env, homedir: os.homedir() },
): string {
  const { platform, env, homedir } = system;
  if (platform === 'win32') {
    const appData = env.APPDATA || path.win32.join(homedir, 'AppData', 'Roaming');
    return path.win32.join(appData, APP_DIRECTORY_NAME);
  }
  if (platform === 'darwin') {
    return path.posix.join(homedir, 'Library', 'Application Support', APP_DIRECTORY_NAME);
  }
  // Like Chromium's base::nix::GetXDGDirectory: any non-empty value is taken as it is.
  const configHome = env.XDG_CONFIG_HOME || path.posix.join(homedir, '.config');
  return path.posix.join(configHome, APP_DIRECTORY_NAME);
}

/** Default database path: `QUARTIERSATLAS_DB` when set, else the per-user app-data folder. */
export function defaultDatabasePath(
  system: PlatformEnvironment = { platform: process.platform, env: process.env, homedir: os.homedir() },
): string {
  const fromEnv = system.env.QUARTIERSATLAS_DB;
  if (fromEnv && fromEnv.trim() !== '') return fromEnv;
  const join = system.platform === 'win32' ? path.win32.join : path.posix.join;
  return join(userDataDirectory(system), DATABASE_FILE_NAME);
}
