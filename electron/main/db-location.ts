import path from 'node:path';

export const DEFAULT_DATABASE_FILE = 'quartiersatlas.sqlite';
export const DATABASE_ENV_VARIABLE = 'QUARTIERSATLAS_DB';

export interface DatabaseLocation {
  path: string;
  /** Where the choice came from: shown in the about box, useful for support. */
  source: 'argument' | 'environment' | 'user-profile';
}

export interface DatabaseLocationInput {
  argv: readonly string[];
  env: Readonly<Record<string, string | undefined>>;
  /** app.getPath('userData'): the per-user profile folder, writable without admin rights. */
  userDataDir: string;
  /** Relative paths from --db or the environment are taken relative to this. */
  cwd: string;
}

export class DatabaseLocationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DatabaseLocationError';
  }
}

/**
 * Which database file to open: `--db FILE` (or `--db=FILE`) on the command line wins, then the
 * environment variable QUARTIERSATLAS_DB, else quartiersatlas.sqlite in the user profile.
 */
export function chooseDatabasePath(input: DatabaseLocationInput): DatabaseLocation {
  const fromArgv = databaseArgument(input.argv);
  if (fromArgv !== undefined) return { path: path.resolve(input.cwd, fromArgv), source: 'argument' };
  const fromEnv = input.env[DATABASE_ENV_VARIABLE]?.trim();
  if (fromEnv) return { path: path.resolve(input.cwd, fromEnv), source: 'environment' };
  return { path: path.join(input.userDataDir, DEFAULT_DATABASE_FILE), source: 'user-profile' };
}

/** The value of the last `--db` option, undefined when there is none. */
export function databaseArgument(argv: readonly string[]): string | undefined {
  let found: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') break;
    if (arg === '--db') {
      const value = argv[i + 1];
      if (value === undefined || value === '' || value.startsWith('--')) {
        throw new DatabaseLocationError('Nach --db fehlt der Pfad zur Datenbankdatei, z. B. --db C:\\Daten\\quartiersatlas.sqlite');
      }
      found = value;
      i++;
    } else if (arg.startsWith('--db=')) {
      const value = arg.slice('--db='.length);
      if (value === '') throw new DatabaseLocationError('Nach --db= fehlt der Pfad zur Datenbankdatei.');
      found = value;
    }
  }
  return found;
}
