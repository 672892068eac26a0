import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decideDecimal, parseNumber, voteDecimal } from '../../../electron/core/tables/parse-number.ts';

const SEED = Number(process.env.FC_SEED ?? 20261125);
const de = (text: string) => parseNumber(text, { decimal: ',' });
const en = (text: string) => parseNumber(text, { decimal: '.' });

describe('parseNumber', () => {
  it.each([
    ['1.374', 1374],
    ['15,8', 15.8],
    ['1 234,5', 1234.5],
    ['1\u00A0234,5', 1234.5],
    ['1\u202F234,5', 1234.5],
    ['-3,2', -3.2],
    ['−3,2', -3.2],
    ['+3,2', 3.2],
    ['1.234.567', 1234567],
    ['0,5', 0.5],
    [',5', 0.5],
    ['1234', 1234],
    ['-0', 0],
    ['1.234,56', 1234.56],
  ])('German %j → %d', (text, value) => {
    expect(de(text)).toEqual({ ok: true, value, flag: null, unit: null });
  });

  it.each([
    ['1,374', 1374],
    ['1.5', 1.5],
    ['1,234,567.25', 1234567.25],
  ])('English %j → %d', (text, value) => {
    expect(en(text)).toMatchObject({ ok: true, value });
  });

  it('percent and per mille keep the number and name the unit', () => {
    expect(de('53,40%')).toEqual({ ok: true, value: 53.4, flag: null, unit: 'percent' });
    expect(de('45 %')).toMatchObject({ value: 45, unit: 'percent' });
    expect(de('-1,5 %')).toMatchObject({ value: -1.5, unit: 'percent' });
    expect(de('28,3‰')).toMatchObject({ value: 28.3, unit: 'permille' });
  });

  it.each([
    ['', 'missing'],
    ['-', 'missing'],
    ['–', 'missing'],
    ['x', 'missing'],
    ['X', 'missing'],
    ['k.A.', 'missing'],
    ['k. A.', 'missing'],
    ['n.v.', 'missing'],
    ['#NV', 'missing'],
    ['…', 'missing'],
    ['.', 'suppressed'],
    ['*', 'suppressed'],
    ['/', 'suppressed'],
  ] as const)('token %j → %s', (text, flag) => {
    expect(de(text)).toEqual({ ok: true, value: null, flag, unit: null });
  });

  it('a dash can mean zero, as in the official sign convention', () => {
    expect(parseNumber('–', { decimal: ',', dash: 'zero' })).toMatchObject({ value: 0, flag: null });
  });

  it('markers: provisional, estimated, footnote marks', () => {
    expect(de('1.374 p')).toMatchObject({ value: 1374, flag: 'provisional' });
    expect(de('12,5s')).toMatchObject({ value: 12.5, flag: 'estimated' });
    expect(de('1.374*')).toMatchObject({ value: 1374, flag: null, footnoteMark: '*' });
    expect(de('17¹')).toMatchObject({ value: 17, footnoteMark: '¹' });
  });

  it('XLSX numeric cells are JS numbers and never re-read German-style', () => {
    expect(parseNumber('1.5', { decimal: 'plain' })).toMatchObject({ value: 1.5 });
    expect(parseNumber('1.374', { decimal: 'plain' })).toMatchObject({ value: 1.374 });
    expect(parseNumber('15.8%', { decimal: 'plain' })).toMatchObject({ value: 15.8, unit: 'percent' });
    expect(parseNumber('1e-7', { decimal: 'plain' })).toMatchObject({ value: 1e-7 });
  });

  it.each(['abc', '12a', '1.37', '1,2,3', '1..2', '--1', '1 2 3,4', 'Altstadt'])('%j is not a German number', (text) => {
    const parsed = de(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message).toContain(`„${text}“`);
  });

  it('explains a format mismatch', () => {
    const parsed = de('1.5');
    expect(parsed).toEqual({ ok: false, message: '„1.5“ passt nicht zum Zahlenformat der Spalte (Dezimalkomma und Punkt als Tausendertrennzeichen).' });
  });
});

describe('deciding the decimal separator of a column', () => {
  it.each([
    ['15,8', ','],
    ['0.5', '.'],
    ['1234.5', '.'],
    ['1.234.567', ','],
    ['1,234,567', '.'],
    ['1.234,5', ','],
    ['1,234.5', '.'],
    ['0,374', ','],
    ['1.374', null],
    ['1,374', null],
    ['999', null],
    ['53,40%', ','],
    ['x', null],
  ] as const)('%j proves %s', (text, expected) => {
    expect(voteDecimal(text)).toBe(expected);
  });

  it('one conclusive cell decides the column; none leaves it open', () => {
    expect(decideDecimal(['1.374', '999', '15,8'])).toBe(',');
    expect(decideDecimal(['1.374', '999', '0.5'])).toBe('.');
    expect(decideDecimal(['1.374', '999', '2.191'])).toBeUndefined();
  });
});

describe('properties', () => {
  it('a number written German-style (thousands dot, decimal comma) parses back to itself', () => {
    const german = (value: number, decimals: number) => {
      const [integer, fraction] = Math.abs(value).toFixed(decimals).split('.');
      const grouped = integer!.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
      return `${value < 0 ? '-' : ''}${grouped}${fraction ? `,${fraction}` : ''}`;
    };
    fc.assert(
      fc.property(fc.integer({ min: -999_999_999_999, max: 999_999_999_999 }), fc.integer({ min: 0, max: 3 }), (scaled, decimals) => {
        const value = scaled / 10 ** decimals;
        const text = german(value, decimals);
        const parsed = de(text);
        expect(parsed, text).toMatchObject({ ok: true, value: Number(value.toFixed(decimals)) });
        // The column rule never reads such a cell the other way round.
        expect([',', null]).toContain(voteDecimal(text));
      }),
      { seed: SEED, numRuns: 500 },
    );
  });

  it('Intl formatting parses back: de-DE, de-AT (NBSP), fr-FR (narrow NBSP), sv-SE (U+2212 minus), de-CH (apostrophe)', () => {
    const locales = [
      { locale: 'de-DE', decimal: ',' },
      { locale: 'de-AT', decimal: ',' },
      { locale: 'fr-FR', decimal: ',' },
      { locale: 'sv-SE', decimal: ',' },
      { locale: 'de-CH', decimal: '.' },
    ] as const;
    fc.assert(
      fc.property(fc.constantFrom(...locales), fc.double({ min: -1e9, max: 1e9, noNaN: true }), ({ locale, decimal }, value) => {
        const text = new Intl.NumberFormat(locale, { maximumFractionDigits: 4 }).format(value);
        const parsed = parseNumber(text, { decimal });
        expect(parsed.ok, `${locale}: ${text}`).toBe(true);
        if (parsed.ok) expect(parsed.value).toBeCloseTo(Number(value.toFixed(4)), 3);
      }),
      { seed: SEED, numRuns: 500 },
    );
  });
});
