import { useCallback, useEffect, useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../api/context.tsx';
import { formatPeriod } from '../../indicators/format.ts';
import { useCatalogue, useLevels, useTopics, useUnitFeatures } from '../../indicators/queries.ts';
import { useDataVersion, useQuery } from '../../indicators/use-query.ts';
import { topicPath, unitsOf, type IndicatorDetail, type IndicatorSummary } from '../../indicators/values.ts';
import { defaultLevel } from '../../map/levels.ts';
import type { Bbox } from '../../map/MapCanvas.tsx';
import { useSelection } from '../../state/selection.tsx';
import type { ViewProps } from '../registry.ts';
import { ClassesEditor } from './ClassesEditor.tsx';
import { DimensionsEditor } from './DimensionsEditor.tsx';
import {
  buildStored,
  candidatesFor,
  parseStored,
  periodsFor,
  populationCandidates,
  presetDraft,
  PRESETS,
  storedToDraft,
  type IndexDraft,
  type PresetId,
  type StoredIndex,
} from './draft.ts';
import { BasisPanel, MethodPanel } from './MethodPanel.tsx';
import { MssGroupsPanel } from './MssGroupsPanel.tsx';
import { IndexLegend, PreviewMap } from './PreviewMap.tsx';
import { describePreviewRow, indexClassColors, previewPicture } from './preview-model.ts';
import { PreviewTable } from './PreviewTable.tsx';
import { SaveIndexDialog, type SaveDefaults } from './SaveIndexDialog.tsx';
import { useIndexPreview } from './use-preview.ts';
import '../../styles/indices.css';

interface SavedIndex {
  detail: IndicatorDetail;
  stored: StoredIndex;
}

/** Catalogue entries that are composite indices, with their stored recipe. */
function useSavedIndices(catalogue: readonly IndicatorSummary[], version: number): SavedIndex[] {
  const api = useApi();
  const computedIds = catalogue.filter((i) => i.computed && !i.archived).map((i) => i.id);
  const key = `saved-indices|${computedIds.join(',')}`;
  const query = useQuery(
    key,
    async () => {
      const details = await Promise.all(computedIds.map((id) => api.call('indicators.get', { id })));
      return details.flatMap((detail) => {
        const stored = parseStored(detail.recipe);
        return stored ? [{ detail, stored }] : [];
      });
    },
    version,
  );
  return useMemo(() => query.data ?? [], [query.data]);
}

const PRESET_DEFAULTS: Record<PresetId, Omit<SaveDefaults, 'topic' | 'definition'>> = {
  mss: { code: 'mss_status', name: 'Statusindex (MSS)' },
  mssDynamic: { code: 'mss_dynamik', name: 'Dynamikindex (MSS)' },
  kinderteilhabe: { code: 'kinderteilhabe', name: 'Kinderteilhabe-Index' },
  empty: { code: '', name: '' },
};

/**
 * Index-Baukasten: composite indices from dimensions of weighted indicators (Berlin MSS,
 * Gelsenkirchen "Baukasten", KomMonitor rank/min-max), with a live preview map and table, saved
 * as an indicator that main recomputes whenever its inputs change.
 */
export default function IndizesView({ appInfo, onNavigate }: ViewProps) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const version = useDataVersion();
  const selection = useSelection();
  const catalogueQuery = useCatalogue(version);
  const catalogue = useMemo(() => catalogueQuery.data ?? [], [catalogueQuery.data]);
  const topics = useTopics(version).data ?? [];
  const levels = useLevels(version).data;
  const savedIndices = useSavedIndices(catalogue, version);
  const indexIds = useMemo(() => new Set(savedIndices.map((s) => s.detail.id)), [savedIndices]);

  const [draft, setDraft] = useState<IndexDraft | null>(null);
  const [editing, setEditing] = useState<IndicatorDetail | null>(null);
  const [preset, setPreset] = useState<PresetId>('empty');
  const [saveOpen, setSaveOpen] = useState(false);
  const [saved, setSaved] = useState<IndicatorDetail | null>(null);
  const [selectedUnit, setSelectedUnit] = useState<string | null>(null);

  // The first draft: empty, on the shared level (or the default one) and its latest period.
  const catalogueLoaded = catalogueQuery.data !== null;
  useEffect(() => {
    if (draft || !levels || !catalogueLoaded) return;
    const level = levels.find((l) => l.id === selection.levelId) ?? defaultLevel(levels);
    const levelId = level?.id ?? null;
    const period = periodsFor(catalogue, levelId)[0] ?? null;
    setDraft(presetDraft('empty', { levelId, period, candidates: candidatesFor(catalogue, levelId, period) }));
  }, [draft, levels, catalogueLoaded, catalogue, selection.levelId]);

  const periods = useMemo(() => periodsFor(catalogue, draft?.levelId ?? null), [catalogue, draft?.levelId]);
  const candidates = useMemo(
    () => candidatesFor(catalogue, draft?.levelId ?? null, draft?.period ?? null, editing?.code),
    [catalogue, draft?.levelId, draft?.period, editing?.code],
  );
  const nameOf = useCallback((id: string) => catalogue.find((i) => i.id === id)?.name ?? id, [catalogue]);
  const build = useMemo(() => (draft ? buildStored(draft, nameOf) : null), [draft, nameOf]);
  const preview = useIndexPreview(build?.stored ?? null, version);

  const features = useUnitFeatures(draft?.levelId ?? null, version).data;
  const units = useMemo(() => unitsOf(features), [features]);
  const levelName = levels?.find((l) => l.id === draft?.levelId)?.name ?? '';

  // Main names indicators by id in its messages ("keine Werte für <id>"); show their names.
  const withNames = useCallback(
    (text: string) => catalogue.reduce((out, i) => (out.includes(i.id) ? out.replaceAll(i.id, i.name) : out), text),
    [catalogue],
  );
  const warnings = useMemo(() => (preview.result?.preview.warnings ?? []).map(withNames), [preview.result, withNames]);
  const picture = useMemo(() => {
    const result = preview.result;
    if (!result || result.stored.levelId !== draft?.levelId) return null;
    return previewPicture(
      { ...result.preview, units: result.preview.units.map((u) => (u.message ? { ...u, message: withNames(u.message) } : u)) },
      units,
      result.stored.recipe.dimensions.map((d) => d.name),
      result.stored.recipe.classes.labels,
      {
        title: t('indices.preview.legendTitle'),
        subtitle: `${levelName} · ${formatPeriod(result.stored.period, lang)}`,
        excluded: t('indices.preview.excluded'),
        noData: t('indices.preview.noData'),
      },
    );
  }, [preview.result, draft?.levelId, units, levelName, lang, t, withNames]);
  const rowsById = useMemo(() => new Map((picture?.rows ?? []).map((r) => [r.unitId, r])), [picture]);
  const describeUnit = useCallback((unitId: string) => describePreviewRow(rowsById.get(unitId), lang), [rowsById, lang]);

  function applyStart(choice: string) {
    setSaved(null);
    if (choice.startsWith('saved:')) {
      const entry = savedIndices.find((s) => s.detail.id === choice.slice('saved:'.length));
      if (!entry) return;
      setEditing(entry.detail);
      setDraft(storedToDraft(entry.stored));
      selection.setLevel(entry.stored.levelId);
      return;
    }
    const id = choice as PresetId;
    setEditing(null);
    setPreset(id);
    const levelId = draft?.levelId ?? null;
    const period = draft?.period ?? null;
    setDraft(presetDraft(id, { levelId, period, candidates: candidatesFor(catalogue, levelId, period) }));
  }

  function changeLevel(levelId: string) {
    if (!draft) return;
    const available = periodsFor(catalogue, levelId);
    const period = draft.period && available.includes(draft.period) ? draft.period : (available[0] ?? null);
    setDraft({ ...draft, levelId, period });
    selection.setLevel(levelId);
    setSelectedUnit(null);
  }

  const saveDefaults: SaveDefaults = editing
    ? {
        code: editing.code,
        name: editing.name,
        topic: topicPath(editing.topicId, topics).join('/') || editing.topic || 'Indizes',
        definition: editing.definition ?? '',
      }
    : { ...PRESET_DEFAULTS[preset], topic: 'Indizes', definition: '' };

  const issues = build?.issues ?? [];
  const dimensionNames = preview.result?.stored.recipe.dimensions.map((d) => d.name) ?? [];
  const classColors = indexClassColors(preview.result?.stored.recipe.classes.labels.length ?? 0);

  if (catalogueQuery.error) {
    return (
      <p className="notice notice--error" role="alert">
        {catalogueQuery.error}
      </p>
    );
  }

  return (
    <div className="indizes-view" data-testid="indizes-view">
      <section className="indizes-builder" aria-labelledby="indizes-title">
        <header className="indizes-header">
          <h1 id="indizes-title" className="indicator-title">
            {t('indices.title')}
          </h1>
          <p className="muted">{t('indices.intro')}</p>
        </header>
        {!draft ? (
          <p className="muted">{t('common.loading')}</p>
        ) : (
          <>
            <StartPanel savedIndices={savedIndices} editing={editing} onApply={applyStart} />
            <BasisPanel
              draft={draft}
              levels={levels ?? []}
              periods={periods}
              onLevel={changeLevel}
              onPeriod={(period) => setDraft({ ...draft, period })}
              issues={issues}
            />
            <DimensionsEditor draft={draft} onChange={setDraft} candidates={candidates} catalogue={catalogue} topics={topics} issues={issues} />
            <MethodPanel draft={draft} onChange={setDraft} populationOptions={populationCandidates(candidates)} catalogue={catalogue} issues={issues} />
            <ClassesEditor draft={draft} onChange={setDraft} issues={issues} />
            {issues.length > 0 ? (
              <section className="index-issues notice" aria-labelledby="index-issues-title" data-testid="index-issues">
                <h2 id="index-issues-title" className="index-issues-title">
                  {t('indices.issues.title')}
                </h2>
                <ul>
                  {issues.map((issue) => (
                    <li key={issue.path}>{issue.message}</li>
                  ))}
                </ul>
              </section>
            ) : null}
          </>
        )}
      </section>

      <section className="indizes-preview" aria-labelledby="indizes-preview-title">
        <div className="indizes-preview-head">
          <h2 id="indizes-preview-title" className="section-title">
            {t('indices.preview.title')}
          </h2>
          <div className="button-row">
            <button
              type="button"
              className="button button--primary"
              disabled={!build?.stored}
              aria-describedby={build?.stored ? undefined : 'index-save-hint'}
              onClick={() => setSaveOpen(true)}
              data-testid="open-save-index"
            >
              {t('indices.save.open')}
            </button>
          </div>
        </div>
        {!build?.stored ? (
          <p id="index-save-hint" className="hint">
            {t('indices.save.notReady')}
          </p>
        ) : null}
        <p className="small muted" role="status" data-testid="index-preview-status">
          {!build?.stored
            ? t('indices.preview.waiting')
            : preview.pending
              ? t('indices.preview.computing')
              : picture
                ? t('indices.preview.included', { included: picture.included, total: units.length })
                : ''}
        </p>
        {preview.error ? (
          <p className="notice notice--error" role="alert">
            {preview.error}
          </p>
        ) : null}
        {saved ? (
          <div className="notice notice--success" role="status" data-testid="index-saved">
            {t('indices.save.saved', { name: saved.name, topic: saved.topic ?? 'Indizes' })}{' '}
            {onNavigate ? (
              <button
                type="button"
                className="link-button"
                onClick={() => {
                  selection.setIndicator(saved.id);
                  onNavigate('indikatoren');
                }}
                data-testid="open-saved-index"
              >
                {t('indices.save.openCatalogue')}
              </button>
            ) : null}
          </div>
        ) : null}
        <div className="index-preview-body">
          <PreviewMap
            extent={(appInfo?.extent ?? null) as Bbox | null}
            units={features}
            unitColors={picture?.unitColors ?? null}
            hatched={picture?.hatched ?? EMPTY}
            describeUnit={describeUnit}
            selectedUnitId={selectedUnit}
            onSelectUnit={setSelectedUnit}
          />
          {picture ? <IndexLegend legend={picture.legend} /> : null}
        </div>
        {warnings.length > 0 ? (
          <ul className="index-warnings" data-testid="index-warnings">
            {warnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        ) : null}
        {picture ? (
          <PreviewTable rows={picture.rows} dimensionNames={dimensionNames} colors={classColors} selectedUnitId={selectedUnit} onSelectUnit={setSelectedUnit} />
        ) : null}
        <MssGroupsPanel savedIndices={savedIndices} version={version} />
      </section>

      {saveOpen && build?.stored ? (
        <SaveIndexDialog
          stored={build.stored}
          defaults={saveDefaults}
          catalogue={catalogue}
          indexIds={indexIds}
          onClose={() => setSaveOpen(false)}
          onSaved={(detail) => {
            setSaveOpen(false);
            setSaved(detail);
            setEditing(detail);
          }}
        />
      ) : null}
    </div>
  );
}

const EMPTY: ReadonlySet<string> = new Set();

interface StartPanelProps {
  savedIndices: readonly SavedIndex[];
  editing: IndicatorDetail | null;
  onApply: (choice: string) => void;
}

/** Where to start: a preset or a saved index. Replaces the current recipe. */
function StartPanel({ savedIndices, editing, onApply }: StartPanelProps) {
  const { t } = useTranslation();
  const selectId = useId();
  const [choice, setChoice] = useState<string>('empty');
  return (
    <fieldset className="index-section index-start">
      <legend className="index-section-title">{t('indices.start.legend')}</legend>
      <div className="index-row index-row--end">
        <div className="field">
          <label htmlFor={selectId}>{t('indices.start.label')}</label>
          <select id={selectId} className="input" value={choice} onChange={(e) => setChoice(e.target.value)} data-testid="index-start">
            <optgroup label={t('indices.start.presets')}>
              {PRESETS.map((p) => (
                <option key={p} value={p}>
                  {t(`indices.start.preset.${p}`)}
                </option>
              ))}
            </optgroup>
            {savedIndices.length > 0 ? (
              <optgroup label={t('indices.start.saved')}>
                {savedIndices.map((s) => (
                  <option key={s.detail.id} value={`saved:${s.detail.id}`}>
                    {s.detail.name} ({s.detail.code})
                  </option>
                ))}
              </optgroup>
            ) : null}
          </select>
        </div>
        <button type="button" className="button" onClick={() => onApply(choice)} data-testid="apply-start">
          {t('indices.start.apply')}
        </button>
      </div>
      <p className="hint">{t(`indices.start.hint.${choice.startsWith('saved:') ? 'saved' : (choice as PresetId)}`)}</p>
      {editing ? (
        <p className="small" data-testid="index-editing">
          {t('indices.start.editing', { name: editing.name, code: editing.code })}
        </p>
      ) : null}
    </fieldset>
  );
}
