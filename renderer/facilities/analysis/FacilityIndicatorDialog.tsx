import { useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../api/context.tsx';
import { FormDialog } from '../../components/FormDialog.tsx';
import { useCatalogue } from '../../indicators/queries.ts';
import { useQuery } from '../../indicators/use-query.ts';
import type { IndicatorDetail } from '../../indicators/values.ts';
import { TextField } from '../../components/TextField.tsx';
import { ComputedIndicatorFields } from '../../indicators/ComputedIndicatorFields.tsx';
import { CategoryChecklist, MeasureChoice, ResourcesToggle } from './AnalysisFields.tsx';
import {
  categoryNames,
  codeError,
  FACILITY_MEASURES,
  isAttributeMeasure,
  nameError,
  suggestIndicatorCode,
  type FacilityIndicatorInput,
  type FacilityMeasure,
} from './analysis-model.ts';
import { useIndicatorSave } from './use-indicator-save.ts';

export interface FacilityIndicatorDialogProps {
  version: number;
  onClose: () => void;
  onSaved: (saved: IndicatorDetail) => void;
}

type Field = 'categories' | 'attribute' | 'code' | 'name';

/**
 * „Kennzahl aus Einrichtungen“: count, capacity or an aggregated attribute of the facilities of
 * some categories per unit. Main stores the recipe, computes every level and keeps the values
 * current when facilities or boundaries change; the result is an ordinary catalogue indicator.
 */
export function FacilityIndicatorDialog({ version, onClose, onSaved }: FacilityIndicatorDialogProps) {
  const { t } = useTranslation();
  const api = useApi();
  const formId = useId();
  const categories = useQuery('categories', () => api.call('categories.list', {}), version).data ?? [];
  // Target groups in use, for the optional filter (the facets of an empty page).
  const facets = useQuery('facility-facets', () => api.call('facilities.list', { limit: 1, validity: 'all' }), version).data?.facets;
  const catalogue = useCatalogue(version, true).data;
  const taken = useMemo(() => new Set((catalogue ?? []).map((i) => i.code)), [catalogue]);

  const [measure, setMeasure] = useState<FacilityMeasure>('count');
  const [categoryIds, setCategoryIds] = useState<string[]>([]);
  const [withResources, setWithResources] = useState(false);
  const [targetGroup, setTargetGroup] = useState('');
  const [attribute, setAttribute] = useState('');
  const { code, name, onField, submitted, saving, saveError, serverCodeError, attempt, save } = useIndicatorSave(onSaved);

  const chosen = categories.filter((c) => categoryIds.includes(c.id));
  const attributeMeasure = isAttributeMeasure(measure);
  // Suggestions follow the choices until the planner types over them.
  const form = {
    code: code ?? suggestIndicatorCode(measure, chosen, attribute),
    name: name ?? (chosen.length > 0 ? t(`facilityAnalysis.names.${measure}`, { categories: categoryNames(chosen), attribute: attribute.trim() || '…' }) : ''),
  };

  const errors: Partial<Record<Field, string | null>> = {
    categories: chosen.length === 0 ? t('facilityAnalysis.errors.chooseCategory') : null,
    attribute: attributeMeasure && !attribute.trim() ? t('facilityAnalysis.errors.attribute') : null,
    code: serverCodeError ?? codeError(form.code, taken, t),
    name: nameError(form.name, t),
  };
  // A taken or malformed code is said at once; missing input only after the first save attempt.
  const shown = (field: Field) => (submitted || (field === 'code' && form.code.trim() !== '') ? (errors[field] ?? null) : null);

  async function submit() {
    attempt();
    if (Object.values(errors).some(Boolean)) return;
    const input: FacilityIndicatorInput = {
      code: form.code.trim(),
      name: form.name.trim(),
      recipe: {
        measure,
        categoryIds,
        kinds: withResources ? ['facility', 'resource'] : ['facility'],
        targetGroup: targetGroup || null,
        attribute: attributeMeasure ? attribute.trim() : null,
      },
    };
    await save(() => api.call('facilities.indicator', input));
  }

  return (
    <FormDialog
      title={t('facilityAnalysis.indicatorTitle')}
      onClose={onClose}
      testId="facility-indicator-dialog"
      formId={formId}
      formClassName="derive-form"
      onSubmit={() => void submit()}
      saveLabel={saving ? t('derived.saving') : t('derived.save')}
      saveTestId="facility-indicator-save"
      saving={saving}
      saveError={saveError}
    >
      <MeasureChoice
        legend={t('facilityAnalysis.measureLegend')}
        measures={FACILITY_MEASURES}
        value={measure}
        onChange={setMeasure}
        name={`${formId}-measure`}
        testIdPrefix="facility-measure"
        className="derive-kinds analysis-measures"
      />

      <CategoryChecklist categories={categories} value={categoryIds} onChange={setCategoryIds} error={shown('categories')} />

      <fieldset className="derive-section">
        <legend className="derive-legend">{t('facilityAnalysis.filterLegend')}</legend>
        <div className="form-grid-2">
          {attributeMeasure ? (
            <TextField
              id={`${formId}-attribute`}
              label={t('facilityAnalysis.attribute')}
              value={attribute}
              onChange={setAttribute}
              error={shown('attribute')}
              hint={t('facilityAnalysis.attributeHint')}
              testId="facility-indicator-attribute"
            />
          ) : null}
          <div className="field">
            <label htmlFor={`${formId}-target`}>{t('facilityAnalysis.targetGroup')}</label>
            <select id={`${formId}-target`} className="input" value={targetGroup} onChange={(e) => setTargetGroup(e.target.value)} data-testid="facility-indicator-target-group">
              <option value="">{t('facilityAnalysis.allTargetGroups')}</option>
              {(facets?.targetGroups ?? []).map((g) => (
                <option key={g.name} value={g.name}>
                  {g.name} ({g.count})
                </option>
              ))}
            </select>
          </div>
        </div>
        <ResourcesToggle value={withResources} onChange={setWithResources} />
      </fieldset>

      <ComputedIndicatorFields
        idPrefix={formId}
        testIdPrefix="facility-indicator"
        values={form}
        onChange={onField}
        errors={{ code: shown('code'), name: shown('name') }}
        hint={t('facilityAnalysis.recomputeHint')}
      />
    </FormDialog>
  );
}
