import { useId, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { indicatorInputSchema, type MethodInput } from '../../../shared/contract.ts';
import { useApi } from '../../api/context.tsx';
import { errorMessage } from '../../api/client.ts';
import { FormDialog } from '../../components/FormDialog.tsx';
import { TextField as TextInput } from '../../components/TextField.tsx';
import { topicPath, type IndicatorDetail, type Topic } from '../../indicators/values.ts';

type IndicatorInput = MethodInput<'indicators.save'>['indicator'];

const TEXT_FIELDS = [
  'code',
  'name',
  'shortName',
  'topic',
  'unit',
  'decimals',
  'definition',
  'formula',
  'source',
  'licence',
  'attribution',
  'updateInterval',
  'referenceDateNote',
  'notes',
  'tags',
] as const;
type TextField = (typeof TEXT_FIELDS)[number];
type FormState = Record<TextField, string> & {
  polarity: IndicatorInput['polarity'];
  kind: NonNullable<IndicatorInput['kind']>;
  measure: NonNullable<IndicatorInput['measure']>;
};
export type FieldErrors = Partial<Record<TextField, string>>;

/** Longest allowed text per field (the same limits main checks, see shared/contract.ts). */
const MAX_LENGTH: Partial<Record<TextField, number>> = {
  code: 64,
  name: 300,
  shortName: 100,
  topic: 300,
  unit: 50,
  definition: 5000,
  formula: 2000,
  source: 1000,
  licence: 200,
  attribution: 1000,
  updateInterval: 100,
  referenceDateNote: 500,
  notes: 5000,
};

function initialState(detail: IndicatorDetail | null, topics: readonly Topic[]): FormState {
  return {
    code: detail?.code ?? '',
    name: detail?.name ?? '',
    shortName: detail?.shortName ?? '',
    topic: detail ? topicPath(detail.topicId, topics).join('/') || (detail.topic ?? '') : '',
    unit: detail?.unit ?? '',
    decimals: String(detail?.decimals ?? 1),
    definition: detail?.definition ?? '',
    formula: detail?.formula ?? '',
    source: detail?.source ?? '',
    licence: detail?.licence ?? '',
    attribution: detail?.attribution ?? '',
    updateInterval: detail?.updateInterval ?? '',
    referenceDateNote: detail?.referenceDateNote ?? '',
    notes: detail?.notes ?? '',
    tags: detail?.tags.join(', ') ?? '',
    polarity: detail?.polarity ?? 'need',
    kind: detail?.kind ?? 'status',
    measure: detail?.measure ?? 'relative',
  };
}

const orNull = (text: string) => (text.trim() ? text.trim() : null);

/**
 * Checks the form and builds the input for indicators.save. Messages are the UI's (German
 * first); the contract's schema is applied last, so nothing main would refuse gets through.
 */
type ValidationKey = 'validation.required' | 'validation.tooLong' | 'validation.codeFormat' | 'validation.decimals' | 'validation.tags' | 'validation.invalid';

export function validateIndicatorForm(
  form: FormState,
  t: (key: ValidationKey, options?: { max: number }) => string,
): { input: IndicatorInput | null; errors: FieldErrors } {
  const errors: FieldErrors = {};
  if (!form.code.trim()) errors.code = t('validation.required');
  else if (!/^[\p{L}\p{N}_.-]+$/u.test(form.code.trim())) errors.code = t('validation.codeFormat');
  if (!form.name.trim()) errors.name = t('validation.required');
  for (const field of TEXT_FIELDS) {
    const max = MAX_LENGTH[field];
    if (max !== undefined && !errors[field] && form[field].trim().length > max) errors[field] = t('validation.tooLong', { max });
  }
  const decimals = Number(form.decimals.trim());
  if (!/^\d$/.test(form.decimals.trim()) || decimals > 6) errors.decimals = t('validation.decimals');
  const tags = form.tags
    .split(',')
    .map((tag) => tag.trim())
    .filter(Boolean);
  if (tags.length > 50 || tags.some((tag) => tag.length > 100)) errors.tags = t('validation.tags');
  if (Object.keys(errors).length > 0) return { input: null, errors };

  const input: IndicatorInput = {
    code: form.code.trim(),
    name: form.name.trim(),
    shortName: orNull(form.shortName),
    topic: orNull(form.topic),
    unit: orNull(form.unit),
    decimals,
    polarity: form.polarity,
    kind: form.kind,
    measure: form.measure,
    definition: orNull(form.definition),
    formula: orNull(form.formula),
    source: orNull(form.source),
    licence: orNull(form.licence),
    attribution: orNull(form.attribution),
    updateInterval: orNull(form.updateInterval),
    referenceDateNote: orNull(form.referenceDateNote),
    notes: orNull(form.notes),
    tags,
  };
  const parsed = indicatorInputSchema.safeParse(input);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = issue.path[0];
      if (typeof field === 'string' && (TEXT_FIELDS as readonly string[]).includes(field)) errors[field as TextField] ??= t('validation.invalid');
    }
    return { input: null, errors: Object.keys(errors).length > 0 ? errors : { name: t('validation.invalid') } };
  }
  return { input, errors };
}

