// Class-break arithmetic behind classify(): one function per method, each returning *candidate*
// inner breaks; finaliseBreaks() then clips, sorts and de-duplicates them, so a method may
// produce breaks outside the data range or twice the same value without special cases.
//
// Class convention everywhere (as in QGIS/ArcGIS): class 0 is [b0, b1], class i is (bi, bi+1].
// Upper bounds are inclusive, so a natural-breaks cluster, whose upper bound is its largest
// value, ends up exactly in its own class.
import { ckmeans, equalIntervalBreaks, quantileSorted } from 'simple-statistics';

export function countDistinctSorted(sorted: readonly number[]): number {
  let distinct = 0;
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) distinct++;
  return distinct;
}

/** How many values are ≤ x (binary search on sorted values). */
export function countAtMost(sorted: readonly number[], x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as number) <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * A type-7 quantile (simple-statistics) that never rounds onto the next value: with upper-inclusive
 * classes a break that lands on sorted[hi] instead of just below it would move that value down a
 * class and unbalance quantile classes. Also guards against overflow of huge ranges.
 */
function quantileBreak(sorted: readonly number[], p: number): number {
  const b = quantileSorted(sorted, p);
  const idx = (sorted.length - 1) * p;
  const below = sorted[Math.floor(idx)] as number;
  const above = sorted[Math.ceil(idx)] as number;
  return Number.isFinite(b) && b >= below && (b < above || below === above) ? b : below;
}

/**
 * k − 1 quantile breaks at 1/k, 2/k, …; sorted must be non-empty. With many ties at the top a
 * break can land on the maximum, which would leave the top class empty; it then moves down to the
 * next smaller value, so the tied maximum forms the top class on its own.
 */
export function quantileInner(sorted: readonly number[], k: number): number[] {
  const max = sorted[sorted.length - 1] as number;
  const belowMax = sorted[countBelow(sorted, max) - 1];
  const inner: number[] = [];
  for (let j = 1; j < k; j++) {
    const b = quantileBreak(sorted, j / k);
    inner.push(b === max && belowMax !== undefined ? belowMax : b);
  }
  return inner;
}

/** How many values are < x. */
function countBelow(sorted: readonly number[], x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as number) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Jenks-style optimal breaks via ckmeans; k is capped at the number of distinct values. */
export function naturalInner(sorted: readonly number[], k: number): number[] {
  const clusters = Math.min(k, countDistinctSorted(sorted));
  if (clusters < 2) return [];
  return ckmeans(sorted, clusters)
    .slice(0, -1)
    .map((cluster) => cluster[cluster.length - 1] as number);
}

export function equalIntervalInner(min: number, max: number, k: number): number[] {
  return equalIntervalBreaks([min, max], k).slice(1, -1);
}

/**
 * k classes of the given width around a centre: with even k the centre is the middle break,
 * with odd k the middle class is centred on it (QGIS calls this "astride"). Used for
 * standard-deviation classes and for diverging equal intervals.
 */
export function centredInner(centre: number, width: number, k: number): number[] {
  const inner: number[] = [];
  for (let j = 1; j < k; j++) inner.push(centre + width * (j - k / 2));
  return inner;
}

/**
 * [min, …inner in [min, max), ascending and distinct…, max]. Never NaN. An inner break equal to
 * min is kept: [min, min, …] makes the first class hold exactly the minimum (ties at the bottom,
 * e.g. many zeros, or a natural-breaks cluster of one value). When min = max the result is
 * [min, max], one class holding every value.
 */
export function finaliseBreaks(min: number, max: number, inner: readonly number[]): number[] {
  const kept = inner.filter((b) => Number.isFinite(b) && b >= min && b < max).sort((a, b) => a - b);
  const distinct = kept.filter((b, i) => i === 0 || b !== kept[i - 1]);
  return [min, ...distinct, max];
}

/**
 * Merges classes that hold no value into a neighbour. The first class holds min and the last holds
 * max, so only inner classes can be empty; normally the empty class's upper break goes. `keep` (the
 * reference of a diverging scale) is never dropped: when the class below it is empty, the break
 * below goes instead, so the reference stays the boundary between the two sides.
 */
export function dropEmptyClasses(breaks: readonly number[], sorted: readonly number[], keep?: number): number[] {
  if (breaks.length <= 2) return [...breaks];
  const kept = [breaks[0] as number, breaks[1] as number];
  for (let i = 2; i < breaks.length - 1; i++) {
    const b = breaks[i] as number;
    const last = kept[kept.length - 1] as number;
    if (countAtMost(sorted, b) > countAtMost(sorted, last)) kept.push(b);
    else if (b === keep) kept[kept.length - 1] = b;
  }
  kept.push(breaks[breaks.length - 1] as number);
  return kept;
}

/** Index of the class holding x under the upper-inclusive convention; outer classes are open-ended. */
export function classIndex(breaks: readonly number[], x: number): number {
  const classes = breaks.length - 1;
  let lo = 1;
  let hi = classes;
  // first break index i in 1..classes with x ≤ breaks[i]
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (x <= (breaks[mid] as number)) hi = mid;
    else lo = mid + 1;
  }
  return lo - 1;
}
