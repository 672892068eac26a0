import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { suppressCounts, suppressShares, suppressTable, type SuppressedCount, type TotalRelation } from '../../../shared/stats/suppress.ts';
import { seed } from './fc-config.ts';

const byKey = (cells: SuppressedCount[]) => Object.fromEntries(cells.map((c) => [c.key, c]));

describe('primary suppression', () => {
  it('hides counts below the threshold; zero stays unless asked', () => {
    const cells = [
      { key: 'a', value: 0 },
      { key: 'b', value: 2 },
      { key: 'c', value: 3 },
      { key: 'd', value: null },
    ];
    expect(suppressCounts(cells, { threshold: 3 })).toEqual([
      { key: 'a', value: 0, status: 'shown', reason: null, display: null },
      { key: 'b', value: null, status: 'suppressed', reason: 'below-threshold', display: '.' },
      { key: 'c', value: 3, status: 'shown', reason: null, display: null },
      { key: 'd', value: null, status: 'missing', reason: null, display: null },
    ]);
    expect(suppressCounts(cells, { threshold: 5, suppressZero: true, symbol: 'below' })[0]).toMatchObject({ status: 'suppressed', display: '<5' });
  });
});

describe('secondary suppression', () => {
  it('hides the next-smallest part when exactly one part is suppressed', () => {
    // total 20 = 2 + 7 + 11: with only "2" hidden, 20 − 7 − 11 gives it back, so 7 goes too
    const out = byKey(
      suppressTable(
        [
          { key: 'total', value: 20 },
          { key: 'a', value: 2 },
          { key: 'b', value: 7 },
          { key: 'c', value: 11 },
        ],
        [{ total: 'total', parts: ['a', 'b', 'c'] }],
        { threshold: 3 },
      ),
    );
    expect(out.a).toMatchObject({ status: 'suppressed', reason: 'below-threshold' });
    expect(out.b).toMatchObject({ value: null, status: 'suppressed', reason: 'secondary', display: '.' });
    expect(out.c).toMatchObject({ value: 11, status: 'shown' });
    expect(out.total).toMatchObject({ value: 20, status: 'shown' });
  });

  it('leaves a table alone when two parts are already hidden', () => {
    const out = byKey(
      suppressTable(
        [{ key: 't', value: 14 }, { key: 'a', value: 1 }, { key: 'b', value: 2 }, { key: 'c', value: 11 }],
        [{ total: 't', parts: ['a', 'b', 'c'] }],
        { threshold: 3 },
      ),
    );
    expect(out.c?.status).toBe('shown');
    expect(out.t?.status).toBe('shown');
  });

  it('hides the total when the only part is suppressed', () => {
    const out = byKey(suppressTable([{ key: 't', value: 2 }, { key: 'a', value: 2 }], [{ total: 't', parts: ['a'] }], { threshold: 3 }));
    expect(out.t?.status).toBe('suppressed');
  });

  it('rejects relations naming unknown cells', () => {
    expect(() => suppressTable([{ key: 't', value: 5 }], [{ total: 't', parts: ['nope'] }], { threshold: 3 })).toThrow(/nope/);
  });
});

describe('shares for export', () => {
  it('suppresses shares of suppressed counts and flags small denominators', () => {
    const out = suppressShares(
      [
        { key: 'small-count', numerator: 2, denominator: 400 },
        { key: 'small-base', numerator: 6, denominator: 12 },
        { key: 'fine', numerator: 60, denominator: 400 },
        { key: 'secondary', numerator: 60, denominator: 400, numeratorSuppressed: true },
        { key: 'none', numerator: 5, denominator: 0 },
      ],
      { threshold: 3, minDenominator: 20 },
    );
    expect(out.map((c) => [c.key, c.status, c.reason, c.value])).toEqual([
      ['small-count', 'suppressed', 'numerator-suppressed', null],
      ['small-base', 'unreliable', 'small-denominator', 50],
      ['fine', 'shown', null, 15],
      ['secondary', 'suppressed', 'numerator-suppressed', null],
      ['none', 'missing', null, null],
    ]);
  });
});

describe('suppression: properties', () => {
  const count = fc.oneof(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 500 }));
  const options = fc.record({ threshold: fc.integer({ min: 1, max: 6 }), suppressZero: fc.boolean() });

  const hiddenIn = (out: Map<string, SuppressedCount>, r: TotalRelation) => [r.total, ...r.parts].filter((k) => out.get(k)?.status !== 'shown').length;

  it('never leaves exactly one hidden cell in a total and its parts', () => {
    fc.assert(
      fc.property(fc.array(count, { minLength: 1, maxLength: 12 }), options, (parts, opts) => {
        const cells = [{ key: 'total', value: parts.reduce((a, b) => a + b, 0) }, ...parts.map((value, i) => ({ key: `p${i}`, value }))];
        const relation = { total: 'total', parts: parts.map((_, i) => `p${i}`) };
        const out = suppressTable(cells, [relation], opts);
        expect(hiddenIn(new Map(out.map((c) => [c.key, c])), relation)).not.toBe(1);
        // every small count is hidden; whatever is shown is the original number
        out.forEach((c, i) => {
          const original = cells[i]!.value;
          if (original < opts.threshold && (original !== 0 || opts.suppressZero)) expect(c.status).toBe('suppressed');
          if (c.status === 'shown') expect(c.value).toBe(original);
        });
      }),
      { seed },
    );
  });

  it('also in a cross table where cells sit in a row and a column total', () => {
    fc.assert(
      fc.property(fc.array(fc.array(count, { minLength: 2, maxLength: 4 }), { minLength: 2, maxLength: 4 }), options, (rows, opts) => {
        const width = Math.min(...rows.map((r) => r.length));
        const grid = rows.map((r) => r.slice(0, width));
        const cells = grid.flatMap((r, i) => r.map((value, j) => ({ key: `${i},${j}`, value })));
        const relations: TotalRelation[] = [];
        grid.forEach((r, i) => {
          cells.push({ key: `row${i}`, value: r.reduce((a, b) => a + b, 0) });
          relations.push({ total: `row${i}`, parts: r.map((_, j) => `${i},${j}`) });
        });
        for (let j = 0; j < width; j++) {
          cells.push({ key: `col${j}`, value: grid.reduce((s, r) => s + r[j]!, 0) });
          relations.push({ total: `col${j}`, parts: grid.map((_, i) => `${i},${j}`) });
        }
        const out = new Map(suppressTable(cells, relations, opts).map((c) => [c.key, c]));
        for (const r of relations) expect(hiddenIn(out, r)).not.toBe(1);
      }),
      { seed },
    );
  });
});
