import type { Polarity } from '../indicators/ramps.ts';
import { highlightColor } from './scale.ts';

export interface SpinePoint {
  unitId: string;
  name: string;
  value: number;
  /** Position in the selection: picks colour and marker shape (defaults to the list index). */
  colorIndex?: number;
  /** Outside the box-plot fences (IQR rule): drawn with a ring. */
  outlier?: boolean;
}

export interface SpineChartProps {
  min: number;
  max: number;
  /** Middle 50 % of the units (quartiles). */
  q1: number;
  q3: number;
  /** City value on the units' scale (see the profile's Stadtwert); null: no line. */
  reference: number | null;
  points: readonly SpinePoint[];
  polarity: Polarity;
  /** Full text alternative (values, range, orientation). */
  label: string;
  width?: number;
  /** Tooltip text for outlier points ("Ausreißer nach IQR-Regel …"). */
  outlierTitle?: string;
}

const H = 22;
const PAD = 7;

/**
 * Position 0…1 of a value in the spine: left = worse. For 'need' a high value is worse (left),
 * for 'better' a high value is better (right); 'neutral' keeps low left, high right.
 */
export function spinePosition(value: number, min: number, max: number, polarity: Polarity): number {
  if (max === min) return 0.5;
  const p = (value - min) / (max - min);
  const clamped = Math.min(1, Math.max(0, p));
  return polarity === 'need' ? 1 - clamped : clamped;
}

/** Marker shapes in selection order, so compared units differ in more than colour. */
function Marker({ index, cx, cy }: { index: number; cx: number; cy: number }) {
  const r = 5;
  switch (index % 4) {
    case 1:
      return <rect x={cx - r + 0.8} y={cy - r + 0.8} width={2 * r - 1.6} height={2 * r - 1.6} />;
    case 2:
      return <polygon points={`${cx},${cy - r - 0.5} ${cx + r + 0.5},${cy} ${cx},${cy + r + 0.5} ${cx - r - 0.5},${cy}`} />;
    case 3:
      return <polygon points={`${cx},${cy - r} ${cx + r},${cy + r - 1} ${cx - r},${cy + r - 1}`} />;
    default:
      return <circle cx={cx} cy={cy} r={r - 0.5} />;
  }
}

/**
 * Spine chart of one indicator (methods.md): the range of all units (min–max), their middle
 * 50 % as a box, the city value as a line and each shown unit as a marker; normalised so that
 * left always means worse.
 */
export function SpineChart({ min, max, q1, q3, reference, points, polarity, label, width = 200, outlierTitle }: SpineChartProps) {
  const span = width - 2 * PAD;
  const x = (v: number) => PAD + spinePosition(v, min, max, polarity) * span;
  const [boxA, boxB] = [x(q1), x(q3)].sort((a, b) => a - b) as [number, number];
  return (
    <svg className="spine-chart" width={width} height={H} viewBox={`0 0 ${width} ${H}`} role="img" aria-label={label} data-testid="spine-chart">
      <rect x={PAD} y={H / 2 - 4} width={span} height={8} className="spine-range" />
      <rect x={boxA} y={H / 2 - 4} width={Math.max(1, boxB - boxA)} height={8} className="spine-box" />
      {reference !== null ? <line x1={x(reference)} x2={x(reference)} y1={2} y2={H - 2} className="spine-reference" data-testid="spine-reference" /> : null}
      {points.map((p, i) => (
        <g
          key={p.unitId}
          className="spine-point"
          style={{ color: highlightColor(p.colorIndex ?? i) }}
          data-testid="spine-point"
          data-unit-id={p.unitId}
          data-position={spinePosition(p.value, min, max, polarity).toFixed(4)}
          data-outlier={p.outlier ? 'true' : undefined}
        >
          <title>{p.outlier && outlierTitle ? `${p.name} – ${outlierTitle}` : p.name}</title>
          {p.outlier ? <circle cx={x(p.value)} cy={H / 2} r={7.2} className="spine-outlier-ring" /> : null}
          <Marker index={p.colorIndex ?? i} cx={x(p.value)} cy={H / 2} />
        </g>
      ))}
    </svg>
  );
}
