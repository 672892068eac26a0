import { describe, expect, it } from 'vitest';
import type { GeoJSONSourceSpecification } from 'maplibre-gl';
import type { MethodOutput } from '../../shared/contract.ts';
import { buildBaseStyle, facilityClusterMaxZoom, facilityFilter, LAYER, SOURCE } from '../../renderer/map/style.ts';
import { visibleFacilities } from '../../renderer/map/visible-facilities.ts';

const point = (id: string, categoryId: string) => ({ type: 'Feature' as const, id, geometry: { type: 'Point', coordinates: [9.4, 54.8] }, properties: { id, categoryId } });

describe('facility clustering', () => {
  it('clusters the facility source and draws clusters with a count in local fonts, single points apart', () => {
    const style = buildBaseStyle();
    const source = style.sources[SOURCE.facilities] as GeoJSONSourceSpecification;
    expect(source.cluster).toBe(true);
    expect(source.promoteId).toBe('id');
    const ids = style.layers.map((l) => l.id);
    // Clusters under the single points, all above the unit labels.
    expect(ids.indexOf(LAYER.facilitiesCluster)).toBeGreaterThan(ids.indexOf(LAYER.unitsLabel));
    expect(ids.indexOf(LAYER.facilitiesCluster)).toBeLessThan(ids.indexOf(LAYER.facilitiesCircle));
    const count = style.layers.find((l) => l.id === LAYER.facilitiesClusterCount);
    expect(count?.layout).toMatchObject({ 'text-font': ['sans-serif'] });
    expect(style).not.toHaveProperty('glyphs');
    expect(JSON.stringify(facilityFilter([]))).toContain('point_count');
  });

  it('clusters few facilities only at low zoom, many up to quarter zoom', () => {
    expect(facilityClusterMaxZoom(76)).toBe(10);
    expect(facilityClusterMaxZoom(50_000)).toBe(13);
  });

  it('leaves hidden categories out of the source data, so clusters count only what is shown', () => {
    const all: MethodOutput<'units.features'> = { type: 'FeatureCollection', features: [point('a', 'spiel'), point('b', 'kita'), point('c', 'spiel')] };
    expect(visibleFacilities(all, [])).toBe(all);
    expect(visibleFacilities(all, ['spiel'])!.features.map((f) => f.properties?.['id'])).toEqual(['b']);
    expect(visibleFacilities(null, ['spiel'])).toBeNull();
  });
});
