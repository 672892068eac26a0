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
  unitsOutline: 'units-outline',
  unitsSelected: 'units-selected',
  unitsLabel: 'units-label',
  facilitiesCircle: 'facilities-circle',
  facilitiesSelected: 'facilities-selected',
} as const;

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

export function facilityFilter(hiddenCategoryIds: readonly string[]): FilterSpecification {
  return ['!', ['in', ['get', 'categoryId'], ['literal', [...hiddenCategoryIds]]]];
}

const hovered: ExpressionSpecification = ['boolean', ['feature-state', 'hover'], false];

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
      [SOURCE.facilities]: { type: 'geojson', data: empty(), promoteId: 'id' },
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
        'fill-color': ['case', hovered, '#9cc0da', '#c9dcea'],
        'fill-opacity': ['case', hovered, 0.6, 0.38],
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
      id: LAYER.unitsSelected,
      type: 'line',
      source: SOURCE.units,
      filter: selectedFilter(null),
      layout: { 'line-join': 'round' },
      paint: { 'line-color': ACCENT, 'line-width': 3.5 },
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
      id: LAYER.facilitiesCircle,
      type: 'circle',
      source: SOURCE.facilities,
      filter: facilityFilter([]),
      paint: {
        'circle-color': ['coalesce', ['get', 'color'], '#666666'],
        'circle-radius': ['interpolate', ['linear'], ['zoom'], 9, 3, 13, 5, 17, 8],
        'circle-stroke-color': '#ffffff',
        'circle-stroke-width': ['case', hovered, 2.5, 1.25],
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
