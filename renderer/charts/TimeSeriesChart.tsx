import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { formatMeasure, formatNumber, formatPeriod, type NumberStyle } from '../indicators/format.ts';
import { minMax } from '../indicators/values.ts';
import { highlightColor, linear, niceDomain, niceStep, stepDecimals } from './scale.ts';

export interface SeriesLine {
  unitId: string;
  name: string;
  /** One entry per period (null = no data). */
  values: ReadonlyArray<number | null>;
}

export interface TimeSeriesChartProps {
  title: string;
  periods: readonly string[];
  lines: readonly SeriesLine[];
  /** Highlighted units, in selection order (colours follow it). */
  highlighted: readonly string[];
  /** "Mittel der Einheiten" per period, drawn dashed. */
  mean?: ReadonlyArray<number | null>;
  style: NumberStyle;
  onSelect?: (unitId: string, additive: boolean) => void;
}

const W = 560;
const H = 250;
const M = { top: 14, right: 128, bottom: 28, left: 58 };

/** SVG path through the points, broken where a value is missing. */
function pathOf(values: ReadonlyArray<number | null>, x: (i: number) => number, y: (v: number) => number): string {
  let d = '';
  let pen = false;
  values.forEach((v, i) => {
    if (v === null) {
      pen = false;
      return;
    }
    d += `${pen ? 'L' : 'M'}${x(i).toFixed(1)},${y(v).toFixed(1)}`;
    pen = true;
  });
  return d;
}

/**
 * All units of the level as thin grey lines, the selected ones in colour on top, the mean of
 * the units dashed. Clicking a line selects its unit. The same numbers as a table for screen
 * readers and for reading exact values.
 */
