import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ClassificationSettings } from '../state/selection.tsx';
import type { Choropleth } from './choropleth.ts';
import { MAX_CLASSES, METHODS, MIN_CLASSES, type ClassificationMethod } from './classification.ts';
import { formatMeasure, formatNumber, formatPeriod, parseBreakList, withUnit } from './format.ts';
import { isSchemeChoice, NO_DATA_COLOR, SCHEME_IDS, SCHEMES, SUPPRESSED_COLOR, type Polarity } from './ramps.ts';

export interface LegendIndicator {
  name: string;
  unit: string | null;
  decimals: number;
  polarity: Polarity;
}

export interface ChoroplethLegendProps {
  indicator: LegendIndicator;
  period: string | null;
  choropleth: Choropleth;
  settings: ClassificationSettings;
  onSettingsChange: (patch: Partial<ClassificationSettings>) => void;
  /** "über alle Jahre" only makes sense with more than one period. */
  periodCount: number;
}

/**
 * Legend of the choropleth: one row per class with its value range and number of units, then
 * "keine Daten" and "geheim gehalten"; below it the classification settings.
 */
export function ChoroplethLegend({ indicator, period, choropleth, settings, onSettingsChange, periodCount }: ChoroplethLegendProps) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const headingId = useId();
  const bodyId = useId();
  const [collapsed, setCollapsed] = useState(false);
  const { classification, colors } = choropleth;
  const style = { decimals: indicator.decimals, unit: indicator.unit };
  const range = (from: number, to: number) =>
    from === to ? formatMeasure(from, style, lang) : withUnit(`${formatNumber(from, style.decimals, lang)} – ${formatNumber(to, style.decimals, lang)}`, style.unit);
  const total = classification.classes.reduce((sum, c) => sum + c.count, 0) + classification.noData + classification.suppressed;

  return (
    <section className="map-legend choropleth-legend" data-testid="choropleth-legend" aria-labelledby={headingId}>
      <div className="choropleth-legend-head">
        <div>
          <h2 id={headingId} className="map-legend-title choropleth-legend-title">
            {indicator.name}
          </h2>
          <p className="choropleth-legend-sub">
            {[period ? formatPeriod(period, lang) : null, t(`indicators.polarityShort.${indicator.polarity}`)].filter(Boolean).join(' · ')}
          </p>
        </div>
        <button
          type="button"
          className="icon-button legend-toggle"
          aria-expanded={!collapsed}
          aria-controls={bodyId}
          aria-label={collapsed ? t('legend.expand') : t('legend.collapse')}
          title={collapsed ? t('legend.expand') : t('legend.collapse')}
          onClick={() => setCollapsed((c) => !c)}
        >
          <span aria-hidden="true">{collapsed ? '▸' : '▾'}</span>
        </button>
      </div>
      <div id={bodyId} hidden={collapsed}>
        <table className="legend-table">
          <caption className="visually-hidden">{t('legend.choroplethCaption', { count: total })}</caption>
          <thead className="visually-hidden">
            <tr>
              <th scope="col">{t('legend.colour')}</th>
              <th scope="col">{t('legend.range')}</th>
              <th scope="col">{t('legend.count')}</th>
            </tr>
          </thead>
          <tbody>
            {classification.classes.map((c, i) => (
              <tr key={i} data-testid="legend-row" data-kind="class" data-color={colors[i]}>
                <td className="legend-swatch-cell">
                  <span className="swatch swatch--class" style={{ background: colors[i] }} aria-hidden="true" />
                </td>
                <td className="legend-range">{range(c.from, c.to)}</td>
                <td className="legend-count" data-testid="legend-count">
                  {c.count}
                </td>
              </tr>
            ))}
            <tr data-testid="legend-row" data-kind="no-data" className="legend-row--special">
              <td className="legend-swatch-cell">
                <span className="swatch swatch--class" style={{ background: NO_DATA_COLOR }} aria-hidden="true" />
              </td>
              <td className="legend-range">{t('legend.noData')}</td>
              <td className="legend-count" data-testid="legend-count">
                {classification.noData}
              </td>
            </tr>
            <tr data-testid="legend-row" data-kind="suppressed" className="legend-row--special">
              <td className="legend-swatch-cell">
                <span className="swatch swatch--class swatch--hatched" style={{ backgroundColor: SUPPRESSED_COLOR }} aria-hidden="true" />
              </td>
              <td className="legend-range">{t('legend.suppressed')}</td>
              <td className="legend-count" data-testid="legend-count">
                {classification.suppressed}
              </td>
            </tr>
          </tbody>
        </table>
        {classification.centre !== null && SCHEMES[choropleth.scheme].kind === 'diverging' ? (
          <p className="choropleth-legend-note">{t('legend.centre', { value: formatMeasure(classification.centre, style, lang) })}</p>
        ) : null}
        <ClassificationControls
          settings={settings}
          onChange={onSettingsChange}
          periodCount={periodCount}
          breaks={classification.breaks}
          decimals={indicator.decimals}
          outliers={classification.outliers}
        />
      </div>
    </section>
  );
}

interface ClassificationControlsProps {
  settings: ClassificationSettings;
  onChange: (patch: Partial<ClassificationSettings>) => void;
  periodCount: number;
  /** Current breaks: the starting point when switching to manual breaks. */
  breaks: readonly number[];
  decimals: number;
  /** Units left out of the breaks as outliers (shown when the option is on). */
  outliers?: number;
}

