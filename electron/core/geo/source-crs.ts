import type { Position } from 'geojson';
import type { ImportIssue } from '../../../shared/import-issue.ts';
import {
  crsFromWkt,
  findCrs,
  matchSupportedCrs,
  parseCrsName,
  SUPPORTED_CRS,
  toWgs84For,
  type CrsDefinition,
  type ToWgs84,
} from './crs.ts';
import { baseName } from './pick-source.ts';
import type { CrsHint } from './raw-source.ts';

export interface SourceCrs {
  /** "EPSG:n", "CRS84", or "WKT: <name>" for a .prj matching no supported code. */
  label: string;
  toWgs84: ToWgs84;
  /** The file stores northing before easting. */
  swapAxes: boolean;
}

interface Candidate {
  label: string;
  toWgs84: ToWgs84;
  geographic: boolean;
  eastingRange?: [number, number];
  /** Nobody named a CRS; we assumed lon/lat. */
  assumed: boolean;
}

/**
 * Decides how to read the file's coordinates: options.crs beats the file's own statement, which beats
 * the GeoJSON default (lon/lat). Then checks the coordinates fit, which also reveals swapped axes.
 */
export function resolveSourceCrs(
  hint: CrsHint,
  override: string | undefined,
  positions: Position[],
  file: string,
): { crs?: SourceCrs; issues: ImportIssue[] } {
  const issues: ImportIssue[] = [];
  const candidate = chooseCandidate(hint, override, positions, file, issues);
  if (!candidate) return { issues };
  const swapAxes = checkPlacement(candidate, positions, file, issues);
  if (issues.some((issue) => issue.severity === 'error')) return { issues };
  return { crs: { label: candidate.label, toWgs84: candidate.toWgs84, swapAxes }, issues };
}

function chooseCandidate(
  hint: CrsHint,
  override: string | undefined,
  positions: Position[],
  file: string,
  issues: ImportIssue[],
): Candidate | undefined {
  const error = (message: string, onFile = file) => {
    issues.push({ severity: 'error', file: onFile, message });
    return undefined;
  };

  if (override !== undefined) {
    const lookup = parseCrsName(override);
    if (!lookup.ok) return error(`Vorgegebenes Koordinatensystem: ${lookup.message}`);
    return fromDefinition(lookup.crs, false);
  }
  switch (hint.kind) {
    case 'name': {
      const lookup = parseCrsName(hint.name);
      return lookup.ok ? fromDefinition(lookup.crs, false) : error(`${baseName(file)}: ${lookup.message}`);
    }
    case 'geojson-default':
      return fromDefinition(findCrs('CRS84')!, true);
    case 'wkt': {
      const parsed = crsFromWkt(hint.wkt);
      if ('error' in parsed) {
        return error(`${baseName(hint.prjFile)}: ${parsed.error} Bitte das Koordinatensystem angeben (z. B. EPSG:25832).`, hint.prjFile);
      }
      if (parsed.warning) issues.push({ severity: 'warning', file: hint.prjFile, message: `${baseName(hint.prjFile)}: ${parsed.warning}` });
      const sample = positions[0];
      const match = sample ? matchSupportedCrs(parsed.toWgs84, [sample[0]!, sample[1]!]) : undefined;
      return {
        label: match?.code ?? `WKT: ${parsed.name}`,
        toWgs84: parsed.toWgs84,
        geographic: parsed.geographic,
        ...(match?.eastingRange ? { eastingRange: match.eastingRange } : {}),
        assumed: false,
      };
    }
    case 'missing-prj': {
      if (positions.length > 0 && positions.every(isLonLat)) {
        issues.push({
          severity: 'warning',
          file,
          message:
            `Zu ${hint.shpFile} fehlt die Projektionsdatei ${hint.prjFile}. Die Koordinaten sind offenbar ` +
            'Längen-/Breitengrade und wurden als WGS 84 gelesen.',
        });
        return fromDefinition(findCrs('EPSG:4326')!, true);
      }
      return error(
        `Zu ${hint.shpFile} fehlt die Projektionsdatei ${hint.prjFile}, daher ist das Koordinatensystem unbekannt. ` +
          `Bitte die .prj-Datei mit auswählen oder das Koordinatensystem angeben (z. B. EPSG:25832; Kommandozeile: --crs EPSG:25832).` +
          suggestionFor(positions),
      );
    }
  }
}

