import type { Database } from 'better-sqlite3';
import { z } from 'zod';
import { compositeIndexRecipeSchema, computeCompositeIndex, type CompositeIndexResult } from '../../../shared/stats/composite-index.ts';
import type { IndicatorValue } from '../../../shared/stats/types.ts';
import { UserFacingError } from '../errors.ts';
import type { ChangeWriter, WriteTransaction } from '../sync/change-writer.ts';
import { deterministicId, slugKey, valueId } from '../sync/ids.ts';
import { valuesForMap } from './indicator-values.ts';
import { ensureTopic, getIndicator, type IndicatorDetail } from './indicators.ts';

/** What a computed index keeps in `indicators.recipe`: enough to recompute it at any time. */
export const storedIndexSchema = z.object({
  type: z.literal('composite-index'),
  recipe: compositeIndexRecipeSchema,
  levelId: z.string(),
  period: z.string(),
  populationIndicatorId: z.string().nullable(),
});
export type StoredIndex = z.infer<typeof storedIndexSchema>;

export interface IndexDefinition {
  code: string;
  name: string;
  topic?: string | null;
  definition?: string | null;
  stored: StoredIndex;
}

/** Computes an index from the current values without writing anything (the builder's preview). */
export function computeIndex(db: Database, stored: StoredIndex): CompositeIndexResult {
  const values = new Map<string, IndicatorValue[]>();
  for (const dimension of stored.recipe.dimensions) {
    for (const { indicatorId } of dimension.indicators) {
      if (!values.has(indicatorId)) values.set(indicatorId, valuesForMap(db, indicatorId, stored.period, stored.levelId));
    }
  }
  const population = stored.populationIndicatorId ? valuesForMap(db, stored.populationIndicatorId, stored.period, stored.levelId) : undefined;
  const needsPopulation = stored.recipe.weighting === 'population' || stored.recipe.exclusions.minPopulation !== undefined;
  if (needsPopulation && !population) {
    throw new UserFacingError('population-missing', 'Für Gewichtung oder Mindest-Einwohnerzahl bitte einen Einwohner-Indikator wählen.');
  }
  return computeCompositeIndex(stored.recipe, { values, population });
}

/**
 * Stores an index as an indicator with its recipe, its total and one sub-index indicator per
 * dimension, all with values for the recipe's level and period. Re-saving recomputes.
 */
export function saveIndex(writer: ChangeWriter, db: Database, definition: IndexDefinition): IndicatorDetail {
  const stored = storedIndexSchema.parse(definition.stored);
  const indexId = deterministicId.indicator(definition.code);
  const existing = db.prepare('SELECT recipe FROM indicators WHERE id = ? AND deleted = 0').get(indexId) as { recipe: string | null } | undefined;
  if (existing && !existing.recipe?.includes('"composite-index"')) {
    throw new UserFacingError('duplicate-code', `Das Kürzel „${definition.code}“ hat schon ein gewöhnlicher Indikator; bitte ein anderes wählen.`);
  }
  const result = computeIndex(db, stored);
  writer.transaction((tx) => writeIndex(tx, definition, stored, result, indexId));
  return getIndicator(db, indexId);
}

/** Recomputes every stored index that uses one of these indicators (after new values arrived). */
export function recomputeDependentIndices(writer: ChangeWriter, db: Database, changedIndicatorIds: Iterable<string>): string[] {
  const changed = new Set(changedIndicatorIds);
  const rows = db.prepare("SELECT id, code, name, definition, recipe FROM indicators WHERE deleted = 0 AND recipe LIKE '%composite-index%'").all() as Array<{
    id: string; code: string; name: string; definition: string | null; recipe: string;
  }>;
  const recomputed: string[] = [];
  for (const row of rows) {
    const parsed = storedIndexSchema.safeParse(JSON.parse(row.recipe));
    if (!parsed.success) continue;
    const inputs = parsed.data.recipe.dimensions.flatMap((d) => d.indicators.map((i) => i.indicatorId));
    if (parsed.data.populationIndicatorId) inputs.push(parsed.data.populationIndicatorId);
    if (!inputs.some((id) => changed.has(id))) continue;
    const result = computeIndex(db, parsed.data);
    writer.transaction((tx) => writeIndex(tx, { code: row.code, name: row.name, definition: row.definition, stored: parsed.data }, parsed.data, result, row.id));
    recomputed.push(row.id);
  }
  return recomputed;
}

function writeIndex(tx: WriteTransaction, definition: IndexDefinition, stored: StoredIndex, result: CompositeIndexResult, indexId: string): void {
  const topicId = ensureTopic(tx, definition.topic ?? 'Indizes');
  const zScale = stored.recipe.standardisation === 'z-score';
  const common = {
    short_name: null, topic_id: topicId, unit: zScale ? 'z-Wert' : 'Index (0–1)', decimals: 2, polarity: 'need' as const, kind: 'status' as const,
    measure: 'standardised' as const, formula: null, source: 'Berechnet in Quartiersatlas', licence: null, attribution: null,
    update_interval: null, reference_date_note: `Stand ${stored.period}`, tags: ['Index'], archived: 0 as const,
  };
  tx.upsert('indicators', indexId, {
    ...common,
    code: definition.code,
    name: definition.name,
    definition: definition.definition ?? null,
    notes: result.warnings.join('\n') || null,
    recipe: stored,
  });
  const rows: Array<{ id: string; values: Record<string, unknown> }> = [];
  const add = (indicatorId: string, unitId: string, value: number | null) =>
    rows.push({ id: valueId(indicatorId, unitId, stored.period), values: { indicator_id: indicatorId, unit_id: unitId, period: stored.period, value, flag: value === null ? 'missing' : null } });
  for (const [position, dimension] of stored.recipe.dimensions.entries()) {
    const code = `${definition.code}.${slugKey(dimension.name) || position + 1}`;
    const subId = deterministicId.indicator(code);
    tx.upsert('indicators', subId, {
      ...common,
      code,
      name: `${definition.name}: ${dimension.name}`,
      definition: `Teilindex „${dimension.name}“ von ${definition.name}`,
      notes: null,
      recipe: { type: 'composite-subindex', indexId, dimension: dimension.name },
    });
    for (const unit of result.units.values()) {
      add(subId, unit.unitId, unit.status === 'included' ? (unit.dimensions.find((d) => d.name === dimension.name)?.score ?? null) : null);
    }
  }
  for (const unit of result.units.values()) add(indexId, unit.unitId, unit.status === 'included' ? unit.total : null);
  tx.bulkInsert('indicator_values', rows);
}
