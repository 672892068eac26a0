import { unzipSync } from 'fflate';
import type { ImportIssue } from '../../../shared/import-issue.ts';
import { ImportFailed, type SourceFile } from './types.ts';

/** A file ready to read; `name` is what messages show (for zip entries "archiv.zip/ordner/datei.shp"). */
export interface NamedData {
  name: string;
  data: Uint8Array;
}

export interface ShapefileParts {
  shp: NamedData;
  dbf?: NamedData;
  prj?: NamedData;
  cpg?: NamedData;
  /** Names the missing companions would have, for messages. */
  expectedDbf: string;
  expectedPrj: string;
}

export type PickedSource =
  | { kind: 'geojson'; file: NamedData }
  | { kind: 'geopackage'; file: NamedData }
  /** .kml or .kmz; the reader unpacks a KMZ itself. */
  | { kind: 'kml'; file: NamedData }
  | { kind: 'shapefile'; parts: ShapefileParts };

const GEOJSON_EXTENSIONS = new Set(['geojson', 'json']);
const KML_EXTENSIONS = new Set(['kml', 'kmz']);
const SINGLE_FILE_EXTENSIONS = new Set([...GEOJSON_EXTENSIONS, ...KML_EXTENSIONS, 'gpkg']);
const SHAPEFILE_COMPANIONS = new Set(['dbf', 'shx', 'prj', 'cpg']);
// .shx is not needed: the .shp is read sequentially. Skipping the rest saves memory on big archives.
const NEEDED_FROM_ZIP = new Set([...SINGLE_FILE_EXTENSIONS, 'shp', 'dbf', 'prj', 'cpg']);

/** Decides what the user picked: one GeoJSON, GeoPackage or KML/KMZ, one zip, or the parts of one shapefile. */
export function pickSource(files: SourceFile[]): PickedSource {
  const named = files.map((file) => ({ name: baseName(file.name), data: file.data }));
  const zips = named.filter((file) => extensionOf(file.name) === 'zip');
  if (zips.length > 0) {
    if (named.length > 1) {
      fail(
        named[0]!.name,
        `Bitte eine ZIP-Datei allein auswählen, nicht zusammen mit weiteren Dateien (gewählt: ${listNames(named)}).`,
      );
    }
    const zip = zips[0]!;
    return pickAmong(unzip(zip), zip.name);
  }
  return pickAmong(named, undefined);
}

function pickAmong(files: NamedData[], zipName: string | undefined): PickedSource {
  const where = zipName ?? files[0]?.name ?? '';
  const single = files.filter((file) => SINGLE_FILE_EXTENSIONS.has(extensionOf(file.name)));
  const shp = files.filter((file) => extensionOf(file.name) === 'shp');
  const found = [...single, ...shp];

  if (found.length === 0) {
    const companion = files.find((file) => SHAPEFILE_COMPANIONS.has(extensionOf(file.name)));
    if (companion) {
      const name = baseName(companion.name);
      fail(where, `Zu ${name} fehlt die Geometriedatei ${stem(name)}.shp. Bitte alle Teile des Shapefiles gemeinsam auswählen.`);
    }
    fail(
      where,
      zipName
        ? `${zipName} enthält weder ein Shapefile (.shp) noch eine GeoJSON-, GeoPackage- oder KML-Datei.`
        : `Keine lesbare Geodatei gewählt (${listNames(files) || 'keine Datei'}). Erwartet wird eine GeoJSON-Datei (.geojson/.json), ` +
            'ein GeoPackage (.gpkg), eine KML-/KMZ-Datei, eine ZIP-Datei mit einem Shapefile ' +
            'oder die Teile eines Shapefiles (.shp, .dbf, .shx, .prj).',
    );
  }
  if (found.length > 1) {
    const what = shp.length > 1 && single.length === 0 ? 'mehrere Shapefiles' : 'mehrere Geodateien';
    fail(where, `${zipName ?? 'Die Auswahl'} enthält ${what} (${listNames(found)}). Bitte genau eine davon importieren.`);
  }
  const file = single[0];
  if (file) {
    const extension = extensionOf(file.name);
    if (extension === 'gpkg') return { kind: 'geopackage', file };
    return KML_EXTENSIONS.has(extension) ? { kind: 'kml', file } : { kind: 'geojson', file };
  }
  return { kind: 'shapefile', parts: companionsOf(shp[0]!, files) };
}

function companionsOf(shp: NamedData, files: NamedData[]): ShapefileParts {
  const base = stem(shp.name);
  const find = (extension: string) =>
    files.find((file) => extensionOf(file.name) === extension && stem(file.name).toLowerCase() === base.toLowerCase());
  const dbf = find('dbf');
  const prj = find('prj');
  const cpg = find('cpg');
  return {
    shp,
    ...(dbf ? { dbf } : {}),
    ...(prj ? { prj } : {}),
    ...(cpg ? { cpg } : {}),
    expectedDbf: `${baseName(base)}.dbf`,
    expectedPrj: `${baseName(base)}.prj`,
  };
}

function unzip(zip: NamedData): NamedData[] {
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(zip.data, { filter: (entry) => NEEDED_FROM_ZIP.has(extensionOf(entry.name)) });
  } catch {
    return fail(zip.name, `${zip.name} ist keine gültige ZIP-Datei (beschädigt oder ein anderes Format).`);
  }
  return Object.entries(entries)
    .filter(([path]) => !path.endsWith('/') && !isMacMetadata(path))
    .map(([path, data]) => ({ name: `${zip.name}/${path}`, data }));
}

/** Archives made on macOS carry "__MACOSX/._Datei.shp" copies that are not shapefiles. */
function isMacMetadata(path: string): boolean {
  return path.startsWith('__MACOSX/') || baseName(path).startsWith('._');
}

function fail(file: string, message: string): never {
  const issue: ImportIssue = { severity: 'error', file, message };
  throw new ImportFailed([issue]);
}

function listNames(files: NamedData[]): string {
  return files.map((file) => file.name).join(', ');
}

export function baseName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

function stem(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > name.lastIndexOf('/') ? name.slice(0, dot) : name;
}

function extensionOf(name: string): string {
  const base = baseName(name);
  const dot = base.lastIndexOf('.');
  return dot === -1 ? '' : base.slice(dot + 1).toLowerCase();
}
