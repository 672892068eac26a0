import { useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../api/context.tsx';
import { FormDialog } from '../../components/FormDialog.tsx';
import { ComputedIndicatorFields } from '../../indicators/ComputedIndicatorFields.tsx';
import { IndicatorPicker } from '../../indicators/IndicatorPicker.tsx';
import { formatNumber } from '../../indicators/format.ts';
import { useCatalogue, useLevels, useTopics } from '../../indicators/queries.ts';
import { useQuery } from '../../indicators/use-query.ts';
import type { IndicatorDetail } from '../../indicators/values.ts';
import { useSelection } from '../../state/selection.tsx';
import { CategoryChecklist, MeasureChoice, ResourcesToggle } from './AnalysisFields.tsx';
import { categoryNames, codeError, nameError, suggestRatioCode, type SupplyRatioInput } from './analysis-model.ts';
import { useIndicatorSave } from './use-indicator-save.ts';

export interface SupplyRatioDialogProps {
  version: number;
  onClose: () => void;
  onSaved: (saved: IndicatorDetail) => void;
}

type Field = 'categories' | 'target' | 'level' | 'code' | 'name';
const PER = [1000, 100] as const;
const RATIO_MEASURES = ['count', 'capacity'] as const;

/**
 * „Versorgungsquote“: the count or capacity of facilities per 1,000 (or 100) of a target-group
 * population from the catalogue, e.g. playgrounds per 1,000 children. The facility count is
 * saved as a basis indicator (`<code>_basis`) that follows the population's periods, the ratio
 * as a derived indicator over both, so both are recomputed when facilities or population change.
 */
export function SupplyRatioDialog({ version, onClose, onSaved }: SupplyRatioDialogProps) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const selection = useSelection();
  const formId = useId();
  const categories = useQuery('categories', () => api.call('categories.list', {}), version).data ?? [];
  const catalogue = useCatalogue(version, true).data;
  const topics = useTopics(version).data ?? [];
  const levels = useLevels(version).data ?? [];
  const taken = useMemo(() => new Set((catalogue ?? []).map((i) => i.code)), [catalogue]);
  const choices = useMemo(() => (catalogue ?? []).filter((i) => !i.archived && i.valueCount > 0), [catalogue]);

  const [measure, setMeasure] = useState<'count' | 'capacity'>('count');
  const [categoryIds, setCategoryIds] = useState<string[]>([]);
  const [withResources, setWithResources] = useState(false);
  const [targetId, setTargetId] = useState<string | null>(null);
  const [levelChoice, setLevelChoice] = useState<string | null>(null);
  const [per, setPer] = useState<1000 | 100>(1000);
  const { code, name, onField, submitted, saving, saveError, serverCodeError, attempt, save } = useIndicatorSave(onSaved);

  const chosen = categories.filter((c) => categoryIds.includes(c.id));
  const target = choices.find((i) => i.id === targetId) ?? null;
  // The ratio is computed where the population has values: the shared level if it has, else the first.
  const targetLevels = levels.filter((l) => target?.levelIds.includes(l.id));
  const levelId =
    (levelChoice && targetLevels.some((l) => l.id === levelChoice) ? levelChoice : null) ??
    (selection.levelId && targetLevels.some((l) => l.id === selection.levelId) ? selection.levelId : null) ??
    targetLevels[0]?.id ??
    null;

  const perText = formatNumber(per, 0, i18n.language);
  const form = {
    code: code ?? suggestRatioCode(chosen, target?.code ?? null),
    name:
      name ??
      (chosen.length > 0 && target
        ? t(`facilityAnalysis.ratioNames.${measure}`, { categories: categoryNames(chosen), per: perText, target: target.name })
        : ''),
  };
  const errors: Record<Field, string | null> = {
    categories: chosen.length === 0 ? t('facilityAnalysis.errors.chooseCategory') : null,
    target: target ? null : t('facilityAnalysis.errors.chooseTarget'),
    level: target && !levelId ? t('derived.errors.noValues') : null,
    code: serverCodeError ?? codeError(form.code, taken, t),
    name: nameError(form.name, t),
  };
  const shown = (field: Field) => (submitted || (field === 'code' && form.code.trim() !== '') ? errors[field] : null);

  async function submit() {
    attempt();
    if (Object.values(errors).some(Boolean) || !target || !levelId) return;
    const kinds: Array<'facility' | 'resource'> = withResources ? ['facility', 'resource'] : ['facility'];
    await save(async () => {
      // The basis first, under a name of its own ("Anzahl Spielplatz"): main would call it after
      // the ratio ("Anzahl: Spielplätze pro 1.000 Kinder"), which reads oddly in the recipe line.
      const basis = await api.call('facilities.indicator', {
        code: `${form.code.trim()}_basis`.slice(0, 64),
        name: t(`facilityAnalysis.names.${measure}`, { categories: categoryNames(chosen) }),
        recipe: { measure, categoryIds, kinds, followPeriodsOf: [target.id] },
      });
      const input: SupplyRatioInput = { code: form.code.trim(), name: form.name.trim(), facilityIndicatorId: basis.id, targetIndicatorId: target.id, levelId, per };
      return api.call('facilities.supplyRatio', input);
    });
  }

  return (
    <FormDialog
      title={t('facilityAnalysis.ratioTitle')}
      onClose={onClose}
      testId="supply-ratio-dialog"
      formId={formId}
      formClassName="derive-form"
      onSubmit={() => void submit()}
      saveLabel={saving ? t('derived.saving') : t('derived.save')}
      saveTestId="supply-ratio-save"
      saving={saving}
      saveError={saveError}
    >
      <MeasureChoice
        legend={t('facilityAnalysis.ratioMeasureLegend')}
        measures={RATIO_MEASURES}
        value={measure}
        onChange={setMeasure}
        name={`${formId}-measure`}
        testIdPrefix="supply-measure"
      />

      <CategoryChecklist categories={categories} value={categoryIds} onChange={setCategoryIds} error={shown('categories')}>
        <ResourcesToggle value={withResources} onChange={setWithResources} />
      </CategoryChecklist>

      <fieldset className="derive-section">
        <legend className="derive-legend">{t('facilityAnalysis.targetLegend')}</legend>
        <div className="form-grid-2">
          <div className="field derive-picker" data-testid="supply-target">
            <IndicatorPicker indicators={choices} topics={topics} value={targetId} onChange={setTargetId} levelId={null} label={t('facilityAnalysis.target')} />
            {shown('target') ? (
              <p className="inline-error" data-testid="supply-target-error">
                {shown('target')}
              </p>
            ) : null}
          </div>
          <div className="field">
            <label htmlFor={`${formId}-level`}>{t('derived.level')}</label>
            <select id={`${formId}-level`} className="input" value={levelId ?? ''} disabled={targetLevels.length < 2} onChange={(e) => setLevelChoice(e.target.value)} data-testid="supply-level">
              {levelId ? null : <option value="">–</option>}
              {targetLevels.map((l) => (
                <option key={l.id} value={l.id}>
                  {l.name}
                </option>
              ))}
            </select>
            {shown('level') ? <p className="inline-error">{shown('level')}</p> : null}
          </div>
        </div>
        <div className="derive-kinds" role="radiogroup" aria-label={t('facilityAnalysis.per')}>
          {PER.map((p) => (
            <label key={p} className="derive-kind">
              <input type="radio" name={`${formId}-per`} checked={per === p} onChange={() => setPer(p)} data-testid={`supply-per-${p}`} />
              <span className="derive-kind-label">{t('facilityAnalysis.perValue', { per: formatNumber(p, 0, i18n.language) })}</span>
            </label>
          ))}
        </div>
      </fieldset>

      <ComputedIndicatorFields
        idPrefix={formId}
        testIdPrefix="supply-ratio"
        values={form}
        onChange={onField}
        errors={{ code: shown('code'), name: shown('name') }}
        hint={t('facilityAnalysis.ratioHint')}
      />
    </FormDialog>
  );
}