function fromDefinition(crs: CrsDefinition, assumed: boolean): Candidate {
  return {
    label: crs.code,
    toWgs84: toWgs84For(crs),
    geographic: crs.geographic,
    ...(crs.eastingRange ? { eastingRange: crs.eastingRange } : {}),
    assumed,
  };
}

/** Returns whether axes must be swapped; pushes an error if the coordinates cannot be in this CRS. */
function checkPlacement(candidate: Candidate, positions: Position[], file: string, issues: ImportIssue[]): boolean {
  const error = (message: string) => issues.push({ severity: 'error', file, message });
  const name = baseName(file);

  if (candidate.geographic) {
    const outside = positions.find((position) => !isLonLat(position));
    if (!outside) return false;
    error(
      candidate.assumed
        ? `${name} gibt kein Koordinatensystem an, und die Koordinaten sind keine Längen-/Breitengrade ` +
            `(z. B. ${describe(outside)}). Bitte das Koordinatensystem angeben (z. B. EPSG:25832; Kommandozeile: --crs EPSG:25832).` +
            suggestionFor(positions)
        : `${name}: Die Koordinaten (z. B. ${describe(outside)}) liegen außerhalb des Bereichs von Längen-/Breitengraden, ` +
            `obwohl ${candidate.label} angegeben ist. Bitte das Koordinatensystem prüfen.` +
            suggestionFor(positions),
    );
    return false;
  }

  if (positions.length > 0 && positions.every(isLonLat)) {
    error(
      `${name}: Die Koordinaten (z. B. ${describe(positions[0]!)}) sehen nach Längen-/Breitengraden aus, ` +
        `angegeben ist aber ${candidate.label} mit Meterkoordinaten. Bitte das Koordinatensystem prüfen.`,
    );
    return false;
  }

  const range = candidate.eastingRange;
  if (!range) return false;
  let normal = 0;
  let swapped = 0;
  let firstSwapped: Position | undefined;
  let firstMisfit: Position | undefined;
  for (const position of positions) {
    const [x, y] = position as [number, number];
    if (inRange(x, range)) normal++;
    else if (inRange(y, range)) {
      swapped++;
      firstSwapped ??= position;
    } else firstMisfit ??= position;
  }
  const misfits = positions.length - normal - swapped;
  if (misfits > normal + swapped) {
    error(
      `${name}: Die Koordinaten (z. B. ${describe(firstMisfit!)}) passen nicht zu ${candidate.label} ` +
        `(Rechtswerte zwischen ${range[0]} und ${range[1]} erwartet). Bitte das Koordinatensystem prüfen.` +
        suggestionFor(positions),
    );
    return false;
  }
  if (swapped <= normal) return false;
  issues.push({
    severity: 'warning',
    file,
    message:
      `${name}: Die Koordinaten stehen in der Reihenfolge Nord, Ost (z. B. ${describe(firstSwapped!)}). ` +
      `Sie wurden für ${candidate.label} in die Reihenfolge Ost, Nord getauscht.`,
  });
  return true;
}

/** Names supported systems whose easting range fits, to help the user pick one. */
function suggestionFor(positions: Position[]): string {
  const sample = positions.find((position) => !isLonLat(position));
  if (!sample) return '';
  const [x, y] = sample as [number, number];
  const fitting = SUPPORTED_CRS.filter(
    (crs) => crs.eastingRange && (inRange(x, crs.eastingRange) || inRange(y, crs.eastingRange)),
  ).map((crs) => crs.code);
  return fitting.length > 0 ? ` Die Werte passen zum Beispiel zu: ${fitting.join(', ')}.` : '';
}

function isLonLat(position: Position): boolean {
  return Math.abs(position[0]!) <= 180 && Math.abs(position[1]!) <= 90;
}

function inRange(value: number, [min, max]: [number, number]): boolean {
  return value >= min && value < max;
}

function describe(position: Position): string {
  return `x = ${formatNumber(position[0]!)}, y = ${formatNumber(position[1]!)}`;
}

function formatNumber(value: number): string {
  return String(Math.abs(value) < 1000 ? Number(value.toFixed(6)) : Number(value.toFixed(1)));
}
