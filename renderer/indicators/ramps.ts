import {
  schemeBlues,
  schemeBrBG,
  schemeGreens,
  schemeOrRd,
  schemePiYG,
  schemePuBu,
  schemePuOr,
  schemePurples,
  schemeRdBu,
  schemeRdYlBu,
  schemeYlGnBu,
  schemeYlOrRd,
} from 'd3-scale-chromatic';
import type { ClassificationMethod } from './classification.ts';

/**
 * ColorBrewer ramps that ColorBrewer marks colour-blind safe (d3-scale-chromatic carries them as
 * arrays of 3…9 or 3…11 colours). Sequential ramps run light → dark. For diverging ramps
 * `needEnd` says which end is the warm one, the end that stands for "more need".
 */
export type Polarity = 'need' | 'better' | 'neutral';

interface SchemeInfo {
  kind: 'sequential' | 'diverging';
  colors: ReadonlyArray<ReadonlyArray<string>>;
  needEnd: 'start' | 'end';
}

export const SCHEMES = {
  YlOrRd: { kind: 'sequential', colors: schemeYlOrRd, needEnd: 'end' },
  OrRd: { kind: 'sequential', colors: schemeOrRd, needEnd: 'end' },
  Blues: { kind: 'sequential', colors: schemeBlues, needEnd: 'end' },
  Greens: { kind: 'sequential', colors: schemeGreens, needEnd: 'end' },
  Purples: { kind: 'sequential', colors: schemePurples, needEnd: 'end' },
  YlGnBu: { kind: 'sequential', colors: schemeYlGnBu, needEnd: 'end' },
  PuBu: { kind: 'sequential', colors: schemePuBu, needEnd: 'end' },
  RdBu: { kind: 'diverging', colors: schemeRdBu, needEnd: 'start' },
  RdYlBu: { kind: 'diverging', colors: schemeRdYlBu, needEnd: 'start' },
  PuOr: { kind: 'diverging', colors: schemePuOr, needEnd: 'end' },
  BrBG: { kind: 'diverging', colors: schemeBrBG, needEnd: 'start' },
  PiYG: { kind: 'diverging', colors: schemePiYG, needEnd: 'start' },
} as const satisfies Record<string, SchemeInfo>;

export type SchemeId = keyof typeof SCHEMES;
export type SchemeChoice = SchemeId | 'auto';
export const SCHEME_IDS = Object.keys(SCHEMES) as SchemeId[];

export function isSchemeChoice(value: string): value is SchemeChoice {
  return value === 'auto' || Object.hasOwn(SCHEMES, value);
}

/**
 * Units without data: a mid grey, darker than the near-white middle of diverging ramps and the
 * lightest sequential colours, so "keine Daten" is never read as a class. Suppressed units get
 * the same grey with a hatch on top (map and legend).
 */
export const NO_DATA_COLOR = '#b9bfc5';
export const SUPPRESSED_COLOR = '#b9bfc5';

/**
 * The ramp chosen by "Automatisch": diverging around the city mean for standard-deviation classes
 * and standardised measures (z-scores, indices), otherwise sequential — warm for indicators with
 * a judgement (need/better), blue for neutral ones (no alarm colours for, say, a population count).
 */
export function autoScheme(method: ClassificationMethod, measure: string, polarity: Polarity): SchemeId {
  if (method === 'standard-deviation' || measure === 'standardised') return 'RdBu';
  return polarity === 'neutral' ? 'Blues' : 'YlOrRd';
}

export function resolveScheme(choice: SchemeChoice, method: ClassificationMethod, measure: string, polarity: Polarity): SchemeId {
  return choice === 'auto' ? autoScheme(method, measure, polarity) : choice;
}

export function isDiverging(scheme: SchemeId): boolean {
  return SCHEMES[scheme].kind === 'diverging';
}

/** `n` colours of a ramp (n ≥ 1); below 3 the 3-colour ramp's outer colours are used. */
function palette(scheme: SchemeId, n: number): string[] {
  const colors = SCHEMES[scheme].colors;
  const max = colors.length - 1;
  if (n >= 3) return [...(colors[Math.min(n, max)] ?? [])];
  const three = [...(colors[3] ?? [])];
  return n === 2 ? [three[0]!, three[2]!] : [three[2]!];
}

/**
 * Ramp oriented so that its last colour is the "more need" end: for polarity 'need' (and
 * 'neutral', which behaves like need: higher = darker) the highest class gets it, for 'better'
 * the lowest class does.
 */
function needLast(scheme: SchemeId, colors: string[]): string[] {
  return SCHEMES[scheme].needEnd === 'end' ? colors : [...colors].reverse();
}

export interface ClassRange {
  from: number;
  to: number;
}

/**
 * One colour per class, in class order (ascending values).
 * - Sequential: light → dark towards more need (reversed for polarity 'better').
 * - Diverging: the neutral middle colour sits at `centre` (city mean or reference); classes
 *   below and above take colours by their distance from it, so an uneven number of classes on
 *   the two sides still keeps the centre neutral. The warm end is "more need".
 */
export function classColors(scheme: SchemeId, classes: readonly ClassRange[], polarity: Polarity, centre: number | null): string[] {
  const n = classes.length;
  if (n === 0) return [];
  const highIsNeed = polarity !== 'better';
  if (!isDiverging(scheme) || centre === null) {
    const colors = needLast(scheme, palette(scheme, n));
    return highIsNeed ? colors : colors.reverse();
  }
  const below = classes.filter((c) => c.to <= centre).length;
  const above = classes.filter((c) => c.from >= centre).length;
  const hasMiddle = below + above < n;
  const side = Math.max(below, above, 1);
  const maxColors = SCHEMES[scheme].colors.length - 1;
  let size = 2 * side + (hasMiddle ? 1 : 0);
  size = Math.min(Math.max(size, 3), maxColors);
  // With an odd palette the middle colour is neutral; classes on either side step outwards.
  const odd = size % 2 === 1;
  const perSide = odd ? (size - 1) / 2 : size / 2;
  let colors = [...(SCHEMES[scheme].colors[size] ?? [])];
  // Low values at the start: need-end last for high-is-need.
  colors = needLast(scheme, colors);
  if (!highIsNeed) colors.reverse();
  const mid = odd ? perSide : perSide - 0.5;
  const step = (d: number) => Math.max(1, Math.ceil((d * perSide) / side));
  return classes.map((c, i) => {
    if (c.to <= centre) {
      const d = below - i; // 1 = nearest to the centre
      return colors[Math.round(mid - step(d) + (odd ? 0 : 0.5))]!;
    }
    if (c.from >= centre) {
      const d = i - (n - above) + 1;
      return colors[Math.round(mid + step(d) - (odd ? 0 : 0.5))]!;
    }
    return colors[odd ? perSide : perSide]!;
  });
}
