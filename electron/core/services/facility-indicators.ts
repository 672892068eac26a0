import type { Database } from 'better-sqlite3';
import { z } from 'zod';
import { PERIOD_PATTERN } from '../../../shared/sync/tables.ts';
import { UserFacingError } from '../errors.ts';
import { blobDirectoryFor } from '../sync/blob-store.ts';
import { ChangeWriter } from '../sync/change-writer.ts';
import { deterministicId, valueId } from '../sync/ids.ts';
import { parseNumber, voteDecimal } from '../tables/parse-number.ts';
import { assignFacilities, type AssignmentScope, type AssignmentSummary } from './facility-assignment.ts';
import { computeCoverage } from './facility-coverage.ts';
import { isValidOn, periodDate, selectFacilities, type SelectedFacility } from './facility-selection.ts';
import { recomputeDependentIndices } from './composite-indices.ts';
import { recomputeDerived, saveDerived } from './computed-indicators.ts';
import { getIndicator, saveIndicator, type IndicatorDetail } from './indicators.ts';

/**
 * Indicators computed from the infrastructure database: per unit and period the number of
 * facilities of some categories, their summed capacity, the mean or sum of a facility attribute
 * (the NRW Schulsozialindex of a Stadtteil's schools), or the share of the unit's area within
 * reach. Stored as ordinary indicators with their recipe, so they appear on the map, in profiles
 * and in indices, and recomputed whenever facilities, boundaries or followed periods change.
 */
export const facilityRecipeSchema = z.object({
  type: z.literal('facilities'),
  measure: z.enum(['count', 'capacity', 'attribute-mean', 'attribute-sum', 'coverage']),
  categoryIds: z.array(z.string()).min(1, { error: 'Bitte mindestens eine Kategorie wählen.' }),
  kinds: z.array(z.enum(['facility', 'resource'])).min(1).default(['facility']),
  targetGroup: z.string().max(100).nullable().default(null),
  /** capacity: only facilities with this unit (or none); null = the one unit all of them use. */
  capacityUnit: z.string().max(50).nullable().default(null),
  /** attribute-mean / attribute-sum: the free attribute ("Sozialindex"). */
  attribute: z.string().max(200).nullable().default(null),
  /** coverage: reach in metres. */
  distance: z.number().positive().max(20_000).nullable().default(null),
  /** Levels to compute; null = every level. */
  levelIds: z.array(z.string()).nullable().default(null),
  /** Periods (years or reference dates) to compute … */
  periods: z.array(z.string().regex(PERIOD_PATTERN)).default([]),
  /** … and the periods of these indicators (e.g. the population a supply ratio divides by). */
  followPeriodsOf: z.array(z.string()).default([]),
});
export type FacilityRecipe = z.output<typeof facilityRecipeSchema>;
export type FacilityRecipeInput = z.input<typeof facilityRecipeSchema>;

type Row = { unitId: string; period: string; value: number | null; flag: 'missing' | null };

const MEASURE_TEXT: Record<FacilityRecipe['measure'], string> = {
  count: 'Anzahl',
  capacity: 'Summe der Kapazität',
  'attribute-mean': 'Mittelwert',
  'attribute-sum': 'Summe',
  coverage: 'Flächenanteil in Reichweite',
};

