import type { MultiPolygon, Point, Polygon } from 'geojson';
import { formatIssue, type ImportIssue } from '../../../shared/import-issue.ts';

/** A file handed to an importer: its name as chosen by the user and its bytes. */
export interface SourceFile {
  name: string;
  data: Uint8Array;
}

export type GeometryKind = 'polygon' | 'point';

export interface ReadFeaturesOptions {
  /** Which geometries the caller wants; others are reported as errors by feature. */
  expect: GeometryKind;
  /** Override of the file's own CRS, e.g. "EPSG:25832". */
  crs?: string;
  /** GeoPackage: table name of the layer to read; required when the file holds several feature layers. */
  layer?: string;
}

export interface ParsedFeature {
  /** 1-based position of the feature in its file (used in messages). */
  feature: number;
  /** WGS84 lon/lat. Polygons come as Polygon or MultiPolygon, points as Point. */
  geometry: Polygon | MultiPolygon | Point;
  properties: Record<string, unknown>;
}

export interface ReadFeaturesResult {
  /** Name of the file the features came from (the .shp, .geojson, .gpkg or .kml, also inside a zip/kmz). */
  file: string;
  features: ParsedFeature[];
  /**
   * The CRS the coordinates were read in, as "EPSG:n" or "CRS84"; for a .prj that computes like none
   * of the supported codes, "WKT: <name from the .prj>".
   */
  sourceCrs: string;
  /** Attribute names in file order. */
  fields: string[];
  warnings: ImportIssue[];
}

export type ProgressCallback = (done: number, total: number) => void;

/** Thrown when a file cannot be imported; lists every problem found, not only the first. */
export class ImportFailed extends Error {
  readonly issues: ImportIssue[];
  constructor(issues: ImportIssue[]) {
    super(issues.map(formatIssue).join('\n'));
    this.name = 'ImportFailed';
    this.issues = issues;
  }
}
