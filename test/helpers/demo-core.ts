import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { createAppCore, type AppCore } from '../../electron/core/app-core.ts';

/**
 * The app core on a fresh Flensburg demo database, shared by the tests of one file, with outputs
 * checked against the contract; `call` throws the German message of a refused call.
 */
export function demoCoreSuite(name: string): { call: <T>(method: string, input: unknown) => Promise<T> } {
  let core: AppCore;
  let dir: string;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), `qatlas-${name}-`));
    core = await createAppCore({ dbPath: path.join(dir, 'demo.sqlite'), host: 'web', seedDemoIfEmpty: true, checkOutputs: true });
  }, 120_000);
  afterAll(() => {
    core.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  return {
    async call<T>(method: string, input: unknown): Promise<T> {
      const result = await core.call(method, input);
      if (!result.ok) throw new Error(`${method}: ${result.error.message}`);
      return result.value as T;
    },
  };
}
