import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint, type Linter } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

/**
 * The layer rules of eslint.config.js, run through ESLint's Node API on small snippets placed
 * virtually into each folder (the files do not exist; lintText only uses the path to pick the
 * config).
 */
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const LAYER_RULES = new Set(['no-restricted-imports', 'no-restricted-globals']);

let eslint: ESLint;
beforeAll(() => {
  eslint = new ESLint({ cwd: repo });
});

async function layerViolations(filePath: string, code: string): Promise<Linter.LintMessage[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(repo, filePath) });
  const fatal = result!.messages.filter((m) => m.fatal);
  if (fatal.length > 0) throw new Error(`${filePath}: ${fatal.map((m) => m.message).join('; ')}`);
  return result!.messages.filter((m) => m.ruleId !== null && LAYER_RULES.has(m.ruleId));
}

async function expectViolation(filePath: string, code: string, rule = 'no-restricted-imports'): Promise<void> {
  const messages = await layerViolations(filePath, code);
  expect(messages.map((m) => m.ruleId), `${filePath}: ${code}`).toEqual([rule]);
}

async function expectAllowed(filePath: string, code: string): Promise<void> {
  const messages = await layerViolations(filePath, code);
  expect(messages.map((m) => `${m.ruleId}: ${m.message}`), `${filePath}: ${code}`).toEqual([]);
}

describe('shared/ stays pure', () => {
  const file = 'shared/__probe__.ts';

  it.each([
    "import fs from 'node:fs';",
    "import { readFileSync } from 'fs';",
    "import path from 'path';",
    "import { createHash } from 'crypto';",
    "import os from 'os';",
    "import { Worker } from 'worker_threads';",
    "import { spawn } from 'child_process';",
    "import http from 'http';",
    "import { fileURLToPath } from 'url';",
    "import { EventEmitter } from 'events';",
    "import { Readable } from 'stream';",
    "import { Buffer } from 'buffer';",
    "import util from 'util';",
    "import { readFile } from 'fs/promises';",
    "export { hostname } from 'node:os';",
    "import { app } from 'electron';",
    "import Database from 'better-sqlite3';",
    "import { createAppCore } from '../electron/core/app-core.ts';",
    "import type { AppCore } from '../electron/core/app-core.ts';",
    "import { x } from '../../electron/main/x.ts';",
    "import { createClient } from '../renderer/api/client.ts';",
  ])('refuses %s', async (code) => {
    await expectViolation(file, code);
  });

  it.each(["window.alert('x');", 'document.title = "x";', 'navigator.language;', "localStorage.getItem('x');", "sessionStorage.setItem('x', '1');", 'location.reload();'])(
    'refuses the DOM global in %s',
    async (code) => {
      await expectViolation(file, `${code}\nexport {};`, 'no-restricted-globals');
    },
  );

  it('also in subfolders', async () => {
    await expectViolation('shared/sync/__probe__.ts', "import { x } from '../../electron/core/x.ts';");
    await expectViolation('shared/sync/__probe__.ts', "import fs from 'node:fs';");
  });

  it.each([
    "import { z } from 'zod';",
    "import { contract } from './contract.ts';",
    "import { encodeWire } from '../shared/wire-codec.ts';",
    "import type { ImportIssue } from './import-issue.ts';",
    "import { electronLike } from './electron-like.ts';",
    'export const bytes = new TextEncoder().encode(globalThis.String(1));',
  ])('allows %s', async (code) => {
    await expectAllowed(file, code);
  });
});

describe('renderer/ talks only through the contract', () => {
  it.each([
    ['renderer/__probe__.tsx', "import { createAppCore } from '../electron/core/x.ts';"],
    ['renderer/api/__probe__.ts', "import { createAppCore } from '../../electron/core/app-core.ts';"],
    ['renderer/api/__probe__.ts', "import type { AppCore } from '../../electron/core/app-core.ts';"],
    ['renderer/__probe__.tsx', "import Database from 'better-sqlite3';"],
    ['renderer/__probe__.tsx', "import { ipcRenderer } from 'electron';"],
    ['renderer/__probe__.tsx', "import path from 'node:path';"],
    ['renderer/map/__probe__.ts', "import fs from 'fs';"],
  ])('%s: refuses %s', async (file, code) => {
    await expectViolation(file, code);
  });

  it.each([
    "import { contract } from '../shared/contract.ts';",
    "import { useState } from 'react';",
    "import maplibregl from 'maplibre-gl';",
    "import { createClient } from './api/client.ts';",
  ])('allows %s', async (code) => {
    await expectAllowed('renderer/__probe__.tsx', code);
  });
});

describe('electron/: no renderer, and electron only in main and preload', () => {
  it.each([
    ['electron/core/__probe__.ts', "import { app } from 'electron';"],
    ['electron/core/db/__probe__.ts', "import { app } from 'electron';"],
    ['electron/web/__probe__.ts', "import { BrowserWindow } from 'electron';"],
    ['electron/cli/__probe__.ts', "import electron from 'electron';"],
    ['electron/core/__probe__.ts', "import { App } from '../../renderer/App.tsx';"],
    ['electron/main/__probe__.ts', "import { App } from '../../renderer/App.tsx';"],
    ['electron/web/__probe__.ts', "import '../../renderer/styles/app.css';"],
  ])('%s: refuses %s', async (file, code) => {
    await expectViolation(file, code);
  });

  it.each([
    ['electron/main/__probe__.ts', "import { app, BrowserWindow } from 'electron';"],
    ['electron/preload/__probe__.ts', "import { contextBridge } from 'electron';"],
    ['electron/core/__probe__.ts', "import fs from 'node:fs';"],
    ['electron/core/__probe__.ts', "import Database from 'better-sqlite3';"],
    ['electron/core/__probe__.ts', "import { contract } from '../../shared/contract.ts';"],
    ['electron/web/__probe__.ts', "import http from 'node:http';"],
    ['electron/main/__probe__.ts', "import { createAppCore } from '../core/app-core.ts';"],
  ])('%s: allows %s', async (file, code) => {
    await expectAllowed(file, code);
  });
});

describe('the repository itself', () => {
  it('has no layer violation in shared/, renderer/ or electron/', async () => {
    const results = await eslint.lintFiles(['shared', 'renderer', 'electron']);
    const violations = results.flatMap((result) =>
      result.messages
        .filter((m) => m.ruleId !== null && LAYER_RULES.has(m.ruleId))
        .map((m) => `${path.relative(repo, result.filePath)}:${m.line} ${m.message}`),
    );
    expect(violations).toEqual([]);
  }, 120_000);
});
