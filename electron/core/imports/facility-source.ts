import type { Point } from 'geojson';
import type { ImportIssue } from '../../../shared/import-issue.ts';
import type { FacilityMapping } from '../../../shared/facility-mapping.ts';
import { baseName } from '../geo/pick-source.ts';
import { readFeatures } from '../geo/read-features.ts';
import type { ProgressCallback, SourceFile } from '../geo/types.ts';
import { detectStructure } from '../tables/detect-structure.ts';
import { readTable } from '../tables/read-table.ts';
import type { RawTable, TableStructure } from '../tables/types.ts';

/** One record of a facility file, before mapping: its cells (or properties) and, for geometry files, its point. */
export interface SourceRow {
  /** Table line (CSV) or worksheet row (XLSX). */
  line?: number;
  /** Feature number in a geometry file. */
  feature?: number;
  values: Record<string, unknown>;
  /** WGS84 lon/lat of a geometry file's point. */
  point?: [number, number];
  /** XLSX: columns whose text is a plain JS number. */
  numeric?: Set<string>;
}

export interface FacilitySource {
  file: string;
  kind: 'table' | 'geometry';
  /** Geometry files: the CRS they were read in. Tables: decided by the mapping. */
  sourceCrs: string;
  fields: string[];
  rows: SourceRow[];
  warnings: ImportIssue[];
  table?: { raw: RawTable; structure: TableStructure };
}

const TABLE_EXTENSIONS = new Set(['csv', 'txt', 'tsv', 'xlsx', 'xlsm']);

/** A single CSV/XLSX is a table of facilities; everything else is read as a geometry file. */
export function isTableSource(files: SourceFile[]): boolean {
  if (files.length !== 1) return false;
  const extension = baseName(files[0]!.name).toLowerCase().split('.').pop() ?? '';
  return TABLE_EXTENSIONS.has(extension);
}

export async function readFacilitySource(
  files: SourceFile[],
  options: { mapping?: FacilityMapping; crs?: string; layer?: string },
  onProgress?: ProgressCallback,
): Promise<FacilitySource> {
  if (isTableSource(files)) {
    const file = files[0]!;
    const settings = options.mapping?.file ?? {};
    const raw = await readTable(file, { sheet: settings.sheet, encoding: settings.encoding, delimiter: settings.delimiter });
    const structure = detectStructure(raw, settings);
    const header = structure.header;
    const rows = structure.dataRows.map((row) => {
      const values: Record<string, unknown> = {};
      const numeric = row.numeric ? new Set<string>() : undefined;
      header.forEach((column, index) => {
        values[column] = row.cells[index] ?? '';
        if (row.numeric?.[index]) numeric!.add(column);
      });
      return { line: row.line, values, ...(numeric ? { numeric } : {}) };
    });
    return { file: raw.file, kind: 'table', sourceCrs: '', fields: header, rows, warnings: raw.warnings, table: { raw, structure } };
  }
  const read = await readFeatures(files, { expect: 'point', crs: options.crs, layer: options.layer }, onProgress);
  return {
    file: read.file,
    kind: 'geometry',
    sourceCrs: read.sourceCrs,
    fields: read.fields,
    rows: read.features.map((feature) => ({
      feature: feature.feature,
      values: feature.properties,
      point: (feature.geometry as Point).coordinates.slice(0, 2) as [number, number],
    })),
    warnings: read.warnings,
  };
}
