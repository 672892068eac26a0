import { useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../api/context.tsx';
import { ApiError, errorMessage } from '../../api/client.ts';
import { Modal } from '../../components/Modal.tsx';
import { useCatalogue } from '../../indicators/queries.ts';
import { useQuery } from '../../indicators/use-query.ts';
import type { IndicatorDetail } from '../../indicators/values.ts';
import { AnalysisTextField, CategoryChecklist, ResourcesToggle } from './AnalysisFields.tsx';
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
  const [code, setCode] = useState<string | null>(null);
  const [name, setName] = useState<string | null>(null);
  const [submitted, setSubmitted] = useState(false);
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<string | null>(null);
  const [serverCodeError, setServerCodeError] = useState<string | null>(null);

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
    setSubmitted(true);
    setSaveError(null);
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
    setSaving(true);
    try {
      onSaved(await api.call('facilities.indicator', input));
    } catch (error) {
      if (error instanceof ApiError && error.code === 'duplicate-code') setServerCodeError(error.message);
      else setSaveError(errorMessage(error));
    } finally {
      setSaving(false);
    }
  }

  return (
    <Modal
      title={t('facilityAnalysis.indicatorTitle')}
      onClose={onClose}
      size="wide"
      testId="facility-indicator-dialog"
      footer={
        <>
          <button type="button" className="button" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" form={formId} className="button button--primary" disabled={saving} aria-busy={saving || undefined} data-testid="facility-indicator-save">
            {saving ? t('derived.saving') : t('derived.save')}
          </button>
        </>
      }
    >
      <form
        id={formId}
        className="derive-form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        {saveError ? (
          <p className="notice notice--error" role="alert">
            {saveError}
          </p>
        ) : null}
        <fieldset className="derive-section">
          <legend className="derive-legend">{t('facilityAnalysis.measureLegend')}</legend>
          <div className="derive-kinds analysis-measures" role="radiogroup" aria-label={t('facilityAnalysis.measureLegend')}>
            {FACILITY_MEASURES.map((m) => (
              <label key={m} className="derive-kind">
                <input type="radio" name={`${formId}-measure`} checked={measure === m} onChange={() => setMeasure(m)} data-testid={`facility-measure-${m}`} />
                <span>
                  <span className="derive-kind-label">{t(`facilityAnalysis.measures.${m}.label`)}</span>
                  <span className="hint">{t(`facilityAnalysis.measures.${m}.hint`)}</span>
                </span>
              </label>
            ))}
          </div>
        </fieldset>

        <CategoryChecklist categories={categories} value={categoryIds} onChange={setCategoryIds} error={shown('categories')} />

        <fieldset className="derive-section">
          <legend className="derive-legend">{t('facilityAnalysis.filterLegend')}</legend>
          <div className="form-grid-2">
            {attributeMeasure ? (
              <AnalysisTextField
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

        <fieldset className="derive-section">
          <legend className="derive-legend">{t('derived.definitionLegend')}</legend>
          <div className="form-grid-2">
            <AnalysisTextField
              id={`${formId}-code`}
              label={t('derived.code')}
              value={form.code}
              onChange={(v) => {
                setServerCodeError(null);
                setCode(v);
              }}
              error={shown('code')}
              hint={t('indicatorForm.codeHint')}
              testId="facility-indicator-code"
            />
            <AnalysisTextField id={`${formId}-name`} label={t('derived.name')} value={form.name} onChange={setName} error={shown('name')} testId="facility-indicator-name" wide />
          </div>
          <p className="hint">{t('facilityAnalysis.recomputeHint')}</p>
        </fieldset>
      </form>
    </Modal>
  );
}
