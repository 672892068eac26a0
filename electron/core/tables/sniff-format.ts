/** What kind of file the bytes are, judged by content first and by name only for text. */
export type SniffedFormat =
  | { kind: 'csv' }
  | { kind: 'zip' }
  | { kind: 'empty' }
  | { kind: 'unsupported'; what: string };

const MAGIC: Array<{ bytes: number[]; what: string }> = [
  { bytes: [0x89, 0x50, 0x4e, 0x47], what: 'ein PNG-Bild' },
  { bytes: [0xff, 0xd8, 0xff], what: 'ein JPEG-Bild' },
  { bytes: [0x47, 0x49, 0x46, 0x38], what: 'ein GIF-Bild' },
  { bytes: [0x25, 0x50, 0x44, 0x46], what: 'ein PDF-Dokument' },
  // OLE2 compound file: the old binary Excel (.xls) or Word (.doc) format.
  { bytes: [0xd0, 0xcf, 0x11, 0xe0], what: 'eine Datei im alten Office-Format (.xls)' },
  { bytes: [0x1f, 0x8b], what: 'ein gzip-Archiv' },
  { bytes: [0x53, 0x51, 0x4c, 0x69, 0x74, 0x65], what: 'eine SQLite-Datenbank' },
];

const TEXT_BOMS = [
  [0xef, 0xbb, 0xbf],
  [0xff, 0xfe],
  [0xfe, 0xff],
];

export function sniffFormat(data: Uint8Array): SniffedFormat {
  if (data.length === 0) return { kind: 'empty' };
  if (startsWith(data, [0x50, 0x4b, 0x03, 0x04]) || startsWith(data, [0x50, 0x4b, 0x05, 0x06])) return { kind: 'zip' };
  for (const { bytes, what } of MAGIC) if (startsWith(data, bytes)) return { kind: 'unsupported', what };
  if (TEXT_BOMS.some((bom) => startsWith(data, bom))) return { kind: 'csv' };
  // NUL bytes or many control characters do not occur in CSV text from any spreadsheet tool.
  const head = data.subarray(0, 8192);
  let control = 0;
  for (const byte of head) {
    if (byte === 0) return { kind: 'unsupported', what: 'eine Binärdatei' };
    if (byte < 0x09 || (byte > 0x0d && byte < 0x20 && byte !== 0x1a)) control++;
  }
  if (control > head.length * 0.05) return { kind: 'unsupported', what: 'eine Binärdatei' };
  return { kind: 'csv' };
}

function startsWith(data: Uint8Array, bytes: number[]): boolean {
  return bytes.every((byte, index) => data[index] === byte);
}
