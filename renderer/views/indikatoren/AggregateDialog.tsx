import { useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MethodOutput } from '../../../shared/contract.ts';
import { useApi } from '../../api/context.tsx';
import { errorMessage } from '../../api/client.ts';
import { Modal } from '../../components/Modal.tsx';
import { defaultAggregation, type AggregateMethod } from '../../indicators/derived.ts';
import { formatPeriod } from '../../indicators/format.ts';
import { IndicatorPicker } from '../../indicators/IndicatorPicker.tsx';
import { useCatalogue, useTopics } from '../../indicators/queries.ts';
import { useQuery } from '../../indicators/use-query.ts';
import type { IndicatorDetail } from '../../indicators/values.ts';
import type { Level } from '../../map/levels.ts';
import { guessPopulation } from '../indizes/draft.ts';

const METHODS: readonly AggregateMethod[] = ['sum', 'rate', 'weighted-mean'];

/**
 * The level whose units are the parents of the given level's units (Statistischer Bezirk →
 * Stadtteil), or null when its units have no parents.
 */
export function useParentLevel(levelId: string | null, levels: readonly Level[] | null, version: number): Level | null {
  const api = useApi();
  const units = useQuery(levelId ? `units|${levelId}` : null, () => api.call('units.list', { levelId: levelId ?? '' }), version).data;
  const parentId = units?.find((u) => u.parentId)?.parentId ?? null;
  const parent = useQuery(parentId ? `unit|${parentId}` : null, () => api.call('units.get', { id: parentId ?? '' }), version).data;
  const parentLevelId = parentId && parent?.id === parentId ? parent.level.id : null;
  return (parentLevelId && levels?.find((l) => l.id === parentLevelId)) || null;
}

export interface AggregateDialogProps {
  detail: IndicatorDetail;
  fromLevel: Level;
  parentLevel: Level;
  version: number;
  onClose: () => void;
  /** After values were written: the page switches to the parent level. */
  onAggregated: (parentLevelId: string) => void;
}

type Field = 'numerator' | 'denominator' | 'weight';
type Result = MethodOutput<'values.aggregate'> & { withoutValue: Array<{ name: string; periods: string[] }> };

/**
 * „Auf höhere Ebene aggregieren“: writes the indicator's values on the parent level — counts
 * summed, rates from summed numerators and denominators, or weighted by population. Parents
 * that miss a child's value get no value (main flags them 'missing'); the result lists them.
 */
