import { useEffect, useEffectEvent, useImperativeHandle, useMemo, useRef, useState, type Ref } from 'react';
import * as maplibregl from 'maplibre-gl';
import type { GeoJSONSource, MapGeoJSONFeature, MapMouseEvent, PointLike } from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import type { FeatureCollection as GeoJsonCollection } from 'geojson';
import type { MethodOutput } from '../../shared/contract.ts';
import type { BasemapStyle } from './basemap.ts';
import { toFacilityProps, type FacilityProps } from './FacilityPanel.tsx';
import { labelPoints } from './label-points.ts';
import { buildBaseStyle, FACILITY_CLUSTER_RADIUS, facilityClusterMaxZoom, facilityFilter, HATCH_IMAGE, hatchImage, idsFilter, LAYER, selectedFilter, selectedUnitsFilter, SOURCE } from './style.ts';
import { visibleFacilities } from './visible-facilities.ts';

maplibregl.setWorkerUrl(workerUrl);

type FeatureCollection = MethodOutput<'units.features'>;
export type Bbox = [number, number, number, number];

export interface MapHandle {
  /** Zoom to a box; `rightInset` keeps it clear of an overlay such as the side panel. */
  fitBbox(bbox: Bbox, rightInset?: number): void;
}

/**
 * Colours of a choropleth, per unit id, painted through feature-state: a new indicator or period
 * changes only the state, never the source.
 */
export interface ChoroplethPaint {
  unitColors: ReadonlyMap<string, string>;
  /** Units drawn hatched (suppressed values). */
  hatched: ReadonlySet<string>;
  /** performance.now() when the user asked for this picture (indicator, period, classes). */
  requestedAt?: number;
  /** Goes with the performance entry, e.g. indicator and period. */
  detail?: Record<string, unknown>;
}

export interface MapCanvasProps {
  extent: Bbox | null;
  units: FeatureCollection | null;
  facilities: FeatureCollection | null;
  hiddenCategoryIds: readonly string[];
  /** Outlined units (the first is the selected one, the others are compared with it). */
  selectedUnitIds: readonly string[];
  choropleth?: ChoroplethPaint | null;
  /** Second tooltip line for a unit, e.g. its value. */
  describeUnit?: (unitId: string) => string | null;
  selectedFacilityId: string | null;
  /** Facilities and units with an open exchange conflict (marked in orange). */
  conflictIds?: { facilities: readonly string[]; units: readonly string[] };
  basemap: BasemapStyle | null;
  label: string;
  /** MapLibre's own UI strings (control titles), read when the map is created. */
  locale?: Record<string, string>;
  /** `additive`: Strg/Cmd/Umschalt held (add to or remove from the comparison). */
  onUnitClick: (unitId: string, additive: boolean) => void;
  onFacilityClick: (facility: FacilityProps) => void;
  onEmptyClick: () => void;
  /** Place mode: the next click on the map reports its position instead of selecting. */
  placing?: boolean;
  onPlace?: (lon: number, lat: number) => void;
  /** The selected facility was dragged to a new position. */
  onFacilityMoved?: (facilityId: string, lon: number, lat: number) => void;
  /** A catchment area (coverage) drawn under the facilities; null: none. */
  catchment?: GeoJsonCollection | null;
  onError?: (message: string) => void;
  ref?: Ref<MapHandle>;
}

interface Hover {
  x: number;
  y: number;
  text: string;
  unitId: string | null;
}

const CATCHMENT_SOURCE = 'coverage-catchment';
export const CATCHMENT_FILL = 'coverage-catchment-fill';
const CATCHMENT_LINE = 'coverage-catchment-line';

const FIT_PADDING = { top: 40, bottom: 40, left: 40, right: 40 };

/**
 * Thin wrapper around MapLibre: owns the map instance and keeps its sources, filters and
 * feature-state in step with the props. All decisions live in the Karte view.
 */
