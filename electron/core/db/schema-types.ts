/** Row types of the SQLite tables, for Kysely's typed queries. Keep in step with migrations. */
export interface SpatialLevelRow {
  id: string;
  key: string;
  name: string;
  rank: number;
  deleted: number;
}

export interface SpatialUnitRow {
  id: string;
  level_id: string;
  code: string;
  name: string;
  parent_id: string | null;
  geometry: string;
  valid_from: string | null;
  valid_to: string | null;
  attributes: string;
  deleted: number;
  min_lon: number | null;
  min_lat: number | null;
  max_lon: number | null;
  max_lat: number | null;
  area_km2: number | null;
}

export interface FacilityCategoryRow {
  id: string;
  key: string;
  name: string;
  color: string;
  icon: string | null;
  group_name: string | null;
  capacity_unit: string | null;
  deleted: number;
}

export interface FacilityRow {
  id: string;
  category_id: string;
  name: string;
  address: string | null;
  lon: number;
  lat: number;
  valid_from: string | null;
  valid_to: string | null;
  attributes: string;
  kind: 'facility' | 'resource';
  resource_description: string | null;
  operator: string | null;
  operator_type: string | null;
  capacity: number | null;
  capacity_unit: string | null;
  /** JSON array of strings. */
  target_groups: string;
  accessibility: 'full' | 'partial' | 'none' | null;
  /** JSON object {person, phone, email, website}. */
  contact: string;
  opening_hours: string | null;
  source: string | null;
  notes: string | null;
  /** JSON array of attachment ids. */
  photos: string;
  archived: number;
  deleted: number;
}

/** Derived, local: which units contain a facility (schema 3). */
export interface FacilityUnitRow {
  facility_id: string;
  level_id: string;
  unit_id: string;
}

export interface AttachmentRow {
  id: string;
  name: string;
  mime: string;
  size: number;
  deleted: number;
}

export interface SettingRow {
  key: string;
  value: string;
}

export interface OpRow {
  replica: string;
  seq: number;
  hlc: string;
  tbl: string;
  row_id: string;
  field: string;
  value: string;
  pred: string;
  seen: string | null;
}

export interface HeadRow {
  tbl: string;
  row_id: string;
  field: string;
  replica: string;
  seq: number;
}

export interface DatabaseSchema {
  spatial_levels: SpatialLevelRow;
  spatial_units: SpatialUnitRow;
  facility_categories: FacilityCategoryRow;
  facilities: FacilityRow;
  facility_units: FacilityUnitRow;
  attachments: AttachmentRow;
  settings: SettingRow;
  ops: OpRow;
  heads: HeadRow;
}
