import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { chooseDatabasePath, databaseArgument, DatabaseLocationError } from '../../../electron/main/db-location.ts';

const userDataDir = path.resolve('/profile/Quartiersatlas');
const cwd = path.resolve('/work/dir');

describe('chooseDatabasePath', () => {
  it('takes --db FILE first, even when the environment names another file', () => {
    const location = chooseDatabasePath({ argv: ['--db', '/data/a.sqlite'], env: { QUARTIERSATLAS_DB: '/data/b.sqlite' }, userDataDir, cwd });
    expect(location).toEqual({ path: path.resolve('/data/a.sqlite'), source: 'argument' });
  });

  it('understands --db=FILE and resolves relative paths against the working directory', () => {
    expect(chooseDatabasePath({ argv: ['--db=daten/a.sqlite'], env: {}, userDataDir, cwd }).path).toBe(path.join(cwd, 'daten', 'a.sqlite'));
    expect(chooseDatabasePath({ argv: ['--db', 'a.sqlite'], env: {}, userDataDir, cwd }).path).toBe(path.join(cwd, 'a.sqlite'));
  });

  it('then QUARTIERSATLAS_DB', () => {
    const location = chooseDatabasePath({ argv: ['--other'], env: { QUARTIERSATLAS_DB: ' /data/b.sqlite ' }, userDataDir, cwd });
    expect(location).toEqual({ path: path.resolve('/data/b.sqlite'), source: 'environment' });
  });

  it('ignores an empty QUARTIERSATLAS_DB', () => {
    expect(chooseDatabasePath({ argv: [], env: { QUARTIERSATLAS_DB: '  ' }, userDataDir, cwd }).source).toBe('user-profile');
  });

  it('else quartiersatlas.sqlite in the user profile', () => {
    expect(chooseDatabasePath({ argv: ['.', '--inspect'], env: {}, userDataDir, cwd })).toEqual({
      path: path.join(userDataDir, 'quartiersatlas.sqlite'),
      source: 'user-profile',
    });
  });
});

describe('databaseArgument', () => {
  it('finds the option anywhere and the last one wins', () => {
    expect(databaseArgument(['.', '--db', 'a.sqlite'])).toBe('a.sqlite');
    expect(databaseArgument(['--db', 'a.sqlite', '--db=b.sqlite'])).toBe('b.sqlite');
    expect(databaseArgument(['C:\\Program Files\\Quartiersatlas\\Quartiersatlas.exe'])).toBeUndefined();
  });

  it('keeps paths with spaces and stops at --', () => {
    expect(databaseArgument(['--db', 'C:\\Daten\\Mein Quartier.sqlite'])).toBe('C:\\Daten\\Mein Quartier.sqlite');
    expect(databaseArgument(['--', '--db', 'x.sqlite'])).toBeUndefined();
  });

  it('reports a missing value in German', () => {
    expect(() => databaseArgument(['--db'])).toThrow(DatabaseLocationError);
    expect(() => databaseArgument(['--db', '--inspect'])).toThrow(/fehlt der Pfad/);
    expect(() => databaseArgument(['--db='])).toThrow(/fehlt der Pfad/);
  });
});
