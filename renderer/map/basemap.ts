import * as maplibregl from 'maplibre-gl';
import type { AddProtocolAction, LayerSpecification, SourceSpecification } from 'maplibre-gl';
import { PMTiles, Protocol, TileType } from 'pmtiles';
import { ContractSource } from './pmtiles-source.ts';
import { ApiError, type ApiClient } from '../api/client.ts';
import type { MethodOutput } from '../../shared/contract.ts';

export type BasemapInfo = NonNullable<MethodOutput<'basemap.get'>>;

/** Source and layers to put under the unit polygons. */
export interface BasemapStyle {
  sourceId: string;
  source: SourceSpecification;
  layers: LayerSpecification[];
}

export const BASEMAP_SOURCE_ID = 'basemap';

let protocol: Protocol | null = null;

function pmtilesProtocol(): Protocol {
  if (!protocol) {
    protocol = new Protocol();
    maplibregl.addProtocol('pmtiles', protocol.tilev4 as unknown as AddProtocolAction);
  }
  return protocol;
}

let generation = 0;

/** Opens the archive through the contract, reads its header and builds source and layers. */
export async function prepareBasemap(api: ApiClient, info: BasemapInfo): Promise<BasemapStyle> {
  generation += 1;
  const key = `basemap-${generation}`;
  const archive = new PMTiles(new ContractSource(key, (offset, length) => api.call('basemap.read', { offset, length })));
  const registry = pmtilesProtocol();
  for (const old of [...registry.tiles.keys()]) if (old.startsWith('basemap-')) registry.tiles.delete(old);
  registry.add(archive);

  let header;
  try {
    header = await archive.getHeader();
  } catch (error) {
    if (error instanceof ApiError) throw error;
    throw new ApiError(
      'basemap-unreadable',
      `Die Datei „${info.name}“ ist keine lesbare PMTiles-Grundkarte (Version 3). Bitte eine andere Datei wählen.`,
    );
  }
  let attribution: string | undefined;
  try {
    const metadata = (await archive.getMetadata()) as { attribution?: unknown } | null;
    if (metadata && typeof metadata.attribution === 'string') attribution = metadata.attribution;
  } catch {
    // Metadata is optional.
  }
  const url = `pmtiles://${key}`;
  const base = { url, ...(attribution ? { attribution } : {}) };
  switch (header.tileType) {
    case TileType.Png:
    case TileType.Jpeg:
    case TileType.Webp:
    case TileType.Avif:
      return {
        sourceId: BASEMAP_SOURCE_ID,
        source: { type: 'raster', tileSize: 256, ...base },
        layers: rasterLayers(),
      };
    case TileType.Mvt:
      return { sourceId: BASEMAP_SOURCE_ID, source: { type: 'vector', ...base }, layers: vectorLayers() };
    case TileType.Mlt:
      return {
        sourceId: BASEMAP_SOURCE_ID,
        source: { type: 'vector', encoding: 'mlt', ...base },
        layers: vectorLayers(),
      };
    default:
      throw new ApiError(
        'basemap-unsupported',
        `Die Grundkarte „${info.name}“ enthält Kacheln in einem Format, das Quartiersatlas nicht darstellen kann.`,
      );
  }
}

function rasterLayers(): LayerSpecification[] {
  return [
    {
      id: 'basemap-raster',
      type: 'raster',
      source: BASEMAP_SOURCE_ID,
      paint: { 'raster-saturation': -0.75, 'raster-opacity': 0.85, 'raster-contrast': -0.1 },
    },
  ];
}

const fill = (id: string, sourceLayer: string, color: string, opacity = 1, minzoom = 0): LayerSpecification => ({
  id: `basemap-${id}`,
  type: 'fill',
  source: BASEMAP_SOURCE_ID,
  'source-layer': sourceLayer,
  minzoom,
  paint: { 'fill-color': color, 'fill-opacity': opacity },
});

const line = (id: string, sourceLayer: string, color: string, minzoom = 0): LayerSpecification => ({
  id: `basemap-${id}`,
  type: 'line',
  source: BASEMAP_SOURCE_ID,
  'source-layer': sourceLayer,
  minzoom,
  filter: ['in', ['geometry-type'], ['literal', ['LineString', 'MultiLineString']]],
  layout: { 'line-cap': 'round', 'line-join': 'round' },
  paint: {
    'line-color': color,
    'line-width': ['interpolate', ['exponential', 1.6], ['zoom'], 8, 0.3, 12, 1, 16, 5],
  },
});

/**
 * Grey, quiet layers for the two common schemas: Protomaps (earth, landuse, landcover, water,
 * roads, buildings) and OpenMapTiles (water, landcover, landuse, park, waterway, transportation,
 * building). Layers whose source-layer the archive lacks simply draw nothing.
 */
function vectorLayers(): LayerSpecification[] {
  return [
    fill('earth', 'earth', '#f4f4f2'),
    fill('landcover', 'landcover', '#e6e9e3', 0.7),
    fill('landuse', 'landuse', '#e9eae6', 0.7),
    fill('park', 'park', '#e3e8df', 0.7),
    fill('water', 'water', '#d3dce3'),
    line('waterway', 'waterway', '#d3dce3', 10),
    line('roads', 'roads', '#d3d7db', 7),
    line('transportation', 'transportation', '#d3d7db', 7),
    fill('buildings', 'buildings', '#e1e1de', 1, 13),
    fill('building', 'building', '#e1e1de', 1, 13),
  ];
}
