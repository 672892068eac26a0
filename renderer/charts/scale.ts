// Axis arithmetic for the plain-SVG charts (no chart library): linear scales and round ticks.

export interface Linear {
  (value: number): number;
  domain: [number, number];
}

export function linear(domain: [number, number], range: [number, number]): Linear {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  const span = d1 - d0;
  const scale = ((value: number) => (span === 0 ? (r0 + r1) / 2 : r0 + ((value - d0) / span) * (r1 - r0))) as Linear;
  scale.domain = domain;
  return scale;
}

/** A round step near range/count: 1, 2, 2.5 or 5 × 10^k. */
export function niceStep(range: number, count: number): number {
  if (!(range > 0) || count < 1) return 1;
  const raw = range / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const fraction = raw / power;
  const nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 2.5 ? 2.5 : fraction <= 5 ? 5 : 10;
  return nice * power;
}

/** Domain widened to round ticks, and the ticks; a flat domain is widened around its value. */
export function niceDomain(min: number, max: number, count = 4): { domain: [number, number]; ticks: number[] } {
  let lo = min;
  let hi = max;
  if (lo === hi) {
    const pad = lo === 0 ? 1 : Math.abs(lo) * 0.1;
    lo -= pad;
    hi += pad;
  }
  const step = niceStep(hi - lo, count);
  const start = Math.floor(lo / step) * step;
  const end = Math.ceil(hi / step) * step;
  const ticks: number[] = [];
  for (let v = start; v <= end + step / 2; v += step) ticks.push(Number(v.toPrecision(12)));
  return { domain: [start, end], ticks };
}

/** Decimals that ticks of this step need ("2,5" needs one). */
export function stepDecimals(step: number): number {
  if (step >= 1 && Number.isInteger(step)) return 0;
  const text = String(Number(step.toPrecision(6)));
  const dot = text.indexOf('.');
  return dot < 0 ? 0 : Math.min(6, text.length - dot - 1);
}

/**
 * Colours for highlighted units in selection order: Okabe–Ito hues (colour-blind safe), darkened
 * where needed for at least 3:1 contrast on white. Markers differ in shape as well.
 */
export const HIGHLIGHT_COLORS = ['#0072b2', '#c25400', '#007a5e', '#a2487d', '#5b3f94', '#1d2730'];

export function highlightColor(index: number): string {
  return HIGHLIGHT_COLORS[index % HIGHLIGHT_COLORS.length]!;
}
