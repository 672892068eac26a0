import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { OpenedDatabase } from '../../../electron/core/db/open-database.ts';
import { importUnits } from '../../../electron/core/imports/import-units.ts';
import { previewFacilities } from '../../../electron/core/imports/preview-facilities.ts';
import { finestUnitNames } from '../../../electron/core/imports/preview-units.ts';
import { FIXTURES, sourceFile } from '../../helpers/fixtures.ts';
import { suiteDatabase } from '../../helpers/suite-db.ts';

const SCHOOLS = path.join(FIXTURES, 'nrw', 'gelsenkirchen_schulen_subset_of_nrw_file.csv');
const STADTTEILE = path.join(FIXTURES, 'gelsenkirchen', 'Stadtteile_Gelsenkirchen_epsg3044.geojson');

const db: OpenedDatabase = suiteDatabase('preview-units.sqlite');

describe('the unit each previewed facility lands in', () => {
  it('is null for every point while there are no units', () => {
    expect(finestUnitNames(db.sqlite, [{ lon: 7.1, lat: 51.52 }])).toEqual([null]);
  });

  describe('with the Gelsenkirchen Stadtteile', () => {
    beforeAll(async () => {
      await importUnits(db.sqlite, [sourceFile(STADTTEILE)], { level: 'Stadtteil', codeField: 'id', nameField: 'stadttei00' });
    });

    it('names the Stadtteil of each sample record in the facility preview, and null outside', async () => {
      const preview = await previewFacilities(db.sqlite, [sourceFile(SCHOOLS)], { category: 'Schule', mapping: { fields: { name: 'Amtliche Bezeichnung 1' } } });
      const first = preview.result.records[0]!;
      expect(first).toMatchObject({ name: 'Gemeinschaftsgrundschule an', unit: { level: 'Stadtteil', unit: 'Schalke' } });
      expect(preview.result.records.every((r) => r.unit !== null)).toBe(true);
      // Flensburg is no Stadtteil of Gelsenkirchen.
      expect(finestUnitNames(db.sqlite, [{ lon: 9.43, lat: 54.79 }])).toEqual([null]);
    });
  });
});
