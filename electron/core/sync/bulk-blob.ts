import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { gunzipSync, strFromU8 } from 'fflate';
import { writeBlob } from './blob-store.ts';

/**
 * The rows a bulk op created, stored content-addressed beside the database so the exchange can
 * ship it like a photo. Column-wise JSON lines, gzip'd: a header, then one line per field, where
 * repeated strings (indicator and unit ids) are dictionary-encoded, so a million values stay
 * close to the size of the zipped source table. Row ids are omitted where they follow from the
 * fields (`idOf`), otherwise stored as their own column.
 */
export function writeBulkBlob(
  directory: string,
  table: string,
  fields: string[],
  rows: unknown[][],
  idOf?: (values: Record<string, unknown>) => string,
): string {
  const idsDerived = idOf !== undefined && rows.every((row) => row[0] === idOf(Object.fromEntries(fields.map((f, i) => [f, row[i + 1]]))));
  const columns = fields.map((_, i) => rows.map((row) => row[i + 1]));
  return writeBulkBlobColumns(directory, table, fields, idsDerived ? null : rows.map((row) => row[0]), columns, rows.length);
}

/**
 * The same blob from columns (the bulk write path keeps its rows column-wise): `columns[i]` holds
 * field i's values, `ids` the row ids, or null where they follow from the fields.
 */
export function writeBulkBlobColumns(directory: string, table: string, fields: string[], ids: unknown[] | null, columns: unknown[][], rowCount: number): string {
  const lines = [JSON.stringify({ format: 'quartiersatlas-bulk', version: 2, table, fields, rows: rowCount, ids: ids === null ? 'derived' : 'stored' })];
  for (const column of ids === null ? columns : [ids, ...columns]) lines.push(JSON.stringify(encodeColumn(column)));
  // Native zlib: a third of fflate's time for a million values, and no time stamp in the header,
  // so the same rows always make the same file (and name).
  const data = gzipSync(Buffer.from(lines.join('\n'), 'utf8'), { level: 6 });
  const id = crypto.createHash('sha256').update(data).digest('hex');
  writeBlob(directory, id, data);
  return id;
}

export interface BulkBlob {
  table: string;
  fields: string[];
  /** `[id, ...values]` per row; ids re-derived where the blob omitted them. */
  rows: unknown[][];
}

export function readBulkBlob(directory: string, id: string, idOf?: (values: Record<string, unknown>) => string): BulkBlob {
  const data = fs.readFileSync(path.join(directory, id));
  if (crypto.createHash('sha256').update(data).digest('hex') !== id) throw new Error(`Sammeldatei ${id.slice(0, 12)}… ist beschädigt`);
  return decodeBulkBlob(strFromU8(gunzipSync(data)), idOf);
}

/**
 * The rows of a bulk blob from its unzipped text (an exchange file unzips it itself, with a size
 * limit). Throws on anything malformed; callers check the rows' values.
 */
export function decodeBulkBlob(text: string, idOf?: (values: Record<string, unknown>) => string): BulkBlob {
  const [header, ...lines] = text.split('\n');
  const meta = JSON.parse(header!) as { table: string; fields: string[]; rows: number; ids: 'derived' | 'stored' };
  const columns = lines.map((line) => decodeColumn(JSON.parse(line) as EncodedColumn, meta.rows));
  const fieldColumns = meta.ids === 'stored' ? columns.slice(1) : columns;
  if (meta.ids === 'derived' && !idOf) throw new Error(`Sammeldatei für ${meta.table}: Kennungen werden abgeleitet, aber keine Regel ist bekannt`);
  const rows = Array.from({ length: meta.rows }, (_, r) => {
    const values = fieldColumns.map((column) => column[r]);
    const rowId = meta.ids === 'stored' ? columns[0]![r] : idOf!(Object.fromEntries(meta.fields.map((f, i) => [f, values[i]])));
    return [rowId, ...values];
  });
  return { table: meta.table, fields: meta.fields, rows };
}

type EncodedColumn = { values: unknown[] } | { dictionary: unknown[]; codes: number[] };

/** Dictionary-encode a column when it has few distinct values (ids, periods), else keep it plain. */
function encodeColumn(values: unknown[]): EncodedColumn {
  const dictionary: unknown[] = [];
  const index = new Map<unknown, number>();
  const codes = new Array<number>(values.length);
  for (let i = 0; i < values.length; i++) {
    // Sorted deliveries repeat the previous row's id or period: no lookup for those.
    if (i > 0 && values[i] === values[i - 1]) {
      codes[i] = codes[i - 1]!;
      continue;
    }
    let code = index.get(values[i]);
    if (code === undefined) {
      code = dictionary.length;
      dictionary.push(values[i]);
      index.set(values[i], code);
      if (dictionary.length > values.length / 4 + 16) return { values };
    }
    codes[i] = code;
  }
  return { dictionary, codes };
}

function decodeColumn(column: EncodedColumn, length: number): unknown[] {
  if ('values' in column) return column.values;
  const out = new Array<unknown>(length);
  for (let i = 0; i < length; i++) out[i] = column.dictionary[column.codes[i]!];
  return out;
}
