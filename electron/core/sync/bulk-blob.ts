import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { gunzipSync, gzipSync, strFromU8, strToU8 } from 'fflate';
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
  const columns = [...(idsDerived ? [] : ['id']), ...fields];
  const lines = [JSON.stringify({ format: 'quartiersatlas-bulk', version: 2, table, fields, rows: rows.length, ids: idsDerived ? 'derived' : 'stored' })];
  columns.forEach((column) => {
    const index = column === 'id' ? 0 : fields.indexOf(column) + 1;
    lines.push(JSON.stringify(encodeColumn(rows.map((row) => row[index]))));
  });
  const data = gzipSync(strToU8(lines.join('\n')), { level: 6 });
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
  const [header, ...lines] = strFromU8(gunzipSync(data)).split('\n');
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
