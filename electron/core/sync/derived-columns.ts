import type { MultiPolygon, Polygon } from 'geojson';
import { areaKm2, bbox } from '../geo/measure.ts';

/**
 * Local columns computed from exchanged fields (never exchanged themselves, so a merge can
 * never make them disagree with their source). Keyed by table, then by the source field.
 */
type Derivation = (value: unknown) => Record<string, number | string | null>;

export const DERIVED_COLUMNS: Record<string, Record<string, Derivation>> = {
  spatial_units: {
    geometry(value) {
      const geometry = JSON.parse(String(value)) as Polygon | MultiPolygon;
      const [minLon, minLat, maxLon, maxLat] = bbox(geometry);
      return { min_lon: minLon, min_lat: minLat, max_lon: maxLon, max_lat: maxLat, area_km2: areaKm2(geometry) };
    },
  },
};
