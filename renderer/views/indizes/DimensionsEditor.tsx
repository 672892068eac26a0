import { useId, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { topicPath, type IndicatorSummary, type Topic } from '../../indicators/values.ts';
import {
  addDimension,
  addIndicator,
  removeDimension,
  removeIndicator,
  updateDimension,
  updateIndicator,
  type DraftIssue,
  type IndexDraft,
} from './draft.ts';
import { FieldError, issueAt } from './FieldError.tsx';

export interface DimensionsEditorProps {
  draft: IndexDraft;
  onChange: (draft: IndexDraft) => void;
  /** Indicators with values on the chosen level and period. */
  candidates: readonly IndicatorSummary[];
  catalogue: readonly IndicatorSummary[];
  topics: readonly Topic[];
  issues: readonly DraftIssue[];
}

/**
 * The index's building blocks: dimensions with name and weight, each a weighted set of indicators
 * with polarity. Every control has a visible label or an accessible name with the indicator's name.
 */
export function DimensionsEditor({ draft, onChange, candidates, catalogue, topics, issues }: DimensionsEditorProps) {
  const { t } = useTranslation();
  const byId = useMemo(() => new Map(catalogue.map((i) => [i.id, i])), [catalogue]);
  const available = useMemo(() => new Set(candidates.map((i) => i.id)), [candidates]);

  return (
    <fieldset className="index-section" data-testid="index-dimensions">
      <legend className="index-section-title">{t('indices.dimensions.legend')}</legend>
      <p className="hint">{t('indices.dimensions.hint')}</p>
      <FieldError issue={issueAt(issues, 'dimensions')} />
      {candidates.length === 0 && draft.levelId && draft.period ? <p className="notice">{t('indices.dimensions.noCandidates')}</p> : null}
      <ol className="index-dimensions">
        {draft.dimensions.map((dimension, di) => (
          <DimensionCard
            key={dimension.key}
            index={di}
            draft={draft}
            onChange={onChange}
            candidates={candidates}
            byId={byId}
            available={available}
            topics={topics}
            issues={issues}
            removable={draft.dimensions.length > 1}
          />
        ))}
      </ol>
      <button type="button" className="button" onClick={() => onChange(addDimension(draft))} data-testid="add-dimension">
        {t('indices.dimensions.add')}
      </button>
    </fieldset>
  );
}

interface DimensionCardProps {
  index: number;
  draft: IndexDraft;
  onChange: (draft: IndexDraft) => void;
  candidates: readonly IndicatorSummary[];
  byId: ReadonlyMap<string, IndicatorSummary>;
  available: ReadonlySet<string>;
  topics: readonly Topic[];
  issues: readonly DraftIssue[];
  removable: boolean;
}

function DimensionCard({ index: di, draft, onChange, candidates, byId, available, topics, issues, removable }: DimensionCardProps) {
  const { t } = useTranslation();
  const ids = { name: useId(), weight: useId(), add: useId(), heading: useId() };
  const dimension = draft.dimensions[di]!;
  const label = dimension.name.trim() || t('indices.dimensions.unnamed', { n: di + 1 });
  const nameIssue = issueAt(issues, `dimensions.${di}.name`);
  const weightIssue = issueAt(issues, `dimensions.${di}.weight`);
  const used = new Set(dimension.indicators.map((x) => x.indicatorId));
  // Grouped by topic for the add-select, in catalogue order.
  const groups = useMemo(() => {
    const map = new Map<string, IndicatorSummary[]>();
    for (const indicator of candidates) {
      const group = topicPath(indicator.topicId, topics).join(' › ') || indicator.topic || t('indicators.noTopic');
      map.set(group, [...(map.get(group) ?? []), indicator]);
    }
    return [...map.entries()];
  }, [candidates, topics, t]);

  return (
    <li className="index-dimension" data-testid="index-dimension" aria-labelledby={ids.heading}>
      <h3 id={ids.heading} className="visually-hidden">
        {label}
      </h3>
      <div className="index-dimension-head">
        <div className="field">
          <label htmlFor={ids.name}>{t('indices.dimensions.name')}</label>
          <input
            id={ids.name}
            className="input"
            value={dimension.name}
            aria-invalid={nameIssue ? true : undefined}
            aria-describedby={nameIssue ? `${ids.name}-error` : undefined}
            onChange={(e) => onChange(updateDimension(draft, di, (d) => ({ ...d, name: e.target.value })))}
            data-testid="dimension-name"
          />
          <FieldError issue={nameIssue} id={`${ids.name}-error`} />
        </div>
        <div className="field field--narrow">
          <label htmlFor={ids.weight}>{t('indices.dimensions.weight')}</label>
          <input
            id={ids.weight}
            className="input"
            inputMode="decimal"
            value={dimension.weight}
            aria-invalid={weightIssue ? true : undefined}
            aria-describedby={weightIssue ? `${ids.weight}-error` : undefined}
            onChange={(e) => onChange(updateDimension(draft, di, (d) => ({ ...d, weight: e.target.value })))}
            data-testid="dimension-weight"
          />
          <FieldError issue={weightIssue} id={`${ids.weight}-error`} />
        </div>
        {removable ? (
          <button
            type="button"
            className="icon-button index-remove"
            aria-label={t('indices.dimensions.remove', { name: label })}
            title={t('indices.dimensions.remove', { name: label })}
            onClick={() => onChange(removeDimension(draft, di))}
          >
            <span aria-hidden="true">×</span>
          </button>
        ) : null}
      </div>

      {dimension.indicators.length > 0 ? (
        <table className="index-indicators">
          <caption className="visually-hidden">{t('indices.dimensions.indicatorsOf', { name: label })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('indices.dimensions.indicator')}</th>
              <th scope="col">{t('indices.dimensions.weight')}</th>
              <th scope="col">{t('indices.dimensions.polarity')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('indices.dimensions.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {dimension.indicators.map((x, xi) => (
              <IndicatorRow
                key={x.indicatorId}
                draft={draft}
                onChange={onChange}
                dimension={di}
                index={xi}
                indicator={byId.get(x.indicatorId)}
                available={available.has(x.indicatorId)}
                issues={issues}
              />
            ))}
          </tbody>
        </table>
      ) : (
        <p className="muted small">{t('indices.dimensions.empty')}</p>
      )}
      <FieldError issue={issueAt(issues, `dimensions.${di}.indicators`)} />

      <div className="field index-add-indicator">
        <label htmlFor={ids.add}>{t('indices.dimensions.addIndicator', { name: label })}</label>
        <select
          id={ids.add}
          className="input"
          value=""
          disabled={candidates.length === 0}
          onChange={(e) => {
            const chosen = candidates.find((i) => i.id === e.target.value);
            if (chosen) onChange(addIndicator(draft, di, chosen));
          }}
          data-testid="add-indicator"
        >
          <option value="">{t('indices.dimensions.addIndicatorPlaceholder')}</option>
          {groups.map(([group, items]) => (
            <optgroup key={group} label={group}>
              {items.map((i) => (
                <option key={i.id} value={i.id} disabled={used.has(i.id)}>
                  {i.name}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
      </div>
    </li>
  );
}

interface IndicatorRowProps {
  draft: IndexDraft;
  onChange: (draft: IndexDraft) => void;
  dimension: number;
  index: number;
  indicator: IndicatorSummary | undefined;
  available: boolean;
  issues: readonly DraftIssue[];
}

function IndicatorRow({ draft, onChange, dimension: di, index: xi, indicator, available, issues }: IndicatorRowProps) {
  const { t } = useTranslation();
  const ids = { weight: useId(), polarity: useId() };
  const x = draft.dimensions[di]!.indicators[xi]!;
  const name = indicator?.name ?? x.indicatorId;
  const weightIssue = issueAt(issues, `dimensions.${di}.indicators.${xi}.weight`);
  const polarityIssue = issueAt(issues, `dimensions.${di}.indicators.${xi}.polarity`);
  return (
    <tr data-testid="index-indicator" data-indicator-id={x.indicatorId}>
      <th scope="row" className="index-indicator-name">
        {name}
        {indicator ? <span className="mono small muted"> {indicator.code}</span> : null}
        {!available ? <span className="index-unavailable small">{t('indices.dimensions.notAvailable')}</span> : null}
      </th>
      <td>
        <input
          id={ids.weight}
          className="input input--compact index-weight"
          inputMode="decimal"
          aria-label={t('indices.dimensions.indicatorWeight', { name })}
          value={x.weight}
          aria-invalid={weightIssue ? true : undefined}
          aria-describedby={weightIssue ? `${ids.weight}-error` : undefined}
          onChange={(e) => onChange(updateIndicator(draft, di, xi, { weight: e.target.value }))}
          data-testid="indicator-weight"
        />
        <FieldError issue={weightIssue} id={`${ids.weight}-error`} />
      </td>
      <td>
        <select
          id={ids.polarity}
          className="input input--compact"
          aria-label={t('indices.dimensions.polarityOf', { name })}
          value={x.polarity === null ? '' : String(x.polarity)}
          aria-invalid={polarityIssue ? true : undefined}
          aria-describedby={polarityIssue ? `${ids.polarity}-error` : undefined}
          onChange={(e) => onChange(updateIndicator(draft, di, xi, { polarity: e.target.value === '-1' ? -1 : e.target.value === '1' ? 1 : null }))}
          data-testid="indicator-polarity"
        >
          {x.polarity === null ? <option value="">{t('indices.dimensions.polarityAsk')}</option> : null}
          <option value="1">{t('indices.dimensions.polarityNeed')}</option>
          <option value="-1">{t('indices.dimensions.polarityBetter')}</option>
        </select>
        <FieldError issue={polarityIssue} id={`${ids.polarity}-error`} />
      </td>
      <td>
        <button
          type="button"
          className="icon-button"
          aria-label={t('indices.dimensions.removeIndicator', { name })}
          title={t('indices.dimensions.removeIndicator', { name })}
          onClick={() => onChange(removeIndicator(draft, di, xi))}
        >
          <span aria-hidden="true">×</span>
        </button>
      </td>
    </tr>
  );
}
