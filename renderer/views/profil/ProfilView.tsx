import { useEffect, useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReferenceMethod } from '../../../shared/stats/reference-value.ts';
import type { ApiClient } from '../../api/client.ts';
import { useApi } from '../../api/context.tsx';
import { SpineChart } from '../../charts/SpineChart.tsx';
import { highlightColor } from '../../charts/scale.ts';
import { TrendArrow } from '../../charts/TrendArrow.tsx';
import { formatMeasure, formatNumber, formatPeriod, formatSigned } from '../../indicators/format.ts';
import { OutlierMark, OUTLIER_SYMBOL } from '../../indicators/OutlierMark.tsx';
import { useCatalogue, useLevels, useTopics, useUnits, useValidLevel } from '../../indicators/queries.ts';
import { useDataVersion, useQuery } from '../../indicators/use-query.ts';
import { populationIndicator, ratioParts, topicPath, type IndicatorSummary, type SeriesRow } from '../../indicators/values.ts';
import type { Level } from '../../map/levels.ts';
import { LevelSwitch } from '../../map/LevelSwitch.tsx';
import { useSelection } from '../../state/selection.tsx';
import type { ViewProps } from '../registry.ts';
import { cityUnitOf, levelsForCityCheck, profileRow, type ProfileRow, type ReferenceSources } from './profile-rows.ts';

const LATEST = '';

/**
 * Stadtteilprofil (Steckbrief): for the selected unit — and any units compared with it — every
 * indicator with values on its level: value, city value, difference, trend, rank and a spine chart.
 * The city value ("Stadtwert") comes from shared/stats/reference-value.ts; a letter and the
 * footnote say how it was made (city unit, sum, ratio of sums, weighted or plain mean).
 */
