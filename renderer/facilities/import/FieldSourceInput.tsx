import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldDraft } from './draft.ts';

const TEMPLATE = '\u0000template';
const VALUE = '\u0000value';

/** One facility field: no column, a column, a template of columns, or a fixed text. */
export function FieldSourceInput({
  label,
  value,
  columns,
  example,
  onChange,
  testId,
}: {
  label: string;
  value: FieldDraft;
  columns: readonly string[];
  /** What the template gives for the file's first row. */
  example?: string;
  onChange: (value: FieldDraft) => void;
  testId: string;
}) {
  const { t } = useTranslation();
  const id = useId();
  const selected = value.mode === 'column' ? value.text : value.mode === 'template' ? TEMPLATE : value.mode === 'value' ? VALUE : '';
  return (
    <div className="field fi-field">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        className="input"
        value={selected}
        data-testid={testId}
        onChange={(e) => {
          const next = e.target.value;
          if (next === '') onChange({ mode: 'none', text: '' });
          else if (next === TEMPLATE) onChange({ mode: 'template', text: value.mode === 'column' ? `{${value.text}}` : value.text });
          else if (next === VALUE) onChange({ mode: 'value', text: value.mode === 'value' ? value.text : '' });
          else onChange({ mode: 'column', text: next });
        }}
      >
        <option value="">{t('facilityImport.noColumn')}</option>
        {columns.map((column) => (
          <option key={column} value={column}>
            {column}
          </option>
        ))}
        <option value={TEMPLATE}>{t('facilityImport.fields.template')}</option>
        <option value={VALUE}>{t('facilityImport.fields.value')}</option>
      </select>
      {value.mode === 'template' || value.mode === 'value' ? (
        <input
          type="text"
          className="input fi-field-text"
          aria-label={`${label}: ${value.mode === 'template' ? t('facilityImport.fields.template') : t('facilityImport.fields.value')}`}
          placeholder={value.mode === 'template' ? t('facilityImport.fields.templatePlaceholder') : ''}
          value={value.text}
          aria-invalid={!value.text.trim() || undefined}
          onChange={(e) => onChange({ ...value, text: e.target.value })}
          data-testid={`${testId}-text`}
        />
      ) : null}
      {value.mode === 'template' && example ? <p className="hint fi-example">{t('facilityImport.fields.example', { text: example })}</p> : null}
    </div>
  );
}
