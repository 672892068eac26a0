import { useRef, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { parseLocaleNumber } from '../indicators/format.ts';

/** One free attribute as the form holds it; `original` is absent for one added in this edit. */
export interface AttributeRow {
  name: string;
  text: string;
  original?: { value: unknown; text: string };
}

/** The attribute the planner is about to add (the two inputs under the list). */
export interface NewAttribute {
  name: string;
  value: string;
}

const YES = new Set(['ja', 'j', 'yes', 'true', 'wahr']);
const NO = new Set(['nein', 'n', 'no', 'false', 'falsch']);

/** A value as the planner edits it: numbers with a decimal comma (no grouping), booleans as ja/nein. */
export function attributeEditText(value: unknown, language: string): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return language === 'en' ? String(value) : String(value).replace('.', ',');
  if (typeof value === 'boolean') return value ? 'ja' : 'nein';
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

/**
 * A typed number: "12", "12,5", "12.5", German grouping "1.234" / "1.234,5" (as the capacity
 * field reads it). Null for text, and for keys with a leading zero ("01234" stays text, as in
 * the import).
 */
export function parseAttributeNumber(text: string, language = 'de'): number | null {
  const trimmed = text.trim().replace('−', '-');
  if (/^[+-]?0\d/.test(trimmed)) return null;
  // In English "1.234" is a decimal point (as the field shows it), not German grouping.
  if (language !== 'en' && /^-?[1-9]\d{0,2}(\.\d{3})+(,\d+)?$/.test(trimmed)) return Number(trimmed.replace(/\./g, '').replace(',', '.'));
  return parseLocaleNumber(trimmed);
}

/**
 * The stored value of a row: unchanged text keeps the original value (and its type); an empty
 * text means "no attribute" (undefined, as an empty cell in an import); a number stays a number;
 * ja/nein becomes a boolean where the attribute was one; anything else is text.
 */
export function attributeValueOf(row: AttributeRow, language = 'de'): unknown {
  if (row.original && row.text === row.original.text) return row.original.value;
  const text = row.text.trim();
  if (text === '') return undefined;
  if (typeof row.original?.value === 'boolean') {
    if (YES.has(text.toLowerCase())) return true;
    if (NO.has(text.toLowerCase())) return false;
  }
  const number = parseAttributeNumber(text, language);
  if (number !== null) return number;
  if (row.original && typeof row.original.value === 'object' && row.original.value !== null) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  }
  return text;
}

export function attributeRowsOf(attributes: Record<string, unknown>, language: string): AttributeRow[] {
  return Object.entries(attributes).map(([name, value]) => {
    const text = attributeEditText(value, language);
    return { name, text, original: { value, text } };
  });
}

/** Rows → the facility's attributes (in row order, so an unchanged list is the same JSON). */
export function attributesOf(rows: readonly AttributeRow[], language = 'de'): Record<string, unknown> {
  const attributes: Record<string, unknown> = {};
  for (const row of rows) {
    const value = attributeValueOf(row, language);
    if (value !== undefined) attributes[row.name] = value;
  }
  return attributes;
}

/** Why a new attribute cannot be added: no name, or the name is taken (ignoring case). */
export function newAttributeProblem(rows: readonly AttributeRow[], name: string): 'newAttributeName' | 'newAttributeDuplicate' | null {
  const trimmed = name.trim();
  if (trimmed === '') return 'newAttributeName';
  const key = trimmed.toLocaleLowerCase('de');
  return rows.some((row) => row.name.toLocaleLowerCase('de') === key) ? 'newAttributeDuplicate' : null;
}

export type AttributeProblem = 'newAttributeName' | 'newAttributeDuplicate';

export interface FacilityAttributesProps {
  /** Prefix of the element ids (the editor's useId). */
  idPrefix: string;
  rows: readonly AttributeRow[];
  newAttribute: NewAttribute;
  problem: AttributeProblem | null;
  onRows: (rows: AttributeRow[]) => void;
  onNewAttribute: (value: NewAttribute) => void;
  onProblem: (problem: AttributeProblem | null) => void;
}

/**
 * "Weitere Merkmale" of a facility, inside the editor's form: each attribute's value in an input
 * labelled with its name and a button to remove it, below two inputs and a button to add one.
 * Enter in the add inputs adds (it does not save); everything is saved with the form.
 */
