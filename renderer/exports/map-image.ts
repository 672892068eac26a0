// "Karte als Bild speichern": the map picture with title, legend, scale bar and source line on a
// white sheet. Layout is a pure function of sizes and texts (tested without a canvas); drawing
// follows the layout on any 2D context. Sizes are CSS pixels; the image is drawn at `pixelRatio`.
import type { LegendModel, LegendRow } from './legend-model.ts';

export type Measure = (text: string, font: string) => number;

const FAMILY = "system-ui, 'Segoe UI', Roboto, 'Noto Sans', Arial, sans-serif";
export const FONTS = {
  title: `600 20px ${FAMILY}`,
  subtitle: `14px ${FAMILY}`,
  legendTitle: `600 13px ${FAMILY}`,
  legend: `12px ${FAMILY}`,
  scale: `11px ${FAMILY}`,
  source: `11px ${FAMILY}`,
} as const;

export const LAYOUT = {
  margin: 24,
  gap: 16,
  titleLine: 26,
  subtitleLine: 20,
  legendTitleLine: 18,
  legendLine: 16,
  row: 20,
  swatchWidth: 18,
  swatchHeight: 12,
  swatchGap: 8,
  countGap: 12,
  legendMinWidth: 170,
  legendMaxWidth: 300,
  sourceLine: 15,
  scalePadding: 6,
} as const;

export const TEXT_COLOR = '#1d2730';
export const MUTED_COLOR = '#56626e';
export const FRAME_COLOR = '#8c98a3';
export const HATCH_COLOR = '#46505a';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface TextItem {
  text: string;
  x: number;
  /** Baseline ("alphabetic"). */
  y: number;
  font: string;
  color: string;
  align: 'left' | 'right';
}

export interface LegendRowLayout {
  row: LegendRow;
  swatch: Rect;
  label: TextItem;
  count: TextItem;
}

export interface LegendLayout {
  box: Rect;
  title: TextItem[];
  subtitle: TextItem[];
  rows: LegendRowLayout[];
  note: TextItem[];
}

export interface ScaleBar {
  /** Length of the bar in CSS pixels of the map. */
  px: number;
  label: string;
}

export interface ScaleLayout {
  box: Rect;
  bar: Rect;
  label: TextItem;
}

export interface MapImageLayout {
  width: number;
  height: number;
  map: Rect;
  title: TextItem[];
  subtitle: TextItem[];
  legend: LegendLayout | null;
  scale: ScaleLayout | null;
  source: TextItem[];
}

export interface MapImageInput {
  /** Size of the map on screen (CSS pixels). */
  mapWidth: number;
  mapHeight: number;
  title: string;
  subtitle: string;
  legend: LegendModel | null;
  scale: ScaleBar | null;
  source: string;
  measure: Measure;
}

/** Greedy word wrap; a single word wider than the line stays on its own line. */
export function wrapText(text: string, font: string, maxWidth: number, measure: Measure): string[] {
  const words = text.split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    const candidate = line ? `${line} ${word}` : word;
    if (line && measure(candidate, font) > maxWidth) {
      lines.push(line);
      line = word;
    } else line = candidate;
  }
  if (line) lines.push(line);
  return lines;
}

function lines(texts: string[], x: number, firstBaseline: number, lineHeight: number, font: string, color: string): TextItem[] {
  return texts.map((text, i) => ({ text, x, y: firstBaseline + i * lineHeight, font, color, align: 'left' as const }));
}

/** Width the legend needs: swatch, the longest label, the widest count; within min/max. */
export function legendWidth(legend: LegendModel, measure: Measure): number {
  const label = Math.max(0, ...legend.rows.map((r) => measure(r.label, FONTS.legend)));
  const count = Math.max(0, ...legend.rows.map((r) => measure(String(r.count), FONTS.legend)));
  const title = measure(legend.title, FONTS.legendTitle);
  const subtitle = legend.subtitle ? measure(legend.subtitle, FONTS.legend) : 0;
  const needed = Math.max(LAYOUT.swatchWidth + LAYOUT.swatchGap + label + LAYOUT.countGap + count, title, subtitle);
  return Math.ceil(Math.min(LAYOUT.legendMaxWidth, Math.max(LAYOUT.legendMinWidth, needed)));
}

