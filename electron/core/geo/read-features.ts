import type { Position } from 'geojson';
import type { ImportIssue } from '../../../shared/import-issue.ts';
import { baseName, pickSource, type PickedSource } from './pick-source.ts';
import type { RawSource } from './raw-source.ts';
import { readGeoJson } from './read-geojson.ts';
import { readGeoPackage } from './read-geopackage.ts';
import { readKml } from './read-kml.ts';
import { readShapefile } from './read-shapefile.ts';
import { toWgs84Geometry } from './reproject.ts';
import { resolveSourceCrs } from './source-crs.ts';
import {
  ImportFailed,
  type GeometryKind,
  type ParsedFeature,
  type ProgressCallback,
  type ReadFeaturesOptions,
  type ReadFeaturesResult,
  type SourceFile,
} from './types.ts';
import { checkGeometry, selfIntersectionWarning, type GeometryCheck } from './validate.ts';

const PROGRESS_STEP = 100;

/**
 * Reads one GeoJSON, GeoPackage layer, KML/KMZ, zipped shapefile or the loose parts of one shapefile
 * into WGS84 features.
 * Throws ImportFailed listing every error found; warnings come back in the result. Writes nothing.
 */
export async function readFeatures(
  files: SourceFile[],
  options: ReadFeaturesOptions,
  onProgress?: ProgressCallback,
): Promise<ReadFeaturesResult> {
  const raw = await readRaw(pickSource(files), options);
  const issues: ImportIssue[] = [...raw.issues];

  const checks = raw.features.map((feature) => ({
    feature,
    check: checkGeometry(feature.geometry, options.expect, { file: raw.file, feature: feature.feature }),
  }));
  issues.push(...geometryIssues(checks.map(({ check }) => check), options.expect, raw.file));

  const positions = checks.flatMap(({ check }) => (check.geometry ? positionsOf(check.geometry) : []));
  const resolved = resolveSourceCrs(raw.crsHint, options.crs, positions, raw.file);
  issues.push(...resolved.issues);

  const features: ParsedFeature[] = [];
  const crs = resolved.crs;
  const total = checks.length;
  for (const [index, { feature, check }] of checks.entries()) {
    if (crs && check.geometry) {
      const at = { file: raw.file, feature: feature.feature };
      const converted = toWgs84Geometry(check.geometry, crs);
      if ('failedAt' in converted) {
        issues.push({
          severity: 'error',
          ...at,
          message: `Die Koordinaten (${converted.failedAt.join(', ')}) lassen sich nicht nach WGS 84 umrechnen.`,
        });
      } else {
        const { geometry } = converted;
        if (geometry.type !== 'Point') {
          const warning = selfIntersectionWarning(geometry, at);
          if (warning) issues.push(warning);
        }
        features.push({ feature: feature.feature, geometry, properties: feature.properties });
      }
    }
    if ((index + 1) % PROGRESS_STEP === 0 && onProgress) {
      onProgress(index + 1, total);
      await new Promise((resolve) => setImmediate(resolve)); // let progress reach the UI
    }
  }
  onProgress?.(total, total);

  const errors = issues.filter((issue) => issue.severity === 'error');
  if (errors.length === 0 && raw.features.length === 0) {
    errors.push({ severity: 'error', file: raw.file, message: `${baseName(raw.file)} enthält keine Objekte.` });
  }
  if (errors.length > 0 || !crs) throw new ImportFailed(errors);
  return {
    file: raw.file,
    features,
    sourceCrs: crs.label,
    fields: raw.fields,
    warnings: issues.filter((issue) => issue.severity === 'warning'),
  };
}

async function readRaw(picked: PickedSource, options: ReadFeaturesOptions): Promise<RawSource> {
  switch (picked.kind) {
    case 'geojson':
      return readGeoJson(picked.file.name, picked.file.data);
    case 'geopackage':
      return readGeoPackage(picked.file, {
        ...(options.layer !== undefined ? { layer: options.layer } : {}),
        crsOverridden: options.crs !== undefined,
      });
    case 'kml':
      return readKml(picked.file);
    case 'shapefile':
      return readShapefile(picked.parts);
  }
}

const KIND_PLURALS: Record<string, string> = {
  Point: 'Punkte',
  MultiPoint: 'Punkte',
  LineString: 'Linien',
  MultiLineString: 'Linien',
  Polygon: 'Flächen (Polygone)',
  MultiPolygon: 'Flächen (Polygone)',
  GeometryCollection: 'Geometriesammlungen',
};

/** If every geometry is of the wrong kind, the user picked the wrong file: say that once, not per feature. */
function geometryIssues(checks: GeometryCheck[], expect: GeometryKind, file: string): ImportIssue[] {
  const present = checks.filter((check) => check.geometry || check.wrongType);
  const wrong = checks.filter((check) => check.wrongType);
  if (wrong.length === 0 || wrong.length < present.length) return checks.flatMap((check) => check.issues);

  const found = [...new Set(wrong.map((check) => KIND_PLURALS[check.wrongType!]))].join(' und ');
  const expected = expect === 'polygon' ? 'Flächen (Polygone)' : 'Punkte';
  const summary: ImportIssue = {
    severity: 'error',
    file,
    message: `${baseName(file)} enthält ${found}, erwartet werden ${expected}. Bitte prüfen, ob die richtige Datei gewählt wurde.`,
  };
  return [summary, ...checks.filter((check) => !check.wrongType).flatMap((check) => check.issues)];
}

function positionsOf(geometry: NonNullable<GeometryCheck['geometry']>): Position[] {
  if (geometry.type === 'Point') return [geometry.coordinates];
  if (geometry.type === 'Polygon') return geometry.coordinates.flat();
  return geometry.coordinates.flat(2);
}
