import { useId, type KeyboardEvent, type MouseEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { formatMeasure, type NumberStyle } from '../indicators/format.ts';
import { linear } from './scale.ts';

export interface RankingRow {
  unitId: string;
  name: string;
  value: number | null;
  /** 1 = most need; null without data. */
  rank: number | null;
  /** Class colour from the map classification. */
  color: string;
  /** Text instead of a value ("keine Daten", "geheim gehalten"). */
  note?: string;
}

export interface RankingChartProps {
  title: string;
  rows: readonly RankingRow[];
  selected: readonly string[];
  style: NumberStyle;
  onSelect?: (unitId: string, additive: boolean) => void;
}

const W = 560;
const ROW = 19;
const LABEL = 170;
const VALUE = 86;
const TOP = 4;

/**
 * Horizontal bars in rank order (1 = most need on top), coloured like the map. Each bar is a
 * button: click or Enter selects the unit (Strg adds it to the comparison).
 */
export function RankingChart({ title, rows, selected, style, onSelect }: RankingChartProps) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const titleId = useId();
  const ordered = [...rows].sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity) || a.name.localeCompare(b.name, 'de'));
  const values = ordered.flatMap((r) => (r.value === null || r.rank === null ? [] : [r.value]));
  const lo = Math.min(0, ...values);
  const hi = Math.max(0, ...values);
  const x = linear([lo, hi === lo ? lo + 1 : hi], [LABEL, W - VALUE]);
  const height = TOP * 2 + ordered.length * ROW;

  const activate = (unitId: string, e: MouseEvent | KeyboardEvent) => onSelect?.(unitId, e.ctrlKey || e.metaKey || e.shiftKey);

  return (
    <figure className="chart-card" data-testid="ranking-chart">
      <figcaption className="chart-title" id={titleId}>
        {title}
      </figcaption>
      <svg viewBox={`0 0 ${W} ${height}`} className="chart-svg" role="group" aria-labelledby={titleId}>
        <line x1={x(0)} x2={x(0)} y1={TOP} y2={height - TOP} className="chart-axis" />
        {ordered.map((row, i) => {
          const y = TOP + i * ROW;
          const isSelected = selected.includes(row.unitId);
          const hasValue = row.value !== null && row.rank !== null;
          const valueText = hasValue ? formatMeasure(row.value!, style, lang) : (row.note ?? t('legend.noData'));
          const label = hasValue ? t('charts.rankingItem', { rank: row.rank, name: row.name, value: valueText }) : `${row.name}: ${valueText}`;
          const x0 = hasValue ? Math.min(x(0), x(row.value!)) : x(0);
          const width = hasValue ? Math.abs(x(row.value!) - x(0)) : 0;
          return (
            <g
              key={row.unitId}
              className={`ranking-row${isSelected ? ' ranking-row--selected' : ''}`}
              role="button"
              tabIndex={0}
              aria-pressed={isSelected}
              aria-label={label}
              data-testid="ranking-row"
              data-unit-id={row.unitId}
              data-rank={row.rank ?? ''}
              onClick={(e) => activate(row.unitId, e)}
              onKeyDown={(e) => {
                if (e.key === 'Enter' || e.key === ' ') {
                  e.preventDefault();
                  activate(row.unitId, e);
                }
              }}
            >
              <rect x={0} y={y} width={W} height={ROW} className="ranking-hit" />
              <text x={4} y={y + ROW / 2} dy="0.32em" className="ranking-rank">
                {row.rank ?? ''}
              </text>
              <text x={26} y={y + ROW / 2} dy="0.32em" className="ranking-name">
                {row.name.length > 22 ? `${row.name.slice(0, 21)}…` : row.name}
              </text>
              {hasValue ? (
                <rect x={x0} y={y + 3} width={Math.max(width, 1)} height={ROW - 6} fill={row.color} className="ranking-bar" />
              ) : null}
              <text x={hasValue ? Math.max(x(row.value!), x(0)) + 5 : LABEL + 4} y={y + ROW / 2} dy="0.32em" className="ranking-value">
                {valueText}
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}
