import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../electron/core/db/open-database.ts';
import { canonicalDump } from '../../../electron/core/exchange/canonical-dump.ts';
import { exportExchange } from '../../../electron/core/exchange/export-exchange.ts';
import { importExchange } from '../../../electron/core/exchange/import-exchange.ts';
import { blobDirectoryFor } from '../../../electron/core/sync/blob-store.ts';
import { ChangeWriter } from '../../../electron/core/sync/change-writer.ts';
import { tempDir } from '../../helpers/temp-db.ts';

/**
 * Pulling the plug in the middle of "Datei einlesen": a child process imports an exchange file
 * with a few thousand ops and is killed (SIGKILL) at a random moment. Afterwards the database is
 * intact and holds exactly the state before or exactly the state after the import — never half.
 * Seeded, so a failure is reproducible: CRASH_SEED=<seed> npx vitest run …
 */
const RUNS = 50;
const SEED = Number(process.env.CRASH_SEED ?? 20261125);
const CHILD = path.join(import.meta.dirname, 'crash-child.ts');

/** mulberry32: small, seedable, good enough to spread delays. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Laptop A's history (creations and renames of levels, ~3,000 ops) as a file, and B's empty database. */
function prepare(dir: string): { file: string; base: string } {
  const a = openDatabase(path.join(dir, 'a.sqlite'), { lock: false });
  const writer = new ChangeWriter(a.sqlite, { blobDirectory: blobDirectoryFor(a.path) });
  for (let batch = 0; batch < 20; batch++) {
    writer.transaction((tx) => {
      for (let i = 0; i < 100; i++) tx.upsert('spatial_levels', `level-${batch}-${i}`, { key: `k${batch}-${i}`, name: `Ebene ${batch}/${i}`, rank: i });
    });
  }
  for (let batch = 0; batch < 10; batch++) {
    writer.transaction((tx) => {
      for (let i = 0; i < 100; i++) tx.update('spatial_levels', `level-${batch}-${i}`, { name: `Umbenannt ${batch}/${i}`, rank: i + 1 });
    });
  }
  const file = path.join(dir, 'a.qatlas');
  const summary = exportExchange(a.sqlite, { out: file, blobDirectory: blobDirectoryFor(a.path) });
  expect(summary.ops).toBeGreaterThan(2500);
  a.close();
  const base = path.join(dir, 'b.sqlite');
  const b = openDatabase(base, { lock: false });
  b.sqlite.pragma('wal_checkpoint(TRUNCATE)');
  b.close();
  return { file, base };
}

function dumpOf(file: string): { integrity: string; dump: string } {
  // Opened writable: SQLite recovers (or discards) what the killed process left in the WAL.
  const db = new Database(file);
  try {
    return { integrity: db.pragma('integrity_check', { simple: true }) as string, dump: canonicalDump(db) };
  } finally {
    db.close();
  }
}

/** A child that has loaded everything and waits for a database path. */
class Importer {
  readonly child: ChildProcessWithoutNullStreams;
  readonly ready: Promise<void>;
  readonly exited: Promise<void>;
  #output = '';
  #onDone: (() => void) | null = null;

  constructor(file: string) {
    this.child = spawn(process.execPath, [CHILD, file], { stdio: 'pipe' });
    this.exited = new Promise((resolve) => this.child.once('exit', () => resolve()));
    let stderr = '';
    this.child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    this.ready = new Promise((resolve, reject) => {
      this.child.stdout.on('data', (chunk: Buffer) => {
        this.#output += chunk.toString();
        if (this.#output.includes('ready\n')) resolve();
        if (this.#output.includes('done\n')) this.#onDone?.();
      });
      this.child.once('exit', (code) => reject(new Error(`Kindprozess endete (${code}): ${stderr}`)));
    });
    this.ready.catch(() => {});
  }

  /** Starts the import; resolves when it finished (never, if killed first). */
  run(dbPath: string): Promise<void> {
    const done = new Promise<void>((resolve) => (this.#onDone = resolve));
    this.child.stdin.write(`${dbPath}\n`);
    return done;
  }
}

describe('crash safety of reading an exchange file', () => {
  it(`leaves the database intact and either before or after the import when killed at ${RUNS} random moments`, async () => {
    const dir = tempDir('qatlas-crash-');
    const { file, base } = prepare(dir);
    const before = dumpOf(base).dump;
    const reference = path.join(dir, 'reference.sqlite');
    fs.copyFileSync(base, reference);
    const db = openDatabase(reference, { lock: false });
    importExchange(db.sqlite, file, { blobDirectory: blobDirectoryFor(reference) });
    db.close();
    const after = dumpOf(reference).dump;
    expect(after).not.toBe(before);

    // How long one import takes in a warm child (opening the database included).
    const calibration = new Importer(file);
    await calibration.ready;
    const calibrationDb = path.join(dir, 'calibration.sqlite');
    fs.copyFileSync(base, calibrationDb);
    const started = performance.now();
    await calibration.run(calibrationDb);
    const duration = performance.now() - started;
    calibration.child.kill('SIGKILL');
    await calibration.exited;
    expect(dumpOf(calibrationDb).dump).toBe(after);

    const next = random(SEED);
    const outcomes = { before: 0, after: 0 };
    for (let run = 0; run < RUNS; run++) {
      const work = path.join(dir, `run-${run}`);
      fs.mkdirSync(work);
      const target = path.join(work, 'b.sqlite');
      fs.copyFileSync(base, target);
      const delay = next() * duration * 1.1;
      // Started and loaded before the clock runs, and alone (like the calibration): the delays
      // then fall across the import itself, not the child's start.
      const current = new Importer(file);
      await current.ready;
      const finished = current.run(target);
      await Promise.race([finished, new Promise((resolve) => setTimeout(resolve, delay))]);
      current.child.kill('SIGKILL');
      await current.exited;
      const state = dumpOf(target);
      const context = `Lauf ${run}, Abbruch nach ${delay.toFixed(1)} ms, CRASH_SEED=${SEED}`;
      expect(state.integrity, context).toBe('ok');
      expect(state.dump === before || state.dump === after, `${context}: weder der Stand vorher noch nachher`).toBe(true);
      if (state.dump === after) outcomes.after += 1;
      else outcomes.before += 1;
      fs.rmSync(work, { recursive: true, force: true });
    }
    // The delays cover the import: some runs must have been cut off, and the measured duration was real.
    expect(outcomes.before, `CRASH_SEED=${SEED}`).toBeGreaterThan(0);
    console.info(`crash-safety: Import ${duration.toFixed(0)} ms, ${outcomes.before}× vorher, ${outcomes.after}× nachher (CRASH_SEED=${SEED})`);
  }, 180_000);
});
