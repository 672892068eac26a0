// A legend as data: what the on-screen choropleth legend lists (class colour, value range, number
// of units, then "keine Daten" and "geheim gehalten"), in a form the PNG composer can draw.
// Built from the same Choropleth object the map paints and ChoroplethLegend shows.
import type { Choropleth } from '../indicators/choropleth.ts';
import { formatMeasure, formatNumber, withUnit } from '../indicators/format.ts';
import { NO_DATA_COLOR, SUPPRESSED_COLOR } from '../indicators/ramps.ts';

export type LegendRowKind = 'class' | 'no-data' | 'suppressed' | 'excluded';

export interface LegendRow {
  kind: LegendRowKind;
  color: string;
  /** Drawn with the diagonal hatch of the map (suppressed, not in the index). */
  hatched: boolean;
  label: string;
  count: number;
}

export interface LegendModel {
  title: string;
  /** E.g. the unit of the values ("Anteil in %"). */
  subtitle: string | null;
  rows: LegendRow[];
  /** A line under the rows, e.g. the centre of a diverging ramp. */
  note: string | null;
}

export interface LegendIndicatorStyle {
  name: string;
  unit: string | null;
  decimals: number;
}

export interface SpecialLabels {
  noData: string;
  suppressed: string;
}

/** Value ranges formatted exactly as ChoroplethLegend does ("12,3 – 15,0 %"). */
export function rangeLabel(from: number, to: number, style: { decimals: number; unit: string | null }, language: string): string {
  return from === to
    ? formatMeasure(from, style, language)
    : withUnit(`${formatNumber(from, style.decimals, language)} – ${formatNumber(to, style.decimals, language)}`, style.unit);
}

export function choroplethLegendModel(
  indicator: LegendIndicatorStyle,
  choropleth: Choropleth,
  labels: SpecialLabels & { title: string; subtitle?: string | null; note?: string | null },
  language: string,
): LegendModel {
  const { classification, colors } = choropleth;
  const rows: LegendRow[] = classification.classes.map((c, i) => ({
    kind: 'class',
    color: colors[i] ?? NO_DATA_COLOR,
    hatched: false,
    label: rangeLabel(c.from, c.to, indicator, language),
    count: c.count,
  }));
  rows.push({ kind: 'no-data', color: NO_DATA_COLOR, hatched: false, label: labels.noData, count: classification.noData });
  rows.push({ kind: 'suppressed', color: SUPPRESSED_COLOR, hatched: true, label: labels.suppressed, count: classification.suppressed });
  return { title: labels.title, subtitle: labels.subtitle ?? null, rows, note: labels.note ?? null };
}