/** The legend block at (x, y): title, subtitle, one row per entry (swatch, label, count right-aligned), note. */
export function layoutLegend(legend: LegendModel, x: number, y: number, width: number, measure: Measure): LegendLayout {
  let cursor = y;
  const title = lines(wrapText(legend.title, FONTS.legendTitle, width, measure), x, cursor + 13, LAYOUT.legendTitleLine, FONTS.legendTitle, TEXT_COLOR);
  cursor += title.length * LAYOUT.legendTitleLine;
  const subtitle = legend.subtitle ? lines(wrapText(legend.subtitle, FONTS.legend, width, measure), x, cursor + 12, LAYOUT.legendLine, FONTS.legend, MUTED_COLOR) : [];
  cursor += subtitle.length * LAYOUT.legendLine + 6;
  const rows = legend.rows.map((row, i): LegendRowLayout => {
    const top = cursor + i * LAYOUT.row;
    return {
      row,
      swatch: { x, y: top + (LAYOUT.row - LAYOUT.swatchHeight) / 2, width: LAYOUT.swatchWidth, height: LAYOUT.swatchHeight },
      label: { text: row.label, x: x + LAYOUT.swatchWidth + LAYOUT.swatchGap, y: top + 14, font: FONTS.legend, color: TEXT_COLOR, align: 'left' },
      count: { text: String(row.count), x: x + width, y: top + 14, font: FONTS.legend, color: MUTED_COLOR, align: 'right' },
    };
  });
  cursor += rows.length * LAYOUT.row;
  const note = legend.note ? lines(wrapText(legend.note, FONTS.legend, width, measure), x, cursor + 16, LAYOUT.legendLine, FONTS.legend, MUTED_COLOR) : [];
  cursor += note.length > 0 ? note.length * LAYOUT.legendLine + 6 : 0;
  return { box: { x, y, width, height: cursor - y }, title, subtitle, rows, note };
}

/**
 * The whole sheet: title and subtitle across the top, the map on the left, the legend to its
 * right, the scale bar in the map's lower left corner, the source line under everything.
 */
export function layoutMapImage(input: MapImageInput): MapImageLayout {
  const { measure } = input;
  const { margin, gap } = LAYOUT;
  const legendW = input.legend ? legendWidth(input.legend, measure) : 0;
  const width = Math.round(margin * 2 + input.mapWidth + (input.legend ? gap + legendW : 0));
  const inner = width - margin * 2;

  let cursor = margin;
  const title = lines(wrapText(input.title, FONTS.title, inner, measure), margin, cursor + 20, LAYOUT.titleLine, FONTS.title, TEXT_COLOR);
  cursor += title.length * LAYOUT.titleLine;
  const subtitle = input.subtitle ? lines(wrapText(input.subtitle, FONTS.subtitle, inner, measure), margin, cursor + 15, LAYOUT.subtitleLine, FONTS.subtitle, MUTED_COLOR) : [];
  cursor += subtitle.length * LAYOUT.subtitleLine + gap;

  const map: Rect = { x: margin, y: cursor, width: input.mapWidth, height: input.mapHeight };
  const legend = input.legend ? layoutLegend(input.legend, map.x + map.width + gap, cursor, legendW, measure) : null;
  cursor += Math.max(map.height, legend?.box.height ?? 0) + gap;

  let scale: ScaleLayout | null = null;
  if (input.scale && input.scale.px > 0) {
    const pad = LAYOUT.scalePadding;
    const labelWidth = measure(input.scale.label, FONTS.scale);
    const boxWidth = Math.max(input.scale.px, labelWidth) + pad * 2;
    const box: Rect = { x: map.x + 8, y: map.y + map.height - 8 - 30, width: boxWidth, height: 30 };
    scale = {
      box,
      bar: { x: box.x + pad, y: box.y + 20, width: input.scale.px, height: 4 },
      label: { text: input.scale.label, x: box.x + pad, y: box.y + 14, font: FONTS.scale, color: TEXT_COLOR, align: 'left' },
    };
  }

  const source = lines(wrapText(input.source, FONTS.source, inner, measure), margin, cursor + 11, LAYOUT.sourceLine, FONTS.source, MUTED_COLOR);
  cursor += source.length * LAYOUT.sourceLine;
  return { width, height: Math.round(cursor + margin), map, title, subtitle, legend, scale, source };
}

