import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { gunzipSync, gzipSync, strFromU8, strToU8 } from 'fflate';
import { writeBlob } from './blob-store.ts';

/**
 * The rows a bulk op created, as gzip'd JSON lines: a header line naming table and fields, then
 * one array per row (`[id, ...values]`). Stored content-addressed beside the database so the
 * exchange can ship it like a photo; gzip keeps a million values at a few megabytes.
 */
export function writeBulkBlob(directory: string, table: string, fields: string[], rows: unknown[][]): string {
  const lines = [JSON.stringify({ format: 'quartiersatlas-bulk', version: 1, table, fields })];
  for (const row of rows) lines.push(JSON.stringify(row));
  const data = gzipSync(strToU8(lines.join('\n')), { level: 1 });
  const id = crypto.createHash('sha256').update(data).digest('hex');
  writeBlob(directory, id, data);
  return id;
}

export interface BulkBlob {
  table: string;
  fields: string[];
  rows: unknown[][];
}

export function readBulkBlob(directory: string, id: string): BulkBlob {
  const data = fs.readFileSync(path.join(directory, id));
  if (crypto.createHash('sha256').update(data).digest('hex') !== id) throw new Error(`Sammeldatei ${id.slice(0, 12)}… ist beschädigt`);
  const [header, ...lines] = strFromU8(gunzipSync(data)).split('\n');
  const meta = JSON.parse(header!) as { table: string; fields: string[] };
  return { table: meta.table, fields: meta.fields, rows: lines.map((line) => JSON.parse(line) as unknown[]) };
}
