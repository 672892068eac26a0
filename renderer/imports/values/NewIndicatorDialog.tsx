import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { indicatorInputSchema, type MethodOutput } from '../../../shared/contract.ts';
import { useApi } from '../../api/context.tsx';
import { errorMessage } from '../../api/client.ts';
import { Modal } from '../../components/Modal.tsx';

type Saved = MethodOutput<'indicators.save'>;
type Polarity = 'need' | 'better' | 'neutral';
type Field = 'code' | 'name' | 'unit';

/** A new catalogue entry with the minimum a value needs: code, name, unit, polarity. */
export function NewIndicatorDialog({ code: initialCode, onSaved, onClose }: { code: string; onSaved: (saved: Saved) => void; onClose: () => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const ids = { code: useId(), name: useId(), unit: useId(), polarity: useId() };
  const [code, setCode] = useState(initialCode);
  const [name, setName] = useState('');
  const [unit, setUnit] = useState('');
  const [polarity, setPolarity] = useState<Polarity>('need');
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const indicator = { code: code.trim(), name: name.trim(), unit: unit.trim() || null, polarity };
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
