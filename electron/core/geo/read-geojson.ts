import type { ImportIssue } from '../../../shared/import-issue.ts';
import { locateJsonError } from './json-error-position.ts';
import type { CrsHint, RawFeature, RawSource } from './raw-source.ts';
import { ImportFailed } from './types.ts';

const GEOMETRY_TYPES = new Set([
  'Point',
  'MultiPoint',
  'LineString',
  'MultiLineString',
  'Polygon',
  'MultiPolygon',
  'GeometryCollection',
]);

/** Parses a GeoJSON file into unchecked features; file-level problems throw ImportFailed. */
export function readGeoJson(file: string, data: Uint8Array): RawSource {
  const issues: ImportIssue[] = [];
  const fail = (message: string, line?: number): never => {
    throw new ImportFailed([{ severity: 'error', file, ...(line !== undefined ? { line } : {}), message }]);
  };

  const text = decodeText(data, file, issues);
  let root: unknown;
  try {
    root = JSON.parse(text);
  } catch {
    const position = locateJsonError(text);
    if (!position) return fail(`${file}: ungültiges JSON; die Datei lässt sich nicht lesen.`);
    const { line, column, atEnd } = position;
    fail(
      `${file}: ungültiges JSON in Zeile ${line}, Spalte ${column}. ` +
        (atEnd
          ? 'Die Datei endet mitten im Inhalt und ist vermutlich unvollständig (abgebrochener Download oder Export?).'
          : 'Bitte die Datei an dieser Stelle prüfen, z. B. in einem Texteditor.'),
      line,
    );
  }

  if (!isObject(root)) fail(`${file}: Die Datei enthält kein GeoJSON-Objekt.`);
  const top = root as Record<string, unknown>;
  const items = topLevelFeatures(top, file, fail);

  const features: RawFeature[] = [];
  const fields = new Set<string>();
  items.forEach((item, index) => {
    const feature = index + 1;
    if (!isObject(item) || item.type !== 'Feature') {
      issues.push({
        severity: 'error',
        file,
        feature,
        message: `Der Eintrag ist kein GeoJSON-Feature.`,
      });
      return;
    }
    const properties = isObject(item.properties) ? item.properties : {};
    for (const key of Object.keys(properties)) fields.add(key);
    features.push({ feature, geometry: item.geometry ?? null, properties });
  });

  return { file, features, fields: [...fields], crsHint: crsHintOf(top.crs), issues };
}

function topLevelFeatures(top: Record<string, unknown>, file: string, fail: (message: string) => never): unknown[] {
  if (top.type === 'FeatureCollection') {
    if (!Array.isArray(top.features)) {
      fail(`${file}: Die FeatureCollection enthält keine Liste „features“; die Datei ist unvollständig oder kein GeoJSON.`);
    }
    return top.features as unknown[];
  }
  if (top.type === 'Feature') return [top];
  if (typeof top.type === 'string' && GEOMETRY_TYPES.has(top.type)) {
    return [{ type: 'Feature', geometry: top, properties: {} }];
  }
  const described = typeof top.type === 'string' ? `„${top.type}“` : 'keine Angabe';
  return fail(
    `${file}: Die Datei ist kein GeoJSON (Typ: ${described}). Erwartet wird eine FeatureCollection, ein Feature oder eine Geometrie.`,
  );
}

/** Legacy GeoJSON 2008 `crs` member; RFC 7946 dropped it but many GIS exports still write it. */
function crsHintOf(crs: unknown): CrsHint {
  if (crs === undefined || crs === null) return { kind: 'geojson-default' };
  if (isObject(crs) && isObject(crs.properties)) {
    const { name, code } = crs.properties;
    if (typeof name === 'string') return { kind: 'name', name };
    if (crs.type === 'EPSG' && (typeof code === 'number' || typeof code === 'string')) {
      return { kind: 'name', name: `EPSG:${code}` };
    }
  }
  return { kind: 'name', name: JSON.stringify(crs) };
}

function decodeText(data: Uint8Array, file: string, issues: ImportIssue[]): string {
  try {
    // stream: a file cut off inside a multi-byte character is truncated, not Windows-1252.
    return new TextDecoder('utf-8', { fatal: true }).decode(data, { stream: true });
  } catch {
    // GeoJSON must be UTF-8, but old tools write the Windows code page.
    issues.push({
      severity: 'warning',
      file,
      message: `${file} ist nicht UTF-8-kodiert; der Text wurde als Windows-1252 gelesen. Bitte Umlaute prüfen.`,
    });
    return new TextDecoder('windows-1252').decode(data);
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
