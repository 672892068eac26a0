import type { Database } from 'better-sqlite3';

/** Which facilities an indicator or a coverage counts. */
export interface FacilitySelection {
  categoryIds: readonly string[];
  /** Default: facilities only (resources/potentials are counted when asked for). */
  kinds?: ReadonlyArray<'facility' | 'resource'>;
  /** Only facilities listing this target group ("Kinder 0–6"). */
  targetGroup?: string | null;
}

export interface SelectedFacility {
  id: string;
  lon: number;
  lat: number;
  capacity: number | null;
  capacityUnit: string | null;
  attributes: Record<string, unknown>;
  validFrom: string | null;
  validTo: string | null;
}

/**
 * Live, not archived facilities of the selection; with a date (YYYY-MM-DD) only those open on
 * that day (valid_from ≤ date ≤ valid_to, open ends count as open).
 */
export function selectFacilities(db: Database, selection: FacilitySelection, date?: string): SelectedFacility[] {
  const kinds = selection.kinds && selection.kinds.length > 0 ? selection.kinds : ['facility'];
  const params: unknown[] = [JSON.stringify(selection.categoryIds), JSON.stringify(kinds)];
  let sql = `SELECT id, lon, lat, capacity, capacity_unit, attributes, valid_from, valid_to FROM facilities
     WHERE deleted = 0 AND archived = 0
       AND category_id IN (SELECT value FROM json_each(?)) AND kind IN (SELECT value FROM json_each(?))`;
  if (selection.targetGroup) {
    sql += ' AND EXISTS (SELECT 1 FROM json_each(target_groups) WHERE value = ?)';
    params.push(selection.targetGroup);
  }
  if (date) {
    sql += ' AND (valid_from IS NULL OR valid_from <= ?) AND (valid_to IS NULL OR valid_to >= ?)';
    params.push(date, date);
  }
  const rows = db.prepare(`${sql} ORDER BY id`).all(...params) as Array<{
    id: string;
    lon: number;
    lat: number;
    capacity: number | null;
    capacity_unit: string | null;
    attributes: string;
    valid_from: string | null;
    valid_to: string | null;
  }>;
  return rows.map((r) => ({
    id: r.id,
    lon: r.lon,
    lat: r.lat,
    capacity: r.capacity,
    capacityUnit: r.capacity_unit,
    attributes: JSON.parse(r.attributes) as Record<string, unknown>,
    validFrom: r.valid_from,
    validTo: r.valid_to,
  }));
}

/** The day a period stands for: a year's 31 December, or the reference date itself. */
export function periodDate(period: string): string {
  return /^\d{4}$/.test(period) ? `${period}-12-31` : period;
}

export function isValidOn(item: { validFrom: string | null; validTo: string | null }, date: string): boolean {
  return (item.validFrom === null || item.validFrom <= date) && (item.validTo === null || item.validTo >= date);
}
