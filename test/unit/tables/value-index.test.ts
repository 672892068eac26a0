import { describe, expect, it } from 'vitest';
import { ValueIndex } from '../../../electron/core/tables/value-index.ts';

describe('ValueIndex (duplicate check of applyMapping)', () => {
  it('finds stored positions per (pair, unit), densely and beyond the dense budget', () => {
    // 3,000,000 units: the first pair gets dense slots, later pairs go to the map.
    const index = new ValueIndex(3_000_000);
    index.set(0, 5, 0);
    index.set(1, 7, 1);
    index.set(2, 2_999_999, 2);
    expect(index.get(0, 5)).toBe(0);
    expect(index.get(1, 7)).toBe(1);
    expect(index.get(2, 2_999_999)).toBe(2);
    expect([index.get(0, 6), index.get(1, 5), index.get(2, 0), index.get(3, 5)]).toEqual([-1, -1, -1, -1]);
  });

  it('works without any unit', () => {
    const index = new ValueIndex(0);
    expect(index.get(0, 0)).toBe(-1);
    index.set(0, 0, 4);
    expect(index.get(0, 0)).toBe(4);
  });
});
