import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../api/context.tsx';
import { Modal } from '../../components/Modal.tsx';
import { readFiles } from '../ImportUnitsDialog.tsx';
import { runJob } from '../run-job.ts';
import { WizardFooter } from '../WizardFooter.tsx';
import { WizardStatus } from '../WizardStatus.tsx';
import {
  draftFromMapping,
  emptyDraft,
  findLevel,
  guessLevel,
  structureMapping,
  validateDraft,
  validateFileOptions,
  withGuesses,
  type Draft,
  type FieldErrors,
  type FileOptions,
  type FriendlyKey,
  type Level,
  type TablePreview,
} from './draft.ts';
import type { Indicator } from './IndicatorCombo.tsx';
import { NewIndicatorDialog } from './NewIndicatorDialog.tsx';
import { ErrorSummary, SaveMappingForm, Stepper, failureFrom, type Failure, type Progress, type StepNo } from './parts.tsx';
import { StepCheck } from './StepCheck.tsx';
import { StepColumns } from './StepColumns.tsx';
import { StepFile, type SavedMapping } from './StepFile.tsx';
import { StepImport, type ImportSummary } from './StepImport.tsx';
import { StepTable } from './StepTable.tsx';
import { StepUnits, type Unit } from './StepUnits.tsx';
import './wizard.css';

export interface ValuesImportWizardProps {
  open: boolean;
  onClose: () => void;
  onImported?: (summary: ImportSummary) => void;
}

interface SourceFile {
  name: string;
  data: Uint8Array<ArrayBuffer>;
}

type Busy = null | 'read' | 'check' | 'import' | 'save';

/**
 * Indicator values from a statistics table, step by step: file → table → columns → units →
 * check → import. Builds a saved value mapping (shared/value-mapping.ts), checks it against the
 * file in main after every step, and can save it for next year's delivery.
 */
export function ValuesImportWizard({ open, onClose, onImported }: ValuesImportWizardProps) {
  if (!open) return null;
  return <Wizard onClose={onClose} {...(onImported ? { onImported } : {})} />;
}

