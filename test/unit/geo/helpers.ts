import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Position } from 'geojson';
import type { SourceFile } from '../../../electron/core/geo/types.ts';

const ROOT = resolve(import.meta.dirname, '../../..');

export function fixture(relativePath: string): SourceFile {
  return { name: relativePath.split('/').pop()!, data: new Uint8Array(readFileSync(resolve(ROOT, relativePath))) };
}

export const FLENSBURG_SHP_PARTS = ['shp', 'shx', 'dbf', 'prj', 'cpg'].map((extension) =>
  fixture(`test/fixtures/flensburg-shp/Stadtteile.${extension}`),
);

export function textFile(name: string, text: string): SourceFile {
  return { name, data: new TextEncoder().encode(text) };
}

/** Great-circle distance in metres; at city scale accurate to far below a millimetre of relative error. */
export function distanceMetres([lon1, lat1]: Position, [lon2, lat2]: Position): number {
  const rad = Math.PI / 180;
  const dLat = (lat2! - lat1!) * rad;
  const dLon = (lon2! - lon1!) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(lat1! * rad) * Math.cos(lat2! * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6_371_008.8 * Math.asin(Math.sqrt(h));
}

/** Windows-1252 equals Latin-1 for the letters tests use (ä ö ü ß Ä Ö Ü). */
export function encodeWindows1252(text: string): Uint8Array {
  return Uint8Array.from(text, (char) => {
    const code = char.charCodeAt(0);
    if (code > 0xff || (code >= 0x80 && code < 0xa0)) throw new Error(`not encodable in the test helper: ${char}`);
    return code;
  });
}

export interface DbfField {
  name: string;
  type: 'C' | 'N' | 'D';
  length: number;
}

/** Minimal dBase III writer; values are written left-aligned and padded with spaces. */
export function writeDbf(fields: DbfField[], rows: string[][], encode: (text: string) => Uint8Array): Uint8Array {
  const headerLength = 32 + 32 * fields.length + 1;
  const recordLength = 1 + fields.reduce((sum, field) => sum + field.length, 0);
  const bytes = new Uint8Array(headerLength + rows.length * recordLength + 1).fill(0x20, headerLength);
  const view = new DataView(bytes.buffer);
  bytes.set([0x03, 124, 1, 1]);
  view.setUint32(4, rows.length, true);
  view.setUint16(8, headerLength, true);
  view.setUint16(10, recordLength, true);
  fields.forEach((field, index) => {
    const at = 32 + index * 32;
    bytes.set(new TextEncoder().encode(field.name).subarray(0, 10), at);
    bytes[at + 11] = field.type.charCodeAt(0);
    bytes[at + 16] = field.length;
  });
  bytes[headerLength - 1] = 0x0d;
  rows.forEach((row, r) => {
    let at = headerLength + r * recordLength + 1;
    fields.forEach((field, f) => {
      bytes.set(encode(row[f] ?? '').subarray(0, field.length), at);
      at += field.length;
    });
  });
  bytes[bytes.length - 1] = 0x1a;
  return bytes;
}

/** Minimal .shp/.shx writer for polygons (one ring each) or points. */
export function writeShp(shapes: Position[][] | Position[], kind: 'polygon' | 'point'): { shp: Uint8Array; shx: Uint8Array } {
  const contents = shapes.map((shape) => (kind === 'polygon' ? polygonContent(shape as Position[]) : pointContent(shape as Position)));
  const all = (kind === 'polygon' ? (shapes as Position[][]).flat() : (shapes as Position[])) as [number, number][];
  const box = [
    Math.min(...all.map((p) => p[0])),
    Math.min(...all.map((p) => p[1])),
    Math.max(...all.map((p) => p[0])),
    Math.max(...all.map((p) => p[1])),
  ];
  const shapeType = kind === 'polygon' ? 5 : 1;
  const shpLength = 100 + contents.reduce((sum, content) => sum + 8 + content.length, 0);
  const shp = new Uint8Array(shpLength);
  const shx = new Uint8Array(100 + 8 * contents.length);
  writeHeader(new DataView(shp.buffer), shpLength, shapeType, box);
  writeHeader(new DataView(shx.buffer), shx.length, shapeType, box);
  let offset = 100;
  contents.forEach((content, index) => {
    const view = new DataView(shp.buffer);
    view.setInt32(offset, index + 1, false);
    view.setInt32(offset + 4, content.length / 2, false);
    shp.set(content, offset + 8);
    const index_ = new DataView(shx.buffer);
    index_.setInt32(100 + index * 8, offset / 2, false);
    index_.setInt32(104 + index * 8, content.length / 2, false);
    offset += 8 + content.length;
  });
  return { shp, shx };
}

function writeHeader(view: DataView, byteLength: number, shapeType: number, box: number[]) {
  view.setInt32(0, 9994, false);
  view.setInt32(24, byteLength / 2, false);
  view.setInt32(28, 1000, true);
  view.setInt32(32, shapeType, true);
  box.forEach((value, i) => view.setFloat64(36 + i * 8, value, true));
}

function polygonContent(ring: Position[]): Uint8Array {
  const bytes = new Uint8Array(44 + 4 + ring.length * 16);
  const view = new DataView(bytes.buffer);
  view.setInt32(0, 5, true);
  const xs = ring.map((p) => p[0]!);
  const ys = ring.map((p) => p[1]!);
  [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)].forEach((value, i) =>
    view.setFloat64(4 + i * 8, value, true),
  );
  view.setInt32(36, 1, true);
  view.setInt32(40, ring.length, true);
  view.setInt32(44, 0, true);
  ring.forEach(([x, y], i) => {
    view.setFloat64(48 + i * 16, x!, true);
    view.setFloat64(56 + i * 16, y!, true);
  });
  return bytes;
}

function pointContent([x, y]: Position): Uint8Array {
  const bytes = new Uint8Array(20);
  const view = new DataView(bytes.buffer);
  view.setInt32(0, 1, true);
  view.setFloat64(4, x!, true);
  view.setFloat64(12, y!, true);
  return bytes;
}
