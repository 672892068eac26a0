import type { TFunction } from 'i18next';
import { useEffect, useId, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../api/context.tsx';
import { errorMessage } from '../../api/client.ts';
import { Histogram } from '../../charts/Histogram.tsx';
import { RankingChart, type RankingRow } from '../../charts/RankingChart.tsx';
import { TimeSeriesChart, type SeriesLine } from '../../charts/TimeSeriesChart.tsx';
import { buildChoropleth } from '../../indicators/choropleth.ts';
import { ClassificationControls } from '../../indicators/ChoroplethLegend.tsx';
import { formatPeriod } from '../../indicators/format.ts';
import { PeriodControl } from '../../indicators/PeriodControl.tsx';
import { useLevels, useSeries, useTopics, useUnits, useValidLevel, useValidPeriod } from '../../indicators/queries.ts';
import { useQuery } from '../../indicators/use-query.ts';
import { needRanks, numberOf, topicPath, unitMean, valuesForPeriod, type IndicatorDetail } from '../../indicators/values.ts';
import { useSelection } from '../../state/selection.tsx';
import type { ViewId } from '../registry.ts';
import type { UnitTableRow } from './UnitTable.tsx';
import { UnitTable } from './UnitTable.tsx';
import { ExportButton } from '../../exports/ExportDialog.tsx';
import { asDerivedRecipe, type DerivedRecipe } from '../../indicators/derived.ts';
import type { Level } from '../../map/levels.ts';
import { AggregateDialog, useParentLevel } from './AggregateDialog.tsx';

export interface IndicatorPageProps {
  indicatorId: string;
  version: number;
  onEdit: (detail: IndicatorDetail) => void;
  onNavigate?: (view: ViewId) => void;
}

/**
 * One indicator: its metadata, and its values on the chosen level and period as a table, a
 * time series, a ranking and a histogram with the map's class breaks.
 */
export function IndicatorPage({ indicatorId, version, onEdit, onNavigate }: IndicatorPageProps) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const api = useApi();
  const selection = useSelection();
  const levelSelectId = useId();
  const [archiveError, setArchiveError] = useState<string | null>(null);
  // The levels are fixed when the dialog opens: the page moves to the parent level afterwards.
  const [aggregating, setAggregating] = useState<{ from: Level; parent: Level } | null>(null);
  // After an aggregation: the level to show once the reloaded detail lists it.
  const [pendingLevel, setPendingLevel] = useState<string | null>(null);
  const [reloads, setReloads] = useState(0);

  const detailQuery = useQuery(`indicator|${indicatorId}`, () => api.call('indicators.get', { id: indicatorId }), version + reloads);
  const detail = detailQuery.data;
  const topics = useTopics(version).data ?? [];
  const levels = useLevels(version).data;
  const levelId = useValidLevel(levels, detail?.levelIds);
  const units = useUnits(levelId, version).data;
  const series = useSeries(indicatorId, levelId, version).data;
  const periods = useValidPeriod(series, detail?.periods);
  const period = selection.period;
  const parentLevel = useParentLevel(levelId, levels, version);
  const recipe = asDerivedRecipe(detail?.recipe);
  const inputs = useQuery(recipe ? 'catalogue|inputs' : null, () => api.call('indicators.list', { includeArchived: true }), version).data;
  const { setLevel } = selection;
  useEffect(() => {
    if (pendingLevel && detail?.levelIds.includes(pendingLevel)) {
      setLevel(pendingLevel);
      setPendingLevel(null);
    }
  }, [pendingLevel, detail, setLevel]);

  const computed = useMemo(() => {
    if (!detail || !series || !units) return null;
    const values = valuesForPeriod(series, period, units);
    const ranks = needRanks(values, detail.polarity);
    const choropleth = buildChoropleth({ indicator: detail, series, units, period, settings: selection.classification });
    const byUnit = new Map(values.map((v) => [v.unitId, v]));
    const rows: UnitTableRow[] = units.map((u) => {
      const v = byUnit.get(u.id);
      return { unitId: u.id, name: u.name, code: u.code, value: v?.value ?? null, flag: v?.flag ?? null, rank: ranks.get(u.id) ?? null };
    });
    const ranking: RankingRow[] = rows.map((r) => ({
      unitId: r.unitId,
      name: r.name,
      value: numberOf(byUnit.get(r.unitId)),
      rank: r.rank,
      color: choropleth.unitColors.get(r.unitId) ?? '#8c98a3',
      ...(r.flag === 'suppressed' ? { note: t('legend.suppressed') } : {}),
    }));
    const numbers = values.map(numberOf).filter((n): n is number => n !== null);
    // Time series: every unit over all periods.
    const cell = new Map(series.map((r) => [`${r.unitId}|${r.period}`, r]));
    const lines: SeriesLine[] = units.map((u) => ({
      unitId: u.id,
      name: u.name,
      values: periods.map((p) => {
        const r = cell.get(`${u.id}|${p}`);
        return r ? numberOf({ unitId: u.id, value: r.value, flag: r.flag }) : null;
      }),
    }));
    const mean = periods.map((_, i) => unitMean(lines.flatMap((l) => (l.values[i] == null ? [] : [l.values[i]!]))));
    return { rows, ranking, numbers, choropleth, lines, mean };
  }, [detail, series, units, period, periods, selection.classification, t]);

  if (detailQuery.error) {
    return (
      <p className="notice notice--error" role="alert">
        {detailQuery.error}
      </p>
    );
  }
  if (!detail) return <p className="muted">{t('common.loading')}</p>;

  const style = { decimals: detail.decimals, unit: detail.unit };
  const path = topicPath(detail.topicId, topics);
  const levelsWithData = (levels ?? []).filter((l) => detail.levelIds.includes(l.id));
  const selectUnit = (unitId: string, additive: boolean) => selection.selectUnit(unitId, additive ? 'toggle' : 'replace');
  const periodLabel = period ? formatPeriod(period, lang) : '';
  const currentLevel: Level | null = levels?.find((l) => l.id === levelId) ?? null;
  const levelName = currentLevel?.name ?? '';

  async function toggleArchived() {
    if (!detail) return;
    setArchiveError(null);
    try {
      await api.call('indicators.archive', { id: detail.id, archived: !detail.archived });
    } catch (error) {
      setArchiveError(errorMessage(error));
    }
  }

  const meta: Array<[string, ReactNode]> = [
    [t('indicators.meta.code'), <span className="mono">{detail.code}</span>],
    [t('indicators.meta.shortName'), detail.shortName],
    [t('indicators.meta.topic'), path.length > 0 ? path.join(' › ') : detail.topic],
    [t('indicators.meta.definition'), detail.definition],
    [t('indicators.meta.formula'), detail.formula],
    [t('indicators.meta.unit'), detail.unit],
    [t('indicators.meta.decimals'), String(detail.decimals)],
    [t('indicators.meta.polarity'), <span data-testid="indicator-polarity">{t(`indicators.polarity.${detail.polarity}`)}</span>],
    [t('indicators.meta.kind'), t(`indicators.kind.${detail.kind}`)],
    [t('indicators.meta.measure'), t(`indicators.measure.${detail.measure}`)],
    [t('indicators.meta.source'), detail.source],
    [t('indicators.meta.licence'), detail.licence],
    [t('indicators.meta.attribution'), detail.attribution],
    [t('indicators.meta.updateInterval'), detail.updateInterval],
    [t('indicators.meta.referenceDate'), detail.referenceDateNote],
    [t('indicators.meta.notes'), detail.notes],
    [t('indicators.meta.tags'), detail.tags.length > 0 ? detail.tags.join(', ') : null],
    [
      t('indicators.meta.periods'),
      detail.periods.length > 0 ? `${formatPeriod(detail.periods[0]!, lang)} – ${formatPeriod(detail.periods.at(-1)!, lang)} (${detail.valueCount})` : null,
    ],
  ];

  return (
    <article className="indicator-page" data-testid="indicator-page" aria-labelledby={`${indicatorId}-title`}>
      <header className="indicator-header">
        <div>
          <p className="kicker">{path.length > 0 ? path.join(' › ') : (detail.topic ?? t('indicators.noTopic'))}</p>
          <h1 id={`${indicatorId}-title`} className="indicator-title" data-testid="indicator-title">
            {detail.name}
            {detail.archived ? <span className="badge">{t('indicators.archived')}</span> : null}
          </h1>
        </div>
        <div className="button-row">
          <button type="button" className="button" onClick={() => onEdit(detail)} data-testid="edit-indicator">
            {t('indicators.edit')}
          </button>
          <button type="button" className="button" onClick={() => void toggleArchived()} data-testid="archive-indicator">
            {detail.archived ? t('indicators.unarchive') : t('indicators.archive')}
          </button>
          <ExportButton indicator={detail} levelId={levelId} period={period} />
          {onNavigate && detail.valueCount > 0 ? (
            <button
              type="button"
              className="button button--primary"
              onClick={() => {
                selection.setIndicator(detail.id);
                onNavigate('karte');
              }}
            >
              {t('indicators.showOnMap')}
            </button>
          ) : null}
        </div>
      </header>
      {archiveError ? (
        <p className="notice notice--error" role="alert">
          {archiveError}
        </p>
      ) : null}
      {recipe ? (
        <p className="indicator-recipe" data-testid="indicator-recipe">
          <strong>{recipeText(recipe, (id) => inputs?.find((i) => i.id === id)?.name ?? (inputs ? t('derived.recipe.unknown') : '…'), t, lang)}</strong>{' '}
          <span className="muted">{t('derived.recipe.level', { level: levels?.find((l) => l.id === recipe.levelId)?.name ?? '…' })}</span>
        </p>
      ) : null}

      <dl className="indicator-meta" data-testid="indicator-meta">
        {meta
          .filter(([, value]) => value !== null && value !== undefined && value !== '')
          .map(([label, value]) => (
            <MetaRow key={label} label={label}>
              {value}
            </MetaRow>
          ))}
      </dl>

      {detail.valueCount === 0 ? (
        <p className="notice">{t('indicators.noValues')}</p>
      ) : (
        <>
          <div className="indicator-controls" role="group" aria-label={t('indicators.dataControls')}>
            <div className="toolbar-field">
              <label htmlFor={levelSelectId} className="toolbar-label">
                {t('levels.label')}
              </label>
              <select
                id={levelSelectId}
                className="input input--compact"
                value={levelId ?? ''}
                onChange={(e) => selection.setLevel(e.target.value)}
                data-testid="indicator-level"
              >
                {levelsWithData.map((l) => (
                  <option key={l.id} value={l.id}>
                    {l.name}
                  </option>
                ))}
              </select>
            </div>
            <PeriodControl periods={periods} value={period} onChange={selection.setPeriod} testId="indicator-period" />
            {parentLevel && currentLevel && detail.levelIds.includes(currentLevel.id) ? (
              <button type="button" className="button" onClick={() => setAggregating({ from: currentLevel, parent: parentLevel })} data-testid="open-aggregate">
                {t('aggregate.open')}
              </button>
            ) : null}
            {selection.unitIds.length > 0 && onNavigate ? (
              <button type="button" className="button" onClick={() => onNavigate('profil')} data-testid="open-profile">
                {t('indicators.openProfile')}
              </button>
            ) : null}
          </div>
          {computed ? (
            <>
              <div className="chart-grid">
                <div className="chart-column">
                  <TimeSeriesChart
                    title={t('charts.timeseriesTitle', { level: levelName })}
                    periods={periods}
                    lines={computed.lines}
                    highlighted={selection.unitIds}
                    mean={computed.mean}
                    style={style}
                    onSelect={selectUnit}
                  />
                  <Histogram
                    title={t('charts.histogramTitle', { period: periodLabel, method: t(`classification.methods.${selection.classification.method}`) })}
                    values={computed.numbers}
                    breaks={computed.choropleth.classification.breaks}
                    colors={computed.choropleth.colors}
                    style={style}
                  />
                  <details className="chart-card classification-card">
                    <summary>{t('indicators.classification')}</summary>
                    <ClassificationControls
                      settings={selection.classification}
                      onChange={selection.setClassification}
                      periodCount={periods.length}
                      breaks={computed.choropleth.classification.breaks}
                      decimals={detail.decimals}
                    />
                  </details>
                </div>
                <RankingChart
                  title={t(detail.polarity === 'neutral' ? 'charts.rankingTitleNeutral' : 'charts.rankingTitle', { period: periodLabel })}
                  rows={computed.ranking}
                  selected={selection.unitIds}
                  style={style}
                  onSelect={selectUnit}
                />
              </div>
              <h2 className="section-title">{t('indicators.table.title', { level: levelName, period: periodLabel })}</h2>
              <UnitTable
                rows={computed.rows}
                selected={selection.unitIds}
                style={style}
                onSelect={(id, additive) => selection.selectUnit(id, additive ? 'toggle' : 'replace')}
                caption={t('indicators.table.title', { level: levelName, period: periodLabel })}
              />
            </>
          ) : (
            <p className="muted">{t('common.loading')}</p>
          )}
        </>
      )}
      {aggregating ? (
        <AggregateDialog
          detail={detail}
          fromLevel={aggregating.from}
          parentLevel={aggregating.parent}
          version={version}
          onClose={() => setAggregating(null)}
          onAggregated={(id) => {
            setPendingLevel(id);
            setReloads((n) => n + 1);
          }}
        />
      ) : null}
    </article>
  );
}

function MetaRow({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

/** A derived indicator's recipe in words: „Berechnet: SGB II (Anzahl) ÷ Einwohner × 100“. */
function recipeText(recipe: DerivedRecipe, nameOf: (id: string) => string, t: TFunction, language: string): string {
  const a = nameOf(recipe.a);
  const b = recipe.b ? nameOf(recipe.b) : '';
  const from = recipe.from ? formatPeriod(recipe.from, language) : t('derived.recipe.first');
  const to = recipe.to ? formatPeriod(recipe.to, language) : t('derived.recipe.last');
  return t(`derived.recipe.${recipe.operation}`, { a, b, from, to });
}