function Wizard({ onClose, onImported }: { onClose: () => void; onImported?: (summary: ImportSummary) => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const [step, setStep] = useState<StepNo>(1);
  const [furthest, setFurthest] = useState<StepNo>(1);
  const [source, setSource] = useState<SourceFile | null>(null);
  const [preview, setPreview] = useState<TablePreview | null>(null);
  const [check, setCheck] = useState<TablePreview | null>(null);
  const [draft, setDraft] = useState<Draft>(emptyDraft);
  const [touched, setTouched] = useState(false);
  const [attempted, setAttempted] = useState(false);
  const [busy, setBusy] = useState<Busy>(null);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [savedMappingId, setSavedMappingId] = useState('');
  const [mappingErrors, setMappingErrors] = useState<string[]>([]);
  const [levels, setLevels] = useState<Level[]>([]);
  const [indicators, setIndicators] = useState<Indicator[]>([]);
  const [mappings, setMappings] = useState<SavedMapping[]>([]);
  const [unitsByLevel, setUnitsByLevel] = useState<Record<string, Unit[]>>({});
  const [progress, setProgress] = useState<Progress | null>(null);
  const [summary, setSummary] = useState<ImportSummary | null>(null);
  const [savedAs, setSavedAs] = useState<string | null>(null);
  const [saveErrors, setSaveErrors] = useState<string[] | undefined>(undefined);
  const [confirmClose, setConfirmClose] = useState(false);
  const [creating, setCreating] = useState<{ code: string; apply: (code: string) => void; decimals?: number } | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const statusRef = useRef<HTMLDivElement>(null);
  /** Only the latest request may fill the preview. */
  const request = useRef(0);

  const friendly = useCallback((key: FriendlyKey) => t(`valuesWizard.friendly.${key}`), [t]);
  const header = useMemo(() => preview?.header ?? [], [preview]);
  const fallbackName = source ? source.name.replace(/\.[^.]+$/, '') : undefined;
  const validation = useMemo(() => validateDraft(draft, header, friendly, fallbackName), [draft, header, friendly, fallbackName]);
  const fileErrors = useMemo(() => validateFileOptions(draft.file, friendly), [draft.file, friendly]);
  const shownErrors: FieldErrors = attempted ? (step === 2 ? fileErrors : validation.errors) : {};
  const level = findLevel(levels, draft.units.level);
  const units = level ? (unitsByLevel[level.id] ?? null) : null;
  const visibleIndicators = useMemo(() => indicators.filter((i) => !i.archived), [indicators]);
  const knownCodes = useMemo(() => new Set(indicators.map((i) => i.code)), [indicators]);

  const loadIndicators = useCallback(
    () =>
      api.call('indicators.list', { includeArchived: true }).then(
        (list) => setIndicators(list),
        () => {},
      ),
    [api],
  );

  useEffect(() => {
    let live = true;
    api.call('levels.list', {}).then(
      (list) => {
        if (!live) return;
        setLevels(list);
        // Every level's units (a few hundred names): the wizard guesses the file's level from them.
        for (const level of list) {
          api.call('units.list', { levelId: level.id }).then(
            (units) => live && setUnitsByLevel((current) => ({ ...current, [level.id]: units })),
            () => {},
          );
        }
      },
      () => {},
    );
    api.call('mappings.list', {}).then(
      (list) => live && setMappings(list),
      () => {},
    );
    void loadIndicators();
    return () => {
      live = false;
    };
  }, [api, loadIndicators]);

  // Until the planner picks one, the target level follows the file's unit column (its entries,
  // else its name), whichever arrives first: the levels, their units or the file.
  const unitCells = useMemo(() => {
    const index = preview ? preview.header.indexOf(draft.units.column) : -1;
    return index < 0 || !preview ? [] : preview.sample.map((row) => row.cells[index] ?? '');
  }, [preview, draft.units.column]);
  const guessedLevel = draft.touchedLevel ? null : (guessLevel(levels, draft.units.column, unitCells, unitsByLevel)?.key ?? null);
  useEffect(() => {
    if (guessedLevel && guessedLevel !== draft.units.level) setDraft((d) => (d.touchedLevel ? d : { ...d, units: { ...d.units, level: guessedLevel } }));
  }, [guessedLevel, draft.units.level]);

  // The units of the target level, for the assignments and the value table.
  useEffect(() => {
    if (!level || unitsByLevel[level.id]) return;
    let live = true;
    api.call('units.list', { levelId: level.id }).then(
      (list) => live && setUnitsByLevel((current) => ({ ...current, [level.id]: list })),
      () => {},
    );
    return () => {
      live = false;
    };
  }, [api, level, unitsByLevel]);

  // A new step: its heading takes the focus (read out by screen readers); the import's status
  // takes it when the import ends.
  const previousStep = useRef(step);
  useEffect(() => {
    if (previousStep.current === step) return;
    previousStep.current = step;
    headingRef.current?.focus();
  }, [step]);
  useEffect(() => {
    if (step === 6 && busy === null && (summary || failure)) statusRef.current?.focus();
  }, [step, busy, summary, failure]);

  function update(change: (d: Draft) => Draft) {
    setDraft(change);
    setTouched(true);
  }

  function goto(target: StepNo) {
    setStep(target);
    setFurthest((f) => (target > f ? target : f));
    setAttempted(false);
  }

  async function previewWith(file: SourceFile, mapping: unknown | undefined): Promise<TablePreview | null> {
    const mine = ++request.current;
    setFailure(null);
    try {
      const result = await api.call('imports.tablePreview', mapping === undefined ? { file } : { file, mapping });
      return mine === request.current ? result : null;
    } catch (e) {
      if (mine === request.current) setFailure(failureFrom(e, 'read'));
      return null;
    }
  }

  async function onFile(chosen: File) {
    setBusy('read');
    try {
      const [file] = await readFiles([chosen]);
      if (!file) return;
      setSource(file);
      setCheck(null);
      setSummary(null);
      if (savedMappingId && mappingErrors.length === 0) {
        await checkAndGo(5, draft, file);
        return;
      }
      const result = await previewWith(file, undefined);
      if (!result) return;
      setPreview(result);
      setDraft((d) => withGuesses({ ...d, file: {} }, result, levels, file.name));
    } catch (e) {
      setFailure(failureFrom(e, 'read'));
    } finally {
      setBusy(null);
    }
  }

  function onMapping(id: string) {
    setSavedMappingId(id);
    setMappingErrors([]);
    setFailure(null);
    if (!id) {
      const fresh = emptyDraft();
      setDraft(preview && source ? withGuesses(fresh, preview, levels, source.name) : fresh);
      setTouched(false);
      return;
    }
    const saved = mappings.find((m) => m.id === id);
    if (!saved) return;
    const parsed = draftFromMapping(saved.mapping);
    if (!parsed.ok) {
      setMappingErrors(parsed.errors);
      return;
    }
    setDraft(parsed.draft);
    setTouched(false);
  }

  /** Re-reads the table with new file options (sheet, encoding, header lines). */
  async function onFileOptions(file: FileOptions) {
    if (!source) return;
    const next = { ...draft, file };
    update(() => next);
    const errors = validateFileOptions(file, friendly);
    if (Object.keys(errors).length > 0) {
      setAttempted(true);
      return;
    }
    setAttempted(false);
    const empty = Object.values(file).every((v) => v === undefined);
    const full = validateDraft(next, header, friendly, fallbackName);
    const mapping = empty ? undefined : full.ok ? full.mapping : structureMapping(next, header, levels);
    if (!empty && mapping === undefined) {
      setFailure({ message: t('valuesWizard.noLevel'), issues: [], unchanged: false });
      return;
    }
    setBusy('read');
    const result = await previewWith(source, mapping);
    setBusy(null);
    if (!result) return;
    setPreview(result);
    setCheck(null);
    setDraft((d) => withGuesses(d, result, levels, source.name));
  }

  /** Validates the draft, checks it against the file in main and shows the target step. */
  async function checkAndGo(target: 4 | 5, next: Draft = draft, file: SourceFile | null = source) {
    if (!file) return;
    const result = validateDraft(next, header, friendly, file.name.replace(/\.[^.]+$/, ''));
    if (!result.ok) {
      setAttempted(true);
      return;
    }
    setBusy('check');
    const checked = await previewWith(file, result.mapping);
    setBusy(null);
    if (!checked) return;
    setPreview(checked);
    setCheck(checked);
    if (!next.name.trim()) setDraft((d) => (d.name.trim() ? d : { ...d, name: file.name.replace(/\.[^.]+$/, '') }));
    goto(target);
  }

  async function runImport() {
    if (!source) return;
    if (!validation.ok) {
      setAttempted(true);
      return;
    }
    const mapping = validation.mapping;
    goto(6);
    setBusy('import');
    setProgress(null);
    setSummary(null);
    setFailure(null);
    try {
      const result = await runJob(api, setProgress, (jobId) =>
        api.call('imports.values', { jobId, file: source, mapping, ...(mapping.keepValidRowsOnly ? { keepValidRowsOnly: true } : {}) }),
      );
      setSummary(result);
      onImported?.(result);
    } catch (e) {
      setFailure(failureFrom(e, 'import'));
    } finally {
      setBusy(null);
    }
  }

  async function saveMapping() {
    // No fallback name here: a saved mapping is found again by its name.
    const result = validateDraft(draft, header, friendly, '');
    if (!result.ok) {
      setSaveErrors(result.errors['name'] ?? Object.values(result.errors).flat());
      return;
    }
    setSaveErrors(undefined);
    setBusy('save');
    try {
      const saved = await api.call('mappings.save', { mapping: result.mapping });
      setSavedAs(saved.name);
      setSavedMappingId(saved.id);
      setTouched(false);
      api.call('mappings.list', {}).then(setMappings, () => {});
    } catch (e) {
      setSaveErrors([failureFrom(e, 'read').message]);
    } finally {
      setBusy(null);
    }
  }

  function next() {
    if (busy) return;
    if (step === 1) {
      if (savedMappingId && mappingErrors.length === 0) void checkAndGo(5);
      else if (preview) goto(2);
    } else if (step === 2) {
      if (Object.keys(fileErrors).length > 0) setAttempted(true);
      else goto(3);
    } else if (step === 3) void checkAndGo(4);
    else if (step === 4) void checkAndGo(5);
    else if (step === 5) void runImport();
  }

  function back() {
    if (busy || step === 1) return;
    setFailure(null);
    goto((step - 1) as StepNo);
  }

  function jump(target: StepNo) {
    if (busy || target === step || target === 6) return;
    setFailure(null);
    if (target === 4 || target === 5) void checkAndGo(target);
    else goto(target);
  }

  // Something the planner mapped by hand and did not save would be lost.
  const dirty = !summary && touched;
  function requestClose() {
    if (creating) return;
    if (dirty) setConfirmClose(true);
    else onClose();
  }

  const result = check?.result ?? null;
  const saveForm = (
    <SaveMappingForm
      name={draft.name}
      onName={(name) => {
        setDraft((d) => ({ ...d, name }));
        setSavedAs(null);
      }}
      onSave={() => void saveMapping()}
      busy={busy !== null}
      savedAs={savedAs}
      errors={saveErrors}
    />
  );
  const nextLabel =
    step === 1 && savedMappingId ? t('valuesWizard.nav.checkWithMapping') : step === 5 ? t('valuesWizard.nav.import') : step === 3 || step === 4 ? t('valuesWizard.nav.check') : t('valuesWizard.nav.next');
  const canNext = step === 1 ? Boolean(preview || (savedMappingId && source)) && mappingErrors.length === 0 : step === 5 ? Boolean(result?.importable) && result?.indicators.every((i) => i.known) === true : step < 6;

  return (
    <Modal
      title={t('valuesWizard.title')}
      onClose={requestClose}
      testId="values-wizard"
      size="wide"
      footer={
        <WizardFooter
          finished={summary !== null}
          onClose={requestClose}
          back={step > 1 && step < 6 ? { label: t('valuesWizard.nav.back'), onClick: back, disabled: busy !== null } : null}
          next={step < 6 ? { label: nextLabel, onClick: next, disabled: busy !== null || !canNext, testId: 'values-wizard-next' } : null}
          done={{ label: t('valuesWizard.nav.done'), onClick: onClose }}
        />
      }
    >
      <Stepper step={step} furthest={furthest} disabled={busy !== null} onGo={jump} />
      <h3 className="vw-step-title" ref={headingRef} tabIndex={-1} data-testid="values-wizard-step">
        {t('valuesWizard.stepTitle', { n: step, label: t(`valuesWizard.steps.${step}`) })}
      </h3>
      <p className="hint vw-step-intro">{t(`valuesWizard.intro.${step}`)}</p>

      {attempted && step >= 3 && step <= 5 ? <ErrorSummary errors={validation.errors} onGo={jump} here={step} /> : null}
      {attempted && step === 2 ? <ErrorSummary errors={fileErrors} onGo={jump} here={step} /> : null}
      <WizardStatus
        busyText={busy === 'read' ? t('valuesWizard.reading') : busy === 'check' ? t('valuesWizard.checking') : null}
        failure={step < 6 ? failure : null}
        testId="values-wizard-read-failure"
        issuesTestId="values-wizard-read-issues"
      />

      {step === 1 ? (
        <StepFile
          fileName={source?.name ?? null}
          preview={preview}
          busy={busy !== null}
          mappings={mappings}
          savedMappingId={savedMappingId}
          mappingErrors={mappingErrors}
          onFile={(file) => void onFile(file)}
          onMapping={onMapping}
        />
      ) : null}
      {step === 2 && preview ? <StepTable preview={preview} file={draft.file} errors={shownErrors} busy={busy !== null} onFileOptions={(file) => void onFileOptions(file)} /> : null}
      {step === 3 && preview ? (
        <StepColumns
          draft={draft}
          update={update}
          preview={preview}
          levels={levels}
          indicators={visibleIndicators}
          knownCodes={knownCodes}
          errors={shownErrors}
          onCreateIndicator={(code, apply, decimals) => setCreating({ code, apply, ...(decimals === undefined ? {} : { decimals }) })}
        />
      ) : null}
      {step === 4 && result ? (
        <StepUnits result={result} draft={draft} update={update} units={units} levelName={level?.name ?? draft.units.level} busy={busy !== null} onRecheck={() => void checkAndGo(4)} />
      ) : null}
      {step === 5 && result ? (
        <StepCheck
          result={result}
          draft={draft}
          indicators={indicators}
          units={units}
          busy={busy !== null}
          onKeepValidRowsOnly={(keep) => {
            const nextDraft = { ...draft, keepValidRowsOnly: keep };
            update(() => nextDraft);
            void checkAndGo(5, nextDraft);
          }}
          onCreateIndicator={(code) => setCreating({ code, apply: () => void checkAndGo(5) })}
          onGo={jump}
          saveForm={saveForm}
        />
      ) : null}
      {step === 6 ? (
        <StepImport
          running={busy === 'import'}
          progress={progress}
          summary={summary}
          failure={failure}
          indicators={indicators}
          statusRef={statusRef}
          onBack={() => {
            setFailure(null);
            goto(5);
          }}
          saveForm={savedAs ? null : saveForm}
        />
      ) : null}

      {creating ? (
        <NewIndicatorDialog
          code={creating.code}
          {...(creating.decimals === undefined ? {} : { decimals: creating.decimals })}
          onClose={() => setCreating(null)}
          onSaved={(saved) => {
            const { apply } = creating;
            setCreating(null);
            void loadIndicators().then(() => apply(saved.code));
          }}
        />
      ) : null}
      {confirmClose ? (
        <Modal title={t('valuesWizard.confirm.title')} onClose={() => setConfirmClose(false)} testId="values-wizard-confirm">
          <p>{busy === 'import' ? t('valuesWizard.confirm.running') : t('valuesWizard.confirm.text')}</p>
          <div className="button-row vw-end">
            <button type="button" className="button" onClick={() => setConfirmClose(false)}>
              {t('valuesWizard.confirm.stay')}
            </button>
            <button type="button" className="button button--primary" onClick={onClose}>
              {t('valuesWizard.confirm.discard')}
            </button>
          </div>
        </Modal>
      ) : null}
    </Modal>
  );
}
