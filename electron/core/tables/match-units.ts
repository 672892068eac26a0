import { foldName, keySuffix, leadingNumber, normaliseKey, normaliseName } from './normalise-name.ts';

export type UnitMatchMode = 'key' | 'name' | 'auto';

export interface UnitRef {
  code: string;
  name: string;
}

export interface UnmatchedUnit {
  raw: string;
  /** not-found: nothing fits; ambiguous: several fit (never guessed); unknown-assignment: a manual code not in the level. */
  reason: 'not-found' | 'ambiguous' | 'unknown-assignment';
  /** Units the user most likely means, for the manual assignment list. */
  candidates: UnitRef[];
}

export interface UnitMatchResult {
  /** Raw text (trimmed) → unit code. */
  matches: Map<string, string>;
  /** Raw texts the user assigned to "no unit" (e.g. "Stadt insgesamt"). */
  ignored: Set<string>;
  unmatched: UnmatchedUnit[];
}

type Outcome = { unit: UnitRef } | { candidates: UnitRef[]; reason: 'not-found' | 'ambiguous' };

/**
 * Matches the unit texts of a table to the units of one level. Manual assignments win; then keys
 * (normalised, then by their numeric suffix: 1 ↔ "01" ↔ STGT01) and/or names (normalised, then
 * with umlauts folded, then without spaces). Only unique results count; ambiguous ones are listed, never guessed.
 */
export function matchUnits(
  rawValues: Iterable<string>,
  units: UnitRef[],
  mode: UnitMatchMode,
  manual: Record<string, string | null> = {},
): UnitMatchResult {
  const index = new UnitIndex(units);
  const result: UnitMatchResult = { matches: new Map(), ignored: new Set(), unmatched: [] };
  const manualByText = new Map(Object.entries(manual).map(([raw, code]) => [raw.trim(), code]));

  // Each distinct text once, in order of first appearance (a long table repeats every unit many times).
  const distinct = new Set<string>();
  for (const value of rawValues) {
    const raw = value.trim();
    if (raw === '' || distinct.has(raw)) continue;
    distinct.add(raw);
    if (manualByText.has(raw)) {
      const code = manualByText.get(raw);
      if (code === null || code === undefined) result.ignored.add(raw);
      else if (index.byCode.has(code)) result.matches.set(raw, code);
      else result.unmatched.push({ raw, reason: 'unknown-assignment', candidates: [] });
      continue;
    }
    const outcome = decide(raw, index, mode);
    if ('unit' in outcome) result.matches.set(raw, outcome.unit.code);
    else result.unmatched.push({ raw, ...outcome });
  }
  return result;
}

function decide(raw: string, index: UnitIndex, mode: UnitMatchMode): Outcome {
  if (mode === 'key') return index.byKey(raw);
  if (mode === 'name') return index.byName(raw);
  const key = index.byKey(raw);
  const name = index.byName(raw);
  if ('unit' in key && 'unit' in name) {
    return key.unit.code === name.unit.code ? key : { reason: 'ambiguous', candidates: [key.unit, name.unit] };
  }
  if ('unit' in key) return key;
  if ('unit' in name) return name;
  const reason = key.reason === 'ambiguous' || name.reason === 'ambiguous' ? 'ambiguous' : 'not-found';
  return { reason, candidates: unique([...key.candidates, ...name.candidates]) };
}

class UnitIndex {
  readonly byCode = new Map<string, UnitRef>();
  private readonly keys = new Map<string, UnitRef[]>();
  private readonly names = new Map<string, UnitRef[]>();
  private readonly folded = new Map<string, UnitRef[]>();
  private readonly compact = new Map<string, UnitRef[]>();
  private readonly units: UnitRef[];
  /** Per unit (same order): keySuffix(code) and normaliseName(name), computed once. */
  private readonly suffixes: Array<ReturnType<typeof keySuffix>>;
  private readonly normalisedNames: string[];

  constructor(units: UnitRef[]) {
    this.units = units;
    this.suffixes = units.map((unit) => keySuffix(unit.code));
    this.normalisedNames = units.map((unit) => normaliseName(unit.name));
    for (const unit of units) {
      this.byCode.set(unit.code, unit);
      push(this.keys, normaliseKey(unit.code), unit);
      push(this.names, normaliseName(unit.name), unit);
      push(this.folded, foldName(unit.name), unit);
      push(this.compact, compactName(unit.name), unit);
    }
  }

  byKey(raw: string): Outcome {
    const exact = this.keys.get(normaliseKey(raw)) ?? [];
    if (exact.length > 0) return single(exact);
    const suffix = keySuffix(raw);
    if (!suffix) return { reason: 'not-found', candidates: [] };
    const sameNumber = this.units.flatMap((unit, at) => (this.suffixes[at]?.number === suffix.number ? [{ unit, at }] : []));
    let same = sameNumber.map(({ unit }) => unit);
    // With a prefix in the raw key, units sharing that prefix are the better reading.
    const samePrefix = sameNumber.filter(({ at }) => this.suffixes[at]?.prefix === suffix.prefix).map(({ unit }) => unit);
    if (suffix.prefix !== '' && samePrefix.length > 0) same = samePrefix;
    return same.length > 0 ? single(same) : { reason: 'not-found', candidates: [] };
  }

  byName(raw: string): Outcome {
    for (const [map, form] of [
      [this.names, normaliseName(raw)],
      [this.folded, foldName(raw)],
      [this.compact, compactName(raw)],
    ] as const) {
      const found = (map.get(form) ?? []).filter((unit) => numbersAgree(raw, unit.name));
      if (found.length > 0) return single(found);
    }
    return { reason: 'not-found', candidates: this.similar(raw) };
  }

  /** Up to three units whose names are a few edits away or contain the raw text. */
  private similar(raw: string): UnitRef[] {
    const wanted = normaliseName(raw);
    if (wanted === '') return [];
    return this.units
      .map((unit, at) => {
        const name = this.normalisedNames[at] as string;
        const contains = wanted.length >= 4 && name.length >= 4 && (name.includes(wanted) || wanted.includes(name));
        return { unit, distance: contains ? 0 : editDistance(wanted, name) };
      })
      .filter(({ distance }) => distance <= Math.max(2, Math.floor(wanted.length / 4)))
      .sort((a, b) => a.distance - b.distance)
      .slice(0, 3)
      .map(({ unit }) => unit);
  }
}

/** "Resser Mark" = "Ressermark" = "Resser-Mark"; umlauts folded. */
function compactName(text: string): string {
  return foldName(text).replace(/ /g, '');
}

/** "04 Nordstadt" must not match "03 Nordstadt"; a missing number on either side is fine. */
function numbersAgree(raw: string, name: string): boolean {
  const a = leadingNumber(raw);
  const b = leadingNumber(name);
  return a === undefined || b === undefined || a === b;
}

function single(found: UnitRef[]): Outcome {
  const distinct = unique(found);
  return distinct.length === 1 && distinct[0] ? { unit: distinct[0] } : { reason: 'ambiguous', candidates: distinct };
}

function unique(units: UnitRef[]): UnitRef[] {
  return [...new Map(units.map((unit) => [unit.code, unit])).values()];
}

function push(map: Map<string, UnitRef[]>, key: string, unit: UnitRef): void {
  if (key === '') return;
  const list = map.get(key);
  if (list) list.push(unit);
  else map.set(key, [unit]);
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
