import type { TFunction } from 'i18next';
import { useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../api/context.tsx';
import { ApiError, errorMessage } from '../../api/client.ts';
import { FormDialog } from '../../components/FormDialog.tsx';
import {
  commonLevels,
  commonPeriods,
  computeDerivedRows,
  defaultCode,
  defaultDecimals,
  defaultUnit,
  DERIVE_OPERATIONS,
  isRatio,
  type DerivedRecipe,
  type DerivedRow,
  type DeriveOperation,
} from '../../indicators/derived.ts';
import { formatMeasure, formatPeriod, formatSigned, type NumberStyle } from '../../indicators/format.ts';
import { ComputedIndicatorFields } from '../../indicators/ComputedIndicatorFields.tsx';
import { IndicatorPicker } from '../../indicators/IndicatorPicker.tsx';
import { useCatalogue, useLevels, useSeries, useTopics } from '../../indicators/queries.ts';
import { useQuery } from '../../indicators/use-query.ts';
import { periodsOf, type IndicatorDetail, type IndicatorSummary, type SeriesRow } from '../../indicators/values.ts';
import { useSelection } from '../../state/selection.tsx';

type T = TFunction;
type Field = 'a' | 'b' | 'level' | 'from' | 'to' | 'code' | 'name' | 'unit' | 'decimals';
export type DeriveErrors = Partial<Record<Field, string>>;
const FIELDS: readonly Field[] = ['a', 'b', 'level', 'from', 'to', 'code', 'name', 'unit', 'decimals'];

/** How many units the preview table lists. */
export const PREVIEW_UNITS = 6;

export interface DeriveDialogProps {
  version: number;
  onClose: () => void;
  onSaved: (saved: IndicatorDetail) => void;
}

/** What the planner typed over the suggestions (null = keep following the suggestion). */
interface Overrides {
  code: string | null;
  name: string | null;
  unit: string | null;
  decimals: string | null;
}

/**
 * „Indikator berechnen…“: a share, per mille, per 1,000 of a target group, a change between two
 * periods or a trend, computed from indicators in the catalogue. Main stores the recipe and
 * recomputes the values when an input changes; the preview here uses the same pure functions.
 */
export function DeriveDialog({ version, onClose, onSaved }: DeriveDialogProps) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const api = useApi();
  const selection = useSelection();
  const formId = useId();

  const [operation, setOperation] = useState<DeriveOperation>('share');
  const [aId, setA] = useState<string | null>(null);
  const [bId, setB] = useState<string | null>(null);
  const [levelChoice, setLevelChoice] = useState<string | null>(null);
  const [fromChoice, setFrom] = useState<string | null>(null);
  const [toChoice, setTo] = useState<string | null>(null);
  const [overrides, setOverrides] = useState<Overrides>({ code: null, name: null, unit: null, decimals: null });
  const [submitted, setSubmitted] = useState(false);
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<string | null>(null);
  const [serverErrors, setServerErrors] = useState<DeriveErrors>({});

  // Codes are unique over archived indicators, too.
  const catalogue = useCatalogue(version, true).data;
  const topics = useTopics(version).data ?? [];
  const levelList = useLevels(version).data;
  const levels = useMemo(() => levelList ?? [], [levelList]);
  const choices = useMemo(() => (catalogue ?? []).filter((i) => !i.archived && i.valueCount > 0), [catalogue]);
  const find = (id: string | null) => (id ? (catalogue ?? []).find((i) => i.id === id) ?? null : null);
  const a = find(aId);
  const b = isRatio(operation) ? find(bId) : null;
  const ratio = isRatio(operation);

  // The level: the planner's choice, else the shared one, else the coarsest with values of all inputs.
  const common = useMemo(() => {
    const inputs = [a, ...(ratio && b && b.id !== a?.id ? [b] : [])].filter((i): i is IndicatorSummary => i !== null);
    const ids = commonLevels(inputs);
    return levels.filter((l) => ids.includes(l.id));
  }, [a, b, ratio, levels]);
  const levelId =
    (levelChoice && common.some((l) => l.id === levelChoice) ? levelChoice : null) ??
    (selection.levelId && common.some((l) => l.id === selection.levelId) ? selection.levelId : null) ??
    common[0]?.id ??
    null;
  const level = levels.find((l) => l.id === levelId) ?? null;

  const seriesA = useSeries(aId, levelId, version).data;
  const seriesB = useSeries(ratio && bId !== aId ? bId : null, levelId, version).data;
  const units = useQuery(levelId ? `units|${levelId}` : null, () => api.call('units.list', { levelId: levelId ?? '' }), version).data;

  const periods = useMemo(() => {
    if (!seriesA) return [];
    if (ratio) return seriesB ? commonPeriods(seriesA, seriesB) : [];
    return periodsOf(seriesA);
  }, [seriesA, seriesB, ratio]);
  const from = !ratio ? (fromChoice && periods.includes(fromChoice) ? fromChoice : (periods[0] ?? null)) : null;
  const to = !ratio ? (toChoice && periods.includes(toChoice) ? toChoice : (periods.at(-1) ?? null)) : null;

  // Suggestions for the new indicator; typed values win.
  const year = (p: string | null) => (p ? formatPeriod(p, lang) : '');
  const suggested = {
    code: defaultCode(operation, a, b, from, to),
    name: a ? t(`derived.names.${operation}`, { a: a.name, b: b?.name ?? '…', from: year(from), to: year(to) }) : '',
    unit: defaultUnit(operation, a),
    decimals: String(defaultDecimals(operation, a)),
  };
  const form = {
    code: overrides.code ?? suggested.code,
    name: overrides.name ?? suggested.name,
    unit: overrides.unit ?? suggested.unit,
    decimals: overrides.decimals ?? suggested.decimals,
  };

  const checked = validateDerive(
    { operation, a, b, bId: ratio ? bId : null, levelName: level?.name ?? '', commonCount: common.length, seriesA, seriesB, periods, from, to, form, catalogue: catalogue ?? [] },
    t,
  );
  const shown: DeriveErrors = { ...(submitted ? checked.required : {}), ...checked.live, ...serverErrors };
  const errorCount = Object.keys(shown).length;

  const preview = useMemo(() => {
    if (!a || !seriesA || (ratio && (!b || !seriesB)) || checked.live.a || checked.live.b || checked.live.to) return null;
    const result = computeDerivedRows({ operation, from, to }, seriesA, ratio ? seriesB : null);
    return result.ok ? result.rows : null;
  }, [a, b, seriesA, seriesB, ratio, operation, from, to, checked.live.a, checked.live.b, checked.live.to]);

  const decimals = /^\d$/.test(form.decimals.trim()) ? Math.min(6, Number(form.decimals.trim())) : 1;

  async function submit() {
    setSubmitted(true);
    setSaveError(null);
    setServerErrors({});
    const errors = { ...checked.required, ...checked.live };
    const first = FIELDS.find((f) => errors[f]);
    if (first || !a || !levelId) {
      if (first) focusField(formId, first);
      return;
    }
    const recipe: DerivedRecipe = { type: 'derived', operation, a: a.id, b: ratio ? (b?.id ?? null) : null, levelId, from, to };
    setSaving(true);
    try {
      const saved = await api.call('indicators.derive', { code: form.code.trim(), name: form.name.trim(), unit: form.unit.trim() || null, decimals, recipe });
      onSaved(saved);
    } catch (error) {
      if (error instanceof ApiError && error.code === 'duplicate-code') {
        setServerErrors({ code: error.message });
        focusField(formId, 'code');
      } else setSaveError(errorMessage(error));
    } finally {
      setSaving(false);
    }
  }

  const fieldProps = (field: Field) => ({
    id: `${formId}-${field}`,
    'aria-invalid': shown[field] ? (true as const) : undefined,
    'aria-describedby': shown[field] ? `${formId}-${field}-error` : undefined,
  });
  const errorOf = (field: Field) => <FieldMessage id={`${formId}-${field}-error`} field={field} message={shown[field]} />;
  const setOverride = (key: keyof Overrides, value: string) => {
    setServerErrors({});
    setOverrides((o) => ({ ...o, [key]: value }));
  };
  const labels = inputLabels(operation, t);

  return (
    <FormDialog
      title={t('derived.title')}
      onClose={onClose}
      testId="derive-dialog"
      formId={formId}
      formClassName="derive-form"
      onSubmit={() => void submit()}
      saveLabel={saving ? t('derived.saving') : t('derived.save')}
      saveTestId="derive-save"
      saving={saving}
      saveError={saveError}
    >
      {submitted && errorCount > 0 ? (
        <p className="notice notice--error" role="alert" data-testid="derive-fix-errors">
          {t('indicatorForm.fixErrors', { count: errorCount })}
        </p>
      ) : null}

      <fieldset className="derive-section">
        <legend className="derive-legend">{t('derived.kindLegend')}</legend>
        <div className="derive-kinds" role="radiogroup" aria-label={t('derived.kindLegend')}>
          {DERIVE_OPERATIONS.map((op) => (
            <label key={op} className="derive-kind">
              <input type="radio" name={`${formId}-operation`} value={op} checked={operation === op} onChange={() => setOperation(op)} data-testid={`derive-op-${op}`} />
              <span>
                <span className="derive-kind-label">{t(`derived.ops.${op}.label`)}</span>
                <span className="hint">{t(`derived.ops.${op}.hint`)}</span>
              </span>
            </label>
          ))}
        </div>
      </fieldset>

      <fieldset className="derive-section">
        <legend className="derive-legend">{t('derived.inputsLegend')}</legend>
        <div className="form-grid-2">
          <div className="field derive-picker" data-testid="derive-a">
            <IndicatorPicker indicators={choices} topics={topics} value={aId} onChange={setA} levelId={null} label={labels.a} />
            {errorOf('a')}
          </div>
          {ratio ? (
            <div className="field derive-picker" data-testid="derive-b">
              <IndicatorPicker indicators={choices} topics={topics} value={bId} onChange={setB} levelId={null} label={labels.b} />
              {errorOf('b')}
            </div>
          ) : null}
          <div className="field">
            <label htmlFor={`${formId}-level`}>{t('derived.level')}</label>
            <select {...fieldProps('level')} className="input" value={levelId ?? ''} disabled={common.length < 2} onChange={(e) => setLevelChoice(e.target.value)} data-testid="derive-level">
              {levelId ? null : <option value="">–</option>}
              {common.map((l) => (
                <option key={l.id} value={l.id}>
                  {l.name}
                </option>
              ))}
            </select>
            {errorOf('level')}
          </div>
          {!ratio ? (
            <>
              <div className="field">
                <label htmlFor={`${formId}-from`}>{t('derived.from')}</label>
                <select {...fieldProps('from')} className="input" value={from ?? ''} onChange={(e) => setFrom(e.target.value)} data-testid="derive-from">
                  {periods.map((p) => (
                    <option key={p} value={p}>
                      {formatPeriod(p, lang)}
                    </option>
                  ))}
                </select>
                {errorOf('from')}
              </div>
              <div className="field">
                <label htmlFor={`${formId}-to`}>{t('derived.to')}</label>
                <select {...fieldProps('to')} className="input" value={to ?? ''} onChange={(e) => setTo(e.target.value)} data-testid="derive-to">
                  {periods.map((p) => (
                    <option key={p} value={p}>
                      {formatPeriod(p, lang)}
                    </option>
                  ))}
                </select>
                {errorOf('to')}
              </div>
            </>
          ) : null}
        </div>
      </fieldset>

      <section className="derive-section derive-preview" aria-labelledby={`${formId}-preview`} data-testid="derive-preview">
        <h3 id={`${formId}-preview`} className="derive-legend">
          {t('derived.preview.title')}
        </h3>
        {preview && a && units ? (
          <PreviewTable
            operation={operation}
            rows={preview}
            a={a}
            b={b}
            seriesA={seriesA ?? []}
            seriesB={seriesB ?? []}
            from={from}
            to={to}
            units={units}
            style={{ decimals, unit: form.unit.trim() || null }}
          />
        ) : (
          <p className="muted">{t('derived.preview.waiting')}</p>
        )}
      </section>

      <ComputedIndicatorFields
        idPrefix={formId}
        testIdPrefix="derive"
        values={form}
        onChange={setOverride}
        errors={shown}
        hint={t('derived.inheritHint')}
        markRequired
        errorTestId={(field) => `derive-error-${field}`}
      />
    </FormDialog>
  );
}

