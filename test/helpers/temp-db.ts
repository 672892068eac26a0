import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import { openDatabase, type OpenedDatabase } from '../../electron/core/db/open-database.ts';

const cleanups: Array<() => void> = [];

afterEach(() => {
  while (cleanups.length > 0) cleanups.pop()!();
});

/** A fresh directory removed after the test. */
export function tempDir(prefix = 'qatlas-test-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A real database file in a temp directory, opened like the app opens it, closed after the test. */
export function tempDatabase(name = 'test.sqlite'): OpenedDatabase {
  const opened = openDatabase(path.join(tempDir(), name), { lock: true });
  let closed = false;
  const close = opened.close.bind(opened);
  const wrapped: OpenedDatabase = {
    ...opened,
    close() {
      if (!closed) close();
      closed = true;
    },
  };
  cleanups.unshift(() => wrapped.close());
  return wrapped;
}
