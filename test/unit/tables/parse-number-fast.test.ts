import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { missingToken, parseNumber, readsAsNumber, simpleNumber, voteDecimal } from '../../../electron/core/tables/parse-number.ts';

const SEED = Number(process.env.FC_SEED ?? 20261125);

// The fast paths answer cells that start with a digit, a minus or a letter without regular
// expressions. A leading space bypasses every fast path, and the full rules trim first, so
// " " + text is the full rules' answer for text: the oracle for these properties.
const full = (text: string) => ` ${text}`;

const ALPHABET = ['0', '1', '2', '5', '9', '.', ',', '-', '+', ' ', '%', '‰', 'p', 's', 'S', '*', '¹', 'x', 'k', 'A', 'n', '#', '/', '…', '\u00A0', "'", '−', '–', 'e', 'c', '_'];
const cell = fc.oneof(
  fc.array(fc.constantFrom(...ALPHABET), { maxLength: 10 }).map((chars) => chars.join('')),
  // Plain numbers in both notations with any digit counts (some too long for the fast path),
  // with signs, markers, units and footnote marks around them.
  fc
    .tuple(
      fc.constantFrom('', '', '-', '+', '−', '–', '- '),
      fc.array(fc.constantFrom('0', '1', '7', '9'), { maxLength: 17 }),
      fc.constantFrom('', ',', '.'),
      fc.array(fc.constantFrom('0', '3', '5'), { maxLength: 5 }),
      fc.constantFrom('', '', '', 'p', ' P', 's', 'S', '%', ' %', '‰', '*', '¹', ' s%'),
    )
    .map(([sign, integer, point, fraction, suffix]) => `${sign}${integer.join('')}${point}${fraction.join('')}${suffix}`),
  fc
    .tuple(fc.integer({ min: 1, max: 999 }), fc.array(fc.nat(999), { minLength: 1, maxLength: 5 }), fc.constantFrom('.', ','), fc.option(fc.nat(99), { nil: undefined }))
    .map(([head, groups, group, fraction]) => {
      const integer = `${head}${groups.map((part) => group + String(part).padStart(3, '0')).join('')}`;
      return fraction === undefined ? integer : `${integer}${group === '.' ? ',' : '.'}${fraction}`;
    }),
  fc.constantFrom('0', '-0', '-0,0', '00,123', '0,374', '1.374', '999999999999999', '9999999999999999', '0,000000000000001', '1e5', 'Altstadt', 'Nordstadt', 'x', 'k.A.'),
);

describe('fast paths of the number rules', () => {
  it('parseNumber, missingToken, voteDecimal and readsAsNumber agree with the full rules', () => {
    fc.assert(
      fc.property(cell, fc.constantFrom(',', '.', 'plain' as const), fc.constantFrom('missing', 'zero' as const), (text, decimal, dash) => {
        expect(parseNumber(text, { decimal, dash })).toEqual(parseNumber(full(text), { decimal, dash }));
        expect(missingToken(text, dash)).toBe(missingToken(full(text), dash));
        expect(voteDecimal(text)).toBe(voteDecimal(full(text)));
        const number = (['.', ','] as const).some((point) => {
          const parsed = parseNumber(full(text), { decimal: point });
          return parsed.ok && parsed.value !== null;
        });
        expect(readsAsNumber(text)).toBe(number);
      }),
      { seed: SEED, numRuns: 5000 },
    );
  });

  it('simpleNumber gives the same double as Number() on the decimal text, or leaves the cell to the full rules', () => {
    fc.assert(
      fc.property(cell, fc.constantFrom(',', '.' as const), (text, decimal) => {
        const value = simpleNumber(text, decimal);
        if (value === undefined) return;
        expect(parseNumber(full(text), { decimal })).toEqual({ ok: true, value, flag: null, unit: null });
      }),
      { seed: SEED, numRuns: 5000 },
    );
    expect(simpleNumber('0,1', ',')).toBe(0.1);
    expect(simpleNumber('1.234.567,891', ',')).toBe(1234567.891);
    expect(simpleNumber('-0,0', ',')).toBe(0);
    expect(Object.is(simpleNumber('-0', ','), 0)).toBe(true);
    expect(simpleNumber('1234.567', ',')).toBeUndefined();
    expect(simpleNumber('1 234', ',')).toBeUndefined();
    expect(simpleNumber('1234567890123456', ',')).toBeUndefined();
  });
});

describe('missing-value tokens', () => {
  it('does not take inherited object keys for tokens', async () => {
    const { missingToken } = await import('../../../electron/core/tables/parse-number.ts');
    expect(missingToken('constructor')).toBeUndefined();
    expect(missingToken('__proto__')).toBeUndefined();
    expect(missingToken('k. A.')).toBe('missing');
    expect(missingToken('.')).toBe('suppressed');
  });
});
