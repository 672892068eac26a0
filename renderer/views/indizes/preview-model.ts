// What the builder's preview shows, computed from main's answer to indices.preview: colours per
// unit (class of the total), hatching for units "nicht im Index", the legend rows and the rows of
// the sub-index table. Pure.
import type { MethodOutput } from '../../../shared/contract.ts';
import type { LegendModel, LegendRow } from '../../exports/legend-model.ts';
import { formatNumber } from '../../indicators/format.ts';
import { classColors, NO_DATA_COLOR } from '../../indicators/ramps.ts';
import type { UnitInfo } from '../../indicators/values.ts';

export type IndexPreview = MethodOutput<'indices.preview'>;

/** Sequential, light → dark towards more need (the index is oriented "higher = more need"). */
export function indexClassColors(count: number): string[] {
  return classColors('YlOrRd', Array.from({ length: count }, (_, i) => ({ from: i, to: i })), 'need', null);
}

export interface PreviewRow {
  unitId: string;
  name: string;
  code: string;
  total: number | null;
  classIndex: number | null;
  classLabel: string | null;
  /** Sub-index per dimension (recipe order); empty for units not in the index. */
  dimensions: number[];
  /** Why the unit is not in the index (German, from main), or "keine Daten". */
  message: string | null;
}

export interface PreviewPicture {
  unitColors: Map<string, string>;
  hatched: Set<string>;
  legend: LegendModel;
  rows: PreviewRow[];
  included: number;
}

export interface PreviewTexts {
  title: string;
  subtitle: string | null;
  excluded: string;
  noData: string;
}

export function previewPicture(preview: IndexPreview, units: readonly UnitInfo[], dimensionNames: readonly string[], labels: readonly string[], texts: PreviewTexts): PreviewPicture {
  const colors = indexClassColors(labels.length);
  const byUnit = new Map(preview.units.map((u) => [u.unitId, u]));
  const unitColors = new Map<string, string>();
  const hatched = new Set<string>();
  const counts = labels.map(() => 0);
  let excluded = 0;
  let noData = 0;
  const rows: PreviewRow[] = units.map((unit) => {
    const result = byUnit.get(unit.id);
    if (!result) {
      noData += 1;
      unitColors.set(unit.id, NO_DATA_COLOR);
      return { unitId: unit.id, name: unit.name, code: unit.code, total: null, classIndex: null, classLabel: null, dimensions: [], message: texts.noData };
    }
    if (result.total === null || result.classLabel === null) {
      excluded += 1;
      unitColors.set(unit.id, NO_DATA_COLOR);
      hatched.add(unit.id);
      return { unitId: unit.id, name: unit.name, code: unit.code, total: null, classIndex: null, classLabel: null, dimensions: [], message: result.message ?? texts.excluded };
    }
    const classIndex = labels.indexOf(result.classLabel);
    if (classIndex >= 0) counts[classIndex] = (counts[classIndex] ?? 0) + 1;
    unitColors.set(unit.id, colors[classIndex] ?? NO_DATA_COLOR);
    const scores = new Map(result.dimensions.map((d) => [d.name, d.score]));
    return {
      unitId: unit.id,
      name: unit.name,
      code: unit.code,
      total: result.total,
      classIndex: classIndex >= 0 ? classIndex : null,
      classLabel: result.classLabel,
      dimensions: dimensionNames.map((name) => scores.get(name) ?? Number.NaN),
      message: null,
    };
  });
  const legendRows: LegendRow[] = labels.map((label, i) => ({ kind: 'class', color: colors[i] ?? NO_DATA_COLOR, hatched: false, label, count: counts[i] ?? 0 }));
  legendRows.push({ kind: 'excluded', color: NO_DATA_COLOR, hatched: true, label: texts.excluded, count: excluded });
  if (noData > 0) legendRows.push({ kind: 'no-data', color: NO_DATA_COLOR, hatched: false, label: texts.noData, count: noData });
  return {
    unitColors,
    hatched,
    legend: { title: texts.title, subtitle: texts.subtitle, rows: legendRows, note: null },
    rows,
    included: rows.filter((r) => r.total !== null).length,
  };
}

/** Tooltip line of a unit on the preview map. */
export function describePreviewRow(row: PreviewRow | undefined, language: string): string | null {
  if (!row) return null;
  if (row.total === null) return row.message;
  return `${row.classLabel ?? ''} · ${formatNumber(row.total, 2, language)}`;
}

export type PreviewSortKey = 'name' | 'total' | `dimension-${number}`;

/**
 * Rows sorted by name, total or a sub-index; units not in the index always come last (by name).
 * Ties by name, so the order is stable.
 */
export function sortPreviewRows(rows: readonly PreviewRow[], key: PreviewSortKey, ascending: boolean): PreviewRow[] {
  const dir = ascending ? 1 : -1;
  const byName = (a: PreviewRow, b: PreviewRow) => a.name.localeCompare(b.name, 'de', { numeric: true });
  const valueOf = (row: PreviewRow): number | null => {
    if (row.total === null) return null;
    if (key === 'total') return row.total;
    const index = Number(key.slice('dimension-'.length));
    const value = row.dimensions[index];
    return value === undefined || Number.isNaN(value) ? null : value;
  };
  return [...rows].sort((a, b) => {
    if (key === 'name') {
      if ((a.total === null) !== (b.total === null)) return a.total === null ? 1 : -1;
      return dir * byName(a, b);
    }
    const av = valueOf(a);
    const bv = valueOf(b);
    if (av === null || bv === null) return av === bv ? byName(a, b) : av === null ? 1 : -1;
    return dir * (av - bv) || byName(a, b);
  });
}