export default function ProfilView({ onNavigate }: ViewProps) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const api = useApi();
  const ids = { unit: useId(), compare: useId(), period: useId(), methods: useId() };
  const version = useDataVersion();
  const selection = useSelection();
  const [periodChoice, setPeriodChoice] = useState(LATEST);

  const levels = useLevels(version).data;
  const primaryId = selection.unitIds[0] ?? null;
  // The selected unit brings its level along (it may have been picked on another level).
  const primary = useQuery(primaryId ? `unit|${primaryId}` : null, () => api.call('units.get', { id: primaryId ?? '' }), version).data;
  const { setLevel } = selection;
  useEffect(() => {
    if (primary && primary.id === primaryId) setLevel(primary.level.id);
  }, [primary, primaryId, setLevel]);
  const levelId = useValidLevel(levels);
  const units = useUnits(levelId, version).data;
  const catalogue = useCatalogue(version).data;
  const topicList = useTopics(version).data;
  const topics = useMemo(() => topicList ?? [], [topicList]);

  const indicators = useMemo(() => (catalogue ?? []).filter((i) => levelId !== null && i.levelIds.includes(levelId)), [catalogue, levelId]);
  const population = useMemo(() => populationIndicator(catalogue ?? [], levelId), [catalogue, levelId]);
  const seriesKey =
    levelId && catalogue && levels
      ? `profile|${levelId}|${population?.id ?? ''}|${levels.map((l) => `${l.id}:${l.unitCount}`).join(',')}|${indicators.map((i) => i.id).join(',')}`
      : null;
  // One values.seriesMany call for the level (indicators, the inhabitants, a share's parts) and,
  // when there is a city-level unit, one for its level.
  const seriesQuery = useQuery(
    seriesKey,
    () => loadProfileData(api, levelId ?? '', levels ?? [], indicators, population),
    version,
  );

  const unitIdsOnLevel = new Set((units ?? []).map((u) => u.id));
  const shown = selection.unitIds.filter((id) => unitIdsOnLevel.has(id));
  const unitName = (id: string) => units?.find((u) => u.id === id)?.name ?? id;
  const allPeriods = useMemo(() => {
    const set = new Set<string>();
    for (const indicator of indicators) for (const row of seriesQuery.data?.series.get(indicator.id) ?? []) set.add(row.period);
    return [...set].sort();
  }, [seriesQuery.data, indicators]);

  const rows = useMemo<ProfileRow[]>(() => {
    const data = seriesQuery.data;
    if (!units || !data || shown.length === 0) return [];
    return indicators.map((indicator) => {
      const parts = data.parts.get(indicator.id);
      const sources: ReferenceSources = {
        city: data.city ? { unitId: data.city.unitId, series: data.city.series.get(indicator.id) ?? [] } : null,
        parts: parts
          ? { numerator: data.series.get(parts.numeratorId) ?? [], denominator: data.series.get(parts.denominatorId) ?? [], scale: parts.scale }
          : null,
        population: population && population.id !== indicator.id ? (data.series.get(population.id) ?? null) : null,
      };
      return profileRow(indicator, data.series.get(indicator.id) ?? [], units, shown, periodChoice || null, sources);
    });
    // `shown` is derived from these two each render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [units, seriesQuery.data, indicators, population, selection.unitIds.join('|'), periodChoice]);
  const levelName = levels?.find((l) => l.id === levelId)?.name ?? '';
  const methodsShown = useMemo(() => REFERENCE_METHODS.filter((m) => rows.some((r) => r.city?.method === m)), [rows]);

  // Rows grouped by topic, in catalogue order.
  const groups = useMemo(() => {
    const map = new Map<string, { label: string; rows: ProfileRow[] }>();
    for (const row of rows) {
      const key = row.indicator.topicId ?? '';
      const path = topicPath(row.indicator.topicId, topics);
      const group = map.get(key) ?? { label: path.length > 0 ? path.join(' › ') : (row.indicator.topic ?? t('indicators.noTopic')), rows: [] };
      group.rows.push(row);
      map.set(key, group);
    }
    return [...map.values()];
  }, [rows, topics, t]);

  const columns = 2 + shown.length * 4 + 1;
  const available = (units ?? []).filter((u) => !shown.includes(u.id));

  return (
    <div className="profil-view" data-testid="profile-view">
      <div className="toolbar" role="toolbar" aria-label={t('profile.toolbar')}>
        {levels ? <LevelSwitch levels={levels} value={levelId} onChange={setLevel} /> : null}
        <div className="toolbar-field">
          <label htmlFor={ids.unit} className="toolbar-label">
            {t('profile.unit')}
          </label>
          <select
            id={ids.unit}
            className="input input--compact"
            data-testid="profile-unit"
            value={shown[0] ?? ''}
            onChange={(e) => e.target.value && selection.selectUnit(e.target.value, 'replace')}
          >
            <option value="">{t('karte.findUnitPlaceholder')}</option>
            {(units ?? []).map((u) => (
              <option key={u.id} value={u.id}>
                {u.name} ({u.code})
              </option>
            ))}
          </select>
        </div>
        {shown.length > 0 ? (
          <div className="toolbar-field">
            <label htmlFor={ids.compare} className="toolbar-label">
              {t('profile.compare')}
            </label>
            <select
              id={ids.compare}
              className="input input--compact"
              data-testid="profile-compare"
              value=""
              onChange={(e) => e.target.value && selection.selectUnit(e.target.value, 'add')}
            >
              <option value="">{t('profile.comparePlaceholder')}</option>
              {available.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.name}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        <div className="toolbar-field">
          <label htmlFor={ids.period} className="toolbar-label">
            {t('profile.period')}
          </label>
          <select id={ids.period} className="input input--compact" value={periodChoice} onChange={(e) => setPeriodChoice(e.target.value)} data-testid="profile-period">
            <option value={LATEST}>{t('profile.latest')}</option>
            {allPeriods.map((p) => (
              <option key={p} value={p}>
                {formatPeriod(p, lang)}
              </option>
            ))}
          </select>
        </div>
      </div>

      <div className="profil-body">
        {shown.length === 0 ? (
          <div className="empty-state">
            <h1 className="indicator-title">{t('nav.profil')}</h1>
            <p className="muted">{t('profile.chooseHint')}</p>
          </div>
        ) : (
          <>
            <header className="profile-header">
              <h1 className="indicator-title" data-testid="profile-title">
                {t('profile.title', { name: shown.map(unitName).join(' · ') })}
              </h1>
              <ul className="chip-list" aria-label={t('profile.shownUnits')}>
                {shown.map((id, i) => (
                  <li key={id} className="chip" style={{ borderColor: highlightColor(i) }}>
                    <span className="chip-marker" style={{ background: highlightColor(i) }} aria-hidden="true" />
                    {unitName(id)}
                    <button type="button" className="chip-remove" aria-label={t('profile.remove', { name: unitName(id) })} onClick={() => selection.removeUnit(id)}>
                      <span aria-hidden="true">×</span>
                    </button>
                  </li>
                ))}
              </ul>
            </header>
            {seriesQuery.error ? (
              <p className="notice notice--error" role="alert">
                {seriesQuery.error}
              </p>
            ) : null}
            {indicators.length === 0 && catalogue ? <p className="notice">{t('profile.noIndicators')}</p> : null}
            {seriesQuery.loading && !seriesQuery.data ? <p className="muted">{t('common.loading')}</p> : null}
            {rows.length > 0 ? (
              <div className="table-scroll">
                <table className="data-table profile-table" data-testid="profile-table">
                  <caption className="visually-hidden">{t('profile.title', { name: shown.map(unitName).join(', ') })}</caption>
                  <thead>
                    <tr>
                      <th scope="col" rowSpan={2}>
                        {t('profile.indicator')}
                      </th>
                      <th scope="col" rowSpan={2} className="num">
                        {t('profile.cityValue')}
                        <sup aria-hidden="true">1</sup>
                      </th>
                      {shown.map((id, i) => (
                        <th key={id} scope="colgroup" colSpan={4} className="profile-unit-head" style={{ borderTopColor: highlightColor(i) }}>
                          {unitName(id)}
                        </th>
                      ))}
                      <th scope="col" rowSpan={2} className="spine-head">
                        <span>{t('profile.spineHead')}</span>
                        <span className="spine-axis small muted" aria-hidden="true">
                          <span>◀ {t('profile.worse')}</span>
                          <span>{t('profile.better')} ▶</span>
                        </span>
                      </th>
                    </tr>
                    <tr>
                      {shown.map((id) => [
                        <th key={`${id}-v`} scope="col" className="num">
                          {t('profile.value')}
                        </th>,
                        <th key={`${id}-d`} scope="col" className="num">
                          {t('profile.difference')}
                        </th>,
                        <th key={`${id}-t`} scope="col">
                          {t('profile.trendHead')}
                        </th>,
                        <th key={`${id}-r`} scope="col" className="num">
                          {t('profile.rank')}
                          <sup aria-hidden="true">2</sup>
                        </th>,
                      ])}
                    </tr>
                  </thead>
                  {groups.map((group) => (
                    <tbody key={group.label}>
                      <tr className="group-row">
                        <th scope="colgroup" colSpan={columns}>
                          {group.label}
                        </th>
                      </tr>
                      {group.rows.map((row) => (
                        <ProfileTableRow
                          key={row.indicator.id}
                          row={row}
                          unitName={unitName}
                          periodChoice={periodChoice}
                          levelName={levelName}
                          populationName={population?.name ?? ''}
                          methodNoteId={ids.methods}
                          onOpenIndicator={
                            onNavigate
                              ? () => {
                                  selection.setIndicator(row.indicator.id);
                                  if (row.period) selection.setPeriod(row.period);
                                  onNavigate('indikatoren');
                                }
                              : undefined
                          }
                        />
                      ))}
                    </tbody>
                  ))}
                </table>
              </div>
            ) : null}
            <div className="small muted profile-footnote" data-testid="profile-footnote">
              <p>
                <sup>1</sup> {t('profile.cityValueNote')}
              </p>
              {methodsShown.length > 0 ? (
                <ul className="profile-reference-methods">
                  {methodsShown.map((m) => (
                    <li key={m} id={`${ids.methods}-${m}`} data-testid="profile-reference-method" data-method={m}>
                      <sup>{REFERENCE_MARK[m]}</sup> {t(`profile.referenceMethod.${m}`, { level: levelName, population: population?.name ?? '' })}
                    </li>
                  ))}
                </ul>
              ) : null}
              <p>
                <sup>2</sup> {t('profile.rankNote')}
              </p>
              {rows.some((r) => r.cells.some((c) => c.outlier && c.outlier !== 'none')) ? (
                <p>
                  <span className="outlier-mark" aria-hidden="true">
                    {OUTLIER_SYMBOL}
                  </span>{' '}
                  {t('outliers.tooltip')}
                </p>
              ) : null}
            </div>
          </>
        )}
      </div>
    </div>
  );
}

function ProfileTableRow({
  row,
  unitName,
  periodChoice,
  levelName,
  populationName,
  methodNoteId,
  onOpenIndicator,
}: {
  row: ProfileRow;
  unitName: (id: string) => string;
  periodChoice: string;
  levelName: string;
  populationName: string;
  /** Prefix of the footnote items that explain the city value's method. */
  methodNoteId: string;
  onOpenIndicator: (() => void) | undefined;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const { indicator } = row;
  const style = { decimals: indicator.decimals, unit: indicator.unit };
  const fmt = (v: number) => formatMeasure(v, style, lang);
  // In the cells the unit is left out (it stands under the indicator's name): keeps columns narrow.
  const bare = { decimals: indicator.decimals, unit: null };
  const cellValue = (v: number) => formatMeasure(v, bare, lang);
  const spineLabel = row.spread
    ? t('profile.spineLabel', {
        name: indicator.name,
        min: fmt(row.spread.min),
        max: fmt(row.spread.max),
        q1: fmt(row.spread.q1),
        q3: fmt(row.spread.q3),
        reference: row.reference !== null ? fmt(row.reference) : '–',
        referenceLabel: row.city ? t(`profile.referenceShort.${row.city.method}`, { level: levelName }) : t('profile.cityValue'),
        units: row.cells
          .filter((c) => c.value !== null)
          .map((c) => `${unitName(c.unitId)} ${fmt(c.value!)}${c.outlier && c.outlier !== 'none' ? ` (${t('outliers.short')})` : ''}`)
          .join(', '),
        orientation: t(indicator.polarity === 'neutral' ? 'profile.orientationNeutral' : 'profile.orientation'),
      })
    : '';
  const showPeriod = row.period && (periodChoice === LATEST || row.period !== periodChoice);

  return (
    <tr data-testid="profile-row" data-indicator-id={indicator.id}>
      <th scope="row" className="profile-indicator">
        {onOpenIndicator ? (
          <button type="button" className="link-button" onClick={onOpenIndicator}>
            {indicator.name}
          </button>
        ) : (
          indicator.name
        )}
        <span className="profile-indicator-meta small muted">
          {[indicator.unit, showPeriod ? formatPeriod(row.period!, lang) : null, t(`indicators.polarityShort.${indicator.polarity}`)].filter(Boolean).join(' · ')}
        </span>
      </th>
      <ReferenceCell row={row} levelName={levelName} populationName={populationName} noteId={`${methodNoteId}-${row.city?.method}`} format={cellValue} />
      {row.cells.map((cell) => [
        <td key={`${cell.unitId}-v`} className="num" data-testid="profile-value">
          {cell.flag === 'suppressed' ? (
            <span className="muted">{t('indicators.table.suppressedValue')}</span>
          ) : cell.value !== null ? (
            <>
              {cellValue(cell.value)}
              <OutlierMark kind={cell.outlier} />
              {cell.flag === 'estimated' || cell.flag === 'provisional' ? <span className="flag-mark small muted"> ({t(`flags.${cell.flag}`)})</span> : null}
            </>
          ) : (
            '–'
          )}
        </td>,
        <td key={`${cell.unitId}-d`} className="num" data-testid="profile-difference">
          {cell.difference !== null ? (
            formatSigned(cell.difference, bare, lang)
          ) : cell.shareOfCity !== null ? (
            <span title={t('profile.shareOfCity')} data-testid="profile-share">
              {t('profile.shareOfCityValue', { value: formatNumber(cell.shareOfCity, 1, lang) })}
            </span>
          ) : (
            '–'
          )}
        </td>,
        <td key={`${cell.unitId}-t`} className="trend-cell">
          {cell.trend ? <TrendArrow direction={cell.trend.direction} polarity={indicator.polarity} previousPeriod={formatPeriod(cell.trend.previousPeriod, lang)} /> : '–'}
        </td>,
        <td key={`${cell.unitId}-r`} className="num" data-testid="profile-rank">
          {cell.rank !== null ? t('profile.rankOf', { rank: cell.rank, count: row.unitCount }) : '–'}
        </td>,
      ])}
      <td className="spine-cell">
        {row.spread ? (
          <SpineChart
            min={row.spread.min}
            max={row.spread.max}
            q1={row.spread.q1}
            q3={row.spread.q3}
            reference={row.reference}
            polarity={indicator.polarity}
            points={row.cells.flatMap((c, i) =>
              c.value === null
                ? []
                : [{ unitId: c.unitId, name: unitName(c.unitId), value: c.value, colorIndex: i, outlier: c.outlier !== null && c.outlier !== 'none' }],
            )}
            label={spineLabel}
            outlierTitle={t('outliers.tooltip')}
          />
        ) : null}
      </td>
    </tr>
  );
}

/** Footnote marks of the ways a city value is obtained, in order of preference. */
const REFERENCE_METHODS: readonly ReferenceMethod[] = ['city-unit', 'sum', 'ratio', 'weighted-mean', 'unit-mean'];
const REFERENCE_MARK: Record<ReferenceMethod, string> = { 'city-unit': 'a', sum: 'b', ratio: 'c', 'weighted-mean': 'd', 'unit-mean': 'e' };

interface ProfileData {
  series: Map<string, SeriesRow[]>;
  /** Derived shares: their numerator and denominator. */
  parts: Map<string, { numeratorId: string; denominatorId: string; scale: number }>;
  city: { unitId: string; series: Map<string, SeriesRow[]> } | null;
}

/**
 * Everything the profile needs in few calls: the recipes of computed indicators (for a share's
 * parts), one values.seriesMany for the level, and — when a city-level unit sits above the level —
 * the unit lists to check it and one values.seriesMany for its level.
 */
async function loadProfileData(api: ApiClient, levelId: string, levels: readonly Level[], indicators: readonly IndicatorSummary[], population: IndicatorSummary | null): Promise<ProfileData> {
  // Only derived shares can have parts (computed and relative; indices are 'standardised').
  const details = await Promise.all(indicators.filter((i) => i.computed && i.measure === 'relative').map((i) => api.call('indicators.get', { id: i.id })));
  const parts = new Map(details.flatMap((d) => {
    const p = ratioParts(d.recipe);
    return p ? [[d.id, p] as const] : [];
  }));
  const ids = [...new Set([...indicators.map((i) => i.id), ...(population ? [population.id] : []), ...[...parts.values()].flatMap((p) => [p.numeratorId, p.denominatorId])])];
  const checkLevels = levelsForCityCheck(levels, levelId);
  const [own, lists] = await Promise.all([
    api.call('values.seriesMany', { indicatorIds: ids, levelId }),
    Promise.all(checkLevels.map(async (l) => [l.id, await api.call('units.list', { levelId: l.id })] as const)),
  ]);
  const series = new Map(own.map((s) => [s.indicatorId, s.values]));
  const cityUnit = checkLevels.length > 0 ? cityUnitOf(levels, levelId, new Map(lists)) : null;
  let city: ProfileData['city'] = null;
  if (cityUnit) {
    const citySeries = await api.call('values.seriesMany', { indicatorIds: indicators.map((i) => i.id), levelId: cityUnit.levelId });
    city = { unitId: cityUnit.unitId, series: new Map(citySeries.map((s) => [s.indicatorId, s.values])) };
  }
  return { series, parts, city };
}

/** The city value with a footnote mark saying how it was obtained, and the details as a tooltip. */
function ReferenceCell({
  row,
  levelName,
  populationName,
  noteId,
  format,
}: {
  row: ProfileRow;
  levelName: string;
  populationName: string;
  noteId: string;
  format: (v: number) => string;
}) {
  const { t } = useTranslation();
  const city = row.city;
  if (!city) {
    return (
      <td className="num" data-testid="profile-reference">
        –
      </td>
    );
  }
  const how = t(`profile.referenceMethod.${city.method}`, { level: levelName, population: populationName });
  const gaps =
    city.method === 'sum' && city.value === null
      ? t('profile.sumIncomplete', { count: city.missing })
      : city.missing > 0 && city.method !== 'city-unit'
        ? t('profile.referenceMissing', { count: city.missing })
        : '';
  return (
    <td className="num" data-method={city.method} title={[how, gaps].filter(Boolean).join(' ')} aria-describedby={noteId}>
      <span data-testid="profile-reference" data-method={city.method}>
        {city.value !== null ? format(city.value) : city.method === 'sum' ? <span className="muted">{t('profile.incomplete')}</span> : '–'}
      </span>
      <sup className="reference-mark" aria-hidden="true">
        {REFERENCE_MARK[city.method]}
      </sup>
      {gaps ? <span className="visually-hidden"> ({gaps})</span> : null}
    </td>
  );
}

