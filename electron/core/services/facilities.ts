import type { Database } from 'better-sqlite3';
import type { MethodInput, MethodOutput } from '../../../shared/contract.ts';
import { UserFacingError } from '../errors.ts';
import type { ChangeWriter } from '../sync/change-writer.ts';
import { randomId } from '../sync/ids.ts';
import { listCategoryRecords } from './facility-categories.ts';
import { refreshFacilityData } from './facility-indicators.ts';

export type FacilitySummary = MethodOutput<'facilities.list'>['items'][number];
export type FacilityDetail = MethodOutput<'facilities.get'>;
type FacilityInput = MethodInput<'facilities.save'>['facility'];

export function listCategories(db: Database): MethodOutput<'categories.list'> {
  return listCategoryRecords(db);
}

/** Points for the map: live, not archived facilities (resources too), with their category's colour and icon. */
export function facilityFeatures(db: Database): MethodOutput<'facilities.features'> {
  const rows = db
    .prepare(
      `SELECT f.id, f.name, f.address, f.lon, f.lat, f.category_id, f.kind, f.valid_from, f.valid_to, c.name AS category_name, c.color, c.icon
       FROM facilities f JOIN facility_categories c ON c.id = f.category_id
       WHERE f.deleted = 0 AND f.archived = 0 AND c.deleted = 0`,
    )
    .all() as Array<{
    id: string;
    name: string;
    address: string | null;
    lon: number;
    lat: number;
    category_id: string;
    kind: string;
    valid_from: string | null;
    valid_to: string | null;
    category_name: string;
    color: string;
    icon: string | null;
  }>;
  return {
    type: 'FeatureCollection',
    features: rows.map((row) => ({
      type: 'Feature' as const,
      id: row.id,
      geometry: { type: 'Point', coordinates: [row.lon, row.lat] },
      properties: {
        id: row.id,
        name: row.name,
        address: row.address,
        categoryId: row.category_id,
        categoryName: row.category_name,
        color: row.color,
        icon: row.icon,
        kind: row.kind,
        validFrom: row.valid_from,
        validTo: row.valid_to,
      },
    })),
  };
}

interface FacilityRowData {
  id: string;
  category_id: string;
  category_name: string;
  category_color: string;
  category_icon: string | null;
  name: string;
  kind: 'facility' | 'resource';
  address: string | null;
  lon: number;
  lat: number;
  operator: string | null;
  operator_type: string | null;
  capacity: number | null;
  capacity_unit: string | null;
  target_groups: string;
  accessibility: 'full' | 'partial' | 'none' | null;
  valid_from: string | null;
  valid_to: string | null;
  archived: number;
  deleted: number;
}

const SUMMARY_COLUMNS = `f.id, f.category_id, c.name AS category_name, c.color AS category_color, c.icon AS category_icon, f.name, f.kind,
  f.address, f.lon, f.lat, f.operator, f.operator_type, f.capacity, f.capacity_unit, f.target_groups, f.accessibility,
  f.valid_from, f.valid_to, f.archived, f.deleted`;

type Sorter = (a: FacilityRowData, b: FacilityRowData, collator: Intl.Collator) => number;
const text = (pick: (row: FacilityRowData) => string | null): Sorter => (a, b, c) => compareNullable(pick(a), pick(b), (x, y) => c.compare(x, y));
const plain = (pick: (row: FacilityRowData) => string | number | null): Sorter => (a, b) => compareNullable(pick(a), pick(b), (x, y) => (x < y ? -1 : x > y ? 1 : 0));
const SORTERS: Record<string, Sorter> = {
  name: text((r) => r.name),
  category: (a, b, c) => c.compare(a.category_name, b.category_name) || c.compare(a.name, b.name),
  address: text((r) => r.address),
  operator: text((r) => r.operator),
  capacity: plain((r) => r.capacity),
  validFrom: plain((r) => r.valid_from),
  validTo: plain((r) => r.valid_to),
};

/** Compares present values; an empty value is reported as NaN, which the caller sorts last in either direction. */
function compareNullable<T>(a: T | null, b: T | null, compare: (x: T, y: T) => number): number {
  if (a === null || b === null) return a === b ? 0 : NaN;
  return compare(a, b);
}

/**
 * The facility table: filters (category, kind, target group, capacity unit, validity, unit,
 * archived), full-text search (umlaut-insensitive prefixes over name, address, Träger, target
 * groups, description, notes and free attributes), German sort order, paging.
 */
