import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database } from 'better-sqlite3';
import type { Job, JobResult } from '../jobs/job-types.ts';
import type { ImportSummary } from '../imports/types.ts';

/** Runs an import job; the app and CLI pass the worker-thread runner, tests may run inline. */
export type JobRunner = (job: Job) => Promise<JobResult>;

export const DEMO_DIRECTORY_NAME = path.join('demo', 'flensburg');

/** resources/ in a source checkout; the packaged app passes process.resourcesPath. */
export function defaultResourcesDir(): string {
  return fileURLToPath(new URL('../../../resources/', import.meta.url));
}

export function isDatabaseEmpty(db: Database): boolean {
  const row = db.prepare('SELECT (SELECT count(*) FROM spatial_units) + (SELECT count(*) FROM facilities) AS n').get() as { n: number };
  return row.n === 0;
}

/**
 * The demo city Flensburg (CC0): 13 Stadtteile, 41 statistical districts below them, 76
 * playgrounds — loaded through exactly the import code a user's own files go through.
 */
export async function seedDemo(runJob: JobRunner, resourcesDir = defaultResourcesDir()): Promise<ImportSummary[]> {
  const dir = path.join(resourcesDir, DEMO_DIRECTORY_NAME);
  const file = (name: string) => [{ name, data: new Uint8Array(fs.readFileSync(path.join(dir, name))) }];
  const results: JobResult[] = [];
  results.push(
    await runJob({
      kind: 'import-units',
      files: file('flensburg_stadtteile.geojson'),
      options: { level: 'Stadtteil', codeField: 'AREA_ID', nameField: 'AREA_NAME' },
    }),
  );
  results.push(
    await runJob({
      kind: 'import-units',
      files: file('flensburg_stadtbezirke.geojson'),
      options: { level: 'Statistischer Bezirk', codeField: 'AREA_ID', nameField: 'AREA_NAME', parentField: 'PARENT_ARE' },
    }),
  );
  results.push(
    await runJob({
      kind: 'import-facilities',
      files: file('spielplaetze_flensburg.geojson'),
      options: { category: 'Spielplatz', nameField: 'place' },
    }),
  );
  return results as ImportSummary[];
}