export function AggregateDialog({ detail, fromLevel, parentLevel, version, onClose, onAggregated }: AggregateDialogProps) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const api = useApi();
  const formId = useId();
  const defaults = useMemo(() => defaultAggregation(detail), [detail]);
  const [method, setMethod] = useState<AggregateMethod>(defaults.method);
  const [numeratorId, setNumerator] = useState<string | null>(defaults.numeratorId);
  const [denominatorId, setDenominator] = useState<string | null>(defaults.denominatorId);
  const [weightChoice, setWeight] = useState<string | null | undefined>(undefined);
  const [scale, setScale] = useState(defaults.scale);
  const [submitted, setSubmitted] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<Result | null>(null);

  const catalogue = useCatalogue(version).data;
  const topics = useTopics(version).data ?? [];
  const onLevel = useMemo(() => (catalogue ?? []).filter((i) => i.valueCount > 0), [catalogue]);
  const guessed = useMemo(() => guessPopulation(onLevel.filter((i) => i.levelIds.includes(fromLevel.id) && i.id !== detail.id)), [onLevel, fromLevel.id, detail.id]);
  // undefined: not touched, follow the guess; null: cleared by the planner.
  const weightId = weightChoice === undefined ? (guessed?.id ?? null) : weightChoice;

  const required: Partial<Record<Field, string>> = {};
  const live: Partial<Record<Field, string>> = {};
  if (method === 'rate') {
    if (!numeratorId) required.numerator = t('aggregate.errors.chooseNumerator');
    if (!denominatorId) required.denominator = t('aggregate.errors.chooseDenominator');
    else if (denominatorId === numeratorId) live.denominator = t('aggregate.errors.same');
  }
  if (method === 'weighted-mean' && !weightId) required.weight = t('aggregate.errors.chooseWeight');
  const errors = { ...required, ...live };
  // The same indicator twice is wrong at once; a missing choice only after the first attempt.
  const shown = submitted ? errors : live;

  async function submit() {
    setSubmitted(true);
    setError(null);
    if (Object.keys(errors).length > 0) {
      const first = (['numerator', 'denominator', 'weight'] as const).find((f) => errors[f]);
      if (first) document.querySelector<HTMLInputElement>(`[data-testid="aggregate-${first}"] input`)?.focus();
      return;
    }
    setBusy(true);
    try {
      const written = await api.call('values.aggregate', {
        indicatorId: detail.id,
        fromLevelId: fromLevel.id,
        method,
        numeratorId: method === 'rate' ? numeratorId : null,
        denominatorId: method === 'rate' ? denominatorId : null,
        weightId: method === 'weighted-mean' ? weightId : null,
        ...(method === 'rate' ? { scale } : {}),
      });
      onAggregated(parentLevel.id);
      // Which parents got no value: what main wrote, read back.
      const [series, units] = await Promise.all([
        api.call('values.series', { indicatorId: detail.id, levelId: parentLevel.id }),
        api.call('units.list', { levelId: parentLevel.id }),
      ]);
      const names = new Map(units.map((u) => [u.id, u.name]));
      const missing = new Map<string, string[]>();
      for (const row of series) {
        if (!written.periods.includes(row.period) || (row.value !== null && row.flag !== 'missing')) continue;
        const name = names.get(row.unitId) ?? row.unitId;
        missing.set(name, [...(missing.get(name) ?? []), row.period]);
      }
      const withoutValue = [...missing].map(([name, periods]) => ({ name, periods: periods.sort() })).sort((x, y) => x.name.localeCompare(y.name, 'de'));
      setResult({ ...written, withoutValue });
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setBusy(false);
    }
  }

  const periodList = (periods: readonly string[]) =>
    periods.length > 2 ? `${formatPeriod(periods[0]!, lang)}–${formatPeriod(periods.at(-1)!, lang)}` : periods.map((p) => formatPeriod(p, lang)).join(', ');
  const overwrites = detail.levelIds.includes(parentLevel.id);

  return (
    <Modal
      title={t('aggregate.title', { level: parentLevel.name })}
      onClose={onClose}
      size="wide"
      testId="aggregate-dialog"
      footer={
        result ? (
          <button type="button" className="button button--primary" onClick={onClose} data-testid="aggregate-close">
            {t('common.close')}
          </button>
        ) : (
          <>
            <button type="button" className="button" onClick={onClose}>
              {t('common.cancel')}
            </button>
            <button type="submit" form={formId} className="button button--primary" disabled={busy} aria-busy={busy || undefined} data-testid="aggregate-submit">
              {busy ? t('aggregate.working') : t('aggregate.submit')}
            </button>
          </>
        )
      }
    >
      {result ? (
        <div className="aggregate-result" data-testid="aggregate-result" role="status">
          <p className="notice notice--success">{t('aggregate.done', { count: result.values, level: parentLevel.name, periods: periodList(result.periods) })}</p>
          {result.incompleteParents > 0 ? (
            <div className="notice notice--warning" data-testid="aggregate-incomplete">
              <p>{t('aggregate.incomplete', { count: result.incompleteParents })}</p>
              {result.withoutValue.length > 0 ? (
                <>
                  <p className="aggregate-missing-title">{t('aggregate.withoutValue')}:</p>
                  <ul className="aggregate-missing">
                    {result.withoutValue.map((m) => (
                      <li key={m.name}>
                        {m.name} <span className="muted">({periodList(m.periods)})</span>
                      </li>
                    ))}
                  </ul>
                </>
              ) : null}
            </div>
          ) : (
            <p>{t('aggregate.complete', { level: parentLevel.name })}</p>
          )}
          <p className="muted">{t('aggregate.shown', { level: parentLevel.name })}</p>
        </div>
      ) : (
        <form
          id={formId}
          className="aggregate-form"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          {error ? (
            <p className="notice notice--error" role="alert">
              {error}
            </p>
          ) : null}
          <p>{t('aggregate.lead', { name: detail.name, from: fromLevel.name, to: parentLevel.name })}</p>
          <fieldset className="derive-section">
            <legend className="derive-legend">{t('aggregate.methodLegend')}</legend>
            <div className="aggregate-methods" role="radiogroup" aria-label={t('aggregate.methodLegend')}>
              {METHODS.map((m) => (
                <label key={m} className="derive-kind">
                  <input type="radio" name={`${formId}-method`} value={m} checked={method === m} onChange={() => setMethod(m)} data-testid={`aggregate-method-${m}`} />
                  <span>
                    <span className="derive-kind-label">{t(`aggregate.methods.${m}.label`)}</span>
                    <span className="hint">{t(`aggregate.methods.${m}.hint`)}</span>
                  </span>
                </label>
              ))}
            </div>
            {method === 'sum' && detail.measure !== 'absolute' ? (
              <p className="notice notice--warning" data-testid="aggregate-sum-warning">
                {t('aggregate.sumOfRates')}
              </p>
            ) : null}
            {method === 'rate' ? (
              <div className="form-grid-2 aggregate-inputs">
                <div className="field derive-picker" data-testid="aggregate-numerator">
                  <IndicatorPicker indicators={onLevel} topics={topics} value={numeratorId} onChange={setNumerator} levelId={fromLevel.id} label={t('aggregate.numerator')} />
                  <FieldMessage field="numerator" message={shown.numerator} />
                </div>
                <div className="field derive-picker" data-testid="aggregate-denominator">
                  <IndicatorPicker indicators={onLevel} topics={topics} value={denominatorId} onChange={setDenominator} levelId={fromLevel.id} label={t('aggregate.denominator')} />
                  <FieldMessage field="denominator" message={shown.denominator} />
                </div>
                <div className="field">
                  <label htmlFor={`${formId}-scale`}>{t('aggregate.scale')}</label>
                  <select id={`${formId}-scale`} className="input" value={scale} onChange={(e) => setScale(Number(e.target.value))} data-testid="aggregate-scale">
                    <option value={100}>{t('aggregate.scale100')}</option>
                    <option value={1000}>{t('aggregate.scale1000')}</option>
                  </select>
                </div>
              </div>
            ) : null}
            {method === 'weighted-mean' ? (
              <div className="form-grid-2 aggregate-inputs">
                <div className="field derive-picker" data-testid="aggregate-weight">
                  <IndicatorPicker indicators={onLevel} topics={topics} value={weightId} onChange={setWeight} levelId={fromLevel.id} label={t('aggregate.weight')} />
                  <FieldMessage field="weight" message={shown.weight} />
                </div>
              </div>
            ) : null}
          </fieldset>
          {overwrites ? (
            <p className="notice notice--warning" data-testid="aggregate-overwrite">
              {t('aggregate.overwrite', { level: parentLevel.name })}
            </p>
          ) : null}
          <p className="hint">{t('aggregate.incompleteRule', { level: parentLevel.name })}</p>
        </form>
      )}
    </Modal>
  );
}

function FieldMessage({ field, message }: { field: Field; message: string | undefined }) {
  if (!message) return null;
  return (
    <p className="inline-error" data-testid={`aggregate-error-${field}`}>
      {message}
    </p>
  );
}