export function listFacilities(db: Database, input: MethodInput<'facilities.list'>): MethodOutput<'facilities.list'> {
  const today = new Date().toISOString().slice(0, 10);
  const clauses = ['f.deleted = 0', 'c.deleted = 0'];
  const params: unknown[] = [];
  if (!input.includeArchived) clauses.push('f.archived = 0');
  if (input.categoryIds && input.categoryIds.length > 0) {
    clauses.push('f.category_id IN (SELECT value FROM json_each(?))');
    params.push(JSON.stringify(input.categoryIds));
  }
  if (input.kinds && input.kinds.length > 0) {
    clauses.push('f.kind IN (SELECT value FROM json_each(?))');
    params.push(JSON.stringify(input.kinds));
  }
  if (input.targetGroups && input.targetGroups.length > 0) {
    clauses.push('EXISTS (SELECT 1 FROM json_each(f.target_groups) t WHERE t.value IN (SELECT value FROM json_each(?)))');
    params.push(JSON.stringify(input.targetGroups));
  }
  if (input.capacityUnits && input.capacityUnits.length > 0) {
    clauses.push('f.capacity_unit IN (SELECT value FROM json_each(?))');
    params.push(JSON.stringify(input.capacityUnits));
  }
  const validity = input.validity ?? 'all';
  const at = input.validAt ?? today;
  if (validity === 'current') {
    clauses.push('(f.valid_from IS NULL OR f.valid_from <= ?) AND (f.valid_to IS NULL OR f.valid_to >= ?)');
    params.push(at, at);
  } else if (validity === 'ended') {
    clauses.push('f.valid_to IS NOT NULL AND f.valid_to < ?');
    params.push(at);
  } else if (validity === 'planned') {
    clauses.push('f.valid_from IS NOT NULL AND f.valid_from > ?');
    params.push(at);
  }
  if (input.unitId) {
    clauses.push('f.id IN (SELECT facility_id FROM facility_units WHERE unit_id = ?)');
    params.push(input.unitId);
  }
  let from = 'facilities f JOIN facility_categories c ON c.id = f.category_id';
  const query = input.query?.trim();
  if (query) {
    from += ' JOIN facility_search s ON s.rowid = f.rowid';
    clauses.push('facility_search MATCH ?');
    params.push(ftsQuery(query));
  }
  const rows = db.prepare(`SELECT ${SUMMARY_COLUMNS} FROM ${from} WHERE ${clauses.join(' AND ')}`).all(...params) as FacilityRowData[];
  const collator = new Intl.Collator('de', { sensitivity: 'base', numeric: true });
  const sorter = SORTERS[input.sort?.field ?? 'name'] ?? SORTERS.name!;
  const direction = input.sort?.direction === 'desc' ? -1 : 1;
  rows.sort((a, b) => {
    const order = sorter(a, b, collator);
    // Empty values last in both directions; ties by id, so pages never overlap.
    if (Number.isNaN(order)) return a === b ? 0 : isEmpty(a, input.sort?.field) ? 1 : -1;
    return direction * order || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  });
  const offset = input.offset ?? 0;
  const page = rows.slice(offset, offset + (input.limit ?? 100));
  const units = currentUnits(db, page.map((r) => r.id), at);
  return {
    total: rows.length,
    offset,
    items: page.map((row) => summary(row, units.get(row.id) ?? [], at)),
    facets: facets(rows),
  };
}

const SORT_COLUMN: Record<string, keyof FacilityRowData> = { address: 'address', operator: 'operator', capacity: 'capacity', validFrom: 'valid_from', validTo: 'valid_to' };

function isEmpty(row: FacilityRowData, field: string | undefined): boolean {
  const column = field ? SORT_COLUMN[field] : undefined;
  return column !== undefined && row[column] === null;
}

function facets(rows: FacilityRowData[]): MethodOutput<'facilities.list'>['facets'] {
  const categories = new Map<string, number>();
  const groups = new Map<string, number>();
  const units = new Map<string, number>();
  for (const row of rows) {
    categories.set(row.category_id, (categories.get(row.category_id) ?? 0) + 1);
    for (const group of JSON.parse(row.target_groups) as string[]) groups.set(group, (groups.get(group) ?? 0) + 1);
    if (row.capacity_unit) units.set(row.capacity_unit, (units.get(row.capacity_unit) ?? 0) + 1);
  }
  const byCount = <T extends { count: number }>(items: T[]) => items.sort((a, b) => b.count - a.count);
  return {
    categories: byCount([...categories].map(([id, count]) => ({ id, count }))),
    targetGroups: byCount([...groups].map(([name, count]) => ({ name, count }))),
    capacityUnits: byCount([...units].map(([name, count]) => ({ name, count }))),
  };
}

