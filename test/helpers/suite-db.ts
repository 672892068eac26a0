import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';
import { openDatabase, type OpenedDatabase } from '../../electron/core/db/open-database.ts';

/**
 * A real database file shared by the tests of one file (set up once in beforeAll, e.g. a demo
 * that takes seconds to load), closed and removed after all of them.
 */
export function suiteDatabase(name = 'suite.sqlite'): OpenedDatabase {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qatlas-suite-'));
  const opened = openDatabase(path.join(dir, name), { lock: true });
  afterAll(() => {
    opened.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  return opened;
}