export interface IndicatorFormProps {
  /** null: a new indicator. */
  detail: IndicatorDetail | null;
  topics: readonly Topic[];
  onSaved: (saved: IndicatorDetail) => void;
  onClose: () => void;
}

/** "Bearbeiten" / "Neuer Indikator": the metadata planners keep about an indicator. */
export function IndicatorForm({ detail, topics, onSaved, onClose }: IndicatorFormProps) {
  const { t } = useTranslation();
  const api = useApi();
  const formId = useId();
  const topicListId = useId();
  const [form, setForm] = useState<FormState>(() => initialState(detail, topics));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [saveError, setSaveError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const topicPaths = [...new Set(topics.map((topic) => topicPath(topic.id, topics).join('/')))].sort((a, b) => a.localeCompare(b, 'de'));

  const set = <K extends keyof FormState>(key: K, value: FormState[K]) => setForm((f) => ({ ...f, [key]: value }));

  async function submit() {
    const { input, errors: found } = validateIndicatorForm(form, (key, options) => (options ? t(key, options) : t(key)));
    setErrors(found);
    setSaveError(null);
    if (!input) {
      // Focus the first field with a problem.
      const first = TEXT_FIELDS.find((f) => found[f]);
      if (first) document.getElementById(`${formId}-${first}`)?.focus();
      return;
    }
    setSaving(true);
    try {
      const saved = await api.call('indicators.save', { ...(detail ? { id: detail.id } : {}), indicator: input });
      onSaved(saved);
    } catch (error) {
      setSaveError(errorMessage(error));
    } finally {
      setSaving(false);
    }
  }

  const field = (name: TextField, label: string, options: { multiline?: boolean; required?: boolean; hint?: string; list?: string; wide?: boolean } = {}): ReactNode => (
    <TextInput
      id={`${formId}-${name}`}
      label={label}
      value={form[name]}
      onChange={(value) => set(name, value)}
      error={errors[name]}
      errorTestId={`error-${name}`}
      {...options}
    />
  );

  return (
    <FormDialog
      title={detail ? t('indicatorForm.editTitle', { name: detail.name }) : t('indicatorForm.newTitle')}
      onClose={onClose}
      testId="indicator-form"
      formId={formId}
      formClassName="indicator-form"
      onSubmit={() => void submit()}
      saveLabel={t('indicatorForm.save')}
      saveTestId="save-indicator"
      saving={saving}
      saveError={saveError}
    >
      {Object.keys(errors).length > 0 ? (
        <p className="notice notice--error" role="alert">
          {t('indicatorForm.fixErrors', { count: Object.keys(errors).length })}
        </p>
      ) : null}
      <div className="form-grid-2">
        {field('code', t('indicatorForm.code'), { required: true, hint: t('indicatorForm.codeHint') })}
        {field('shortName', t('indicatorForm.shortName'))}
        {field('name', t('indicatorForm.name'), { required: true, wide: true })}
        {field('topic', t('indicatorForm.topic'), { hint: t('indicatorForm.topicHint'), list: topicListId })}
        {field('unit', t('indicatorForm.unit'), { hint: t('indicatorForm.unitHint') })}
        {field('decimals', t('indicatorForm.decimals'))}
        <SelectField label={t('indicatorForm.polarity')} value={form.polarity} onChange={(v) => set('polarity', v as FormState['polarity'])}>
          <option value="need">{t('indicators.polarity.need')}</option>
          <option value="better">{t('indicators.polarity.better')}</option>
          <option value="neutral">{t('indicators.polarity.neutral')}</option>
        </SelectField>
        <SelectField label={t('indicatorForm.kind')} value={form.kind} onChange={(v) => set('kind', v as FormState['kind'])}>
          <option value="status">{t('indicators.kind.status')}</option>
          <option value="dynamic">{t('indicators.kind.dynamic')}</option>
        </SelectField>
        <SelectField label={t('indicatorForm.measure')} value={form.measure} onChange={(v) => set('measure', v as FormState['measure'])}>
          <option value="absolute">{t('indicators.measure.absolute')}</option>
          <option value="relative">{t('indicators.measure.relative')}</option>
          <option value="standardised">{t('indicators.measure.standardised')}</option>
        </SelectField>
        {field('definition', t('indicators.meta.definition'), { multiline: true })}
        {field('formula', t('indicators.meta.formula'), { multiline: true })}
        {field('source', t('indicators.meta.source'), { wide: true })}
        {field('licence', t('indicators.meta.licence'))}
        {field('attribution', t('indicators.meta.attribution'))}
        {field('updateInterval', t('indicators.meta.updateInterval'))}
        {field('referenceDateNote', t('indicators.meta.referenceDate'))}
        {field('notes', t('indicators.meta.notes'), { multiline: true })}
        {field('tags', t('indicators.meta.tags'), { hint: t('indicatorForm.tagsHint'), wide: true })}
      </div>
      <datalist id={topicListId}>
        {topicPaths.map((p) => (
          <option key={p} value={p} />
        ))}
      </datalist>
    </FormDialog>
  );
}

function SelectField({ label, value, onChange, children }: { label: string; value: string; onChange: (value: string) => void; children: ReactNode }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} className="input" value={value} onChange={(e) => onChange(e.target.value)}>
        {children}
      </select>
    </div>
  );
}