function focusField(formId: string, field: Field) {
  const element = document.getElementById(`${formId}-${field}`) ?? document.querySelector<HTMLElement>(`[data-testid="derive-${field}"] input`);
  element?.focus();
}

function inputLabels(operation: DeriveOperation, t: T): { a: string; b: string } {
  if (operation === 'per-thousand') return { a: t('derived.count'), b: t('derived.targetGroup') };
  if (isRatio(operation)) return { a: t('derived.numerator'), b: t('derived.denominator') };
  return { a: t('derived.indicator'), b: '' };
}

interface ValidationInput {
  operation: DeriveOperation;
  a: IndicatorSummary | null;
  b: IndicatorSummary | null;
  bId: string | null;
  levelName: string;
  commonCount: number;
  /** On the chosen level; null while loading. */
  seriesA: readonly SeriesRow[] | null;
  seriesB: readonly SeriesRow[] | null;
  periods: readonly string[];
  from: string | null;
  to: string | null;
  form: { code: string; name: string; unit: string; decimals: string };
  catalogue: readonly IndicatorSummary[];
}

/**
 * The dialog's checks. `live` problems are shown as soon as they arise (same indicator twice, no
 * common level or period, a code that is taken); `required` ones after the first save attempt.
 */
export function validateDerive(input: ValidationInput, t: T): { live: DeriveErrors; required: DeriveErrors } {
  const live: DeriveErrors = {};
  const required: DeriveErrors = {};
  const ratio = isRatio(input.operation);
  if (!input.a) required.a = t('derived.errors.chooseIndicator');
  else if (input.a.valueCount === 0) live.a = t('derived.errors.noValues');
  if (ratio) {
    if (!input.bId) required.b = t('derived.errors.chooseDenominator');
    else if (input.a && input.bId === input.a.id) live.b = t('derived.errors.same');
    else if (input.b && input.b.valueCount === 0) live.b = t('derived.errors.noValues');
    else if (input.a && input.b && input.commonCount === 0) live.b = t('derived.errors.noCommonLevel');
    else if (input.seriesA && input.seriesB && input.seriesA.length > 0 && input.periods.length === 0) live.b = t('derived.errors.noCommonPeriod', { level: input.levelName });
  } else if (input.a && !live.a && input.seriesA) {
    if (input.periods.length < 2) live.a = t('derived.errors.tooFewPeriods', { level: input.levelName });
    else if (input.from && input.to && input.from >= input.to) live.to = t('derived.errors.periodOrder');
  }
  const code = input.form.code.trim();
  if (!code) required.code = t('validation.required');
  else if (!/^[\p{L}\p{N}_.-]+$/u.test(code)) live.code = t('validation.codeFormat');
  else if (code.length > 64) live.code = t('validation.tooLong', { max: 64 });
  else if (input.catalogue.some((i) => i.code === code)) live.code = t('derived.errors.duplicateCode', { code });
  const name = input.form.name.trim();
  if (!name) required.name = t('validation.required');
  else if (name.length > 300) live.name = t('validation.tooLong', { max: 300 });
  if (input.form.unit.trim().length > 50) live.unit = t('validation.tooLong', { max: 50 });
  if (!/^\d$/.test(input.form.decimals.trim()) || Number(input.form.decimals.trim()) > 6) live.decimals = t('validation.decimals');
  return { live, required };
}