export function MapCanvas(props: MapCanvasProps) {
  const containerRef = useRef<HTMLDivElement>(null);
  const mapRef = useRef<maplibregl.Map | null>(null);
  const [ready, setReady] = useState(false);
  const [hover, setHover] = useState<Hover | null>(null);
  const onUnitClick = useEffectEvent((id: string, additive: boolean) => props.onUnitClick(id, additive));
  const onFacilityClick = useEffectEvent((facility: FacilityProps) => props.onFacilityClick(facility));
  const onEmptyClick = useEffectEvent(() => props.onEmptyClick());
  const onPlace = useEffectEvent((lon: number, lat: number) => props.onPlace?.(lon, lat));
  const isPlacing = useEffectEvent(() => props.placing === true);
  const selectedFacility = useEffectEvent(() => props.selectedFacilityId);
  const onFacilityMoved = useEffectEvent((id: string, lon: number, lat: number) => props.onFacilityMoved?.(id, lon, lat));
  const onError = useEffectEvent((message: string) => props.onError?.(message));
  const fittedExtent = useRef<string | null>(null);
  const initialLocale = useRef(props.locale);

  useImperativeHandle(props.ref, () => ({
    fitBbox(bbox, rightInset = 0) {
      const map = mapRef.current;
      if (!map) return;
      const width = map.getContainer().clientWidth;
      // On narrow windows the panel covers the map anyway; then ignore it.
      const right = width - rightInset > 240 ? FIT_PADDING.right + rightInset : FIT_PADDING.right;
      map.fitBounds(bbox, { padding: { ...FIT_PADDING, right }, maxZoom: 15, duration: 600 });
    },
  }));

  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    const map = new maplibregl.Map({
      container,
      style: buildBaseStyle(),
      center: [10.45, 51.16],
      zoom: 5,
      attributionControl: { compact: true },
      dragRotate: false,
      pitchWithRotate: false,
      maxPitch: 0,
      fadeDuration: 0,
      ...(initialLocale.current ? { locale: initialLocale.current } : {}),
    });
    map.touchZoomRotate.disableRotation();
    map.keyboard.disableRotation();
    map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-left');
    map.addControl(new maplibregl.ScaleControl({ unit: 'metric' }), 'bottom-right');
    mapRef.current = map;
    window.__quartiersatlasMap = map;

    let hoveredUnit: string | number | undefined;
    let hoveredFacility: string | number | undefined;
    const setHoverState = (source: string, id: string | number | undefined, previous: string | number | undefined) => {
      if (previous === id) return;
      if (previous !== undefined) map.setFeatureState({ source, id: previous }, { hover: false });
      if (id !== undefined) map.setFeatureState({ source, id }, { hover: true });
    };

    const around = (e: MapMouseEvent, r: number): [PointLike, PointLike] => [
      [e.point.x - r, e.point.y - r],
      [e.point.x + r, e.point.y + r],
    ];
    const pick = (e: MapMouseEvent): { facility?: MapGeoJSONFeature; cluster?: MapGeoJSONFeature; unit?: MapGeoJSONFeature } => {
      if (!map.getLayer(LAYER.facilitiesCircle)) return {};
      const facility = map.queryRenderedFeatures(around(e, 4), { layers: [LAYER.facilitiesCircle] })[0];
      if (facility) return { facility };
      const cluster = map.queryRenderedFeatures(e.point, { layers: [LAYER.facilitiesCluster] })[0];
      if (cluster) return { cluster };
      const unit = map.queryRenderedFeatures(e.point, { layers: [LAYER.unitsFill] })[0];
      return unit ? { unit } : {};
    };

    // Dragging the selected facility: mousedown on its point, move, drop (then saved by the view).
    let drag: { id: string; lngLat: maplibregl.LngLat | null } | null = null;
    let suppressClick = false;
    // A diff of one point, not the whole collection: with 50,000 points a full setData per mouse
    // move would rebuild the index every time.
    const showAt = (id: string, lngLat: maplibregl.LngLat) => {
      void (map.getSource(SOURCE.facilities) as GeoJSONSource | undefined)?.updateData({
        update: [{ id, newGeometry: { type: 'Point', coordinates: [lngLat.lng, lngLat.lat] } }],
      });
    };
    map.on('mousedown', (e) => {
      const selected = selectedFacility();
      if (!selected || isPlacing() || e.originalEvent.button !== 0) return;
      const { facility } = pick(e);
      if (!facility || facility.properties?.['id'] !== selected) return;
      e.preventDefault();
      drag = { id: selected, lngLat: null };
      map.getCanvas().style.cursor = 'grabbing';
    });
    map.on('mouseup', () => {
      if (!drag) return;
      const done = drag;
      drag = null;
      map.getCanvas().style.cursor = '';
      if (done.lngLat) {
        suppressClick = true;
        onFacilityMoved(done.id, done.lngLat.lng, done.lngLat.lat);
      }
    });

    map.on('mousemove', (e) => {
      if (drag) {
        drag.lngLat = e.lngLat;
        showAt(drag.id, e.lngLat);
        return;
      }
      if (isPlacing()) {
        map.getCanvas().style.cursor = 'crosshair';
        setHover(null);
        return;
      }
      const { facility, cluster, unit } = pick(e);
      setHoverState(SOURCE.facilities, facility?.id, hoveredFacility);
      hoveredFacility = facility?.id;
      setHoverState(SOURCE.units, facility ? undefined : unit?.id, hoveredUnit);
      hoveredUnit = facility ? undefined : unit?.id;
      const feature = facility ?? unit;
      map.getCanvas().style.cursor = feature || cluster ? 'pointer' : '';
      const name = feature?.properties?.['name'];
      const unitId = !facility && typeof unit?.properties?.['id'] === 'string' ? (unit.properties['id'] as string) : null;
      setHover(feature && typeof name === 'string' && name ? { x: e.point.x, y: e.point.y, text: name, unitId } : null);
    });
    map.on('mouseout', () => {
      setHoverState(SOURCE.units, undefined, hoveredUnit);
      setHoverState(SOURCE.facilities, undefined, hoveredFacility);
      hoveredUnit = undefined;
      hoveredFacility = undefined;
      map.getCanvas().style.cursor = '';
      setHover(null);
    });
    map.on('click', (e) => {
      if (suppressClick) {
        suppressClick = false;
        return;
      }
      if (isPlacing()) {
        onPlace(e.lngLat.lng, e.lngLat.lat);
        return;
      }
      const { facility, cluster, unit } = pick(e);
      if (cluster) {
        zoomIntoCluster(cluster);
        return;
      }
      const facilityProps = facility ? toFacilityProps(facility.properties) : null;
      const unitId = unit?.properties?.['id'];
      if (facilityProps) onFacilityClick(facilityProps);
      else if (typeof unitId === 'string') {
        const original = e.originalEvent;
        onUnitClick(unitId, original.ctrlKey || original.metaKey || original.shiftKey);
      }
      else onEmptyClick();
    });
    // A click on a cluster zooms in until it falls apart (at least one step).
    const zoomIntoCluster = (cluster: MapGeoJSONFeature) => {
      const clusterId = cluster.properties?.['cluster_id'];
      const source = map.getSource(SOURCE.facilities) as GeoJSONSource | undefined;
      if (typeof clusterId !== 'number' || !source || cluster.geometry.type !== 'Point') return;
      const center = cluster.geometry.coordinates as [number, number];
      source.getClusterExpansionZoom(clusterId).then(
        (zoom) => map.easeTo({ center, zoom: Math.max(zoom, map.getZoom() + 1), duration: 400 }),
        () => map.easeTo({ center, zoom: map.getZoom() + 2, duration: 400 }),
      );
    };
    map.on('error', (e) => {
      const message = e.error instanceof Error ? e.error.message : String(e.error);
      onError(message);
    });
    // The hatch pattern is generated, not loaded: no sprite, nothing leaves the machine.
    map.on('styleimagemissing', (e) => {
      if (e.id === HATCH_IMAGE && !map.hasImage(HATCH_IMAGE)) map.addImage(HATCH_IMAGE, hatchImage());
    });
    map.on('load', () => {
      if (!map.hasImage(HATCH_IMAGE)) map.addImage(HATCH_IMAGE, hatchImage());
      setReady(true);
    });

    const resize = new ResizeObserver(() => map.resize());
    resize.observe(container);
    return () => {
      resize.disconnect();
      if (window.__quartiersatlasMap === map) delete window.__quartiersatlasMap;
      mapRef.current = null;
      setReady(false);
      map.remove();
    };
  }, []);

  // First view: the extent of all units (and again if it appears later, e.g. after a first import).
  useEffect(() => {
    const map = mapRef.current;
    const key = props.extent ? props.extent.join(',') : null;
    if (!map || !props.extent || fittedExtent.current === key) return;
    if (fittedExtent.current === null) {
      map.fitBounds(props.extent, { padding: FIT_PADDING, duration: 0 });
    }
    fittedExtent.current = key;
  }, [props.extent]);

  useEffect(() => {
    const map = mapRef.current;
    if (!ready || !map) return;
    map.removeFeatureState({ source: SOURCE.units });
    (map.getSource(SOURCE.units) as GeoJSONSource | undefined)?.setData(asGeoJson(props.units));
    (map.getSource(SOURCE.unitLabels) as GeoJSONSource | undefined)?.setData(labelPoints(props.units ?? { features: [] }));
  }, [ready, props.units]);

  // Hidden categories are left out of the source data itself, so clusters count only what is shown
  // (a layer filter would hide points but not their share of a cluster). One setData per change.
  const facilityToken = useRef(0);
  const shownFacilities = useMemo(() => visibleFacilities(props.facilities, props.hiddenCategoryIds), [props.facilities, props.hiddenCategoryIds]);
  useEffect(() => {
    const map = mapRef.current;
    if (!ready || !map) return;
    const source = map.getSource(SOURCE.facilities) as GeoJSONSource | undefined;
    if (!source) return;
    const clusterMaxZoom = facilityClusterMaxZoom(shownFacilities?.features.length ?? 0);
    // setClusterOptions replaces all three options (a missing `cluster` switches clustering off).
    if (source.getClusterOptions().clusterMaxZoom !== clusterMaxZoom) void source.setClusterOptions({ cluster: true, clusterMaxZoom, clusterRadius: FACILITY_CLUSTER_RADIUS });
    map.removeFeatureState({ source: SOURCE.facilities });
    const start = performance.now();
    const token = ++facilityToken.current;
    void source.setData(asGeoJson(shownFacilities));
    // Measured until the map has drawn the points (idle); scripts/bench-facility-map.ts reads it.
    const detail = { features: shownFacilities?.features.length ?? 0 };
    map.once('idle', () => {
      if (token === facilityToken.current) performance.measure('facilities-drawn', { start, end: performance.now(), detail });
    });
  }, [ready, shownFacilities]);

  useEffect(() => {
    const map = mapRef.current;
    if (!ready || !map) return;
    map.setFilter(LAYER.facilitiesCircle, facilityFilter(props.hiddenCategoryIds));
  }, [ready, props.hiddenCategoryIds]);

  // Choropleth colours as feature-state. Declared after the units effect: new unit data clears
  // all state there, and this effect paints it again.
  const painted = useRef<Set<string>>(new Set());
  const paintToken = useRef(0);
  /** The user request last measured: a later repaint for the same request (data reload) is not one. */
  const measuredRequest = useRef<number | undefined>(undefined);
  useEffect(() => {
    const map = mapRef.current;
    if (!ready || !map) return;
    const paint = props.choropleth ?? null;
    const start = performance.now();
    const next = new Set(paint ? paint.unitColors.keys() : []);
    for (const id of painted.current) {
      if (!next.has(id)) {
        map.removeFeatureState({ source: SOURCE.units, id }, 'fill');
        map.removeFeatureState({ source: SOURCE.units, id }, 'hatch');
      }
    }
    if (paint) {
      for (const [id, color] of paint.unitColors) map.setFeatureState({ source: SOURCE.units, id }, { fill: color, hatch: paint.hatched.has(id) });
    }
    painted.current = next;
    const token = ++paintToken.current;
    if (!paint) return;
    // Measured until the map has drawn the new colours (idle); a benchmark reads these entries.
    const detail = { units: next.size, ...paint.detail };
    map.once('idle', () => {
      if (token !== paintToken.current) return;
      const end = performance.now();
      performance.measure('choropleth-repaint', { start, end, detail });
      if (paint.requestedAt !== undefined && paint.requestedAt !== measuredRequest.current) {
        measuredRequest.current = paint.requestedAt;
        performance.measure('choropleth-update', { start: paint.requestedAt, end, detail });
      }
    });
  }, [ready, props.units, props.choropleth]);

  useEffect(() => {
    const map = mapRef.current;
    if (!ready || !map) return;
    const filter = selectedUnitsFilter(props.selectedUnitIds);
    map.setFilter(LAYER.unitsSelected, filter);
    map.setFilter(LAYER.unitsSelectedCasing, filter);
  }, [ready, props.selectedUnitIds]);

  useEffect(() => {
    const map = mapRef.current;
    if (!ready || !map) return;
    map.setFilter(LAYER.facilitiesSelected, selectedFilter(props.selectedFacilityId));
  }, [ready, props.selectedFacilityId]);

  useEffect(() => {
    const map = mapRef.current;
    if (!ready || !map) return;
    map.setFilter(LAYER.facilitiesConflict, idsFilter(props.conflictIds?.facilities ?? []));
    map.setFilter(LAYER.unitsConflict, idsFilter(props.conflictIds?.units ?? []));
  }, [ready, props.conflictIds]);

  // Coverage: the catchment area as a translucent fill with an outline, under the facility points.
  useEffect(() => {
    const map = mapRef.current;
    const catchment = props.catchment;
    if (!ready || !map || !catchment) return;
    map.addSource(CATCHMENT_SOURCE, { type: 'geojson', data: catchment });
    map.addLayer(
      { id: CATCHMENT_FILL, type: 'fill', source: CATCHMENT_SOURCE, paint: { 'fill-color': '#2a7ab0', 'fill-opacity': 0.22 } },
      LAYER.facilitiesCluster,
    );
    map.addLayer(
      { id: CATCHMENT_LINE, type: 'line', source: CATCHMENT_SOURCE, paint: { 'line-color': '#1d5f8c', 'line-width': 1.5 } },
      LAYER.facilitiesCluster,
    );
    return () => {
      if (mapRef.current !== map) return;
      for (const id of [CATCHMENT_LINE, CATCHMENT_FILL]) if (map.getLayer(id)) map.removeLayer(id);
      if (map.getSource(CATCHMENT_SOURCE)) map.removeSource(CATCHMENT_SOURCE);
    };
  }, [ready, props.catchment]);

  useEffect(() => {
    const map = mapRef.current;
    const basemap = props.basemap;
    if (!ready || !map || !basemap) return;
    map.addSource(basemap.sourceId, basemap.source);
    for (const layer of basemap.layers) map.addLayer(layer, LAYER.unitsFill);
    return () => {
      if (mapRef.current !== map) return;
      for (const layer of basemap.layers) if (map.getLayer(layer.id)) map.removeLayer(layer.id);
      if (map.getSource(basemap.sourceId)) map.removeSource(basemap.sourceId);
    };
  }, [ready, props.basemap]);

  return (
    <div className="map-canvas">
      <div ref={containerRef} className="map-container" role="region" aria-label={props.label} />
      {hover ? (
        <div className="map-tooltip" role="presentation" style={{ left: hover.x, top: hover.y }}>
          {hover.text}
          {hover.unitId && props.describeUnit ? <TooltipDetail text={props.describeUnit(hover.unitId)} /> : null}
        </div>
      ) : null}
    </div>
  );
}

function TooltipDetail({ text }: { text: string | null }) {
  return text ? <span className="map-tooltip-detail">{text}</span> : null;
}

/** The contract types geometry loosely (type: string); main produces valid GeoJSON. */
function asGeoJson(collection: FeatureCollection | null): GeoJsonCollection {
  return (collection ?? { type: 'FeatureCollection', features: [] }) as GeoJsonCollection;
}