/** The units (valid on `date`) containing each facility, top level first. */
function currentUnits(db: Database, ids: string[], date: string): Map<string, FacilitySummary['units']> {
  const result = new Map<string, FacilitySummary['units']>();
  if (ids.length === 0) return result;
  const rows = db
    .prepare(
      `SELECT fu.facility_id, l.id AS levelId, l.name AS levelName, u.id AS unitId, u.code, u.name FROM facility_units fu
       JOIN spatial_units u ON u.id = fu.unit_id AND u.deleted = 0
       JOIN spatial_levels l ON l.id = fu.level_id AND l.deleted = 0
       WHERE fu.facility_id IN (SELECT value FROM json_each(?))
         AND (u.valid_from IS NULL OR u.valid_from <= ?) AND (u.valid_to IS NULL OR u.valid_to >= ?)
       ORDER BY l.rank`,
    )
    .all(JSON.stringify(ids), date, date) as Array<{ facility_id: string; levelId: string; levelName: string; unitId: string; code: string; name: string }>;
  for (const { facility_id, ...unit } of rows) result.set(facility_id, [...(result.get(facility_id) ?? []), unit]);
  return result;
}

function summary(row: FacilityRowData, units: FacilitySummary['units'], today: string): FacilitySummary {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    category: { id: row.category_id, name: row.category_name, color: row.category_color, icon: row.category_icon },
    address: row.address,
    lon: row.lon,
    lat: row.lat,
    operator: row.operator,
    operatorType: row.operator_type,
    capacity: row.capacity,
    capacityUnit: row.capacity_unit,
    targetGroups: JSON.parse(row.target_groups) as string[],
    accessibility: row.accessibility,
    validFrom: row.valid_from,
    validTo: row.valid_to,
    current: (row.valid_from === null || row.valid_from <= today) && (row.valid_to === null || row.valid_to >= today),
    archived: row.archived === 1,
    units,
  };
}

export function getFacility(db: Database, id: string): FacilityDetail {
  const row = db
    .prepare(
      `SELECT ${SUMMARY_COLUMNS}, f.contact, f.opening_hours, f.source, f.notes, f.resource_description, f.attributes, f.photos
       FROM facilities f JOIN facility_categories c ON c.id = f.category_id WHERE f.id = ?`,
    )
    .get(id) as
    | (FacilityRowData & { contact: string; opening_hours: string | null; source: string | null; notes: string | null; resource_description: string | null; attributes: string; photos: string })
    | undefined;
  if (!row || row.deleted === 1) throw new UserFacingError('not-found', 'Diese Einrichtung gibt es nicht (mehr).');
  const today = new Date().toISOString().slice(0, 10);
  const photoIds = JSON.parse(row.photos) as string[];
  const photos = photoIds.length
    ? (db.prepare('SELECT id, name, mime, size FROM attachments WHERE deleted = 0 AND id IN (SELECT value FROM json_each(?))').all(JSON.stringify(photoIds)) as Array<{
        id: string;
        name: string;
        mime: string;
        size: number;
      }>)
    : [];
  const byId = new Map(photos.map((p) => [p.id, p]));
  return {
    ...summary(row, currentUnits(db, [id], today).get(id) ?? [], today),
    contact: JSON.parse(row.contact) as FacilityDetail['contact'],
    openingHours: row.opening_hours,
    source: row.source,
    notes: row.notes,
    resourceDescription: row.resource_description,
    attributes: JSON.parse(row.attributes) as Record<string, unknown>,
    photos: photoIds.flatMap((photoId) => (byId.has(photoId) ? [byId.get(photoId)!] : [])),
  };
}

