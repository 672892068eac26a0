import { describe, expect, it } from 'vitest';
import { fileNamePart } from '../../renderer/exports/download.ts';
import { choroplethLegendModel, type LegendModel } from '../../renderer/exports/legend-model.ts';
import { drawMapImage, FONTS, LAYOUT, layoutLegend, layoutMapImage, legendWidth, mapImageFileName, scaleBar, wrapText } from '../../renderer/exports/map-image.ts';
import { buildChoropleth } from '../../renderer/indicators/choropleth.ts';
import { NO_DATA_COLOR } from '../../renderer/indicators/ramps.ts';
import { DEFAULT_CLASSIFICATION } from '../../renderer/state/selection.tsx';
import { SGB2, SGB2_SERIES, UNITS } from './indicator-fixtures.tsx';

/** 6 px per character: easy to reason about. */
const measure = (text: string) => text.length * 6;

const LEGEND: LegendModel = {
  title: 'Legende',
  subtitle: 'Wertebereich, Anzahl Gebiete',
  rows: [
    { kind: 'class', color: '#fee5d9', hatched: false, label: '10,5 – 14,5 %', count: 2 },
    { kind: 'class', color: '#fcae91', hatched: false, label: '14,5 – 20,0 %', count: 1 },
    { kind: 'class', color: '#de2d26', hatched: false, label: '20,0 – 21,9 %', count: 1 },
    { kind: 'no-data', color: NO_DATA_COLOR, hatched: false, label: 'keine Daten', count: 1 },
    { kind: 'suppressed', color: NO_DATA_COLOR, hatched: true, label: 'geheim gehalten', count: 1 },
  ],
  note: null,
};

describe('map image: legend layout', () => {
  it('puts one row per entry, evenly spaced, swatch left, label after it, count right-aligned', () => {
    const legend = layoutLegend(LEGEND, 100, 50, 200, measure);
    expect(legend.rows).toHaveLength(5);
    const tops = legend.rows.map((r) => r.swatch.y);
    tops.slice(1).forEach((top, i) => expect(top - tops[i]!).toBe(LAYOUT.row));
    for (const { swatch, label, count } of legend.rows) {
      expect(swatch.x).toBe(100);
      expect(swatch.width).toBe(LAYOUT.swatchWidth);
      expect(label.x).toBe(100 + LAYOUT.swatchWidth + LAYOUT.swatchGap);
      expect(count).toMatchObject({ x: 300, align: 'right' });
      // Label and count share the baseline; the swatch is centred on the row.
      expect(label.y).toBe(count.y);
      expect(swatch.y + swatch.height / 2).toBeCloseTo(label.y - 4, 0);
    }
    expect(legend.rows.map((r) => [r.label.text, r.count.text])).toEqual([
      ['10,5 – 14,5 %', '2'],
      ['14,5 – 20,0 %', '1'],
      ['20,0 – 21,9 %', '1'],
      ['keine Daten', '1'],
      ['geheim gehalten', '1'],
    ]);
    // Title, then subtitle, then the rows; the box covers all of it.
    expect(legend.title[0]!.y).toBeLessThan(legend.subtitle[0]!.y);
    expect(legend.subtitle[0]!.y).toBeLessThan(legend.rows[0]!.swatch.y);
    expect(legend.box).toEqual({ x: 100, y: 50, width: 200, height: LAYOUT.legendTitleLine + LAYOUT.legendLine + 6 + 5 * LAYOUT.row });
    expect(legend.rows[4]!.row.hatched).toBe(true);
  });

  it('is as wide as its longest label needs, within limits', () => {
    // swatch 18 + gap 8 + "geheim gehalten" 90 + gap 12 + count 6 = 134 → at least the minimum.
    expect(legendWidth(LEGEND, measure)).toBe(LAYOUT.legendMinWidth);
    const long = { ...LEGEND, rows: [{ ...LEGEND.rows[0]!, label: 'x'.repeat(40) }] };
    expect(legendWidth(long, measure)).toBe(18 + 8 + 240 + 12 + 6);
    const huge = { ...LEGEND, rows: [{ ...LEGEND.rows[0]!, label: 'x'.repeat(400) }] };
    expect(legendWidth(huge, measure)).toBe(LAYOUT.legendMaxWidth);
  });
});

