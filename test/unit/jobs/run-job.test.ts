import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ImportFailed } from '../../../electron/core/geo/types.ts';
import { runJob } from '../../../electron/core/jobs/run-job.ts';
import type { ImportPhase } from '../../../electron/core/imports/types.ts';
import { DEMO_DIR, sourceFile, textFile } from '../../helpers/fixtures.ts';
import { tempDatabase } from '../../helpers/temp-db.ts';

describe('long work in a worker thread', () => {
  it('imports through its own connection and reports the phases in order', async () => {
    const db = tempDatabase();
    const phases: ImportPhase[] = [];
    const result = await runJob(
      db.path,
      { kind: 'import-units', files: [sourceFile(path.join(DEMO_DIR, 'flensburg_stadtbezirke.geojson'))], options: { level: 'Statistischer Bezirk', codeField: 'AREA_ID', nameField: 'AREA_NAME' } },
      (phase) => {
        if (phases.at(-1) !== phase) phases.push(phase);
      },
    );
    expect(result).toMatchObject({ created: 41 });
    expect(phases).toEqual(['lesen', 'pruefen', 'schreiben', 'fertig']);
    // The main connection sees the worker's committed rows at once (WAL).
    expect((db.sqlite.prepare('SELECT count(*) AS n FROM spatial_units').get() as { n: number }).n).toBe(41);
  });

  it('hands a failed import back as ImportFailed with every issue', async () => {
    const db = tempDatabase();
    const failure = await runJob(db.path, { kind: 'import-units', files: [textFile('leer.geojson', '{"type":"FeatureCollection"}')], options: { level: 'X' } }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ImportFailed);
    expect((failure as ImportFailed).issues[0]!.file).toBe('leer.geojson');
  });

  it('previews a file without writing anything', async () => {
    const db = tempDatabase();
    // A new database holds only the seeded default categories.
    const before = (db.sqlite.prepare('SELECT count(*) AS n FROM ops').get() as { n: number }).n;
    const preview = await runJob(db.path, { kind: 'preview', files: [sourceFile(path.join(DEMO_DIR, 'flensburg_stadtteile.geojson'))], expect: 'polygon' });
    expect(preview).toMatchObject({ featureCount: 13, suggested: { codeField: 'AREA_ID', nameField: 'AREA_NAME', parentField: 'PARENT_ARE' } });
    expect((db.sqlite.prepare('SELECT count(*) AS n FROM ops').get() as { n: number }).n).toBe(before);
  });
});
