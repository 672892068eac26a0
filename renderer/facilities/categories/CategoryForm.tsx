import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FACILITY_ICON_NAMES } from '../../../shared/facilities.ts';
import type { Category } from '../../map/CategoryLegend.tsx';
import { CategoryIcon } from './CategoryIcon.tsx';
import { isHexColour, SUGGESTED_COLOURS } from './suggested-colours.ts';

export interface CategoryDraft {
  name: string;
  group: string;
  color: string;
  icon: string;
  capacityUnit: string;
}

export function draftOf(category: Category | null): CategoryDraft {
  return {
    name: category?.name ?? '',
    group: category?.group ?? '',
    color: category?.color ?? SUGGESTED_COLOURS[0].color,
    icon: category?.icon ?? 'punkt',
    capacityUnit: category?.capacityUnit ?? '',
  };
}

export interface CategoryFormProps {
  /** null: a new category. */
  category: Category | null;
  /** Existing groups, offered as suggestions. */
  groups: readonly string[];
  saving: boolean;
  onSave: (draft: CategoryDraft) => void;
  onDelete: () => void;
}

/** One category's fields: name, group, colour (free or suggested), icon, capacity unit; save and delete. */
export function CategoryForm({ category, groups, saving, onSave, onDelete }: CategoryFormProps) {
  const { t } = useTranslation();
  const id = useId();
  const [draft, setDraft] = useState(() => draftOf(category));
  const [touched, setTouched] = useState(false);
  const set = (patch: Partial<CategoryDraft>) => setDraft((d) => ({ ...d, ...patch }));
  const nameMissing = draft.name.trim() === '';
  const inUse = category ? category.facilityCount : 0;

  return (
    <form
      className="form category-form"
      noValidate
      data-testid="category-form"
      onSubmit={(e) => {
        e.preventDefault();
        setTouched(true);
        if (!nameMissing && isHexColour(draft.color)) onSave(draft);
      }}
    >
      <h3 className="section-title">{category ? t('categoryEditor.editTitle', { name: category.name }) : t('categoryEditor.newTitle')}</h3>
      <div className="field">
        <label htmlFor={`${id}-name`}>{t('categoryEditor.name')}</label>
        <input id={`${id}-name`} className="input" value={draft.name} onChange={(e) => set({ name: e.target.value })} aria-invalid={touched && nameMissing} />
        {touched && nameMissing ? <span className="inline-error">{t('categoryEditor.nameMissing')}</span> : null}
      </div>
      <div className="field">
        <label htmlFor={`${id}-group`}>{t('categoryEditor.group')}</label>
        <input id={`${id}-group`} className="input" list={`${id}-groups`} value={draft.group} onChange={(e) => set({ group: e.target.value })} />
        <datalist id={`${id}-groups`}>
          {groups.map((g) => (
            <option key={g} value={g} />
          ))}
        </datalist>
      </div>
      <fieldset className="field category-colours">
        <legend>{t('categoryEditor.color')}</legend>
        <div className="category-colour-row">
          <input
            type="color"
            aria-label={t('categoryEditor.colorPicker')}
            value={isHexColour(draft.color) ? draft.color.toLowerCase() : '#000000'}
            onChange={(e) => set({ color: e.target.value })}
          />
          <input className="input input--compact mono category-hex" aria-label={t('categoryEditor.colorHex')} value={draft.color} onChange={(e) => set({ color: e.target.value.trim() })} />
          {SUGGESTED_COLOURS.map((s) => (
            <button
              key={s.color}
              type="button"
              className="category-colour-suggestion"
              style={{ background: s.color }}
              aria-label={s.name}
              title={s.name}
              aria-pressed={draft.color.toLowerCase() === s.color.toLowerCase()}
              onClick={() => set({ color: s.color })}
            />
          ))}
        </div>
        {!isHexColour(draft.color) ? <span className="inline-error">{t('categoryEditor.colorInvalid')}</span> : <span className="hint">{t('categoryEditor.colorHint')}</span>}
      </fieldset>
      <fieldset className="field">
        <legend>{t('categoryEditor.icon')}</legend>
        <div className="category-icon-grid" role="radiogroup" aria-label={t('categoryEditor.icon')}>
          {FACILITY_ICON_NAMES.map((name) => (
            <label key={name} className="category-icon-choice" title={t(`categoryEditor.icons.${name}`)}>
              <input type="radio" name={`${id}-icon`} value={name} checked={draft.icon === name} onChange={() => set({ icon: name })} className="visually-hidden" />
              <CategoryIcon icon={name} color={isHexColour(draft.color) ? draft.color : '#4D4D4D'} size={22} />
              <span className="visually-hidden">{t(`categoryEditor.icons.${name}`)}</span>
            </label>
          ))}
        </div>
      </fieldset>
      <div className="field">
        <label htmlFor={`${id}-unit`}>{t('categoryEditor.capacityUnit')}</label>
        <input id={`${id}-unit`} className="input" value={draft.capacityUnit} placeholder={t('categoryEditor.capacityUnitPlaceholder')} onChange={(e) => set({ capacityUnit: e.target.value })} />
      </div>
      <div className="button-row">
        <button type="submit" className="button button--primary" disabled={saving} data-testid="category-save">
          {category ? t('categoryEditor.save') : t('categoryEditor.create')}
        </button>
        {category ? (
          <button type="button" className="button" disabled={saving || inUse > 0} onClick={onDelete} data-testid="category-delete" aria-describedby={inUse > 0 ? `${id}-in-use` : undefined}>
            {t('categoryEditor.delete')}
          </button>
        ) : null}
      </div>
      {inUse > 0 ? (
        <p id={`${id}-in-use`} className="hint" data-testid="category-in-use">
          {t('categoryEditor.inUse', { count: inUse })}
        </p>
      ) : null}
    </form>
  );
}