function FieldMessage({ id, field, message }: { id: string; field: Field; message: string | undefined }) {
  if (!message) return null;
  return (
    <p id={id} className="inline-error" data-testid={`derive-error-${field}`}>
      {message}
    </p>
  );
}

interface PreviewTableProps {
  operation: DeriveOperation;
  rows: readonly DerivedRow[];
  a: IndicatorSummary;
  b: IndicatorSummary | null;
  seriesA: readonly SeriesRow[];
  seriesB: readonly SeriesRow[];
  from: string | null;
  to: string | null;
  units: ReadonlyArray<{ id: string; code: string; name: string }>;
  style: NumberStyle;
}

/** The first units of the latest period with inputs and result, and what main will write in all. */
function PreviewTable({ operation, rows, a, b, seriesA, seriesB, from, to, units, style }: PreviewTableProps) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const ratio = isRatio(operation);
  const period = ratio ? ([...new Set(rows.map((r) => r.period))].sort().at(-1) ?? null) : to;
  const names = new Map(units.map((u) => [u.id, u.name]));
  const atPeriod = rows.filter((r) => r.period === period);
  const shown = [...atPeriod].sort((x, y) => (names.get(x.unitId) ?? x.unitId).localeCompare(names.get(y.unitId) ?? y.unitId, 'de')).slice(0, PREVIEW_UNITS);
  const cell = (series: readonly SeriesRow[], unitId: string, p: string | null) => series.find((r) => r.unitId === unitId && r.period === p);
  const input = (row: SeriesRow | undefined, indicator: IndicatorSummary) => {
    if (!row) return '–';
    if (row.flag === 'suppressed') return t('indicators.table.suppressedValue');
    return row.value === null || row.flag === 'missing' ? '–' : formatMeasure(row.value, indicator, lang);
  };
  const columns: Array<{ label: string; value: (unitId: string) => string }> = ratio
    ? [
        { label: a.name, value: (id) => input(cell(seriesA, id, period), a) },
        { label: b?.name ?? '', value: (id) => input(cell(seriesB, id, period), b ?? a) },
      ]
    : [
        { label: `${a.name} ${from ? formatPeriod(from, lang) : ''}`, value: (id) => input(cell(seriesA, id, from), a) },
        { label: `${a.name} ${to ? formatPeriod(to, lang) : ''}`, value: (id) => input(cell(seriesA, id, to), a) },
      ];
  const reasonText = (row: DerivedRow) => (row.flag === 'suppressed' ? t('derived.preview.reasons.suppressed') : row.reason ? t(`derived.preview.reasons.${row.reason}`) : '');
  const empty = rows.filter((r) => r.value === null);
  const reasons = new Map<string, number>();
  for (const row of empty) reasons.set(reasonText(row), (reasons.get(reasonText(row)) ?? 0) + 1);
  const periods = [...new Set(rows.map((r) => r.period))].sort();
  const periodText = periods.length > 2 ? `${formatPeriod(periods[0]!, lang)}–${formatPeriod(periods.at(-1)!, lang)}` : periods.map((p) => formatPeriod(p, lang)).join(', ');

  return (
    <>
      <div className="table-scroll">
        <table className="data-table derive-preview-table">
          <caption>{t('derived.preview.caption', { period: period ? formatPeriod(period, lang) : '', shown: shown.length, total: atPeriod.length })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('derived.preview.unit')}</th>
              {columns.map((c, i) => (
                <th key={i} scope="col" className="num">
                  {c.label}
                </th>
              ))}
              <th scope="col" className="num">
                {t('derived.preview.result')}
              </th>
            </tr>
          </thead>
          <tbody>
            {shown.map((row) => (
              <tr key={row.unitId} data-testid="derive-preview-row" data-unit-id={row.unitId}>
                <th scope="row">{names.get(row.unitId) ?? row.unitId}</th>
                {columns.map((c, i) => (
                  <td key={i} className="num">
                    {c.value(row.unitId)}
                  </td>
                ))}
                <td className="num derive-result" data-testid="derive-preview-value">
                  {row.value === null ? <span className="muted">{`– (${reasonText(row)})`}</span> : ratio ? formatMeasure(row.value, style, lang) : formatSigned(row.value, style, lang)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="small derive-summary" data-testid="derive-summary">
        {t('derived.preview.summary', { count: rows.length, periods: periodText })}{' '}
        {empty.length > 0
          ? t('derived.preview.empty', {
              count: empty.length,
              reasons: [...reasons].map(([text, n]) => `${text}: ${n}`).join(', '),
            })
          : null}
      </p>
    </>
  );
}
