import type { MethodOutput } from '../../../shared/contract.ts';
import { readFeatures } from '../geo/read-features.ts';
import type { GeometryKind, SourceFile } from '../geo/types.ts';
import { suggestFields } from './suggest-fields.ts';

export type ImportPreview = MethodOutput<'imports.preview'>;

/** What a file holds, for the import dialog: fields, a few rows, guessed field roles. Writes nothing. */
export async function previewImport(files: SourceFile[], expect: GeometryKind, crs?: string, layer?: string): Promise<ImportPreview> {
  const read = await readFeatures(files, { expect, crs, layer });
  return {
    file: read.file,
    sourceCrs: read.sourceCrs,
    featureCount: read.features.length,
    geometryKind: expect,
    fields: read.fields,
    sample: read.features.slice(0, 3).map((f) => f.properties),
    suggested: suggestFields(read.fields),
    warnings: read.warnings,
  };
}