describe('map image: sheet layout', () => {
  const input = {
    mapWidth: 800,
    mapHeight: 500,
    title: 'Anteil der Regelleistungsberechtigten nach SGB II',
    subtitle: '2021 · Ebene: Stadtteil',
    legend: LEGEND,
    scale: { px: 100, label: '1 km' },
    source: 'Quelle: Statistikstelle der Stadt Flensburg · Karte: Quartiersatlas',
    measure,
  };

  it('title on top, map left, legend right of the map, source line at the bottom, white margin around', () => {
    const layout = layoutMapImage(input);
    const { margin, gap } = LAYOUT;
    expect(layout.map).toEqual({ x: margin, y: margin + LAYOUT.titleLine + LAYOUT.subtitleLine + gap, width: 800, height: 500 });
    expect(layout.legend!.box.x).toBe(margin + 800 + gap);
    expect(layout.legend!.box.y).toBe(layout.map.y);
    expect(layout.width).toBe(margin + 800 + gap + LAYOUT.legendMinWidth + margin);
    expect(layout.title.map((t) => t.text)).toEqual([input.title]);
    expect(layout.subtitle[0]!.text).toBe('2021 · Ebene: Stadtteil');
    expect(layout.source[0]!.y).toBeGreaterThan(layout.map.y + layout.map.height);
    expect(layout.height).toBe(layout.map.y + 500 + gap + LAYOUT.sourceLine + margin);
    // Scale bar inside the map's lower left corner.
    expect(layout.scale!.bar.width).toBe(100);
    expect(layout.scale!.box.x).toBeGreaterThan(layout.map.x);
    expect(layout.scale!.box.y + layout.scale!.box.height).toBeLessThan(layout.map.y + layout.map.height);
    expect(layout.scale!.label.text).toBe('1 km');
  });

  it('a legend taller than the map pushes the source line down; long texts wrap', () => {
    const layout = layoutMapImage({ ...input, mapHeight: 60, source: 'Quelle: ' + 'sehr lange Angabe '.repeat(20) });
    expect(layout.source[0]!.y).toBeGreaterThan(layout.legend!.box.y + layout.legend!.box.height);
    expect(layout.source.length).toBeGreaterThan(1);
    for (const line of layout.source) expect(measure(line.text)).toBeLessThanOrEqual(layout.width - 2 * LAYOUT.margin);
  });

  it('without an indicator there is no legend and the map fills the width', () => {
    const layout = layoutMapImage({ ...input, legend: null });
    expect(layout.legend).toBeNull();
    expect(layout.width).toBe(LAYOUT.margin * 2 + 800);
  });

  it('draws in the order of the layout at the requested pixel ratio', () => {
    const calls: string[] = [];
    const record = (name: string) => (...args: unknown[]) => calls.push(`${name}(${args.filter((a) => typeof a !== 'object').join(',')})`);
    const ctx = new Proxy({} as Record<string, unknown>, {
      get: (target, key: string) => (key in target ? target[key] : record(key)),
      set: (target, key: string, value) => {
        target[key] = value;
        if (key === 'fillStyle') calls.push(`fillStyle=${String(value)}`);
        return true;
      },
    });
    const layout = layoutMapImage(input);
    drawMapImage(ctx as unknown as CanvasRenderingContext2D, layout, {} as CanvasImageSource, 2);
    expect(calls[1]).toBe('scale(2,2)');
    expect(calls).toContain(`fillRect(0,0,${layout.width},${layout.height})`);
    expect(calls).toContain(`drawImage(${layout.map.x},${layout.map.y},800,500)`);
    expect(calls.filter((c) => c.startsWith('fillText(')).map((c) => c.slice(9, c.indexOf(',')))).toEqual([
      input.title,
      input.subtitle,
      '1 km',
      'Legende',
      'Wertebereich',
      ...LEGEND.rows.flatMap((r) => [r.label.split(',')[0], String(r.count)]),
      'Quelle: Statistikstelle der Stadt Flensburg · Karte: Quartiersatlas',
    ]);
    // Class colours fill the swatches; the suppressed swatch is hatched (clip + lines).
    for (const row of LEGEND.rows) expect(calls).toContain(`fillStyle=${row.color}`);
    expect(calls.filter((c) => c === 'clip()')).toHaveLength(1);
  });
});

describe('map image: parts', () => {
  it('legend model: the same classes, ranges and counts as the on-screen legend', () => {
    const units = UNITS.map((u) => ({ id: u.id, name: u.name, code: u.code }));
    const choropleth = buildChoropleth({ indicator: SGB2, series: SGB2_SERIES, units, period: '2021', settings: { ...DEFAULT_CLASSIFICATION, method: 'equal-interval', classes: 3 } });
    const model = choroplethLegendModel(SGB2, choropleth, { title: 'Legende', noData: 'keine Daten', suppressed: 'geheim gehalten' }, 'de');
    expect(model.rows.map((r) => [r.kind, r.label, r.count, r.hatched])).toEqual([
      ['class', '10,5 – 14,3 %', 1, false],
      ['class', '14,3 – 18,1 %', 1, false],
      ['class', '18,1 – 21,9 %', 2, false],
      ['no-data', 'keine Daten', 1, false],
      ['suppressed', 'geheim gehalten', 1, true],
    ]);
    expect(model.rows.slice(0, 3).map((r) => r.color)).toEqual(choropleth.colors);
  });

  it('scale bar: a round length of at most the given width', () => {
    expect(scaleBar(10, 120)).toEqual({ px: 100, label: '1 km' });
    expect(scaleBar(3, 120)).toEqual({ px: 100, label: '300 m' });
    expect(scaleBar(30, 120)).toEqual({ px: 100, label: '3 km' });
    expect(scaleBar(4, 120)).toMatchObject({ label: '300 m', px: 75 });
    expect(scaleBar(0)).toBeNull();
  });

  it('file name karte_<code>_<period>.png', () => {
    expect(mapImageFileName(['sgb2_anteil', '2021'], fileNamePart)).toBe('karte_sgb2_anteil_2021.png');
    expect(mapImageFileName(['SGB-II Quote (Test)', null], fileNamePart)).toBe('karte_sgb-ii-quote-test.png');
    expect(mapImageFileName(['Statistischer Bezirk'], fileNamePart)).toBe('karte_statistischer-bezirk.png');
  });

  it('wraps words to the width', () => {
    expect(wrapText('eins zwei drei vier', FONTS.source, 60, measure)).toEqual(['eins zwei', 'drei vier']);
  });
});