export function TimeSeriesChart({ title, periods, lines, highlighted, mean, style, onSelect }: TimeSeriesChartProps) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const titleId = useId();
  const descId = useId();
  const all = lines.flatMap((l) => l.values.filter((v): v is number => v !== null));
  const range = minMax(all);
  if (!range || periods.length === 0) {
    return (
      <figure className="chart-card" data-testid="timeseries-chart">
        <figcaption className="chart-title">{title}</figcaption>
        <p className="muted">{t('charts.noData')}</p>
      </figure>
    );
  }
  const { domain, ticks } = niceDomain(range.min, range.max, 4);
  const tickDecimals = Math.max(stepDecimals(niceStep(domain[1] - domain[0], 4)), 0);
  const single = periods.length === 1;
  const x = (i: number) => (single ? (M.left + W - M.right) / 2 : M.left + (i * (W - M.left - M.right)) / (periods.length - 1));
  const y = linear(domain, [H - M.bottom, M.top]);
  const byId = new Map(lines.map((l) => [l.unitId, l]));
  const selectedLines = highlighted.flatMap((id) => byId.get(id) ?? []);
  const background = lines.filter((l) => !highlighted.includes(l.unitId));
  // End labels of the highlighted lines, pushed apart so they do not overlap.
  const labels = selectedLines
    .map((line, index) => {
      const lastIndex = line.values.findLastIndex((v) => v !== null);
      return lastIndex < 0 ? null : { line, index, y: y(line.values[lastIndex]!), x: x(lastIndex) };
    })
    .filter((l): l is NonNullable<typeof l> => l !== null)
    .sort((a, b) => a.y - b.y);
  for (let i = 1; i < labels.length; i++) labels[i]!.y = Math.max(labels[i]!.y, labels[i - 1]!.y + 13);

  const describe = selectedLines
    .map((line) => {
      const first = line.values.find((v) => v !== null);
      const last = line.values.findLast((v) => v !== null);
      return first != null && last != null ? `${line.name}: ${formatMeasure(first, style, lang)} → ${formatMeasure(last, style, lang)}` : line.name;
    })
    .join('; ');

  return (
    <figure className="chart-card" data-testid="timeseries-chart">
      <figcaption className="chart-title" id={titleId}>
        {title}
      </figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} className="chart-svg" role="img" aria-labelledby={titleId} aria-describedby={descId}>
        <desc id={descId}>
          {t('charts.timeseriesDesc', {
            from: formatPeriod(periods[0]!, lang),
            to: formatPeriod(periods[periods.length - 1]!, lang),
            count: lines.length,
          })}
          {describe ? ` ${describe}` : ''}
        </desc>
        {ticks.map((tick) => (
          <g key={tick} className="chart-gridline">
            <line x1={M.left} x2={W - M.right} y1={y(tick)} y2={y(tick)} />
            <text x={M.left - 6} y={y(tick)} dy="0.32em" textAnchor="end" className="chart-tick">
              {formatNumber(tick, tickDecimals, lang)}
            </text>
          </g>
        ))}
        {periods.map((p, i) => (
          <text key={p} x={x(i)} y={H - M.bottom + 16} textAnchor="middle" className="chart-tick">
            {formatPeriod(p, lang)}
          </text>
        ))}
        {background.map((line) => (
          <g key={line.unitId} className="series-line series-line--background" onClick={(e) => onSelect?.(line.unitId, e.ctrlKey || e.metaKey || e.shiftKey)}>
            <title>{line.name}</title>
            <path d={pathOf(line.values, x, y)} className="series-hit" />
            <path d={pathOf(line.values, x, y)} className="series-path" />
            {/* One period: a line of one point draws nothing, so every unit shows as a dot. */}
            {single ? line.values.map((v, i) => (v === null ? null : <circle key={i} cx={x(i)} cy={y(v)} r={2.4} className="series-dot" />)) : null}
          </g>
        ))}
        {mean && single && mean[0] != null ? (
          <line x1={x(0) - 24} x2={x(0) + 24} y1={y(mean[0])} y2={y(mean[0])} className="series-mean" data-testid="series-mean" />
        ) : mean ? (
          <path d={pathOf(mean, x, y)} className="series-mean" data-testid="series-mean" />
        ) : null}
        {selectedLines.map((line, index) => (
          <g
            key={line.unitId}
            className="series-line series-line--selected"
            style={{ color: highlightColor(index) }}
            data-testid="series-selected"
            data-unit-id={line.unitId}
          >
            <title>{line.name}</title>
            <path d={pathOf(line.values, x, y)} className="series-path" />
            {line.values.map((v, i) => (v === null ? null : <circle key={i} cx={x(i)} cy={y(v)} r={3.2} />))}
          </g>
        ))}
        {labels.map(({ line, index, y: ly, x: lx }) => (
          <text key={line.unitId} x={lx + 8} y={ly} dy="0.32em" className="series-label" style={{ fill: highlightColor(index) }}>
            {line.name.length > 20 ? `${line.name.slice(0, 19)}…` : line.name}
          </text>
        ))}
      </svg>
      <p className="chart-legend-note small muted">
        <span className="legend-dash" aria-hidden="true" /> {t('charts.meanOfUnits')}
      </p>
      <details className="chart-table">
        <summary>{t('charts.asTable')}</summary>
        <div className="table-scroll">
          <table className="data-table">
            <caption className="visually-hidden">{title}</caption>
            <thead>
              <tr>
                <th scope="col">{t('indicators.table.name')}</th>
                {periods.map((p) => (
                  <th key={p} scope="col" className="num">
                    {formatPeriod(p, lang)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {[...selectedLines, ...background].map((line) => (
                <tr key={line.unitId}>
                  <th scope="row">{line.name}</th>
                  {line.values.map((v, i) => (
                    <td key={i} className="num">
                      {v === null ? '–' : formatNumber(v, style.decimals, lang)}
                    </td>
                  ))}
                </tr>
              ))}
              {mean ? (
                <tr>
                  <th scope="row">{t('charts.meanOfUnits')}</th>
                  {mean.map((v, i) => (
                    <td key={i} className="num">
                      {v === null ? '–' : formatNumber(v, style.decimals, lang)}
                    </td>
                  ))}
                </tr>
              ) : null}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
