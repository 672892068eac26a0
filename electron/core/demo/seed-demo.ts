import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database } from 'better-sqlite3';
import { catalogueFileSchema } from '../../../shared/catalogue-file.ts';
import type { Job, JobResult } from '../jobs/job-types.ts';
import type { ImportSummary } from '../imports/types.ts';

/** Runs an import job; the app and CLI pass the worker-thread runner, tests may run inline. */
export type JobRunner = (job: Job) => Promise<JobResult>;

export const DEMO_DIRECTORY_NAME = path.join('demo', 'flensburg');

/** The Flensburg statistics (CC0) and the saved mappings that read them, as a planner would. */
const DEMO_STATISTICS: Array<[string, string]> = [
  ['tab_1_einwohner_in_stadtteilen_2011_bis_2021.csv', 'tab_1_einwohner.json'],
  ['tab_2_anzahl_geburten_und_geburtenquoten.csv', 'tab_2_geburten.json'],
  ['tab_4_altenquotient_2011_bis_2021.csv', 'tab_4_altenquotient.json'],
  ['tab_5_einwohner_in_stadtteilen_2021_nach_altersgruppen.csv', 'tab_5_altersgruppen.json'],
  ['tab_9_anteil_migrationshintergrund.csv', 'tab_9_migrationshintergrund.json'],
  ['tab_11_sozialversicherungspflichtig_beschaeftigte.csv', 'tab_11_beschaeftigte.json'],
  ['tab18_Anzahl_der_Regelleistungsberechtigten_nach_SGBII_-_Tabellenblatt1.csv', 'tab18_sgb2.json'],
];

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
 * playgrounds and the Stadtteil statistics 2011–2021 — loaded through exactly the import code a
 * user's own files go through.
 */
export async function seedDemo(runJob: JobRunner, resourcesDir = defaultResourcesDir()): Promise<ImportSummary[]> {
  const dir = path.join(resourcesDir, DEMO_DIRECTORY_NAME);
  const read = (...parts: string[]) => new Uint8Array(fs.readFileSync(path.join(dir, ...parts)));
  const file = (name: string) => [{ name, data: read(name) }];
  const catalogue = catalogueFileSchema.parse(JSON.parse(new TextDecoder().decode(read('statistik', 'indikatoren.json'))));
  const jobs: Job[] = [
    { kind: 'import-units', files: file('flensburg_stadtteile.geojson'), options: { level: 'Stadtteil', codeField: 'AREA_ID', nameField: 'AREA_NAME' } },
    {
      kind: 'import-units',
      files: file('flensburg_stadtbezirke.geojson'),
      options: { level: 'Statistischer Bezirk', codeField: 'AREA_ID', nameField: 'AREA_NAME', parentField: 'PARENT_ARE' },
    },
    { kind: 'import-facilities', files: file('spielplaetze_flensburg.geojson'), options: { category: 'Spielplatz', nameField: 'place' } },
    ...DEMO_STATISTICS.map(([csv, mapping]): Job => ({
      kind: 'import-values',
      file: { name: csv, data: read('statistik', csv) },
      options: { mapping: JSON.parse(new TextDecoder().decode(read('statistik', 'mappings', mapping))) as unknown, catalogue },
    })),
  ];
  // One worker for all of it: starting a worker per file would cost about a second each.
  return (await runJob({ kind: 'batch', jobs })) as ImportSummary[];
}
