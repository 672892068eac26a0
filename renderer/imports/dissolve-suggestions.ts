import type { MethodOutput } from '../../shared/contract.ts';
import { slugKey } from '../../shared/text-key.ts';

export type LevelAttribute = MethodOutput<'levels.attributes'>[number];

const NUMERIC = /^-?\d+([.,]\d+)?$/;

/** How useful an attribute is for grouping the `unitCount` units of a level. */
export type AttributeFit = 'empty' | 'single' | 'each' | 'groups';

export function attributeFit(attribute: LevelAttribute, unitCount: number): AttributeFit {
  if (attribute.distinctCount === 0) return 'empty';
  if (attribute.distinctCount === 1) return 'single';
  if (attribute.distinctCount >= unitCount - attribute.missingCount) return 'each';
  return 'groups';
}

/** Attributes that really form groups first (fewest groups first), the rest after, each in file order. */
export function sortAttributes(attributes: readonly LevelAttribute[], unitCount: number): LevelAttribute[] {
  const order: Record<AttributeFit, number> = { groups: 0, single: 1, each: 2, empty: 3 };
  return attributes
    .map((attribute, index) => ({ attribute, index, fit: attributeFit(attribute, unitCount) }))
    .sort((a, b) => order[a.fit] - order[b.fit] || (a.fit === 'groups' ? a.attribute.distinctCount - b.attribute.distinctCount : 0) || a.index - b.index)
    .map((entry) => entry.attribute);
}

/** The attribute to preselect: one that forms real groups and whose values are names, if any. */
export function suggestGroupField(attributes: readonly LevelAttribute[], unitCount: number): string | null {
  const grouping = attributes.filter((a) => attributeFit(a, unitCount) === 'groups' && a.missingCount === 0);
  const named = grouping.filter((a) => !isNumeric(a));
  const pick = (list: LevelAttribute[]) => [...list].sort((a, b) => a.distinctCount - b.distinctCount)[0];
  return (pick(named.filter((a) => /bezirk|sozialraum|stadtteil|quartier|region|gruppe/i.test(a.name))) ?? pick(named) ?? pick(grouping))?.name ?? null;
}

export function isNumeric(attribute: LevelAttribute): boolean {
  return attribute.examples.length > 0 && attribute.examples.every((value) => NUMERIC.test(value));
}

/**
 * For a numeric group attribute (bezirk_id), an attribute that names the same groups (bezirk_bez):
 * as many distinct values, not numeric, preferably with the same prefix. Null otherwise.
 */
export function suggestNameField(attributes: readonly LevelAttribute[], groupField: string): string | null {
  const group = attributes.find((a) => a.name === groupField);
  if (!group || !isNumeric(group)) return null;
  const candidates = attributes.filter((a) => a.name !== groupField && a.distinctCount === group.distinctCount && !isNumeric(a));
  const prefix = groupField.split(/[_\s.-]/)[0]!.toLowerCase();
  return (candidates.find((a) => prefix.length > 1 && a.name.toLowerCase().startsWith(prefix)) ?? candidates[0])?.name ?? null;
}

/** A name for the new level from the attribute's name (bezirk_bez → Stadtbezirk). */
export function suggestLevelName(groupField: string, sourceLevel: string): string {
  const field = groupField.toLowerCase();
  const guess = /bezirk/.test(field)
    ? 'Stadtbezirk'
    : /sozialraum/.test(field)
      ? 'Sozialraum'
      : /stadtteil/.test(field)
        ? 'Stadtteil'
        : /quartier/.test(field)
          ? 'Quartier'
          : /region/.test(field)
            ? 'Region'
            : /^(stadt|gemeinde|kommune|city)/.test(field)
              ? 'Gesamtstadt'
              : 'Stadtbezirk';
  return sameLevelName(guess, sourceLevel) ? '' : guess;
}

/** The key main derives from a level name (electron/core/sync/ids.ts slugKey): "Stadt-Teil" and "stadtteil " differ, "Stadtteil" and "stadtteil" do not. */
export function levelKey(name: string): string {
  return slugKey(name);
}

/** Whether two level names name the same level in the database. */
export function sameLevelName(a: string, b: string): boolean {
  const key = levelKey(a);
  return key !== '' && key === levelKey(b);
}
