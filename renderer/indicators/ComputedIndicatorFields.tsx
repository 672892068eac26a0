import { useTranslation } from 'react-i18next';
import { TextField } from '../components/TextField.tsx';

export type ComputedField = 'code' | 'name' | 'unit' | 'decimals';

export interface ComputedIndicatorFieldsProps {
  /** Input ids are `<idPrefix>-code` etc. (focus on the first error relies on it). */
  idPrefix: string;
  /** Input test ids are `<testIdPrefix>-code` etc. */
  testIdPrefix: string;
  /** Unit and decimals are shown only when given. */
  values: { code: string; name: string; unit?: string; decimals?: string };
  onChange: (field: ComputedField, value: string) => void;
  errors: Partial<Record<ComputedField, string | null | undefined>>;
  /** The line under the fields: how the new indicator is kept current. */
  hint: string;
  /** Star after code and name. */
  markRequired?: boolean;
  /** Default: `<input test id>-error`. */
  errorTestId?: (field: ComputedField) => string;
}

/**
 * „Neuer Indikator“: code, name and optionally unit and decimals of an indicator computed from
 * others (derived, from facilities, supply ratio), with the suggestions filled in by the dialog.
 */
export function ComputedIndicatorFields({ idPrefix, testIdPrefix, values, onChange, errors, hint, markRequired, errorTestId }: ComputedIndicatorFieldsProps) {
  const { t } = useTranslation();
  const field = (name: ComputedField, label: string, options: { hint?: string; wide?: boolean; required?: boolean } = {}) => (
    <TextField
      id={`${idPrefix}-${name}`}
      label={label}
      value={values[name] ?? ''}
      onChange={(v) => onChange(name, v)}
      error={errors[name]}
      testId={`${testIdPrefix}-${name}`}
      errorTestId={errorTestId?.(name)}
      hint={options.hint}
      wide={options.wide}
      required={options.required}
    />
  );
  return (
    <fieldset className="derive-section">
      <legend className="derive-legend">{t('derived.definitionLegend')}</legend>
      <div className="form-grid-2">
        {field('code', t('derived.code'), { hint: t('indicatorForm.codeHint'), required: markRequired })}
        {values.unit !== undefined ? field('unit', t('derived.unit')) : null}
        {field('name', t('derived.name'), { wide: true, required: markRequired })}
        {values.decimals !== undefined ? field('decimals', t('derived.decimals')) : null}
      </div>
      <p className="hint">{hint}</p>
    </fieldset>
  );
}
