import type { FeatureCollection } from 'geojson';
import type {
  ExpressionSpecification,
  FilterSpecification,
  LayerSpecification,
  StyleSpecification,
} from 'maplibre-gl';

/** Stable ids: end-to-end tests query these layers. */
export const LAYER = {
  background: 'background',
  unitsFill: 'units-fill',
  /** Diagonal hatching over suppressed units of a choropleth ("geheim gehalten"). */
  unitsHatch: 'units-hatch',
  unitsOutline: 'units-outline',
  unitsSelectedCasing: 'units-selected-casing',
  unitsSelected: 'units-selected',
  unitsLabel: 'units-label',
  /** Several facilities drawn as one circle at low zoom, with their count. */
  facilitiesCluster: 'facilities-cluster',
  facilitiesClusterCount: 'facilities-cluster-count',
  facilitiesCircle: 'facilities-circle',
  facilitiesSelected: 'facilities-selected',
  /** Records with an open conflict from the exchange (issue 5): an orange ring or dashed outline. */
  facilitiesConflict: 'facilities-conflict',
  unitsConflict: 'units-conflict',
} as const;

/** The colour of "an open conflict" on the map, in the legend and the badges. */
export const CONFLICT_COLOUR = '#d55e00';

export function idsFilter(ids: readonly string[]): FilterSpecification {
  return ['in', ['get', 'id'], ['literal', ids.length > 0 ? [...ids] : [NONE]]];
}

export const SOURCE = { units: 'units', unitLabels: 'unit-labels', facilities: 'facilities' } as const;

/** Local fonts only: without a `glyphs` URL MapLibre draws labels with the system's fonts. */
export const LABEL_FONT = ['sans-serif'];

const ACCENT = '#1f5f8b';

const empty = (): FeatureCollection => ({ type: 'FeatureCollection', features: [] });

/** Nothing is matched by this id, so "no selection" needs no special layer handling. */
const NONE = '\u0000';

export function selectedFilter(id: string | null): FilterSpecification {
  return ['==', ['get', 'id'], id ?? NONE];
}

/** Several selected units (the profile compares them); all are outlined. */
export function selectedUnitsFilter(ids: readonly string[]): FilterSpecification {
  return ['in', ['get', 'id'], ['literal', ids.length > 0 ? [...ids] : [NONE]]];
}

/** Name of the pattern image behind units-hatch; MapCanvas adds it (see hatchImage). */
export const HATCH_IMAGE = 'qa-hatch';

/** An 8×8 RGBA tile with one dark diagonal line: repeated, it hatches a polygon. */
export function hatchImage(): { width: number; height: number; data: Uint8Array } {
  const size = 8;
  const data = new Uint8Array(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const on = (x + y) % size === 0 || (x + y + 1) % size === 0;
      const i = (y * size + x) * 4;
      data.set(on ? [70, 80, 90, 255] : [0, 0, 0, 0], i);
    }
  }
  return { width: size, height: size, data };
}

/** Single facilities only: clusters carry `point_count` and are drawn by their own layers. */
const notCluster: ExpressionSpecification = ['!', ['has', 'point_count']];
const isCluster: ExpressionSpecification = ['has', 'point_count'];

export function facilityFilter(hiddenCategoryIds: readonly string[]): FilterSpecification {
  return ['all', notCluster, ['!', ['in', ['get', 'categoryId'], ['literal', [...hiddenCategoryIds]]]]];
}

/** Up to this many facilities, every one stays visible at city zoom; more are clustered longer. */
const FEW_FACILITIES = 2000;

/**
 * Clustering of the facility source by the number of points: few points cluster only when a whole
 * town shrinks to a few hundred pixels (zoom ≤ 10); many (tens of thousands) up to quarter zoom, so
 * the map never draws 50,000 overlapping circles.
 */
export function facilityClusterMaxZoom(count: number): number {
  return count > FEW_FACILITIES ? 13 : 10;
}
export const FACILITY_CLUSTER_RADIUS = 40;
const CLUSTER_COLOUR = 'clusterColor';
const MIXED = 'mixed';

const hovered: ExpressionSpecification = ['boolean', ['feature-state', 'hover'], false];
const isResource: ExpressionSpecification = ['==', ['get', 'kind'], 'resource'];
/** A choropleth sets feature-state `fill` per unit; without one the map looks as it always did. */
const choropleth: ExpressionSpecification = ['to-boolean', ['feature-state', 'fill']];

/**
 * The whole style, fully local: a background, the unit polygons of one level and the facility
 * points. No tile URL, no sprite, no glyphs: nothing leaves the machine.
 */
export function buildBaseStyle(): StyleSpecification {
  return {
    version: 8,
    name: 'Quartiersatlas',
    sources: {
      [SOURCE.units]: { type: 'geojson', data: empty(), promoteId: 'id' },
      [SOURCE.unitLabels]: { type: 'geojson', data: empty() },
      [SOURCE.facilities]: {
        type: 'geojson',
        data: empty(),
        promoteId: 'id',
        cluster: true,
        clusterMaxZoom: facilityClusterMaxZoom(0),
        clusterRadius: FACILITY_CLUSTER_RADIUS,
        // A cluster of one category keeps that category's colour (its ring); mixed ones get none.
        clusterProperties: {
          [CLUSTER_COLOUR]: [['case', ['==', ['accumulated'], ['get', CLUSTER_COLOUR]], ['accumulated'], MIXED], ['coalesce', ['get', 'color'], MIXED]],
        },
      },
    },
    layers: [
      { id: LAYER.background, type: 'background', paint: { 'background-color': '#eceff1' } },
      ...unitAndFacilityLayers(),
    ],
  };
}

