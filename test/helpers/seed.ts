import type { OpenedDatabase } from '../../electron/core/db/open-database.ts';
import { saveIndicator } from '../../electron/core/services/indicators.ts';
import { blobDirectoryFor } from '../../electron/core/sync/blob-store.ts';
import { ChangeWriter } from '../../electron/core/sync/change-writer.ts';
import { deterministicId, valueId } from '../../electron/core/sync/ids.ts';

/** A level of `count` small square units (codes U1…Un) written through the real write path. */
export function seedUnits(db: OpenedDatabase, count: number, level = 'Testgebiet'): { levelId: string; unitIds: string[]; writer: ChangeWriter } {
  const writer = new ChangeWriter(db.sqlite, { blobDirectory: blobDirectoryFor(db.path) });
  const levelKey = level.toLowerCase();
  const levelId = deterministicId.level(levelKey);
  const unitIds = Array.from({ length: count }, (_, i) => deterministicId.unit(levelKey, `U${i + 1}`));
  writer.transaction((tx) => {
    tx.upsert('spatial_levels', levelId, { key: levelKey, name: level, rank: 0 });
    unitIds.forEach((id, i) => {
      const x = 9 + i * 0.01;
      const geometry = JSON.stringify({ type: 'Polygon', coordinates: [[[x, 54], [x + 0.01, 54], [x + 0.01, 54.01], [x, 54.01], [x, 54]]] });
      tx.upsert('spatial_units', id, { level_id: levelId, code: `U${i + 1}`, name: `Gebiet ${i + 1}`, parent_id: null, geometry, valid_from: null, valid_to: null, attributes: {} });
    });
  });
  return { levelId, unitIds, writer };
}

/** An indicator with one value per unit for one period (null = no data). */
export function seedIndicator(
  db: OpenedDatabase,
  writer: ChangeWriter,
  code: string,
  polarity: 'need' | 'better' | 'neutral',
  unitIds: string[],
  values: Array<number | null>,
  period = '2021',
): string {
  const indicator = saveIndicator(writer, db.sqlite, { indicator: { code, name: code, polarity, topic: 'Test' } });
  writer.transaction((tx) =>
    tx.bulkInsert(
      'indicator_values',
      unitIds.map((unitId, i) => ({ id: valueId(indicator.id, unitId, period), values: { indicator_id: indicator.id, unit_id: unitId, period, value: values[i] ?? null, flag: null } })),
    ),
  );
  return indicator.id;
}