/** A round scale length (1, 2, 3 or 5 × 10^n metres) not longer than `maxPx` on screen. */
export function scaleBar(metersPerPixel: number, maxPx = 120, language = 'de'): ScaleBar | null {
  if (!(metersPerPixel > 0) || !Number.isFinite(metersPerPixel)) return null;
  const maxMeters = metersPerPixel * maxPx;
  const power = 10 ** Math.floor(Math.log10(maxMeters));
  const step = [5, 3, 2, 1].find((s) => s * power <= maxMeters) ?? 1;
  const meters = step * power;
  const label = meters >= 1000 ? `${(meters / 1000).toLocaleString(language === 'en' ? 'en-GB' : 'de-DE')} km` : `${meters.toLocaleString(language === 'en' ? 'en-GB' : 'de-DE')} m`;
  return { px: meters / metersPerPixel, label };
}

/** `karte_<code>_<period>.png`, parts made safe for file names. */
export function mapImageFileName(parts: ReadonlyArray<string | null | undefined>, slug: (text: string) => string): string {
  return `${['karte', ...parts.filter((p): p is string => Boolean(p && p.trim())).map(slug)].join('_')}.png`;
}

// ---------------------------------------------------------------------------------------------
// Drawing

type Context = Pick<
  CanvasRenderingContext2D,
  | 'save'
  | 'restore'
  | 'scale'
  | 'fillStyle'
  | 'strokeStyle'
  | 'lineWidth'
  | 'font'
  | 'textAlign'
  | 'textBaseline'
  | 'fillRect'
  | 'strokeRect'
  | 'fillText'
  | 'drawImage'
  | 'beginPath'
  | 'rect'
  | 'clip'
  | 'moveTo'
  | 'lineTo'
  | 'stroke'
>;

function drawText(ctx: Context, item: TextItem): void {
  ctx.font = item.font;
  ctx.fillStyle = item.color;
  ctx.textAlign = item.align;
  ctx.textBaseline = 'alphabetic';
  ctx.fillText(item.text, item.x, item.y);
}

function hatch(ctx: Context, rect: Rect): void {
  ctx.save();
  ctx.beginPath();
  ctx.rect(rect.x, rect.y, rect.width, rect.height);
  ctx.clip();
  ctx.strokeStyle = HATCH_COLOR;
  ctx.lineWidth = 1;
  ctx.beginPath();
  for (let d = -rect.height; d < rect.width + rect.height; d += 4) {
    ctx.moveTo(rect.x + d, rect.y + rect.height);
    ctx.lineTo(rect.x + d + rect.height, rect.y);
  }
  ctx.stroke();
  ctx.restore();
}

/** Draws the sheet; `mapImage` is the captured map (any size: it is fitted to the map rect). */
export function drawMapImage(ctx: Context, layout: MapImageLayout, mapImage: CanvasImageSource, pixelRatio: number): void {
  ctx.save();
  ctx.scale(pixelRatio, pixelRatio);
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, layout.width, layout.height);
  for (const item of [...layout.title, ...layout.subtitle]) drawText(ctx, item);

  const { map } = layout;
  ctx.drawImage(mapImage, map.x, map.y, map.width, map.height);
  ctx.strokeStyle = FRAME_COLOR;
  ctx.lineWidth = 1;
  ctx.strokeRect(map.x - 0.5, map.y - 0.5, map.width + 1, map.height + 1);

  if (layout.scale) {
    const { box, bar, label } = layout.scale;
    ctx.fillStyle = 'rgba(255, 255, 255, 0.85)';
    ctx.fillRect(box.x, box.y, box.width, box.height);
    drawText(ctx, label);
    ctx.fillStyle = TEXT_COLOR;
    ctx.fillRect(bar.x, bar.y, bar.width, bar.height);
  }

  if (layout.legend) {
    const legend = layout.legend;
    for (const item of [...legend.title, ...legend.subtitle]) drawText(ctx, item);
    for (const { row, swatch, label, count } of legend.rows) {
      ctx.fillStyle = row.color;
      ctx.fillRect(swatch.x, swatch.y, swatch.width, swatch.height);
      if (row.hatched) hatch(ctx, swatch);
      ctx.strokeStyle = FRAME_COLOR;
      ctx.lineWidth = 0.5;
      ctx.strokeRect(swatch.x, swatch.y, swatch.width, swatch.height);
      drawText(ctx, label);
      drawText(ctx, count);
    }
    for (const item of legend.note) drawText(ctx, item);
  }
  for (const item of layout.source) drawText(ctx, item);
  ctx.restore();
}
