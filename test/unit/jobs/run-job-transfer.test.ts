import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MOVE_THRESHOLD, movableFileBuffers, runJob } from '../../../electron/core/jobs/run-job.ts';
import type { Job } from '../../../electron/core/jobs/job-types.ts';
import { DEMO_DIR } from '../../helpers/fixtures.ts';
import { tempDatabase } from '../../helpers/temp-db.ts';

const preview = (...data: Uint8Array[]): Job => ({ kind: 'preview', files: data.map((d, i) => ({ name: `f${i}.geojson`, data: d })), expect: 'polygon' });

describe('file bytes handed to the worker', () => {
  it('are moved only where the file owns its whole, large, unshared buffer', () => {
    const large = new Uint8Array(MOVE_THRESHOLD);
    expect(movableFileBuffers(preview(large))).toEqual([large.buffer]);
    // Small files are copied: cheap, and the caller keeps them.
    expect(movableFileBuffers(preview(new Uint8Array(MOVE_THRESHOLD - 1)))).toEqual([]);
    // A view into a larger buffer (a Node Buffer from the pool, a slice) would take its neighbours along.
    const shared = new ArrayBuffer(MOVE_THRESHOLD * 3);
    expect(movableFileBuffers(preview(new Uint8Array(shared, MOVE_THRESHOLD, MOVE_THRESHOLD)))).toEqual([]);
    expect(movableFileBuffers(preview(new Uint8Array(new SharedArrayBuffer(MOVE_THRESHOLD))))).toEqual([]);
    // The same buffer twice (a batch importing one file twice) is listed once, as transfer requires.
    const other = new Uint8Array(MOVE_THRESHOLD * 2);
    expect(movableFileBuffers({ kind: 'batch', jobs: [preview(large), preview(large, other), { kind: 'table-preview', file: { name: 'x.csv', data: other } }] })).toEqual([
      large.buffer,
      other.buffer,
    ]);
  });

  it('reach the worker intact, and a moved file is empty for the caller afterwards', async () => {
    const db = tempDatabase();
    const text = fs.readFileSync(path.join(DEMO_DIR, 'flensburg_stadtteile.geojson'), 'utf8');
    // Padded past the threshold with whitespace, which JSON ignores.
    const large = new TextEncoder().encode(text + ' '.repeat(Math.max(0, MOVE_THRESHOLD - text.length)) + '\n');
    const small = new TextEncoder().encode(text);
    const [moved, copied] = (await Promise.all([runJob(db.path, preview(large)), runJob(db.path, preview(small))])) as Array<{ featureCount: number }>;
    expect(moved!.featureCount).toBe(13);
    expect(copied!.featureCount).toBe(13);
    expect(large.byteLength).toBe(0);
    expect(small.byteLength).toBe(Buffer.byteLength(text));
  });
});
