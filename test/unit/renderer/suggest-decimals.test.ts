import { describe, expect, it } from 'vitest';
import { suggestDecimals } from '../../../renderer/imports/values/suggest-decimals.ts';

describe('suggestDecimals', () => {
  it('counts the digits after a decimal comma, the most in the column', () => {
    expect(suggestDecimals(['1,89', '3,5', '0,231'])).toBe(3);
    expect(suggestDecimals(['13,6 %', '1.131,25'])).toBe(2);
  });

  it('reads a dot with three digits after it as thousands, other dots as decimals', () => {
    expect(suggestDecimals(['1.131', '2.105'])).toBe(0);
    expect(suggestDecimals(['1.5', '2.25'])).toBe(2);
  });

  it('counts give 0; text, empty cells and missing tokens give no suggestion', () => {
    expect(suggestDecimals(['554', '1097'])).toBe(0);
    expect(suggestDecimals(['', '-', 'x', 'geschätzt'])).toBeNull();
  });

  it('never suggests more than the catalogue allows (6)', () => {
    expect(suggestDecimals(['0,123456789'])).toBe(6);
  });
});
