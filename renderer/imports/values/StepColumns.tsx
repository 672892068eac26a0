import { useId, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import {
  findColumn,
  missingColumns,
  newPatternId,
  patternFromHeader,
  patternMatches,
  wideColumns,
  yearOf,
  type ColumnDraft,
  type Dash,
  type Decimal,
  type Draft,
  type FieldErrors,
  type Level,
  type MatchMode,
  type PatternDraft,
  type Percent,
  type TablePreview,
} from './draft.ts';
import { IndicatorCombo, type Indicator } from './IndicatorCombo.tsx';
import { FieldMessages, fieldAria } from './parts.tsx';
import { suggestDecimals } from './suggest-decimals.ts';

export interface StepColumnsProps {
  draft: Draft;
  update: (change: (draft: Draft) => Draft) => void;
  preview: TablePreview;
  levels: readonly Level[];
  indicators: readonly Indicator[];
  knownCodes: ReadonlySet<string>;
  errors: FieldErrors;
  /** `decimals`: suggested from the column's sample cells. */
  onCreateIndicator: (code: string, apply: (code: string) => void, decimals?: number) => void;
}

const SAMPLE_CELLS = 3;

/** Step 3: long or wide, the unit column and level, which column is which indicator and period, numbers. */
export function StepColumns({ draft, update, preview, levels, indicators, knownCodes, errors, onCreateIndicator }: StepColumnsProps) {
  const { t } = useTranslation();
  const base = useId();
  const ids = {
    format: `${base}-format`,
    unitColumn: `${base}-unit-column`,
    match: `${base}-match`,
    level: `${base}-level`,
    widePeriod: `${base}-wide-period`,
    periodColumn: `${base}-period-column`,
    periodValue: `${base}-period-value`,
    indicatorColumn: `${base}-indicator-column`,
    indicatorCode: `${base}-indicator-code`,
    valueColumn: `${base}-value-column`,
    decimal: `${base}-decimal`,
    dash: `${base}-dash`,
    percent: `${base}-percent`,
  };
  const header = preview.header;
  const samples = (index: number) =>
    preview.sample
      .slice(0, SAMPLE_CELLS)
      .map((row) => row.cells[index] ?? '')
      .filter((cell) => cell !== '')
      .join(' · ');

  const setUnits = (patch: Partial<Draft['units']>) => update((d) => ({ ...d, units: { ...d.units, ...patch } }));
  const setLong = (patch: Partial<Draft['long']>) => update((d) => ({ ...d, long: { ...d.long, ...patch } }));
  const setNumbers = (patch: Partial<Draft['numbers']>) => update((d) => ({ ...d, numbers: { ...d.numbers, ...patch } }));

  const columnSelect = (id: string, key: string, value: string, onChange: (value: string) => void, label: string, extra?: { disabled?: boolean }) => (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} className="input" value={findColumn(header, value) === -1 ? '' : header[findColumn(header, value)]} disabled={extra?.disabled} {...fieldAria(errors, key, id)} onChange={(e) => onChange(e.target.value)}>
        <option value="">{t('valuesWizard.columns.chooseColumn')}</option>
        {header.map((name, index) => (
          <option key={index} value={name}>
            {name}
          </option>
        ))}
      </select>
      {value && findColumn(header, value) === -1 ? <p className="inline-error">{t('valuesWizard.columns.columnMissing', { column: value })}</p> : null}
      <FieldMessages id={`${id}-error`} messages={errors[key]} />
    </div>
  );

  const unknownNotice = (code: string, apply: (code: string) => void, column?: number): ReactNode =>
    code && !knownCodes.has(code) ? (
      <p className="vw-unknown" data-testid="values-wizard-unknown-indicator">
        {t('valuesWizard.columns.unknownIndicator', { code })}{' '}
        <button type="button" className="link-button" onClick={() => onCreateIndicator(code, apply, column === undefined || column < 0 ? undefined : (suggestDecimals(preview.sample.map((row) => row.cells[column] ?? '')) ?? undefined))}>
          {t('valuesWizard.columns.createIndicator')}
        </button>
      </p>
    ) : null;

  return (
    <div className="vw-step-body">
      <fieldset className="vw-fieldset vw-radios">
        <legend>{t('valuesWizard.columns.format')}</legend>
        {(['long', 'wide'] as const).map((format) => (
          <label key={format} className="vw-radio">
            <input
              type="radio"
              name={ids.format}
              value={format}
              checked={draft.format === format}
              onChange={() => update((d) => ({ ...d, format, touchedFormat: true }))}
            />
            <span>{t(`valuesWizard.columns.formats.${format}`)}</span>
          </label>
        ))}
      </fieldset>

      <fieldset className="vw-fieldset">
        <legend>{t('valuesWizard.columns.unitsLegend')}</legend>
        <div className="vw-row">
          {columnSelect(ids.unitColumn, 'units.column', draft.units.column, (column) => setUnits({ column }), t('valuesWizard.columns.unitColumn'))}
          <div className="field">
            <label htmlFor={ids.match}>{t('valuesWizard.columns.match')}</label>
            <select id={ids.match} className="input" value={draft.units.match} onChange={(e) => setUnits({ match: e.target.value as MatchMode })}>
              {(['key', 'name', 'auto'] as const).map((mode) => (
                <option key={mode} value={mode}>
                  {t(`valuesWizard.columns.matchModes.${mode}`)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={ids.level}>{t('valuesWizard.columns.level')}</label>
            <select id={ids.level} className="input" value={levelValue(draft.units.level, levels)} {...fieldAria(errors, 'units.level', ids.level)} onChange={(e) => update((d) => ({ ...d, touchedLevel: true, units: { ...d.units, level: e.target.value } }))}>
              <option value="">{t('valuesWizard.columns.chooseLevel')}</option>
              {draft.units.level && !levels.some((l) => l.key === levelValue(draft.units.level, levels)) ? <option value={draft.units.level}>{draft.units.level}</option> : null}
              {levels.map((level) => (
                <option key={level.id} value={level.key}>
                  {t('valuesWizard.columns.levelOption', { name: level.name, count: level.unitCount })}
                </option>
              ))}
            </select>
            <FieldMessages id={`${ids.level}-error`} messages={errors['units.level']} />
          </div>
        </div>
      </fieldset>

      {draft.format === 'wide' ? (
        <WideColumns
          base={base}
          draft={draft}
          update={update}
          header={header}
          samples={samples}
          indicators={indicators}
          errors={errors}
          widePeriodId={ids.widePeriod}
          unknownNotice={unknownNotice}
        />
      ) : (
        <fieldset className="vw-fieldset">
          <legend>{t('valuesWizard.columns.longLegend')}</legend>
          <div className="vw-long-grid">
            <div className="vw-long-item">
              <fieldset className="vw-radios vw-radios--inline">
                <legend>{t('valuesWizard.columns.period')}</legend>
                <label className="vw-radio">
                  <input type="radio" name={`${base}-period-mode`} checked={draft.long.periodMode === 'column'} onChange={() => setLong({ periodMode: 'column' })} />
                  <span>{t('valuesWizard.columns.fromColumn')}</span>
                </label>
                <label className="vw-radio">
                  <input type="radio" name={`${base}-period-mode`} checked={draft.long.periodMode === 'value'} onChange={() => setLong({ periodMode: 'value' })} />
                  <span>{t('valuesWizard.columns.fixedPeriod')}</span>
                </label>
              </fieldset>
              {draft.long.periodMode === 'column' ? (
                columnSelect(ids.periodColumn, 'period.column', draft.long.periodColumn, (periodColumn) => setLong({ periodColumn }), t('valuesWizard.columns.periodColumn'))
              ) : (
                <div className="field">
                  <label htmlFor={ids.periodValue}>{t('valuesWizard.columns.periodValue')}</label>
                  <input
                    id={ids.periodValue}
                    type="text"
                    className="input vw-period"
                    inputMode="numeric"
                    placeholder={t('valuesWizard.columns.periodPlaceholder')}
                    value={draft.long.periodValue}
                    {...fieldAria(errors, 'period.value', ids.periodValue)}
                    onChange={(e) => setLong({ periodValue: e.target.value })}
                  />
                  <FieldMessages id={`${ids.periodValue}-error`} messages={errors['period.value']} />
                </div>
              )}
            </div>
            <div className="vw-long-item">
              <fieldset className="vw-radios vw-radios--inline">
                <legend>{t('valuesWizard.columns.indicator')}</legend>
                <label className="vw-radio">
                  <input type="radio" name={`${base}-indicator-mode`} checked={draft.long.indicatorMode === 'column'} onChange={() => setLong({ indicatorMode: 'column' })} />
                  <span>{t('valuesWizard.columns.fromColumn')}</span>
                </label>
                <label className="vw-radio">
                  <input type="radio" name={`${base}-indicator-mode`} checked={draft.long.indicatorMode === 'code'} onChange={() => setLong({ indicatorMode: 'code' })} />
                  <span>{t('valuesWizard.columns.fixedIndicator')}</span>
                </label>
              </fieldset>
              {draft.long.indicatorMode === 'column' ? (
                <>
                  {columnSelect(ids.indicatorColumn, 'indicator.column', draft.long.indicatorColumn, (indicatorColumn) => setLong({ indicatorColumn }), t('valuesWizard.columns.indicatorColumn'))}
                  <p className="hint">{t('valuesWizard.columns.indicatorColumnHint')}</p>
                </>
              ) : (
                <div className="field">
                  <span className="vw-label" id={`${ids.indicatorCode}-label`}>
                    {t('valuesWizard.columns.indicatorCode')}
                  </span>
                  <IndicatorCombo
                    id={ids.indicatorCode}
                    label={t('valuesWizard.columns.indicatorCode')}
                    value={draft.long.indicatorCode}
                    onChange={(indicatorCode) => setLong({ indicatorCode })}
                    indicators={indicators}
                    invalid={!!errors['indicator.code']}
                    {...(errors['indicator.code'] ? { describedBy: `${ids.indicatorCode}-error` } : {})}
                  />
                  <FieldMessages id={`${ids.indicatorCode}-error`} messages={errors['indicator.code']} />
                  {unknownNotice(draft.long.indicatorCode.trim(), (indicatorCode) => setLong({ indicatorCode }), findColumn(header, draft.long.valueColumn))}
                </div>
              )}
            </div>
            <div className="vw-long-item">{columnSelect(ids.valueColumn, 'value.column', draft.long.valueColumn, (valueColumn) => setLong({ valueColumn }), t('valuesWizard.columns.valueColumn'))}</div>
          </div>
        </fieldset>
      )}

      <fieldset className="vw-fieldset">
        <legend>{t('valuesWizard.columns.numbersLegend')}</legend>
        <div className="vw-row">
          <div className="field">
            <label htmlFor={ids.decimal}>{t('valuesWizard.columns.decimal')}</label>
            <select id={ids.decimal} className="input" value={draft.numbers.decimal} onChange={(e) => setNumbers({ decimal: e.target.value as Decimal })}>
              <option value="auto">{t('valuesWizard.columns.decimals.auto')}</option>
              <option value=",">{t('valuesWizard.columns.decimals.comma')}</option>
              <option value=".">{t('valuesWizard.columns.decimals.point')}</option>
            </select>
          </div>
          <div className="field">
            <label htmlFor={ids.dash}>{t('valuesWizard.columns.dash')}</label>
            <select id={ids.dash} className="input" value={draft.numbers.dash} onChange={(e) => setNumbers({ dash: e.target.value as Dash })}>
              <option value="missing">{t('valuesWizard.columns.dashes.missing')}</option>
              <option value="zero">{t('valuesWizard.columns.dashes.zero')}</option>
            </select>
          </div>
          <div className="field">
            <label htmlFor={ids.percent}>{t('valuesWizard.columns.percent')}</label>
            <select id={ids.percent} className="input" value={draft.numbers.percent} onChange={(e) => setNumbers({ percent: e.target.value as Percent })}>
              <option value="points">{t('valuesWizard.columns.percents.points')}</option>
              <option value="fraction">{t('valuesWizard.columns.percents.fraction')}</option>
            </select>
          </div>
        </div>
      </fieldset>
    </div>
  );
}

/** The select shows the level by key, also for a mapping that names it ("Stadtteil"). */
function levelValue(level: string, levels: readonly Level[]): string {
  const wanted = level.trim().toLowerCase();
  return (levels.find((l) => l.key === level) ?? levels.find((l) => l.key.toLowerCase() === wanted || l.name.toLowerCase() === wanted))?.key ?? level;
}

interface WideProps {
  base: string;
  draft: Draft;
  update: (change: (draft: Draft) => Draft) => void;
  header: readonly string[];
  samples: (index: number) => string;
  indicators: readonly Indicator[];
  errors: FieldErrors;
  widePeriodId: string;
  unknownNotice: (code: string, apply: (code: string) => void, column?: number) => ReactNode;
}

function WideColumns({ base, draft, update, header, samples, indicators, errors, widePeriodId, unknownNotice }: WideProps) {
  const { t } = useTranslation();
  const views = wideColumns(draft, header);
  const missing = missingColumns(draft, header);
  const colId = (index: number) => `${base}-col-${index}`;
  const patternId = (id: string) => `${base}-pattern-${id}`;
  const focusSoon = (id: string) => requestAnimationFrame(() => document.getElementById(id)?.focus());

  /** Sets one column's choice; the key is the draft's own name for it if it has one. */
  const setColumn = (name: string, patch: Partial<ColumnDraft>) =>
    update((d) => {
      const key = Object.keys(d.wide.columns).find((k) => findColumn(header, k) === findColumn(header, name)) ?? name;
      const current = d.wide.columns[key] ?? { indicator: '', period: yearOf(name) ?? '' };
      return { ...d, wide: { ...d.wide, columns: { ...d.wide.columns, [key]: { ...current, ...patch } } } };
    });
  const setPattern = (id: string, patch: Partial<PatternDraft>) =>
    update((d) => ({ ...d, wide: { ...d.wide, patterns: d.wide.patterns.map((p) => (p.id === id ? { ...p, ...patch } : p)) } }));

  function makePattern(name: string, indicator: string) {
    const pattern = patternFromHeader(name);
    if (!pattern) return;
    const id = newPatternId();
    update((d) => {
      const covered = new Set(patternMatches(pattern, header, d.units.column).map((c) => findColumn(header, c)));
      const columns = Object.fromEntries(Object.entries(d.wide.columns).filter(([key]) => !covered.has(findColumn(header, key))));
      return { ...d, wide: { ...d.wide, columns, patterns: [...d.wide.patterns, { id, pattern, indicator, period: '$1' }] } };
    });
    focusSoon(patternId(id));
  }

  function dissolve(rule: PatternDraft) {
    const covered = views.filter((v) => v.pattern?.id === rule.id);
    update((d) => {
      const columns = { ...d.wide.columns };
      for (const view of covered) columns[view.header] = { indicator: rule.indicator, period: view.patternPeriod && view.patternPeriod !== d.wide.period ? view.patternPeriod : '' };
      return { ...d, wide: { ...d.wide, columns, patterns: d.wide.patterns.filter((p) => p.id !== rule.id) } };
    });
    if (covered[0]) focusSoon(colId(covered[0].index));
  }

  return (
    <fieldset className="vw-fieldset">
      <legend>{t('valuesWizard.columns.wideLegend')}</legend>
      <div className="field vw-wide-period">
        <label htmlFor={widePeriodId}>{t('valuesWizard.columns.widePeriod')}</label>
        <input
          id={widePeriodId}
          type="text"
          className="input vw-period"
          inputMode="numeric"
          placeholder={t('valuesWizard.columns.periodPlaceholder')}
          value={draft.wide.period}
          {...fieldAria(errors, 'period', widePeriodId, `${widePeriodId}-hint`)}
          onChange={(e) => update((d) => ({ ...d, wide: { ...d.wide, period: e.target.value } }))}
        />
        <FieldMessages id={`${widePeriodId}-error`} messages={errors['period']} />
        <p className="hint" id={`${widePeriodId}-hint`}>
          {t('valuesWizard.columns.widePeriodHint')}
        </p>
      </div>

      {errors['columns'] ? (
        <p className="inline-error" role="alert">
          {errors['columns'].join(' ')}
        </p>
      ) : null}

      {draft.wide.patterns.length > 0 ? (
        <section className="vw-patterns" aria-label={t('valuesWizard.columns.patternsTitle')}>
          <h4 className="vw-subtitle">{t('valuesWizard.columns.patternsTitle')}</h4>
          <ul className="vw-pattern-list" data-testid="values-wizard-patterns">
            {draft.wide.patterns.map((rule) => {
              const covered = views.filter((v) => v.pattern?.id === rule.id).map((v) => v.header);
              const key = `pattern:${rule.id}`;
              const periodId = `${patternId(rule.id)}-period`;
              return (
                <li key={rule.id} className="vw-pattern">
                  <p className="vw-pattern-head">
                    <code className="mono">{rule.pattern}</code>{' '}
                    <span className="muted">{t('valuesWizard.columns.patternCovers', { count: covered.length, columns: covered.join(', ') })}</span>
                  </p>
                  <FieldMessages id={`${patternId(rule.id)}-pattern-error`} messages={errors[`${key}.pattern`]} />
                  <div className="vw-row">
                    <div className="field vw-grow">
                      <span className="vw-label">{t('valuesWizard.columns.indicator')}</span>
                      <IndicatorCombo
                        id={patternId(rule.id)}
                        label={t('valuesWizard.columns.patternIndicator', { pattern: rule.pattern })}
                        value={rule.indicator}
                        onChange={(indicator) => setPattern(rule.id, { indicator })}
                        indicators={indicators}
                        invalid={!!errors[`${key}.indicator`]}
                        {...(errors[`${key}.indicator`] ? { describedBy: `${patternId(rule.id)}-error` } : {})}
                      />
                      <FieldMessages id={`${patternId(rule.id)}-error`} messages={errors[`${key}.indicator`]} />
                      {unknownNotice(rule.indicator.trim(), (indicator) => setPattern(rule.id, { indicator }))}
                    </div>
                    <div className="field">
                      <label htmlFor={periodId}>{t('valuesWizard.columns.period')}</label>
                      <input
                        id={periodId}
                        type="text"
                        className="input vw-period"
                        value={rule.period}
                        {...fieldAria(errors, `${key}.period`, periodId, `${periodId}-hint`)}
                        onChange={(e) => setPattern(rule.id, { period: e.target.value })}
                      />
                      <FieldMessages id={`${periodId}-error`} messages={errors[`${key}.period`]} />
                      <p className="hint" id={`${periodId}-hint`}>
                        {t('valuesWizard.columns.patternPeriodHint')}
                      </p>
                    </div>
                    <div className="field vw-end-field">
                      <button type="button" className="button button--quiet" onClick={() => dissolve(rule)}>
                        {t('valuesWizard.columns.dissolve')}
                      </button>
                    </div>
                  </div>
                </li>
              );
            })}
          </ul>
        </section>
      ) : null}

      <div className="table-scroll vw-table-scroll">
        <table className="data-table vw-columns" data-testid="values-wizard-columns">
          <caption>{t('valuesWizard.columns.tableCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('valuesWizard.columns.column')}</th>
              <th scope="col">{t('valuesWizard.columns.examples')}</th>
              <th scope="col">{t('valuesWizard.columns.indicator')}</th>
              <th scope="col">{t('valuesWizard.columns.period')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('valuesWizard.columns.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {views.map((view) => {
              // Messages are filed under the draft's name of the column (a saved mapping may spell it differently).
              const own = `col:${Object.keys(draft.wide.columns).find((k) => findColumn(header, k) === view.index) ?? view.header}`;
              const indicatorErrors = errors[`${own}.indicator`];
              const periodErrors = errors[`${own}.period`];
              const periodId = `${colId(view.index)}-period`;
              const pattern = patternFromHeader(view.header);
              const sameRule = pattern && view.value.indicator && !view.pattern ? patternMatches(pattern, header, draft.units.column) : [];
              return (
                <tr key={view.index} data-column={view.header}>
                  <th scope="row" className="vw-column-name">
                    {view.header}
                  </th>
                  <td className="muted vw-examples">{samples(view.index)}</td>
                  {view.pattern ? (
                    <>
                      <td>
                        <span className="vw-covered">{t('valuesWizard.columns.byPattern', { indicator: view.pattern.indicator || '–' })}</span>
                      </td>
                      <td>{view.patternPeriod ?? '–'}</td>
                      <td />
                    </>
                  ) : (
                    <>
                      <td className="vw-indicator-cell">
                        <IndicatorCombo
                          id={colId(view.index)}
                          label={t('valuesWizard.columns.columnIndicator', { column: view.header })}
                          value={view.value.indicator}
                          onChange={(indicator) => setColumn(view.header, { indicator })}
                          indicators={indicators}
                          allowIgnore
                          invalid={!!indicatorErrors}
                          {...(indicatorErrors ? { describedBy: `${colId(view.index)}-error` } : {})}
                        />
                        <FieldMessages id={`${colId(view.index)}-error`} messages={indicatorErrors} />
                        {unknownNotice(view.value.indicator.trim(), (indicator) => setColumn(view.header, { indicator }), view.index)}
                      </td>
                      <td>
                        <input
                          id={periodId}
                          type="text"
                          className="input input--compact vw-period"
                          inputMode="numeric"
                          aria-label={t('valuesWizard.columns.columnPeriod', { column: view.header })}
                          placeholder={draft.wide.period || t('valuesWizard.columns.periodPlaceholder')}
                          value={view.value.period}
                          disabled={!view.value.indicator}
                          {...fieldAria(errors, `${own}.period`, periodId)}
                          onChange={(e) => setColumn(view.header, { period: e.target.value })}
                        />
                        <FieldMessages id={`${periodId}-error`} messages={periodErrors} />
                      </td>
                      <td>
                        {sameRule.length >= 2 ? (
                          <button type="button" className="link-button vw-same-rule" onClick={() => makePattern(view.header, view.value.indicator)}>
                            {t('valuesWizard.columns.sameRule', { column: view.header, count: sameRule.length })}
                          </button>
                        ) : null}
                      </td>
                    </>
                  )}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>

      {missing.length > 0 ? (
        <div className="notice vw-missing" role="note">
          <p>{t('valuesWizard.columns.missingTitle')}</p>
          <ul className="vw-plain-list">
            {missing.map((name) => (
              <li key={name}>
                <span className="mono">{name}</span> → {draft.wide.columns[name]?.indicator}{' '}
                <button
                  type="button"
                  className="link-button"
                  onClick={() =>
                    update((d) => ({ ...d, wide: { ...d.wide, columns: Object.fromEntries(Object.entries(d.wide.columns).filter(([k]) => k !== name)) } }))
                  }
                >
                  {t('valuesWizard.columns.removeRule')}
                </button>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </fieldset>
  );
}
