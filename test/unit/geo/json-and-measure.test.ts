import { describe, expect, it } from 'vitest';
import { locateJsonError } from '../../../electron/core/geo/json-error-position.ts';
import { areaKm2, bbox } from '../../../electron/core/geo/measure.ts';

describe('locateJsonError', () => {
  it.each([
    ['{"a": 1,}', { line: 1, column: 9, atEnd: false }],
    ['{\n  "a": [1, 2\n', { line: 3, column: 1, atEnd: true }],
    ['{\n  "a": NaN\n}', { line: 2, column: 8, atEnd: false }],
    ['[1, 2] x', { line: 1, column: 8, atEnd: false }],
    ['{"a": tr', { line: 1, column: 9, atEnd: true }],
    ['{"a": "x\ny"}', { line: 1, column: 9, atEnd: false }],
  ])('%j', (text, expected) => {
    expect(() => JSON.parse(text)).toThrow();
    expect(locateJsonError(text)).toEqual(expected);
  });

  it('finds nothing in valid JSON', () => {
    expect(locateJsonError('{"a": [1, -2.5e3, "\\u00fc", true, null]}')).toBeUndefined();
  });
});

describe('measure', () => {
  it('area of a 0.01° square at 54.8° N', () => {
    const square = { type: 'Polygon' as const, coordinates: [[[9.4, 54.8], [9.41, 54.8], [9.41, 54.81], [9.4, 54.81], [9.4, 54.8]]] };
    // 0.01° lat ≈ 1.113 km, 0.01° lon ≈ 0.641 km at this latitude.
    expect(areaKm2(square)).toBeCloseTo(0.713, 2);
  });

  it('bbox of polygons and points', () => {
    expect(bbox({ type: 'MultiPolygon', coordinates: [[[[9, 54], [10, 54], [10, 55], [9, 54]]], [[[8, 53], [8.5, 53], [8.5, 53.5], [8, 53]]]] })).toEqual([8, 53, 10, 55]);
    expect(bbox({ type: 'Point', coordinates: [9.4, 54.8] })).toEqual([9.4, 54.8, 9.4, 54.8]);
  });
});
