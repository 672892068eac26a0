import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { formatNumber, type NumberStyle, withUnit } from '../indicators/format.ts';
import { minMax } from '../indicators/values.ts';
import { linear, niceStep } from './scale.ts';

export interface HistogramProps {
  title: string;
  values: readonly number[];
  /** Class breaks of the current map classification (first = min, last = max). */
  breaks: readonly number[];
  /** Class colours, drawn as a strip under the axis. */
  colors: readonly string[];
  style: NumberStyle;
}

const W = 560;
const H = 210;
const M = { top: 18, right: 16, bottom: 46, left: 36 };

/**
 * Frequency of the values in equal-width bins; the inner class breaks of the map are drawn as
 * dashed lines and the classes as a colour strip, so one sees where the classes cut the
 * distribution.
 */
export function Histogram({ title, values, breaks, colors, style }: HistogramProps) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const titleId = useId();
  const descId = useId();
  const range = minMax([...values, ...breaks]);
  if (!range || values.length === 0) {
    return (
      <figure className="chart-card" data-testid="histogram">
        <figcaption className="chart-title">{title}</figcaption>
        <p className="muted">{t('charts.noData')}</p>
      </figure>
    );
  }
  // Bins of a round width, about √n of them (at least 5, at most 12).
  const target = Math.min(12, Math.max(5, Math.ceil(Math.sqrt(values.length))));
  const width = niceStep(range.max - range.min || 1, target);
  const start = Math.floor(range.min / width) * width;
  const binCount = Math.max(1, Math.ceil((range.max - start) / width + 1e-9));
  const bins = Array.from({ length: binCount }, (_, i) => ({ from: start + i * width, to: start + (i + 1) * width, count: 0 }));
  for (const v of values) {
    const i = Math.min(binCount - 1, Math.max(0, Math.floor((v - start) / width)));
    bins[i]!.count += 1;
  }
  const maxCount = Math.max(...bins.map((b) => b.count));
  const x = linear([start, start + binCount * width], [M.left, W - M.right]);
  const y = linear([0, maxCount], [H - M.bottom, M.top]);
  const inner = breaks.slice(1, -1);
  const decimals = style.decimals;
  const fmt = (v: number) => formatNumber(v, decimals, lang);

  return (
    <figure className="chart-card" data-testid="histogram">
      <figcaption className="chart-title" id={titleId}>
        {title}
      </figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} className="chart-svg" role="img" aria-labelledby={titleId} aria-describedby={descId}>
        <desc id={descId}>
          {bins.map((b) => t('charts.histogramBin', { from: fmt(b.from), to: fmt(b.to), count: b.count })).join('; ')}.{' '}
          {inner.length > 0 ? t('charts.histogramBreaks', { breaks: withUnit(inner.map(fmt).join('; '), style.unit) }) : ''}
        </desc>
        {[0, maxCount].map((c) => (
          <text key={c} x={M.left - 6} y={y(c)} dy="0.32em" textAnchor="end" className="chart-tick">
            {c}
          </text>
        ))}
        {bins.map((b, i) => (
          <rect key={i} x={x(b.from) + 1} y={y(b.count)} width={Math.max(0, x(b.to) - x(b.from) - 2)} height={H - M.bottom - y(b.count)} className="histogram-bar">
            <title>{`${fmt(b.from)} – ${fmt(b.to)}: ${b.count}`}</title>
          </rect>
        ))}
        <line x1={M.left} x2={W - M.right} y1={H - M.bottom} y2={H - M.bottom} className="chart-axis" />
        {breaks.length > 1
          ? breaks.slice(0, -1).map((b, i) => (
              <rect key={i} x={x(b)} y={H - M.bottom + 4} width={Math.max(1, x(breaks[i + 1]!) - x(b))} height={8} fill={colors[i]} className="histogram-class" />
            ))
          : null}
        {inner.map((b, i) => (
          <g key={i} data-testid="histogram-break" data-value={b}>
            <line x1={x(b)} x2={x(b)} y1={M.top - 6} y2={H - M.bottom + 12} className="histogram-break" />
            <text x={x(b)} y={M.top - 8} textAnchor="middle" className="chart-tick">
              {fmt(b)}
            </text>
          </g>
        ))}
        <text x={x(start)} y={H - M.bottom + 28} textAnchor="start" className="chart-tick">
          {fmt(start)}
        </text>
        <text x={x(start + binCount * width)} y={H - M.bottom + 28} textAnchor="end" className="chart-tick">
          {withUnit(fmt(start + binCount * width), style.unit)}
        </text>
      </svg>
    </figure>
  );
}
