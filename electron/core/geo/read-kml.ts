import { kml } from '@tmcw/togeojson';
import { DOMParser } from '@xmldom/xmldom';
import { unzipSync } from 'fflate';
import type { Geometry } from 'geojson';
import type { ImportIssue } from '../../../shared/import-issue.ts';
import { baseName, type NamedData } from './pick-source.ts';
import type { RawFeature, RawSource } from './raw-source.ts';
import { ImportFailed } from './types.ts';

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

/** Reads a .kml or .kmz (zipped KML) into unchecked features; KML coordinates are always WGS84 lon/lat. */
export function readKml(file: NamedData): RawSource {
  const source = isZip(file.data) ? kmlFromKmz(file) : file;
  const issues: ImportIssue[] = [];
  const doc = parseXml(source, issues);

  let collection: ReturnType<typeof kml>;
  try {
    collection = kml(doc);
  } catch (error) {
    return fail(source.name, `${baseName(source.name)} kann nicht gelesen werden (${(error as Error).message}).`);
  }

  const dataNames = extendedDataNames(doc);
  const features: RawFeature[] = [];
  const fields = new Set<string>();
  let skipped = 0;
  for (const item of collection.features) {
    // Ground overlays (images) and network links are not areas or places of their own.
    if (item.properties?.['@geometry-type'] !== undefined) {
      skipped++;
      continue;
    }
    const properties = pickProperties(item.properties ?? {}, dataNames);
    for (const key of Object.keys(properties)) fields.add(key);
    features.push({ feature: features.length + 1, geometry: mergeCollection(item.geometry), properties });
  }
  if (skipped > 0) {
    issues.push({
      severity: 'warning',
      file: source.name,
      message:
        `${baseName(source.name)}: ${skipped} Bildüberlagerungen bzw. Netzwerk-Links wurden übergangen; ` +
        'übernommen werden nur Ortsmarken (Placemarks).',
    });
  }
  return { file: source.name, features, fields: [...fields], crsHint: { kind: 'name', name: 'EPSG:4326' }, issues };
}

/** A KMZ holds "doc.kml" by convention; Google Earth otherwise takes the first .kml in the archive. */
function kmlFromKmz(file: NamedData): NamedData {
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(file.data, { filter: (entry) => entry.name.toLowerCase().endsWith('.kml') });
  } catch {
    return fail(file.name, `${baseName(file.name)} ist keine gültige KMZ-Datei (beschädigtes ZIP-Archiv).`);
  }
  const paths = Object.keys(entries).filter((path) => !path.startsWith('__MACOSX/'));
  const path = paths.find((entry) => entry.toLowerCase() === 'doc.kml') ?? paths.find((entry) => !entry.includes('/')) ?? paths[0];
  if (path === undefined) fail(file.name, `${baseName(file.name)} enthält keine KML-Datei (erwartet wird doc.kml).`);
  return { name: `${file.name}/${path}`, data: entries[path]! };
}

function parseXml(source: NamedData, issues: ImportIssue[]) {
  const name = baseName(source.name);
  const text = decodeText(source, issues);
  let problem: { message: string; line?: number; column?: number } | undefined;
  const parser = new DOMParser({
    onError: (level, message, context: { locator?: { lineNumber?: number; columnNumber?: number } } | undefined) => {
      if (level === 'warning' || problem) return;
      const line = context?.locator?.lineNumber;
      const column = context?.locator?.columnNumber;
      problem = { message, ...(line ? { line } : {}), ...(column ? { column } : {}) };
    },
  });
  let doc: ReturnType<DOMParser['parseFromString']> | undefined;
  try {
    doc = parser.parseFromString(text, 'text/xml');
  } catch (error) {
    problem ??= { message: (error as Error).message };
  }
  if (problem || !doc) {
    const where = problem?.line ? ` in Zeile ${problem.line}${problem.column ? `, Spalte ${problem.column}` : ''}` : '';
    const detail = problem?.message ? ` (${problem.message})` : '';
    throw new ImportFailed([
      {
        severity: 'error',
        file: source.name,
        ...(problem?.line ? { line: problem.line } : {}),
        message: `${name} ist kein gültiges XML${where}${detail}. Die Datei ist beschädigt oder unvollständig; bitte neu exportieren.`,
      },
    ]);
  }
  const root = doc.documentElement?.localName;
  if (root !== 'kml') fail(source.name, `${name} ist keine KML-Datei (das XML beginnt mit <${root ?? '?'}> statt <kml>).`);
  return doc;
}

/** KML is UTF-8 unless its XML declaration says otherwise. */
function decodeText(source: NamedData, issues: ImportIssue[]): string {
  const head = new TextDecoder('latin1').decode(source.data.subarray(0, 200));
  const declared = /^(?:\uFEFF|ï»¿)?<\?xml[^>]*encoding\s*=\s*["']([\w.:-]+)["']/i.exec(head)?.[1];
  if (declared && !/^utf-?8$/i.test(declared)) {
    try {
      return new TextDecoder(declared).decode(source.data);
    } catch {
      // Unknown label: fall through to UTF-8.
    }
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(source.data);
  } catch {
    issues.push({
      severity: 'warning',
      file: source.name,
      message: `${baseName(source.name)} ist nicht UTF-8-kodiert; der Text wurde als Windows-1252 gelesen. Bitte Umlaute prüfen.`,
    });
    return new TextDecoder('windows-1252').decode(source.data);
  }
}

/** Names used in <Data name> and <SimpleData name>, so style keys togeojson adds can be told apart. */
function extendedDataNames(doc: ReturnType<DOMParser['parseFromString']>): Set<string> {
  const names = new Set<string>();
  for (const tag of ['Data', 'SimpleData']) {
    for (const element of Array.from(doc.getElementsByTagName(tag))) {
      const name = element.getAttribute('name');
      if (name) names.add(name);
    }
  }
  return names;
}

function pickProperties(all: Record<string, unknown>, dataNames: Set<string>): Record<string, unknown> {
  const properties: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(all)) {
    if (key === 'name' || dataNames.has(key)) properties[key] = value;
    else if (key === 'description') properties[key] = descriptionText(value);
  }
  return properties;
}

/** togeojson wraps CDATA descriptions as { "@type": "html", value }. */
function descriptionText(value: unknown): unknown {
  if (typeof value === 'object' && value !== null && 'value' in value) return (value as { value: unknown }).value;
  return value;
}

/** <MultiGeometry> becomes a GeometryCollection; one made only of areas (or points) is a Multi* geometry. */
function mergeCollection(geometry: Geometry | null): Geometry | null {
  if (geometry?.type !== 'GeometryCollection' || geometry.geometries.length === 0) return geometry;
  const parts = geometry.geometries;
  if (parts.every((part) => part.type === 'Polygon' || part.type === 'MultiPolygon')) {
    return {
      type: 'MultiPolygon',
      coordinates: parts.flatMap((part) => (part.type === 'Polygon' ? [part.coordinates] : part.coordinates)),
    };
  }
  if (parts.every((part) => part.type === 'Point')) {
    return { type: 'MultiPoint', coordinates: parts.map((part) => part.coordinates) };
  }
  return geometry;
}

function isZip(data: Uint8Array): boolean {
  return ZIP_MAGIC.every((byte, i) => data[i] === byte);
}

function fail(file: string, message: string): never {
  throw new ImportFailed([{ severity: 'error', file, message }]);
}
