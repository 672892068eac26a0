import { useCallback, useEffect, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChoroplethPaint } from '../../map/MapCanvas.tsx';
import { buildChoropleth, type Choropleth } from '../../indicators/choropleth.ts';
import { formatMeasure } from '../../indicators/format.ts';
import { useCatalogue, useSeries, useTopics, useValidPeriod } from '../../indicators/queries.ts';
import type { IndicatorSummary, Topic, UnitInfo } from '../../indicators/values.ts';
import { useSelection, type ClassificationSettings } from '../../state/selection.tsx';

export interface IndicatorLayer {
  catalogue: IndicatorSummary[];
  topics: Topic[];
  indicator: IndicatorSummary | null;
  periods: string[];
  period: string | null;
  choropleth: Choropleth | null;
  paint: ChoroplethPaint | null;
  /** The indicator has no value on the shown level. */
  noValuesOnLevel: boolean;
  error: string | null;
  describeUnit: (unitId: string) => string | null;
  chooseIndicator: (id: string | null) => void;
  choosePeriod: (period: string) => void;
  changeSettings: (patch: Partial<ClassificationSettings>) => void;
}

/**
 * Everything the map needs for a choropleth of the shared indicator on the shown level. All
 * periods of the indicator come in one call (values.series), so switching the period or playing
 * through the years needs no request: only the classes and the feature-state are recomputed.
 */
export function useIndicatorLayer(levelId: string | null, units: readonly UnitInfo[], version: number): IndicatorLayer {
  const { t, i18n } = useTranslation();
  const selection = useSelection();
  const { indicatorId, period, classification, setIndicator, setPeriod, setClassification } = selection;
  const catalogueQuery = useCatalogue(version);
  const topicsQuery = useTopics(version);
  const catalogue = useMemo(() => catalogueQuery.data ?? [], [catalogueQuery.data]);
  const indicator = catalogue.find((i) => i.id === indicatorId) ?? null;
  const seriesQuery = useSeries(indicator ? indicator.id : null, levelId, version);
  const periods = useValidPeriod(indicator ? seriesQuery.data : null, indicator?.periods);
  // When the user asked for the picture now on screen; the map measures its repaint from here.
  const requestedAt = useRef<number | undefined>(undefined);
  const mark = () => {
    requestedAt.current = performance.now();
  };

  const choropleth = useMemo(() => {
    if (!indicator || !seriesQuery.data || units.length === 0 || !period) return null;
    return buildChoropleth({ indicator, series: seriesQuery.data, units, period, settings: classification });
  }, [indicator, seriesQuery.data, units, period, classification]);

  const freshPaint = useMemo<ChoroplethPaint | null>(
    () =>
      choropleth
        ? {
            unitColors: choropleth.unitColors,
            hatched: choropleth.suppressedUnits,
            requestedAt: requestedAt.current,
            detail: { indicator: indicator?.code, period, method: classification.method },
          }
        : null,
    // indicator/period/method only label the measurement; the colours decide when to repaint.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [choropleth],
  );
  // While the next indicator's series loads on the same level, the map keeps the colours it
  // shows: clearing them would cost a whole extra repaint (with software GL a frame of 100+ ms that
  // blocks the page and delays the answer), only to repaint again a few ms later.
  const lastPaint = useRef<{ units: readonly UnitInfo[]; paint: ChoroplethPaint } | null>(null);
  const loadingSameLevel = freshPaint === null && indicator !== null && seriesQuery.loading && lastPaint.current?.units === units;
  const paint = loadingSameLevel ? lastPaint.current!.paint : freshPaint;
  useEffect(() => {
    lastPaint.current = paint ? { units, paint } : null;
  }, [units, paint]);

  const valueByUnit = useMemo(() => {
    const map = new Map<string, { value: number | null; flag: string | null }>();
    for (const row of seriesQuery.data ?? []) if (row.period === period) map.set(row.unitId, row);
    return map;
  }, [seriesQuery.data, period]);

  const describeUnit = useCallback(
    (unitId: string) => {
      if (!indicator || !choropleth) return null;
      const row = valueByUnit.get(unitId);
      if (row?.flag === 'suppressed') return t('legend.suppressed');
      if (!row || row.value === null || row.flag === 'missing') return t('legend.noData');
      const text = formatMeasure(row.value, indicator, i18n.language);
      return row.flag ? `${text} (${t(`flags.${row.flag as 'estimated' | 'provisional'}`)})` : text;
    },
    [indicator, choropleth, valueByUnit, t, i18n.language],
  );

  const chooseIndicator = useCallback(
    (id: string | null) => {
      mark();
      setIndicator(id);
    },
    [setIndicator],
  );
  const choosePeriod = useCallback(
    (p: string) => {
      mark();
      setPeriod(p);
    },
    [setPeriod],
  );
  const changeSettings = useCallback(
    (patch: Partial<ClassificationSettings>) => {
      mark();
      setClassification(patch);
    },
    [setClassification],
  );

  return {
    catalogue,
    topics: topicsQuery.data ?? [],
    indicator,
    periods,
    period,
    choropleth,
    paint,
    noValuesOnLevel: Boolean(indicator && levelId && seriesQuery.data && seriesQuery.data.length === 0),
    error: catalogueQuery.error ?? seriesQuery.error,
    describeUnit,
    chooseIndicator,
    choosePeriod,
    changeSettings,
  };
}