export function FacilityAttributes({ idPrefix, rows, newAttribute, problem, onRows, onNewAttribute, onProblem }: FacilityAttributesProps) {
  const { t } = useTranslation();
  const nameRef = useRef<HTMLInputElement>(null);
  const nameId = `${idPrefix}-newAttributeName`;
  const valueId = `${idPrefix}-newAttributeValue`;
  const rowId = (index: number) => `${idPrefix}-attribute-${index}`;

  const setText = (index: number, text: string) => onRows(rows.map((row, i) => (i === index ? { ...row, text } : row)));

  const remove = (index: number) => {
    const rest = rows.filter((_, i) => i !== index);
    onRows(rest);
    // Focus stays in the list: the row that moved up, the one before, or the add inputs.
    const target = rest.length === 0 ? nameId : rowId(Math.min(index, rest.length - 1));
    requestAnimationFrame(() => document.getElementById(target)?.focus());
  };

  const add = () => {
    const found = newAttributeProblem(rows, newAttribute.name);
    onProblem(found);
    if (found) {
      nameRef.current?.focus();
      return;
    }
    onRows([...rows, { name: newAttribute.name.trim(), text: newAttribute.value }]);
    onNewAttribute({ name: '', value: '' });
    nameRef.current?.focus();
  };

  const addOnEnter = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key !== 'Enter') return;
    event.preventDefault();
    add();
  };

  const errorId = `${nameId}-error`;
  return (
    <section aria-labelledby={`${idPrefix}-attributes-title`} data-testid="facility-attribute-editor">
      <h3 id={`${idPrefix}-attributes-title`} className="section-title">
        {t('facilityEditor.attributes')}
      </h3>
      <p className="hint facility-hint">{t('facilityEditor.attributeEditor.hint')}</p>
      {rows.length > 0 ? (
        <ul data-testid="facility-attributes" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
          {rows.map((row, index) => (
            <li key={row.name} className="field">
              <label htmlFor={rowId(index)}>{row.name}</label>
              <div style={{ display: 'flex', gap: 6 }}>
                <input
                  id={rowId(index)}
                  className="input"
                  value={row.text}
                  onChange={(e) => setText(index, e.target.value)}
                  data-testid={`facility-attribute-${row.name}`}
                />
                <button
                  type="button"
                  className="button button--small"
                  aria-label={t('facilityEditor.attributeEditor.remove', { name: row.name })}
                  onClick={() => remove(index)}
                  data-testid={`facility-attribute-remove-${row.name}`}
                >
                  {t('facilityEditor.attributeEditor.removeShort')}
                </button>
              </div>
            </li>
          ))}
        </ul>
      ) : (
        <p className="hint">{t('facilityEditor.attributeEditor.none')}</p>
      )}
      <div className="form-grid-2">
        <div className="field">
          <label htmlFor={nameId}>{t('facilityEditor.attributeEditor.newName')}</label>
          <input
            id={nameId}
            ref={nameRef}
            className="input"
            value={newAttribute.name}
            aria-invalid={problem ? true : undefined}
            aria-describedby={problem ? errorId : undefined}
            onChange={(e) => {
              onProblem(null);
              onNewAttribute({ ...newAttribute, name: e.target.value });
            }}
            onKeyDown={addOnEnter}
            data-testid="facility-attribute-new-name"
          />
        </div>
        <div className="field">
          <label htmlFor={valueId}>
            {t('facilityEditor.attributeEditor.newValue')}
            <span className="visually-hidden"> {t('facilityEditor.attributeEditor.newValueContext')}</span>
          </label>
          <input
            id={valueId}
            className="input"
            value={newAttribute.value}
            onChange={(e) => onNewAttribute({ ...newAttribute, value: e.target.value })}
            onKeyDown={addOnEnter}
            data-testid="facility-attribute-new-value"
          />
        </div>
      </div>
      {problem ? (
        <p id={errorId} className="inline-error" role="alert">
          {problem === 'newAttributeName'
            ? t('facilityEditor.attributeEditor.invalidName')
            : t('facilityEditor.attributeEditor.duplicate', { name: newAttribute.name.trim() })}
        </p>
      ) : null}
      <div className="button-row">
        <button type="button" className="button button--small" onClick={add} data-testid="facility-attribute-add">
          {t('facilityEditor.attributeEditor.add')}
        </button>
      </div>
    </section>
  );
}
