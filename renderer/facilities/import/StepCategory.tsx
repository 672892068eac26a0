import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { MethodOutput } from '../../../shared/contract.ts';
import { sampleValues, type Draft, type FacilityPreview } from './draft.ts';

type Category = MethodOutput<'categories.list'>[number];
/** What the column's texts would become without translation (main's preview over the whole file). */
export type ColumnCategories = FacilityPreview['result']['categories'];

/** Step 2: one category for every row, or a column whose texts name it. */
export function StepCategory({
  draft,
  update,
  preview,
  categories,
  columnCategories,
  showErrors,
}: {
  draft: Draft;
  update: (change: (d: Draft) => Draft) => void;
  preview: FacilityPreview;
  categories: readonly Category[];
  columnCategories: ColumnCategories | null;
  showErrors: boolean;
}) {
  const { t } = useTranslation();
  const ids = { mode: useId(), name: useId(), names: useId(), column: useId(), hint: useId() };
  const known = categories.find((c) => c.name.toLocaleLowerCase('de') === draft.categoryName.trim().toLocaleLowerCase('de'));
  const values = draft.categoryMode === 'column' && draft.categoryColumn && !columnCategories?.length ? sampleValues(preview, draft.categoryColumn) : [];
  const nameMissing = showErrors && draft.categoryMode === 'fixed' && !draft.categoryName.trim();
  const columnMissing = showErrors && draft.categoryMode === 'column' && !draft.categoryColumn;
  return (
    <div className="vw-step-body">
      <fieldset className="vw-fieldset">
        <legend>{t('facilityImport.category.legend')}</legend>
        <label className="vw-radio">
          <input type="radio" name={ids.mode} checked={draft.categoryMode === 'fixed'} onChange={() => update((d) => ({ ...d, categoryMode: 'fixed' }))} />
          <span>{t('facilityImport.category.fixed')}</span>
        </label>
        {draft.categoryMode === 'fixed' ? (
          <div className="field fi-indented">
            <label htmlFor={ids.name}>{t('facilityImport.category.name')}</label>
            <input
              id={ids.name}
              type="text"
              className="input"
              list={ids.names}
              value={draft.categoryName}
              aria-invalid={nameMissing || undefined}
              aria-describedby={ids.hint}
              onChange={(e) => update((d) => ({ ...d, categoryName: e.target.value }))}
              data-testid="facility-import-category-name"
            />
            <datalist id={ids.names}>
              {categories.map((c) => (
                <option key={c.id} value={c.name} />
              ))}
            </datalist>
            <p className="hint" id={ids.hint}>
              {!draft.categoryName.trim() ? t('facilityImport.category.nameHint') : known ? t('facilityImport.category.known', { count: known.facilityCount }) : t('facilityImport.category.new')}
            </p>
            {nameMissing ? <p className="inline-error">{t('facilityImport.missing.categoryName')}</p> : null}
          </div>
        ) : null}
        <label className="vw-radio">
          <input type="radio" name={ids.mode} checked={draft.categoryMode === 'column'} onChange={() => update((d) => ({ ...d, categoryMode: 'column' }))} data-testid="facility-import-category-from-column" />
          <span>{t('facilityImport.category.column')}</span>
        </label>
        {draft.categoryMode === 'column' ? (
          <div className="field fi-indented">
            <label htmlFor={ids.column}>{t('facilityImport.category.columnLabel')}</label>
            <select
              id={ids.column}
              className="input"
              value={draft.categoryColumn}
              aria-invalid={columnMissing || undefined}
              onChange={(e) => update((d) => ({ ...d, categoryColumn: e.target.value }))}
              data-testid="facility-import-category-column"
            >
              <option value="">{t('facilityImport.noColumn')}</option>
              {preview.fields.map((field) => (
                <option key={field} value={field}>
                  {field}
                </option>
              ))}
            </select>
            {values.length > 0 ? (
              <p className="hint" data-testid="facility-import-category-values">
                {t('facilityImport.category.values', { values: values.join(', ') })}
              </p>
            ) : null}
            <p className="hint">{t('facilityImport.category.columnHint')}</p>
            {columnCategories && columnCategories.length > 0 ? (
              <CategoryTranslation draft={draft} update={update} found={columnCategories} categories={categories} />
            ) : null}
            {columnMissing ? <p className="inline-error">{t('facilityImport.missing.categoryColumn')}</p> : null}
          </div>
        ) : null}
      </fieldset>
    </div>
  );
}

/** Each text of the category column: a category of its own, or one that exists ("Gymnasium" → "Weiterführende Schule"). */
function CategoryTranslation({
  draft,
  update,
  found,
  categories,
}: {
  draft: Draft;
  update: (change: (d: Draft) => Draft) => void;
  found: ColumnCategories;
  categories: readonly Category[];
}) {
  const { t } = useTranslation();
  return (
    <table className="data-table fi-category-values" data-testid="facility-import-category-table">
      <caption>{t('facilityImport.category.tableCaption')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('facilityImport.category.valueInFile')}</th>
          <th scope="col" className="num">
            {t('facilityImport.category.count')}
          </th>
          <th scope="col">{t('facilityImport.category.becomes')}</th>
        </tr>
      </thead>
      <tbody>
        {found.map((c) => (
          <tr key={c.key}>
            <th scope="row">{c.name}</th>
            <td className="num">{c.count}</td>
            <td>
              {c.known ? (
                <span>{t('facilityImport.category.knownValue')}</span>
              ) : (
                <select
                  className="input input--compact"
                  aria-label={t('facilityImport.category.becomesFor', { value: c.name })}
                  value={draft.categoryValues[c.name] ?? ''}
                  onChange={(e) => {
                    const target = e.target.value;
                    update((d) => ({ ...d, categoryValues: { ...d.categoryValues, [c.name]: target } }));
                  }}
                >
                  <option value="">{t('facilityImport.category.asNew', { value: c.name })}</option>
                  {categories.map((category) => (
                    <option key={category.id} value={category.name}>
                      {category.name}
                    </option>
                  ))}
                </select>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
