import type { MethodOutput } from '../../shared/contract.ts';

export type Level = MethodOutput<'levels.list'>[number];

/** Rank order (coarse to fine), name as tie-breaker. */
export function sortLevels(levels: readonly Level[]): Level[] {
  return [...levels].sort((a, b) => a.rank - b.rank || a.name.localeCompare(b.name, 'de'));
}

/** The level shown first: the coarsest level that really subdivides the city. */
export function defaultLevel(levels: readonly Level[]): Level | undefined {
  const sorted = sortLevels(levels);
  return sorted.find((l) => l.unitCount > 1) ?? sorted.find((l) => l.unitCount > 0) ?? sorted[0];
}
