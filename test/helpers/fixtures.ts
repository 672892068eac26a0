import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SourceFile } from '../../electron/core/geo/types.ts';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures');
export const DEMO_DIR = path.join(REPO_ROOT, 'resources', 'demo', 'flensburg');

export function sourceFile(file: string, name = path.basename(file)): SourceFile {
  return { name, data: new Uint8Array(fs.readFileSync(file)) };
}

export function textFile(name: string, text: string): SourceFile {
  return { name, data: new TextEncoder().encode(text) };
}
