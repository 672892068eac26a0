import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { SourceFile } from '../../../electron/core/geo/types.ts';
import type { UnitRef } from '../../../electron/core/tables/match-units.ts';
import { parseValueMapping, type ValueMapping, type ValueMappingInput } from '../../../shared/value-mapping.ts';

const ROOT = resolve(import.meta.dirname, '../../..');
export const STATISTIK = resolve(ROOT, 'resources/demo/flensburg/statistik');

export function statistikFile(name: string): SourceFile {
  return { name, data: new Uint8Array(readFileSync(resolve(STATISTIK, name))) };
}

export function flensburgMapping(name: string): ValueMapping {
  const parsed = parseValueMapping(JSON.parse(readFileSync(resolve(STATISTIK, 'mappings', name), 'utf8')));
  if (!parsed.ok) throw new Error(`${name}: ${parsed.errors.join('; ')}`);
  return parsed.mapping;
}

/** A mapping as a test writes it: version and name are filled in. */
export type TestMappingInput = ValueMappingInput extends infer T ? (T extends unknown ? Omit<T, 'version' | 'name'> : never) : never;

export function testMapping(input: TestMappingInput): ValueMapping {
  const parsed = parseValueMapping({ version: 1, name: 'Test', ...input });
  if (!parsed.ok) throw new Error(parsed.errors.join('; '));
  return parsed.mapping;
}

/** The 13 Stadtteile of the demo (STGT01 … STGT13, "01 Altstadt" …), read from the bundled GeoJSON. */
export function flensburgUnits(): UnitRef[] {
  const geojson = JSON.parse(readFileSync(resolve(ROOT, 'resources/demo/flensburg/flensburg_stadtteile.geojson'), 'utf8')) as {
    features: Array<{ properties: { AREA_ID: string; AREA_NAME: string } }>;
  };
  return geojson.features.map(({ properties }) => ({ code: properties.AREA_ID, name: properties.AREA_NAME }));
}

export const GELSENKIRCHEN_UNITS: UnitRef[] = [
  { code: 'ST10', name: 'Altstadt' },
  { code: 'ST14', name: 'Bulmke-Hüllen' },
  { code: 'ST16', name: 'Heßler' },
  { code: 'ST50', name: 'Neustadt' },
  { code: 'ST51', name: 'Ückendorf' },
];

const WINDOWS_1252 = (() => {
  const decoder = new TextDecoder('windows-1252');
  const map = new Map<string, number>();
  for (let byte = 0; byte < 256; byte++) map.set(decoder.decode(Uint8Array.of(byte)), byte);
  return map;
})();

/** Real Windows-1252 (incl. "–" 0x96 and "€" 0x80), as German Excel writes CSV. */
export function encodeWindows1252(text: string): Uint8Array {
  return Uint8Array.from(text, (char) => {
    const byte = WINDOWS_1252.get(char);
    if (byte === undefined) throw new Error(`not in Windows-1252: ${char}`);
    return byte;
  });
}

export function bytesFile(name: string, data: Uint8Array): SourceFile {
  return { name, data };
}

export function utf8File(name: string, text: string, bom = false): SourceFile {
  const body = new TextEncoder().encode(text);
  return { name, data: bom ? Uint8Array.from([0xef, 0xbb, 0xbf, ...body]) : body };
}
