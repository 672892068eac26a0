import { openShp } from 'shapefile';
import type { ImportIssue } from '../../../shared/import-issue.ts';
import { encodingFromCpg, recordsLookLikeUtf8, readDbf, type DbfTable } from './dbf.ts';
import { baseName, type NamedData, type ShapefileParts } from './pick-source.ts';
import type { CrsHint, RawSource } from './raw-source.ts';

const DEFAULT_ENCODING = 'windows-1252';

/** Reads geometry and attributes of one shapefile. A missing .dbf is reported but geometry is still checked. */
export async function readShapefile(parts: ShapefileParts): Promise<RawSource> {
  const { shp, dbf, prj, cpg } = parts;
  const issues: ImportIssue[] = [];
  const geometries = await readGeometries(shp, issues);

  let table: DbfTable | undefined;
  if (!dbf) {
    issues.push({
      severity: 'error',
      file: shp.name,
      message:
        `Zu ${baseName(shp.name)} fehlt die Attributdatei ${parts.expectedDbf}. Bitte alle Teile des Shapefiles ` +
        'gemeinsam auswählen (mindestens .shp, .dbf und .prj) oder das Shapefile als ZIP-Datei importieren.',
    });
  } else {
    table = readAttributes(dbf, cpg, issues);
  }
  if (geometries && table) checkRecordCounts(shp, dbf!, geometries.length, table, issues);

  const crsHint: CrsHint = prj
    ? { kind: 'wkt', wkt: new TextDecoder('utf-8').decode(prj.data), prjFile: prj.name }
    : { kind: 'missing-prj', shpFile: baseName(shp.name), prjFile: parts.expectedPrj };
  const features = (geometries ?? []).map((geometry, index) => ({
    feature: index + 1,
    geometry,
    properties: table?.records[index] ?? {},
  }));
  return { file: shp.name, features, fields: table?.fields ?? [], crsHint, issues };
}

async function readGeometries(shp: NamedData, issues: ImportIssue[]): Promise<unknown[] | undefined> {
  try {
    const source = await openShp(shp.data);
    const geometries: unknown[] = [];
    for (let result = await source.read(); !result.done; result = await source.read()) {
      geometries.push(result.value);
    }
    return geometries;
  } catch (error) {
    const shapeType = /unsupported shape type: (\d+)/.exec(String(error))?.[1];
    issues.push({
      severity: 'error',
      file: shp.name,
      message: shapeType
        ? `${baseName(shp.name)} enthält Geometrien vom Shapefile-Typ ${shapeType}, der nicht unterstützt wird (nur Punkte und Flächen).`
        : `${baseName(shp.name)} ist beschädigt oder kein Shapefile und kann nicht gelesen werden.`,
    });
    return undefined;
  }
}

function readAttributes(dbf: NamedData, cpg: NamedData | undefined, issues: ImportIssue[]): DbfTable | undefined {
  const encoding = chooseEncoding(dbf, cpg, issues);
  try {
    return readDbf(dbf.data, encoding);
  } catch (error) {
    issues.push({
      severity: 'error',
      file: dbf.name,
      message: `${baseName(dbf.name)} kann nicht gelesen werden: ${(error as Error).message}`,
    });
    return undefined;
  }
}

function chooseEncoding(dbf: NamedData, cpg: NamedData | undefined, issues: ImportIssue[]): string {
  if (cpg) {
    const declared = new TextDecoder('utf-8').decode(cpg.data).trim();
    const encoding = encodingFromCpg(declared);
    if (encoding) return encoding;
    issues.push({
      severity: 'warning',
      file: cpg.name,
      message: `Die Zeichenkodierung „${declared}“ in ${baseName(cpg.name)} ist unbekannt; es wird Windows-1252 angenommen. Bitte Umlaute prüfen.`,
    });
    return DEFAULT_ENCODING;
  }
  // Without a .cpg, Windows-1252 is the convention; but UTF-8 exports without .cpg exist and are unmistakable.
  if (recordsLookLikeUtf8(dbf.data)) {
    issues.push({
      severity: 'warning',
      file: dbf.name,
      message: `Zu ${baseName(dbf.name)} gibt es keine .cpg-Datei; der Text ist offenbar UTF-8-kodiert und wurde so gelesen.`,
    });
    return 'utf-8';
  }
  return DEFAULT_ENCODING;
}

function checkRecordCounts(shp: NamedData, dbf: NamedData, shapes: number, table: DbfTable, issues: ImportIssue[]) {
  const records = table.records.length;
  if (table.declaredRecords > records) {
    issues.push({
      severity: 'error',
      file: dbf.name,
      message: `${baseName(dbf.name)} ist unvollständig: angekündigt sind ${table.declaredRecords} Datensätze, lesbar nur ${records}.`,
    });
  } else if (records !== shapes) {
    issues.push({
      severity: 'error',
      file: shp.name,
      message:
        `${baseName(shp.name)} enthält ${shapes} Objekte, ${baseName(dbf.name)} aber ${records} Datensätze. ` +
        'Die Dateien gehören vermutlich nicht zusammen.',
    });
  }
}
