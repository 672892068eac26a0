import { describe, expect, it } from 'vitest';
import { buildBaseStyle, LAYER } from '../../renderer/map/style.ts';
import { ContractSource } from '../../renderer/map/pmtiles-source.ts';

describe('map style', () => {
  it('is fully local: no glyphs, no sprite, no URL anywhere', () => {
    const style = buildBaseStyle();
    expect(style).not.toHaveProperty('glyphs');
    expect(style).not.toHaveProperty('sprite');
    expect(JSON.stringify(style)).not.toMatch(/https?:|\/\//);
  });

  it('has the stable layer ids the end-to-end tests query, facilities on top', () => {
    const ids = buildBaseStyle().layers.map((l) => l.id);
    for (const id of ['units-fill', 'units-outline', 'units-label', 'facilities-circle']) expect(ids).toContain(id);
    expect(ids.indexOf(LAYER.facilitiesCircle)).toBeGreaterThan(ids.indexOf(LAYER.unitsLabel));
    expect(ids.indexOf(LAYER.unitsFill)).toBeLessThan(ids.indexOf(LAYER.unitsOutline));
  });

  it('labels use local fonts', () => {
    const label = buildBaseStyle().layers.find((l) => l.id === LAYER.unitsLabel);
    expect(label?.layout).toMatchObject({ 'text-font': ['sans-serif'] });
  });
});

describe('ContractSource (PMTiles over basemap.read)', () => {
  it('returns the requested range as an ArrayBuffer and stops at end of file', async () => {
    const file = Uint8Array.from({ length: 100 }, (_, i) => i);
    const reads: [number, number][] = [];
    const source = new ContractSource('basemap-1', async (offset, length) => {
      reads.push([offset, length]);
      return file.slice(offset, offset + length);
    });
    expect(source.getKey()).toBe('basemap-1');
    const { data } = await source.getBytes(10, 5);
    expect([...new Uint8Array(data)]).toEqual([10, 11, 12, 13, 14]);
    const tail = await source.getBytes(90, 16384);
    expect(tail.data.byteLength).toBe(10);
    expect(reads).toEqual([
      [10, 5],
      [90, 16384],
    ]);
  });

  it('splits reads larger than 16 MiB', async () => {
    const reads: [number, number][] = [];
    const source = new ContractSource('k', async (offset, length) => {
      reads.push([offset, length]);
      return new Uint8Array(length);
    });
    const { data } = await source.getBytes(0, 20 * 1024 * 1024);
    expect(data.byteLength).toBe(20 * 1024 * 1024);
    expect(reads).toEqual([
      [0, 16 * 1024 * 1024],
      [16 * 1024 * 1024, 4 * 1024 * 1024],
    ]);
  });
});

describe('label points', async () => {
  const { labelPoints } = await import('../../renderer/map/label-points.ts');
  it('puts one label inside each unit, in its largest part', () => {
    // A U-shaped unit: its bbox centre and centroid lie outside, in the notch.
    const u = [[[0, 0], [10, 0], [10, 10], [7, 10], [7, 3], [3, 3], [3, 10], [0, 10], [0, 0]]];
    const small = [[[20, 20], [21, 20], [21, 21], [20, 21], [20, 20]]];
    const result = labelPoints({
      features: [
        { geometry: { type: 'MultiPolygon', coordinates: [small, u] }, properties: { id: 'a', name: 'U' } },
        { geometry: { type: 'Point', coordinates: [1, 1] }, properties: { id: 'b', name: 'Punkt' } },
      ],
    });
    expect(result.features).toHaveLength(1);
    const [x, y] = result.features[0]!.geometry.coordinates as [number, number];
    expect(result.features[0]!.properties).toEqual({ id: 'a', name: 'U' });
    const insideU = x >= 0 && x <= 10 && y >= 0 && y <= 10 && !(x > 3 && x < 7 && y > 3);
    expect(insideU).toBe(true);
  });
});
