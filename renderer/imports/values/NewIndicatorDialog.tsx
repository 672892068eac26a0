import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { indicatorInputSchema, type MethodOutput } from '../../../shared/contract.ts';
import { useApi } from '../../api/context.tsx';
import { errorMessage } from '../../api/client.ts';
import { Modal } from '../../components/Modal.tsx';

type Saved = MethodOutput<'indicators.save'>;
type Polarity = 'need' | 'better' | 'neutral';
type Field = 'code' | 'name' | 'unit';
type Measure = 'absolute' | 'relative';

/** Counts are absolute; "%", "‰", "je …", "pro …" or decimals mean a rate. Only the default. */
export function suggestMeasure(unit: string, decimals: number): Measure {
  return decimals > 0 || /%|‰|\b(je|pro|per)\b/i.test(unit) ? 'relative' : 'absolute';
}

export interface NewIndicatorDialogProps {
  code: string;
  /** Suggested from the file's column (e.g. 2 for "1,89"). */
  decimals?: number;
  onSaved: (saved: Saved) => void;
  onClose: () => void;
}

/** A new catalogue entry with the minimum a value needs: code, name, unit, decimals, measure, polarity. */
export function NewIndicatorDialog({ code: initialCode, decimals: suggestedDecimals = 1, onSaved, onClose }: NewIndicatorDialogProps) {
  const { t } = useTranslation();
  const api = useApi();
  const ids = { code: useId(), name: useId(), unit: useId(), decimals: useId(), measure: useId(), polarity: useId() };
  const [code, setCode] = useState(initialCode);
  const [name, setName] = useState('');
  const [unit, setUnit] = useState('');
  const [decimals, setDecimals] = useState(suggestedDecimals);
  /** Null until the planner picks one; until then it follows unit and decimals. */
  const [chosenMeasure, setChosenMeasure] = useState<Measure | null>(null);
  const measure = chosenMeasure ?? suggestMeasure(unit, decimals);
  const [polarity, setPolarity] = useState<Polarity>('need');
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const indicator = { code: code.trim(), name: name.trim(), unit: unit.trim() || null, decimals, measure, polarity };
    const parsed = indicatorInputSchema.safeParse(indicator);
    const next: Partial<Record<Field, string>> = {};
    if (!indicator.code) next.code = t('valuesWizard.newIndicator.required');
    else if (!/^[A-Za-z][A-Za-z0-9_.-]{0,63}$/.test(indicator.code)) next.code = t('valuesWizard.newIndicator.codeFormat');
    if (!indicator.name) next.name = t('valuesWizard.newIndicator.required');
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const field = issue.path[0];
        if ((field === 'code' || field === 'name' || field === 'unit') && !next[field]) next[field] = issue.message;
      }
    }
    setErrors(next);
    if (Object.keys(next).length > 0) return;
    setBusy(true);
    setFailure(null);
    try {
      onSaved(await api.call('indicators.save', { indicator }));
    } catch (e) {
      setFailure(errorMessage(e));
      setBusy(false);
    }
  }

  const error = (field: Field, id: string) =>
    errors[field] ? (
      <p className="inline-error" id={`${id}-error`}>
        {errors[field]}
      </p>
    ) : null;
  const described = (field: Field, id: string) => (errors[field] ? `${id}-error` : undefined);

  return (
    <Modal title={t('valuesWizard.newIndicator.title')} onClose={onClose} testId="values-wizard-new-indicator">
      <form className="form" onSubmit={(e) => void submit(e)} noValidate>
        <p className="hint">{t('valuesWizard.newIndicator.hint')}</p>
        <div className="field">
          <label htmlFor={ids.code}>{t('valuesWizard.newIndicator.code')}</label>
          <input id={ids.code} type="text" className="input mono" value={code} aria-invalid={!!errors.code || undefined} aria-describedby={described('code', ids.code)} onChange={(e) => setCode(e.target.value)} />
          {error('code', ids.code)}
        </div>
        <div className="field">
          <label htmlFor={ids.name}>{t('valuesWizard.newIndicator.name')}</label>
          <input id={ids.name} type="text" className="input" value={name} aria-invalid={!!errors.name || undefined} aria-describedby={described('name', ids.name)} onChange={(e) => setName(e.target.value)} />
          {error('name', ids.name)}
        </div>
        <div className="field">
          <label htmlFor={ids.unit}>{t('valuesWizard.newIndicator.unit')}</label>
          <input id={ids.unit} type="text" className="input" value={unit} placeholder={t('valuesWizard.newIndicator.unitPlaceholder')} aria-describedby={described('unit', ids.unit)} onChange={(e) => setUnit(e.target.value)} />
          {error('unit', ids.unit)}
        </div>
        <div className="field">
          <label htmlFor={ids.decimals}>{t('valuesWizard.newIndicator.decimals')}</label>
          <select id={ids.decimals} className="input input--compact" value={decimals} onChange={(e) => setDecimals(Number(e.target.value))}>
            {[0, 1, 2, 3, 4, 5, 6].map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.measure}>{t('indicatorForm.measure')}</label>
          <select id={ids.measure} className="input" value={measure} onChange={(e) => setChosenMeasure(e.target.value as Measure)}>
            <option value="absolute">{t('indicators.measure.absolute')}</option>
            <option value="relative">{t('indicators.measure.relative')}</option>
          </select>
          <p className="hint">{t('valuesWizard.newIndicator.measureHint')}</p>
        </div>
        <fieldset className="vw-radios">
          <legend>{t('valuesWizard.newIndicator.polarity')}</legend>
          {(['need', 'better', 'neutral'] as const).map((p) => (
            <label key={p} className="vw-radio">
              <input type="radio" name={ids.polarity} value={p} checked={polarity === p} onChange={() => setPolarity(p)} />
              <span>{t(`valuesWizard.newIndicator.polarities.${p}`)}</span>
            </label>
          ))}
        </fieldset>
        {failure ? (
          <p className="notice notice--error" role="alert">
            {failure}
          </p>
        ) : null}
        <div className="button-row vw-end">
          <button type="button" className="button button--quiet" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="button button--primary" disabled={busy}>
            {t('valuesWizard.newIndicator.save')}
          </button>
        </div>
      </form>
    </Modal>
  );
}
