import type { Database } from 'better-sqlite3';
import { DUPLICATE_DISTANCE_M } from '../../../shared/facilities.ts';
import { normaliseName } from '../tables/normalise-name.ts';

/**
 * Possible duplicates, reported for a decision and never merged silently: two entries of the
 * same category with the same name within 50 m, or with the same address (street and house
 * number, spelled alike: "Ebersteinstr. 2" = "Ebersteinstraße 2"); across categories, entries
 * with the same name and the same address (one facility entered under two categories).
 * Different facilities of different categories in one building (a Familienzentrum in a school)
 * are not reported: that is the usual case, not a mistake.
 */

export interface DuplicateEntry {
  /** Existing facility id, or the id an incoming row would get. */
  id: string;
  /** Incoming rows: "line:12" / "feature:3". */
  ref?: string;
  line?: number;
  feature?: number;
  name: string;
  address: string | null;
  categoryKey: string;
  categoryName: string;
  lon: number;
  lat: number;
}

export interface DuplicatePair {
  reason: 'name-nearby' | 'address';
  distanceM: number;
  /** The later entry (an incoming row, where there is one). */
  entry: DuplicateEntry;
  /** The entry it resembles: an existing facility or an earlier row of the same file. */
  other: DuplicateEntry & { existing: boolean };
}

const EARTH_RADIUS_M = 6_371_008.8;

/** Straight-line distance in metres (equirectangular; exact enough below a few kilometres). */
export function distanceM(a: { lon: number; lat: number }, b: { lon: number; lat: number }): number {
  const rad = Math.PI / 180;
  const x = (b.lon - a.lon) * rad * Math.cos(((a.lat + b.lat) / 2) * rad);
  const y = (b.lat - a.lat) * rad;
  return Math.sqrt(x * x + y * y) * EARTH_RADIUS_M;
}

/** Street and house number, comparable: "Ebersteinstraße 2, 45881 Gelsenkirchen" → "ebersteinstr2". */
export function addressKey(address: string | null): string {
  if (!address) return '';
  const street = address.split(',')[0] ?? '';
  return normaliseName(street)
    .replace(/strasse\b|str\b/g, 'str')
    .replace(/\s+/g, '');
}

function nameKey(entry: DuplicateEntry): string {
  return `${entry.categoryKey}|${normaliseName(entry.name)}`;
}

class DuplicateIndex {
  readonly #byName = new Map<string, Array<DuplicateEntry & { existing: boolean }>>();
  readonly #byAddress = new Map<string, Array<DuplicateEntry & { existing: boolean }>>();

  #put(map: Map<string, Array<DuplicateEntry & { existing: boolean }>>, key: string, entry: DuplicateEntry & { existing: boolean }): void {
    const list = map.get(key);
    if (list) list.push(entry);
    else map.set(key, [entry]);
  }

  add(entry: DuplicateEntry, existing: boolean): void {
    const stored = { ...entry, existing };
    this.#put(this.#byName, nameKey(entry), stored);
    const address = addressKey(entry.address);
    if (address) this.#put(this.#byAddress, address, stored);
  }

  matches(entry: DuplicateEntry): DuplicatePair[] {
    const pairs: DuplicatePair[] = [];
    const reported = new Set<string>();
    for (const other of this.#byName.get(nameKey(entry)) ?? []) {
      if (other.id === entry.id) continue;
      const distance = distanceM(entry, other);
      if (distance <= DUPLICATE_DISTANCE_M) {
        pairs.push({ reason: 'name-nearby', distanceM: distance, entry, other });
        reported.add(other.id);
      }
    }
    const address = addressKey(entry.address);
    if (address) {
      const name = normaliseName(entry.name);
      for (const other of this.#byAddress.get(address) ?? []) {
        if (other.id === entry.id || reported.has(other.id)) continue;
        if (other.categoryKey !== entry.categoryKey && normaliseName(other.name) !== name) continue;
        pairs.push({ reason: 'address', distanceM: distanceM(entry, other), entry, other });
      }
    }
    return pairs;
  }
}

/**
 * Incoming rows against the live facilities and against earlier rows of the same file. A row
 * whose id is already stored (a re-import of a known facility) updates it in place and is not
 * checked again: only new entries can be new duplicates.
 */
export function findImportDuplicates(incoming: DuplicateEntry[], existing: DuplicateEntry[]): DuplicatePair[] {
  const index = new DuplicateIndex();
  const known = new Set(existing.map((e) => e.id));
  for (const entry of existing) index.add(entry, true);
  const pairs: DuplicatePair[] = [];
  for (const entry of incoming) {
    if (known.has(entry.id)) continue;
    pairs.push(...index.matches(entry));
    index.add(entry, false);
  }
  return pairs;
}

/** Possible duplicates among the live facilities (optionally of some categories, for the address rule both sides). */
export function findExistingDuplicates(entries: DuplicateEntry[]): DuplicatePair[] {
  const index = new DuplicateIndex();
  const pairs: DuplicatePair[] = [];
  for (const entry of entries) {
    pairs.push(...index.matches(entry));
    index.add(entry, true);
  }
  return pairs.map((pair) => ({ ...pair, other: { ...pair.other, existing: true } }));
}

export function liveFacilityEntries(db: Database, categoryIds?: readonly string[]): DuplicateEntry[] {
  const rows = db
    .prepare(
      `SELECT f.id, f.name, f.address, f.lon, f.lat, c.key AS categoryKey, c.name AS categoryName
       FROM facilities f JOIN facility_categories c ON c.id = f.category_id
       WHERE f.deleted = 0 ${categoryIds ? 'AND f.category_id IN (SELECT value FROM json_each(?))' : ''}
       ORDER BY f.name, f.id`,
    )
    .all(...(categoryIds ? [JSON.stringify(categoryIds)] : [])) as DuplicateEntry[];
  return rows;
}
