import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { matchUnits, type UnitRef } from '../../../electron/core/tables/match-units.ts';
import { foldName, normaliseKey, normaliseName } from '../../../electron/core/tables/normalise-name.ts';
import { GELSENKIRCHEN_UNITS, flensburgUnits } from './helpers.ts';

const SEED = Number(process.env.FC_SEED ?? 20261125);
const FLENSBURG = flensburgUnits();

function matched(raw: string[], units: UnitRef[], mode: 'key' | 'name' | 'auto', manual = {}) {
  const result = matchUnits(raw, units, mode, manual);
  return { ...result, map: Object.fromEntries(result.matches) };
}

describe('normalising names and keys', () => {
  it.each([
    ['03 Nordstadt', 'nordstadt'],
    ['Nordstadt', 'nordstadt'],
    ['Westliche_Höhe', 'westliche hoehe'],
    ['04 Westliche Höhe', 'westliche hoehe'],
    ['HESSLER', 'hessler'],
    ['Heßler', 'hessler'],
    ['Bulmke-Hüllen', 'bulmke huellen'],
    ['  Ückendorf ', 'ueckendorf'],
    ['Friesischer  Berg', 'friesischer berg'],
  ])('%j → %j', (text, expected) => {
    expect(normaliseName(text)).toBe(expected);
  });

  it('folding drops umlaut dots instead of spelling them out', () => {
    expect(foldName('Jürgensby')).toBe('jurgensby');
    expect(foldName('Jurgensby')).toBe('jurgensby');
    expect(foldName('Heßler')).toBe('hessler');
  });

  it('keys', () => {
    expect(normaliseKey('05513000')).toBe('5513000');
    expect(normaliseKey('stgt-01')).toBe('STGT01');
    expect(normaliseKey('0')).toBe('0');
  });

  it('normalisation is idempotent', () => {
    const texts = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 30 }),
      fc.string({ unit: fc.constantFrom(...'äöüÄÖÜßẞéÉ _-.0123 abcXYZ\u00A0İı'), maxLength: 20 }),
    );
    fc.assert(
      fc.property(texts, (text) => {
        expect(normaliseName(normaliseName(text))).toBe(normaliseName(text));
        expect(foldName(foldName(text))).toBe(foldName(text));
      }),
      { seed: SEED, numRuns: 1000 },
    );
  });
});

describe('matchUnits', () => {
  it('keys: lost leading zero and other prefixes (1 ↔ 01 ↔ STGT01)', () => {
    const { map, unmatched } = matched(['1', '01', 'STGT01', 'stgt13', '13', 'ST 7'], FLENSBURG, 'key');
    expect(map).toEqual({ '1': 'STGT01', '01': 'STGT01', STGT01: 'STGT01', stgt13: 'STGT13', '13': 'STGT13', 'ST 7': 'STGT07' });
    expect(unmatched).toEqual([]);
  });

  it('keys: municipality code without its leading zero', () => {
    const units = [
      { code: '05513000', name: 'Gelsenkirchen' },
      { code: '05512000', name: 'Bottrop' },
    ];
    expect(matched(['5513000'], units, 'key').map).toEqual({ '5513000': '05513000' });
  });

  it('keys: an ambiguous numeric suffix is not guessed', () => {
    const units = [
      { code: 'A01', name: 'Eins A' },
      { code: 'B01', name: 'Eins B' },
    ];
    const { map, unmatched } = matched(['1', 'A1'], units, 'key');
    expect(map).toEqual({ A1: 'A01' });
    expect(unmatched).toEqual([{ raw: '1', reason: 'ambiguous', candidates: units }]);
  });

  it('names: Flensburg spellings with and without number, underscores', () => {
    const raw = ['Altstadt', '01 Altstadt', 'Westliche_Höhe', 'FRIESISCHER BERG', 'Muerwik', 'Jurgensby', 'südstadt'];
    const { map, unmatched } = matched(raw, FLENSBURG, 'name');
    expect(map).toEqual({
      Altstadt: 'STGT01',
      '01 Altstadt': 'STGT01',
      Westliche_Höhe: 'STGT04',
      'FRIESISCHER BERG': 'STGT05',
      Muerwik: 'STGT11',
      Jurgensby: 'STGT09',
      südstadt: 'STGT07',
    });
    expect(unmatched).toEqual([]);
  });

  it('names: a conflicting leading number is refused, with the unit offered', () => {
    const { map, unmatched } = matched(['04 Nordstadt'], FLENSBURG, 'name');
    expect(map).toEqual({});
    expect(unmatched).toEqual([{ raw: '04 Nordstadt', reason: 'not-found', candidates: [{ code: 'STGT03', name: '03 Nordstadt' }] }]);
  });

  it('names: unknown names are listed with similar candidates', () => {
    const { unmatched } = matched(['Hesler', 'Stadt insgesamt'], GELSENKIRCHEN_UNITS, 'name');
    expect(unmatched).toEqual([
      { raw: 'Hesler', reason: 'not-found', candidates: [{ code: 'ST16', name: 'Heßler' }] },
      { raw: 'Stadt insgesamt', reason: 'not-found', candidates: [] },
    ]);
  });

  it('names: two units with the same name are ambiguous', () => {
    const units = [
      { code: 'GE-ALT', name: 'Altstadt' },
      { code: 'BOT-ALT', name: '01 Altstadt' },
    ];
    expect(matched(['altstadt'], units, 'name').unmatched).toEqual([{ raw: 'altstadt', reason: 'ambiguous', candidates: units }]);
    expect(matched(['Alt-Stadt', 'ALT STADT'], units.slice(0, 1), 'name').map).toEqual({ 'Alt-Stadt': 'GE-ALT', 'ALT STADT': 'GE-ALT' });
  });

  it('auto: key or name, and disagreement is reported', () => {
    const units = [
      { code: '1', name: 'Nord' },
      { code: '2', name: '1' },
    ];
    expect(matched(['3', 'STGT02', '03 Nordstadt', 'Westliche Höhe'], FLENSBURG, 'auto').map).toEqual({
      '3': 'STGT03',
      STGT02: 'STGT02',
      '03 Nordstadt': 'STGT03',
      'Westliche Höhe': 'STGT04',
    });
    expect(matched(['1'], units, 'auto').unmatched).toEqual([{ raw: '1', reason: 'ambiguous', candidates: units }]);
  });

  it('manual assignments win; null skips a row; an unknown code is reported', () => {
    const result = matched(['Gesamt', 'Zentrum', 'Irgendwo', '1'], FLENSBURG, 'auto', { Gesamt: null, Zentrum: 'STGT01', Irgendwo: 'STGT99' });
    expect(result.map).toEqual({ Zentrum: 'STGT01', '1': 'STGT01' });
    expect([...result.ignored]).toEqual(['Gesamt']);
    expect(result.unmatched).toEqual([{ raw: 'Irgendwo', reason: 'unknown-assignment', candidates: [] }]);
  });
});