export function parseFacilityRecipe(input: unknown): FacilityRecipe {
  const parsed = facilityRecipeSchema.safeParse(input);
  if (!parsed.success) throw new UserFacingError('invalid-recipe', `Die Berechnung ist unvollständig: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
  const recipe = parsed.data;
  if (recipe.measure.startsWith('attribute') && !recipe.attribute) throw new UserFacingError('invalid-recipe', 'Bitte das Merkmal wählen, das gemittelt oder summiert wird.');
  if (recipe.measure === 'coverage' && !recipe.distance) throw new UserFacingError('invalid-recipe', 'Bitte die Entfernung (z. B. 500 m) angeben.');
  return recipe;
}

/** The periods a recipe is computed for: its own, those of the indicators it follows, else the current year. */
export function recipePeriods(db: Database, recipe: FacilityRecipe): string[] {
  const periods = new Set(recipe.periods);
  if (recipe.followPeriodsOf.length > 0) {
    const rows = db
      .prepare('SELECT DISTINCT period FROM indicator_values WHERE deleted = 0 AND indicator_id IN (SELECT value FROM json_each(?))')
      .all(JSON.stringify(recipe.followPeriodsOf)) as Array<{ period: string }>;
    for (const row of rows) periods.add(row.period);
  }
  if (periods.size === 0) periods.add(String(new Date().getFullYear()));
  return [...periods].sort();
}

/** Values of a facility indicator for every unit of its levels and every period. */
export function computeFacilityIndicator(db: Database, recipe: FacilityRecipe): Row[] {
  const periods = recipePeriods(db, recipe);
  const levels = (
    recipe.levelIds
      ? recipe.levelIds
      : (db.prepare('SELECT id FROM spatial_levels WHERE deleted = 0 ORDER BY rank').all() as Array<{ id: string }>).map((l) => l.id)
  ).filter((id) => db.prepare('SELECT 1 FROM spatial_levels WHERE id = ? AND deleted = 0').get(id));
  const rows: Row[] = [];
  if (recipe.measure === 'coverage') {
    for (const levelId of levels) {
      for (const period of periods) {
        const result = computeCoverage(db, { ...recipe, distance: recipe.distance!, levelId, date: periodDate(period) });
        for (const unit of result.units) rows.push({ unitId: unit.unitId, period, value: round(unit.share * 100, 6), flag: null });
      }
    }
    return rows;
  }
  const facilities = selectFacilities(db, recipe);
  if (recipe.measure === 'capacity' && recipe.capacityUnit === null) {
    const units = [...new Set(facilities.map((f) => f.capacityUnit).filter((u): u is string => u !== null))];
    if (units.length > 1) {
      throw new UserFacingError('mixed-units', `Die Kapazitäten haben verschiedene Einheiten (${units.join(', ')}). Bitte eine Einheit wählen.`);
    }
  }
  const byId = new Map(facilities.map((f) => [f.id, f]));
  for (const levelId of levels) {
    const units = db.prepare('SELECT id, valid_from, valid_to FROM spatial_units WHERE level_id = ? AND deleted = 0').all(levelId) as Array<{
      id: string;
      valid_from: string | null;
      valid_to: string | null;
    }>;
    const members = new Map<string, SelectedFacility[]>();
    for (const [facilityId, unitId] of db.prepare('SELECT facility_id, unit_id FROM facility_units WHERE level_id = ?').raw(true).all(levelId) as Array<[string, string]>) {
      const facility = byId.get(facilityId);
      if (facility) members.set(unitId, [...(members.get(unitId) ?? []), facility]);
    }
    for (const period of periods) {
      const date = periodDate(period);
      for (const unit of units) {
        if (!isValidOn({ validFrom: unit.valid_from, validTo: unit.valid_to }, date)) continue;
        const open = (members.get(unit.id) ?? []).filter((f) => isValidOn(f, date));
        rows.push({ unitId: unit.id, period, ...aggregate(recipe, open) });
      }
    }
  }
  return rows;
}

function aggregate(recipe: FacilityRecipe, facilities: SelectedFacility[]): { value: number | null; flag: 'missing' | null } {
  switch (recipe.measure) {
    case 'count':
      return { value: facilities.length, flag: null };
    case 'capacity': {
      const counted = facilities.filter((f) => recipe.capacityUnit === null || f.capacityUnit === null || f.capacityUnit === recipe.capacityUnit);
      // A sum with a gap would read as complete: a unit with a facility of unknown capacity gets no value.
      if (counted.some((f) => f.capacity === null)) return { value: null, flag: 'missing' };
      return { value: counted.reduce((sum, f) => sum + f.capacity!, 0), flag: null };
    }
    default: {
      const values = facilities.map((f) => attributeNumber(f.attributes[recipe.attribute!])).filter((v): v is number => v !== null);
      if (recipe.measure === 'attribute-sum') {
        if (facilities.length === 0) return { value: 0, flag: null };
        return values.length === 0 ? { value: null, flag: 'missing' } : { value: values.reduce((a, b) => a + b, 0), flag: null };
      }
      return values.length === 0 ? { value: null, flag: 'missing' } : { value: round(values.reduce((a, b) => a + b, 0) / values.length, 10), flag: null };
    }
  }
}

/** A free attribute as a number: numbers as they are, texts read German- or English-style ("8,0", "8.0"). */
export function attributeNumber(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value !== 'string' || value.trim() === '') return null;
  const parsed = parseNumber(value, { decimal: voteDecimal(value) ?? ',' });
  return parsed.ok && parsed.value !== null ? parsed.value : null;
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/**
 * Writes an indicator's computed rows: only rows that are new or whose value changed (a
 * recompute after an edit touches few), and removes rows the recipe no longer yields.
 */
function writeComputedRows(writer: ChangeWriter, db: Database, indicatorId: string, rows: Row[]): number {
  const existing = new Map(
    (db.prepare('SELECT id, value, flag, deleted FROM indicator_values WHERE indicator_id = ?').all(indicatorId) as Array<{ id: string; value: number | null; flag: string | null; deleted: number }>).map(
      (r) => [r.id, r],
    ),
  );
  const wanted = new Set<string>();
  const changed: Array<{ id: string; values: Record<string, unknown> }> = [];
  for (const row of rows) {
    const id = valueId(indicatorId, row.unitId, row.period);
    wanted.add(id);
    const old = existing.get(id);
    if (old && old.deleted === 0 && old.value === row.value && old.flag === row.flag) continue;
    changed.push({ id, values: { indicator_id: indicatorId, unit_id: row.unitId, period: row.period, value: row.value, flag: row.flag } });
  }
  const stale = [...existing.values()].filter((r) => r.deleted === 0 && !wanted.has(r.id));
  if (changed.length === 0 && stale.length === 0) return 0;
  writer.transaction((tx) => {
    if (changed.length > 0) tx.bulkInsert('indicator_values', changed);
    for (const row of stale) tx.remove('indicator_values', row.id);
  });
  return changed.length + stale.length;
}

export interface FacilityIndicatorDefinition {
  /** Edit this indicator (its code stays); default: the indicator of `code`. */
  id?: string;
  code: string;
  name: string;
  unit?: string | null;
  decimals?: number;
  topic?: string | null;
  definition?: string | null;
  recipe: FacilityRecipeInput;
}

/** Creates or updates a facility indicator with its recipe and computes its values. */
export function saveFacilityIndicator(writer: ChangeWriter, db: Database, definition: FacilityIndicatorDefinition): IndicatorDetail {
  const recipe = parseFacilityRecipe(definition.recipe);
  const categories = db
    .prepare('SELECT id, name, capacity_unit FROM facility_categories WHERE deleted = 0 AND id IN (SELECT value FROM json_each(?)) ORDER BY name')
    .all(JSON.stringify(recipe.categoryIds)) as Array<{ id: string; name: string; capacity_unit: string | null }>;
  if (categories.length !== new Set(recipe.categoryIds).size) throw new UserFacingError('not-found', 'Eine der gewählten Kategorien gibt es nicht (mehr).');
  // Only facility indicators are (re)written here: an imported or hand-made indicator keeps its code.
  const existing = (
    definition.id
      ? db.prepare('SELECT recipe FROM indicators WHERE id = ? AND deleted = 0').get(definition.id)
      : db.prepare('SELECT recipe FROM indicators WHERE code = ? AND deleted = 0').get(definition.code)
  ) as { recipe: string | null } | undefined;
  if (existing && !facilityRecipeSchema.safeParse(existing.recipe ? JSON.parse(existing.recipe) : null).success) {
    throw new UserFacingError('duplicate-code', `Das Kürzel „${definition.code}“ hat schon ein anderer Indikator; bitte ein anderes wählen.`);
  }
  const rows = computeFacilityIndicator(db, recipe);
  const names = categories.map((c) => c.name).join(', ');
  const unitText =
    recipe.measure === 'count'
      ? 'Einrichtungen'
      : recipe.measure === 'capacity'
        ? (recipe.capacityUnit ?? categories.find((c) => c.capacity_unit)?.capacity_unit ?? 'Plätze')
        : recipe.measure === 'coverage'
          ? '%'
          : null;
  const id = definition.id ?? deterministicId.indicator(definition.code);
  saveIndicator(writer, db, {
    id: definition.id,
    indicator: {
      code: definition.code,
      name: definition.name,
      topic: definition.topic === undefined ? 'Infrastruktur' : definition.topic,
      unit: definition.unit === undefined ? unitText : definition.unit,
      decimals: definition.decimals ?? (recipe.measure === 'count' || recipe.measure === 'capacity' ? 0 : 1),
      polarity: recipe.measure.startsWith('attribute') ? 'neutral' : 'better',
      kind: 'status',
      measure: recipe.measure === 'count' || recipe.measure === 'capacity' || recipe.measure === 'attribute-sum' ? 'absolute' : 'relative',
      definition: definition.definition ?? describeRecipe(recipe, names),
      source: 'Infrastrukturdatenbank (berechnet aus den Einrichtungen)',
      tags: ['berechnet', 'infrastruktur'],
      recipe,
    },
  });
  writeComputedRows(writer, db, id, rows);
  return getIndicator(db, id);
}

export function describeRecipe(recipe: FacilityRecipe, categoryNames: string): string {
  const what = recipe.kinds.includes('resource') ? (recipe.kinds.includes('facility') ? 'Einrichtungen und Ressourcen' : 'Ressourcen/Potenziale') : 'Einrichtungen';
  const group = recipe.targetGroup ? ` für die Zielgruppe „${recipe.targetGroup}“` : '';
  const base = `${what} der Kategorie(n) ${categoryNames}${group} je Gebietseinheit, Stand jeweils am Ende des Zeitraums`;
  switch (recipe.measure) {
    case 'count':
      return `${MEASURE_TEXT.count} der ${base}.`;
    case 'capacity':
      return `${MEASURE_TEXT.capacity}${recipe.capacityUnit ? ` (${recipe.capacityUnit})` : ''} der ${base}; fehlt bei einer Einrichtung die Kapazität, bleibt die Einheit ohne Wert.`;
    case 'coverage':
      return `Anteil der Fläche (in %), der höchstens ${recipe.distance} m Luftlinie von ${base.replace(' je Gebietseinheit', '')} entfernt ist.`;
    default:
      return `${MEASURE_TEXT[recipe.measure]} des Merkmals „${recipe.attribute}“ der ${base}.`;
  }
}

/**
 * Recomputes facility indicators: all of them (after facilities or boundaries changed), or those
 * following the periods of `followed` indicators (after a value import). Returns the ids whose
 * values were recomputed.
 */
export function recomputeFacilityIndicators(writer: ChangeWriter, db: Database, followed?: ReadonlySet<string>): string[] {
  const rows = db.prepare("SELECT id, recipe FROM indicators WHERE deleted = 0 AND recipe LIKE '%\"facilities\"%'").all() as Array<{ id: string; recipe: string }>;
  const done: string[] = [];
  for (const row of rows) {
    const parsed = facilityRecipeSchema.safeParse(JSON.parse(row.recipe));
    if (!parsed.success) continue;
    if (followed && !parsed.data.followPeriodsOf.some((id) => followed.has(id))) continue;
    try {
      writeComputedRows(writer, db, row.id, computeFacilityIndicator(db, parsed.data));
      done.push(row.id);
    } catch (error) {
      // A recipe that no longer fits (mixed capacity units after an edit) keeps its old values.
      if (!(error instanceof UserFacingError)) throw error;
    }
  }
  return done;
}

export interface RefreshResult {
  assignment: AssignmentSummary;
  recomputed: string[];
}

/**
 * What follows any change to facilities or boundaries: reassign (within the scope), recompute
 * the facility indicators, then the derived indicators and indices built on them.
 */
export function refreshFacilityData(writer: ChangeWriter, db: Database, scope: AssignmentScope = {}): RefreshResult {
  const assignment = assignFacilities(db, scope);
  const facilityIndicators = recomputeFacilityIndicators(writer, db);
  return { assignment, recomputed: [...facilityIndicators, ...recomputeDependents(writer, db, facilityIndicators)] };
}

/**
 * After boundaries changed (an import of units, a boundary version, a dissolved level): the
 * facilities are reassigned on those levels and everything computed from them follows.
 */
export function refreshAfterUnitsChanged(db: Database, levelIds: readonly string[]): RefreshResult {
  return refreshFacilityData(new ChangeWriter(db, { blobDirectory: blobDirectoryFor(db.name) }), db, { levelIds });
}

/** Derived indicators and indices that use any of `changed`. */
export function recomputeDependents(writer: ChangeWriter, db: Database, changed: readonly string[]): string[] {
  if (changed.length === 0) return [];
  const set = new Set(changed);
  const derived = recomputeDerived(writer, db, set);
  return [...derived, ...recomputeDependentIndices(writer, db, new Set([...set, ...derived]))];
}

export interface SupplyRatioDefinition {
  code: string;
  name: string;
  /** An existing facility indicator (count or capacity) … */
  facilityIndicatorId?: string;
  /** … or the selection to create one from (its code: `<code>_basis`). */
  facilities?: { measure: 'count' | 'capacity'; categoryIds: string[]; kinds?: Array<'facility' | 'resource'>; targetGroup?: string | null; capacityUnit?: string | null };
  /** The target-group population (e.g. children under 6). */
  targetIndicatorId: string;
  levelId: string;
  /** Per 100 or per 1,000 of the target group. */
  per: 100 | 1000;
  decimals?: number;
}

/**
 * A supply ratio (Kita places per 100 children under 6): a derived indicator (the existing
 * derive machinery, 'share' = per 100, 'per-thousand' = per 1,000) over a facility indicator
 * that follows the target group's periods, so both are computed for the same years.
 */
export function saveSupplyRatio(writer: ChangeWriter, db: Database, definition: SupplyRatioDefinition): IndicatorDetail {
  const target = getIndicator(db, definition.targetIndicatorId);
  let basisId = definition.facilityIndicatorId;
  if (basisId) {
    const basis = getIndicator(db, basisId);
    const recipe = facilityRecipeSchema.safeParse(basis.recipe);
    if (!recipe.success || !['count', 'capacity'].includes(recipe.data.measure)) {
      throw new UserFacingError('invalid-recipe', `„${basis.name}“ ist keine Anzahl oder Kapazität aus der Infrastrukturdatenbank.`);
    }
    if (!recipe.data.followPeriodsOf.includes(target.id)) {
      saveFacilityIndicator(writer, db, {
        id: basis.id,
        code: basis.code,
        name: basis.name,
        unit: basis.unit,
        decimals: basis.decimals,
        topic: basis.topic,
        definition: basis.definition,
        recipe: { ...recipe.data, followPeriodsOf: [...recipe.data.followPeriodsOf, target.id] },
      });
    }
  } else {
    if (!definition.facilities) throw new UserFacingError('input-missing', 'Bitte die Einrichtungen (Kategorien) oder einen Infrastruktur-Indikator wählen.');
    const selection = definition.facilities;
    const categoryNames = db
      .prepare('SELECT name FROM facility_categories WHERE deleted = 0 AND id IN (SELECT value FROM json_each(?)) ORDER BY name')
      .pluck()
      .all(JSON.stringify(selection.categoryIds)) as string[];
    const basis = saveFacilityIndicator(writer, db, {
      code: `${definition.code}_basis`.slice(0, 64),
      // Named after what it counts, not after the ratio built on it.
      name: `${selection.measure === 'count' ? 'Anzahl' : 'Kapazität'} ${categoryNames.join(', ')}`.slice(0, 300),
      recipe: { type: 'facilities', ...selection, followPeriodsOf: [target.id] },
    });
    basisId = basis.id;
  }
  return saveDerived(writer, db, {
    code: definition.code,
    name: definition.name,
    // Short, because the legend repeats it on every class; the name and the recipe say of whom.
    unit: `je ${definition.per === 100 ? '100' : '1.000'}`,
    decimals: definition.decimals ?? 1,
    recipe: { type: 'derived', operation: definition.per === 100 ? 'share' : 'per-thousand', a: basisId, b: target.id, levelId: definition.levelId, from: null, to: null },
  });
}