function unitAndFacilityLayers(): LayerSpecification[] {
  return [
    {
      id: LAYER.unitsFill,
      type: 'fill',
      source: SOURCE.units,
      paint: {
        'fill-color': ['case', choropleth, ['to-color', ['feature-state', 'fill']], hovered, '#9cc0da', '#c9dcea'],
        'fill-opacity': ['case', choropleth, ['case', hovered, 0.97, 0.85], hovered, 0.6, 0.38],
      },
    },
    {
      id: LAYER.unitsHatch,
      type: 'fill',
      source: SOURCE.units,
      paint: {
        'fill-pattern': HATCH_IMAGE,
        'fill-opacity': ['case', ['boolean', ['feature-state', 'hatch'], false], 1, 0],
      },
    },
    {
      id: LAYER.unitsOutline,
      type: 'line',
      source: SOURCE.units,
      layout: { 'line-join': 'round' },
      paint: {
        'line-color': '#47708f',
        'line-width': ['interpolate', ['linear'], ['zoom'], 9, 0.8, 14, 1.6],
      },
    },
    {
      // A white band under the selection line keeps it visible on dark classes, too.
      id: LAYER.unitsSelectedCasing,
      type: 'line',
      source: SOURCE.units,
      filter: selectedFilter(null),
      layout: { 'line-join': 'round' },
      paint: { 'line-color': '#ffffff', 'line-width': 6.5 },
    },
    {
      id: LAYER.unitsSelected,
      type: 'line',
      source: SOURCE.units,
      filter: selectedFilter(null),
      layout: { 'line-join': 'round' },
      paint: { 'line-color': ACCENT, 'line-width': 3.5 },
    },
    {
      id: LAYER.unitsConflict,
      type: 'line',
      source: SOURCE.units,
      filter: idsFilter([]),
      layout: { 'line-join': 'round' },
      paint: { 'line-color': CONFLICT_COLOUR, 'line-width': 3, 'line-dasharray': [2, 1.5] },
    },
    {
      id: LAYER.unitsLabel,
      type: 'symbol',
      // One point per unit (see label-points.ts), so labels do not repeat at tile borders.
      source: SOURCE.unitLabels,
      layout: {
        'text-field': ['get', 'name'],
        'text-font': LABEL_FONT,
        'text-size': ['interpolate', ['linear'], ['zoom'], 10, 11, 15, 14],
        'text-max-width': 8,
        'text-padding': 4,
      },
      paint: {
        'text-color': '#1c2a35',
        'text-halo-color': 'rgba(255,255,255,0.9)',
        'text-halo-width': 1.5,
      },
    },
    {
      id: LAYER.facilitiesCluster,
      type: 'circle',
      source: SOURCE.facilities,
      filter: isCluster,
      paint: {
        'circle-color': '#4f7d9c',
        'circle-opacity': 0.9,
        'circle-radius': ['step', ['get', 'point_count'], 11, 10, 14, 100, 18, 1000, 23, 10000, 28],
        'circle-stroke-color': ['case', ['==', ['get', CLUSTER_COLOUR], MIXED], '#ffffff', ['to-color', ['get', CLUSTER_COLOUR], '#ffffff']],
        'circle-stroke-width': ['case', ['==', ['get', CLUSTER_COLOUR], MIXED], 2, 3.5],
      },
    },
    {
      // The count in local fonts: without a glyphs URL MapLibre draws the digits itself.
      id: LAYER.facilitiesClusterCount,
      type: 'symbol',
      source: SOURCE.facilities,
      filter: isCluster,
      layout: {
        'text-field': ['number-format', ['get', 'point_count'], { locale: 'de-DE' }],
        'text-font': LABEL_FONT,
        'text-size': 12,
        'text-allow-overlap': true,
        'text-ignore-placement': true,
      },
      paint: { 'text-color': '#ffffff' },
    },
    {
      id: LAYER.facilitiesCircle,
      type: 'circle',
      source: SOURCE.facilities,
      filter: facilityFilter([]),
      // A resource or potential (an unused hall, an active association) is drawn as a ring in
      // its category's colour, so strengths stand out from the filled points of facilities.
      paint: {
        'circle-color': ['case', isResource, '#ffffff', ['coalesce', ['get', 'color'], '#666666']],
        'circle-radius': ['interpolate', ['linear'], ['zoom'], 9, 3, 13, 5, 17, 8],
        'circle-stroke-color': ['case', isResource, ['coalesce', ['get', 'color'], '#666666'], '#ffffff'],
        'circle-stroke-width': ['case', hovered, 3, isResource, 2.5, 1.25],
      },
    },
    {
      id: LAYER.facilitiesConflict,
      type: 'circle',
      source: SOURCE.facilities,
      filter: idsFilter([]),
      paint: {
        'circle-color': 'rgba(0,0,0,0)',
        'circle-radius': ['interpolate', ['linear'], ['zoom'], 9, 6, 13, 8, 17, 11],
        'circle-stroke-color': CONFLICT_COLOUR,
        'circle-stroke-width': 2.5,
      },
    },
    {
      id: LAYER.facilitiesSelected,
      type: 'circle',
      source: SOURCE.facilities,
      filter: selectedFilter(null),
      paint: {
        'circle-color': 'rgba(0,0,0,0)',
        'circle-radius': ['interpolate', ['linear'], ['zoom'], 9, 7, 13, 9, 17, 12],
        'circle-stroke-color': ACCENT,
        'circle-stroke-width': 3,
      },
    },
  ];
}
