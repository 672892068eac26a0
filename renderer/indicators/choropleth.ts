import type { ClassificationSettings } from '../state/selection.tsx';
import { classifyMap, type MapClassification } from './classification.ts';
import { classColors, isDiverging, NO_DATA_COLOR, resolveScheme, SUPPRESSED_COLOR, type Polarity, type SchemeId } from './ramps.ts';
import { allSeriesNumbers, numberOf, unitMean, valuesForPeriod, type SeriesRow, type UnitInfo } from './values.ts';

export interface ChoroplethInput {
  indicator: { polarity: Polarity; measure: string };
  series: readonly SeriesRow[];
  units: readonly UnitInfo[];
  period: string | null;
  settings: ClassificationSettings;
}

export interface Choropleth {
  scheme: SchemeId;
  classification: MapClassification;
  /** One colour per class (ascending values). */
  colors: string[];
  /** Fill colour of every unit of the level, no-data and suppressed included. */
  unitColors: Map<string, string>;
  suppressedUnits: Set<string>;
}

/**
 * Classes and colours of one indicator in one period on one level: what the map paints, the
 * legend lists and the histogram marks. Pure; the same input gives the same breaks everywhere.
 */
export function buildChoropleth({ indicator, series, units, period, settings }: ChoroplethInput): Choropleth {
  const values = valuesForPeriod(series, period, units);
  const seriesValues = settings.allPeriods ? allSeriesNumbers(series, new Set(units.map((u) => u.id))) : undefined;
  const scheme = resolveScheme(settings.scheme, settings.method, indicator.measure, indicator.polarity);
  let reference: number | undefined;
  if (isDiverging(scheme) && settings.method !== 'standard-deviation') {
    // Diverging ramps are centred on the city mean (of the values the breaks come from).
    const basis = seriesValues ?? values.map(numberOf).filter((v): v is number => v !== null);
    reference = unitMean(basis) ?? undefined;
  }
  const classification = classifyMap({
    values,
    method: settings.method,
    classes: settings.classes,
    manualBreaks: settings.manualBreaks,
    ...(seriesValues ? { seriesValues } : {}),
    ...(reference !== undefined ? { reference } : {}),
    ...(settings.excludeOutliers ? { excludeOutliers: true } : {}),
  });
  const colors = classColors(scheme, classification.classes, indicator.polarity, isDiverging(scheme) ? classification.centre ?? reference ?? null : null);
  const unitColors = new Map<string, string>();
  const suppressedUnits = new Set<string>();
  for (const unit of units) {
    const c = classification.unitClass.get(unit.id);
    if (typeof c === 'number') unitColors.set(unit.id, colors[c] ?? NO_DATA_COLOR);
    else if (c === 'suppressed') {
      unitColors.set(unit.id, SUPPRESSED_COLOR);
      suppressedUnits.add(unit.id);
    } else unitColors.set(unit.id, NO_DATA_COLOR);
  }
  return { scheme, classification, colors, unitColors, suppressedUnits };
}
