// Reading the picture out of a MapLibre map. MapLibre draws with preserveDrawingBuffer: false (the
// default, faster), so the WebGL canvas is only readable in the frame it was drawn: the copy is
// taken in the map's own `render` event, right after a triggered repaint.
import type { Map as MapLibreMap } from 'maplibre-gl';

function once(map: MapLibreMap, event: 'idle', timeoutMs: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, timeoutMs);
    map.once(event, () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/**
 * A 2D copy of the map at `pixelRatio` (2 = print quality on any screen). The map is redrawn at
 * that ratio for the copy and set back afterwards.
 */
export async function captureMapCanvas(map: MapLibreMap, pixelRatio = 2, timeoutMs = 8000): Promise<HTMLCanvasElement> {
  const original = map.getPixelRatio();
  const changed = Math.abs(original - pixelRatio) > 1e-6;
  if (changed) map.setPixelRatio(pixelRatio);
  try {
    // A new pixel ratio resizes the drawing buffer; wait until everything is drawn again.
    if (changed) await once(map, 'idle', timeoutMs);
    return await new Promise<HTMLCanvasElement>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('Die Karte wurde nicht neu gezeichnet.')), timeoutMs);
      map.once('render', () => {
        clearTimeout(timer);
        const source = map.getCanvas();
        const copy = document.createElement('canvas');
        copy.width = source.width;
        copy.height = source.height;
        const ctx = copy.getContext('2d');
        if (!ctx) {
          reject(new Error('Kein 2D-Zeichenkontext verfügbar.'));
          return;
        }
        ctx.drawImage(source, 0, 0);
        resolve(copy);
      });
      map.triggerRepaint();
    });
  } finally {
    if (changed) map.setPixelRatio(original);
  }
}

/** Metres per CSS pixel across the middle of the map (what a scale bar shows). */
export function metersPerPixel(map: MapLibreMap): number {
  const container = map.getContainer();
  const y = container.clientHeight / 2;
  const x = container.clientWidth / 2;
  const left = map.unproject([x - 50, y]);
  const right = map.unproject([x + 50, y]);
  return left.distanceTo(right) / 100;
}

/** Attribution texts of the map's sources (e.g. the offline basemap), as plain text. */
export function mapAttributions(map: MapLibreMap): string[] {
  const sources = map.getStyle()?.sources ?? {};
  const texts = Object.values(sources).flatMap((source) => {
    const attribution = (source as { attribution?: unknown }).attribution;
    if (typeof attribution !== 'string' || !attribution.trim()) return [];
    const text = new DOMParser().parseFromString(attribution, 'text/html').body.textContent ?? '';
    return text.trim() ? [text.replace(/\s+/g, ' ').trim()] : [];
  });
  return [...new Set(texts)];
}

/** Text widths for the layout, measured with the same fonts the drawing uses. */
export function canvasMeasure(): (text: string, font: string) => number {
  const ctx = document.createElement('canvas').getContext('2d');
  return (text, font) => {
    if (!ctx) return text.length * 7;
    ctx.font = font;
    return ctx.measureText(text).width;
  };
}

export function canvasToPng(canvas: HTMLCanvasElement): Promise<Blob> {
  return new Promise((resolve, reject) => {
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('Das Bild konnte nicht kodiert werden.'))), 'image/png');
  });
}
