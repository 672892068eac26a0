import type { ImportIssue } from '../../../shared/import-issue.ts';

/** A feature as stored in the file: geometry not yet checked, coordinates in the file's CRS. */
export interface RawFeature {
  /** 1-based position in the file. */
  feature: number;
  geometry: unknown;
  properties: Record<string, unknown>;
}

/** What the file says about its coordinate system. */
export type CrsHint =
  | { kind: 'name'; name: string }
  | { kind: 'wkt'; wkt: string; prjFile: string }
  /** GeoJSON without `crs` member: RFC 7946 lon/lat. */
  | { kind: 'geojson-default' }
  | { kind: 'missing-prj'; shpFile: string; prjFile: string };

export interface RawSource {
  file: string;
  features: RawFeature[];
  fields: string[];
  crsHint: CrsHint;
  issues: ImportIssue[];
}