export function ClassificationControls({ settings, onChange, periodCount, breaks, decimals, outliers }: ClassificationControlsProps) {
  const { t, i18n } = useTranslation();
  const ids = { method: useId(), classes: useId(), scheme: useId(), all: useId(), manual: useId(), manualError: useId(), outliers: useId(), outliersHint: useId() };
  const [manualText, setManualText] = useState<string | null>(null);
  const [manualError, setManualError] = useState(false);
  const manualShown = manualText ?? settings.manualBreaks.map((b) => formatNumber(b, decimals, i18n.language)).join('; ');

  function setMethod(method: ClassificationMethod) {
    if (method === 'manual' && settings.manualBreaks.length === 0) {
      // Start from the inner breaks on screen, rounded as displayed.
      const factor = 10 ** decimals;
      const inner = breaks.slice(1, -1).map((b) => Math.round(b * factor) / factor);
      onChange({ method, manualBreaks: inner });
    } else onChange({ method });
    setManualText(null);
    setManualError(false);
  }

  function applyManual() {
    if (manualText === null) return;
    const parsed = parseBreakList(manualText);
    if (!parsed) {
      setManualError(true);
      return;
    }
    setManualError(false);
    setManualText(null);
    onChange({ manualBreaks: parsed });
  }

  return (
    <div className="classification-controls" data-testid="classification-controls">
      <div className="control-row">
        <label htmlFor={ids.method}>{t('classification.method')}</label>
        <select id={ids.method} className="input input--compact" value={settings.method} onChange={(e) => setMethod(e.target.value as ClassificationMethod)}>
          {METHODS.map((m) => (
            <option key={m} value={m}>
              {t(`classification.methods.${m}`)}
            </option>
          ))}
        </select>
      </div>
      {settings.method === 'manual' ? (
        <div className="control-row control-row--stacked">
          <label htmlFor={ids.manual}>{t('classification.manualBreaks')}</label>
          <input
            id={ids.manual}
            type="text"
            className="input input--compact"
            value={manualShown}
            placeholder={t('classification.manualPlaceholder')}
            aria-invalid={manualError || undefined}
            aria-describedby={manualError ? ids.manualError : undefined}
            onChange={(e) => setManualText(e.target.value)}
            onBlur={applyManual}
            onKeyDown={(e) => e.key === 'Enter' && applyManual()}
          />
          {manualError ? (
            <span id={ids.manualError} className="inline-error" role="alert">
              {t('classification.manualInvalid')}
            </span>
          ) : null}
        </div>
      ) : (
        <div className="control-row">
          <label htmlFor={ids.classes}>{t('classification.classes')}</label>
          <select id={ids.classes} className="input input--compact" value={settings.classes} onChange={(e) => onChange({ classes: Number(e.target.value) })}>
            {Array.from({ length: MAX_CLASSES - MIN_CLASSES + 1 }, (_, i) => MIN_CLASSES + i).map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </div>
      )}
      <div className="control-row">
        <label htmlFor={ids.scheme}>{t('classification.scheme')}</label>
        <select
          id={ids.scheme}
          className="input input--compact"
          value={settings.scheme}
          onChange={(e) => isSchemeChoice(e.target.value) && onChange({ scheme: e.target.value })}
        >
          <option value="auto">{t('classification.schemeAuto')}</option>
          <optgroup label={t('classification.sequential')}>
            {SCHEME_IDS.filter((id) => SCHEMES[id].kind === 'sequential').map((id) => (
              <option key={id} value={id}>
                {t(`classification.schemes.${id}`)}
              </option>
            ))}
          </optgroup>
          <optgroup label={t('classification.diverging')}>
            {SCHEME_IDS.filter((id) => SCHEMES[id].kind === 'diverging').map((id) => (
              <option key={id} value={id}>
                {t(`classification.schemes.${id}`)}
              </option>
            ))}
          </optgroup>
        </select>
      </div>
      <label className="checkbox-row" htmlFor={ids.all}>
        <input
          id={ids.all}
          type="checkbox"
          checked={settings.allPeriods}
          disabled={periodCount < 2}
          onChange={(e) => onChange({ allPeriods: e.target.checked })}
        />
        <span>{t('classification.allPeriods')}</span>
      </label>
      <label className="checkbox-row" htmlFor={ids.outliers} title={t('outliers.excludeHint')}>
        <input
          id={ids.outliers}
          type="checkbox"
          checked={Boolean(settings.excludeOutliers) && settings.method !== 'manual'}
          disabled={settings.method === 'manual'}
          aria-describedby={ids.outliersHint}
          onChange={(e) => onChange({ excludeOutliers: e.target.checked })}
          data-testid="exclude-outliers"
        />
        <span>{t('outliers.exclude')}</span>
      </label>
      {settings.excludeOutliers && settings.method !== 'manual' ? (
        <p id={ids.outliersHint} className="small muted classification-outliers-note" data-testid="outliers-note">
          {outliers !== undefined ? `${t('outliers.excluded', { count: outliers })} ` : ''}
          {t('outliers.excludeHint')}
        </p>
      ) : (
        <span id={ids.outliersHint} hidden>
          {t('outliers.excludeHint')}
        </span>
      )}
    </div>
  );
}
