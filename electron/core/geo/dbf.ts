/**
 * dBase reader for shapefile attributes. Our own instead of the `shapefile` package's because that
 * one turns blank dates into 1899-11-30, builds dates in local time and throws on field types it
 * does not know (e.g. Visual FoxPro "I").
 */
export interface DbfTable {
  fields: string[];
  records: Record<string, unknown>[];
  /** Record count announced in the header; more than records.length if the file is cut off. */
  declaredRecords: number;
}

interface FieldDescriptor {
  name: string;
  type: string;
  offset: number;
  length: number;
}

const HEADER_TERMINATOR = 0x0d;
const END_OF_FILE = 0x1a;

/** Throws an Error with a German message when the file is not a dBase table. */
export function readDbf(data: Uint8Array, encoding: string): DbfTable {
  if (data.length < 33) throw new Error('Die Datei ist zu kurz für eine dBase-Tabelle.');
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const declaredRecords = view.getUint32(4, true);
  const headerLength = view.getUint16(8, true);
  const recordLength = view.getUint16(10, true);
  if (headerLength < 33 || headerLength > data.length || recordLength < 1) {
    throw new Error('Der Kopf der dBase-Tabelle ist beschädigt.');
  }

  const decoder = new TextDecoder(encoding);
  const fields = readFieldDescriptors(data, headerLength, decoder);
  const records: Record<string, unknown>[] = [];
  for (let index = 0; index < declaredRecords; index++) {
    const start = headerLength + index * recordLength;
    if (start + recordLength > data.length || data[start] === END_OF_FILE) break;
    // Records flagged as deleted ("*") are kept: the .shp still has their shapes at the same position.
    const record: Record<string, unknown> = {};
    for (const field of fields) {
      const bytes = data.subarray(start + field.offset, start + field.offset + field.length);
      record[field.name] = readValue(field.type, bytes, decoder);
    }
    records.push(record);
  }
  return { fields: fields.map((field) => field.name), records, declaredRecords };
}

function readFieldDescriptors(data: Uint8Array, headerLength: number, decoder: TextDecoder): FieldDescriptor[] {
  const fields: FieldDescriptor[] = [];
  let offset = 1; // byte 0 of each record is the deletion flag
  for (let at = 32; at + 32 <= headerLength && data[at] !== HEADER_TERMINATOR; at += 32) {
    const nameBytes = data.subarray(at, at + 11);
    const nameEnd = nameBytes.indexOf(0);
    const name = decoder.decode(nameEnd === -1 ? nameBytes : nameBytes.subarray(0, nameEnd)).trim();
    const length = data[at + 16]!;
    fields.push({ name, type: String.fromCharCode(data[at + 11]!), offset, length });
    offset += length;
  }
  return fields;
}

function readValue(type: string, bytes: Uint8Array, decoder: TextDecoder): unknown {
  if (type === 'I' && bytes.length === 4) {
    return new DataView(bytes.buffer, bytes.byteOffset, 4).getInt32(0, true);
  }
  const text = decoder.decode(bytes).replace(/\0+$/, '').trim();
  if (text === '') return null;
  switch (type) {
    case 'N':
    case 'F': {
      const value = Number(text);
      return Number.isFinite(value) ? value : null; // "*****" marks an overflowing number
    }
    case 'D':
      return isoDate(text);
    case 'L':
      return /^[TtYy]$/.test(text) ? true : /^[FfNn]$/.test(text) ? false : null;
    default:
      return text;
  }
}

function isoDate(text: string): string | null {
  const match = /^(\d{4})(\d{2})(\d{2})$/.exec(text);
  if (!match) return null;
  const [, year, month, day] = match;
  if (year === '0000' || Number(month) < 1 || Number(month) > 12 || Number(day) < 1 || Number(day) > 31) return null;
  return `${year}-${month}-${day}`;
}

/** Maps the code page names found in .cpg files ("UTF-8", "ANSI 1252", "88591" …) to TextDecoder labels. */
export function encodingFromCpg(cpg: string): string | undefined {
  const name = cpg.replace(/\0/g, '').trim().toUpperCase();
  const windows = /^(?:ANSI\s*|CP\s*|WINDOWS-?)?(125\d)$/.exec(name)?.[1];
  const iso = /^(?:ISO[-_ ]?)?8859[-_ ]?(\d{1,2})$/.exec(name)?.[1];
  const label = /^(UTF-?8|65001)$/.test(name)
    ? 'utf-8'
    : windows
      ? `windows-${windows}`
      : iso
        ? `iso-8859-${iso}`
        : name;
  try {
    return new TextDecoder(label).encoding;
  } catch {
    return undefined;
  }
}

/** True if the records hold non-ASCII text that is valid UTF-8, which Windows-1252 text almost never is. */
export function recordsLookLikeUtf8(data: Uint8Array): boolean {
  if (data.length < 33) return false;
  const headerLength = new DataView(data.buffer, data.byteOffset, data.byteLength).getUint16(8, true);
  const records = data.subarray(headerLength);
  if (!records.some((byte) => byte >= 0x80)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(records);
    return true;
  } catch {
    return false;
  }
}