function toColumns(input: FacilityInput): Record<string, unknown> {
  const columns: Record<string, unknown> = {
    category_id: input.categoryId,
    name: input.name.trim(),
    lon: input.lon,
    lat: input.lat,
  };
  const optional: Array<[keyof FacilityInput, string, (v: unknown) => unknown]> = [
    ['kind', 'kind', (v) => v],
    ['address', 'address', emptyToNull],
    ['operator', 'operator', emptyToNull],
    ['operatorType', 'operator_type', emptyToNull],
    ['capacity', 'capacity', (v) => v],
    ['capacityUnit', 'capacity_unit', emptyToNull],
    ['targetGroups', 'target_groups', (v) => [...new Set((v as string[]).map((t) => t.trim()).filter(Boolean))]],
    ['accessibility', 'accessibility', (v) => v],
    ['contact', 'contact', (v) => Object.fromEntries(Object.entries(v as Record<string, string | undefined>).filter(([, text]) => text && text.trim()).map(([k, text]) => [k, text!.trim()]))],
    ['openingHours', 'opening_hours', emptyToNull],
    ['source', 'source', emptyToNull],
    ['notes', 'notes', emptyToNull],
    ['resourceDescription', 'resource_description', emptyToNull],
    ['validFrom', 'valid_from', (v) => v],
    ['validTo', 'valid_to', (v) => v],
    ['attributes', 'attributes', (v) => v],
    ['photos', 'photos', (v) => v],
  ];
  for (const [key, column, convert] of optional) if (input[key] !== undefined) columns[column] = convert(input[key]);
  return columns;
}

function emptyToNull(value: unknown): unknown {
  return typeof value === 'string' && value.trim() === '' ? null : typeof value === 'string' ? value.trim() : value;
}

/**
 * Creates (no id) or edits a facility. Fields left out keep their value. A new position or a
 * new category reassigns it and recomputes the facility indicators.
 */
export function saveFacility(writer: ChangeWriter, db: Database, input: MethodInput<'facilities.save'>): FacilityDetail {
  const facility = input.facility;
  if (!db.prepare('SELECT 1 FROM facility_categories WHERE id = ? AND deleted = 0').get(facility.categoryId)) {
    throw new UserFacingError('not-found', 'Diese Kategorie gibt es nicht (mehr).');
  }
  const from = facility.validFrom ?? null;
  const to = facility.validTo ?? null;
  if (from && to && from > to) throw new UserFacingError('invalid-dates', 'Das Ende liegt vor dem Beginn.');
  if (facility.photos) {
    const known = db.prepare('SELECT count(*) AS n FROM attachments WHERE deleted = 0 AND id IN (SELECT value FROM json_each(?))').get(JSON.stringify(facility.photos)) as { n: number };
    if (known.n !== new Set(facility.photos).size) throw new UserFacingError('not-found', 'Ein Foto gibt es nicht (mehr).');
  }
  const columns = toColumns(facility);
  let id = input.id;
  if (id) {
    const existing = db.prepare('SELECT deleted FROM facilities WHERE id = ?').get(id) as { deleted: number } | undefined;
    if (!existing || existing.deleted === 1) throw new UserFacingError('not-found', 'Diese Einrichtung gibt es nicht (mehr).');
    const editId = id;
    writer.transaction((tx) => tx.update('facilities', editId, columns));
  } else {
    id = randomId();
    const newId = id;
    writer.transaction((tx) => tx.upsert('facilities', newId, { valid_from: null, valid_to: null, attributes: {}, address: null, ...columns }));
  }
  refreshFacilityData(writer, db, { facilityIds: [id] });
  return getFacility(db, id);
}

export function setFacilityArchived(writer: ChangeWriter, db: Database, id: string, archived: boolean): FacilityDetail {
  getFacility(db, id);
  writer.transaction((tx) => tx.update('facilities', id, { archived: archived ? 1 : 0 }));
  refreshFacilityData(writer, db, { facilityIds: [id] });
  return getFacility(db, id);
}

/** Deletes (a logged soft delete, so a colleague's later edit still meets it) or restores a facility. */
export function setFacilityDeleted(writer: ChangeWriter, db: Database, id: string, deleted: boolean): void {
  if (!db.prepare('SELECT 1 FROM facilities WHERE id = ?').get(id)) throw new UserFacingError('not-found', 'Diese Einrichtung gibt es nicht (mehr).');
  writer.transaction((tx) => (deleted ? tx.remove('facilities', id) : tx.restore('facilities', id)));
  refreshFacilityData(writer, db, { facilityIds: [id] });
}

/** Appends a stored attachment to a facility's photos. */
export function addFacilityPhoto(writer: ChangeWriter, db: Database, id: string, attachmentId: string): FacilityDetail {
  const detail = getFacility(db, id);
  const photos = [...detail.photos.map((p) => p.id).filter((p) => p !== attachmentId), attachmentId];
  writer.transaction((tx) => tx.update('facilities', id, { photos }));
  return getFacility(db, id);
}

/** User text → an FTS5 query of prefix terms; quotes keep operators in the text harmless. */
function ftsQuery(text: string): string {
  return text
    .split(/\s+/)
    .filter(Boolean)
    .map((term) => `"${term.replaceAll('"', '""')}"*`)
    .join(' ');
}
