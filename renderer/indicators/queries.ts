import { useEffect, useMemo } from 'react';
import type { MethodOutput } from '../../shared/contract.ts';
import { useApi } from '../api/context.tsx';
import { sortLevels, type Level } from '../map/levels.ts';
import { useSelection } from '../state/selection.tsx';
import { useQuery, type QueryResult } from './use-query.ts';
import { periodsOf, unitsOf, type IndicatorSummary, type SeriesRow, type Topic, type UnitInfo } from './values.ts';

/** The whole live catalogue (for pickers and the profile). */
export function useCatalogue(version: number, includeArchived = false): QueryResult<IndicatorSummary[]> {
  const api = useApi();
  return useQuery(`catalogue|${includeArchived}`, () => api.call('indicators.list', includeArchived ? { includeArchived } : {}), version);
}

export function useTopics(version: number): QueryResult<Topic[]> {
  const api = useApi();
  return useQuery('topics', () => api.call('topics.list', {}), version);
}

export function useLevels(version: number): QueryResult<Level[]> {
  const api = useApi();
  const result = useQuery('levels', () => api.call('levels.list', {}), version);
  const sorted = useMemo(() => (result.data ? sortLevels(result.data) : null), [result.data]);
  return { ...result, data: sorted };
}

export function useUnitFeatures(levelId: string | null, version: number): QueryResult<MethodOutput<'units.features'>> {
  const api = useApi();
  return useQuery(levelId, () => api.call('units.features', { levelId: levelId ?? '' }), version);
}

export function useUnits(levelId: string | null, version: number): QueryResult<UnitInfo[]> {
  const result = useUnitFeatures(levelId, version);
  const units = useMemo(() => (result.data ? unitsOf(result.data) : null), [result.data]);
  return { ...result, data: units };
}

export function useSeries(indicatorId: string | null, levelId: string | null, version: number): QueryResult<SeriesRow[]> {
  const api = useApi();
  const key = indicatorId && levelId ? `${indicatorId}|${levelId}` : null;
  return useQuery(key, () => api.call('values.series', { indicatorId: indicatorId ?? '', levelId: levelId ?? '' }), version);
}

/**
 * Keeps the shared period valid for the shown indicator: when the indicator has no value for the
 * selected period, its latest period is taken. Returns the periods, ascending.
 */
export function useValidPeriod(series: readonly SeriesRow[] | null, fallbackPeriods: readonly string[] = []): string[] {
  const { period, setPeriod } = useSelection();
  const periods = useMemo(() => (series && series.length > 0 ? periodsOf(series) : [...fallbackPeriods].sort()), [series, fallbackPeriods]);
  useEffect(() => {
    if (periods.length === 0) return;
    if (!period || !periods.includes(period)) setPeriod(periods[periods.length - 1] ?? null);
  }, [periods, period, setPeriod]);
  return periods;
}

/**
 * Keeps the shared level valid: when none is chosen (or it no longer exists) the default one,
 * or — when `prefer` lists levels with data — the first of those.
 */
export function useValidLevel(levels: readonly Level[] | null, prefer?: readonly string[]): string | null {
  const { levelId, setLevel } = useSelection();
  useEffect(() => {
    if (!levels || levels.length === 0) return;
    const valid = (id: string | null) => id !== null && levels.some((l) => l.id === id);
    if (prefer && prefer.length > 0) {
      if (valid(levelId) && prefer.includes(levelId!)) return;
      const first = levels.find((l) => prefer.includes(l.id));
      if (first) {
        setLevel(first.id);
        return;
      }
    }
    if (valid(levelId)) return;
    const fallback = levels.find((l) => l.unitCount > 1) ?? levels.find((l) => l.unitCount > 0) ?? levels[0];
    setLevel(fallback?.id ?? null);
  }, [levels, levelId, prefer, setLevel]);
  return levelId;
}
