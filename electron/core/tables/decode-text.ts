import type { TableEncoding } from './types.ts';

export interface DecodedText {
  text: string;
  encoding: TableEncoding;
}

/**
 * Decodes CSV bytes: a BOM decides; otherwise text that is valid UTF-8 is UTF-8, and anything else
 * is Windows-1252 (what German Excel writes for "CSV (Trennzeichen-getrennt)").
 */
export function decodeText(data: Uint8Array, forced?: TableEncoding): DecodedText {
  const bom = detectBom(data);
  const encoding = forced ?? bom?.encoding ?? (isValidUtf8(data) ? 'utf-8' : 'windows-1252');
  const skip = bom && bom.encoding === encoding ? bom.length : 0;
  const text = new TextDecoder(encoding).decode(data.subarray(skip));
  return { text, encoding };
}

function detectBom(data: Uint8Array): { encoding: TableEncoding; length: number } | undefined {
  if (data[0] === 0xef && data[1] === 0xbb && data[2] === 0xbf) return { encoding: 'utf-8', length: 3 };
  if (data[0] === 0xff && data[1] === 0xfe) return { encoding: 'utf-16le', length: 2 };
  return undefined;
}

function isValidUtf8(data: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(data);
    return true;
  } catch {
    return false;
  }
}
