import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { MethodOutput } from '../../../shared/contract.ts';
import { useApi } from '../../api/context.tsx';
import { Modal } from '../../components/Modal.tsx';
import { readFiles } from '../../imports/ImportUnitsDialog.tsx';
import type { ImportProgress } from '../../imports/ProgressView.tsx';
import { failureFrom, type Failure } from '../../imports/values/parts.tsx';
import { runJob } from '../../imports/run-job.ts';
import { WizardFooter } from '../../imports/WizardFooter.tsx';
import { WizardStatus } from '../../imports/WizardStatus.tsx';
import { draftFromPreview, missingIn, suggestedCapacityUnit, toMapping, type Draft, type FacilityPreview, type MappedField, type Missing } from './draft.ts';
import { FacilityImportStepper, type FacilityStep } from './FacilityImportStepper.tsx';
import { StepCategory, type ColumnCategories } from './StepCategory.tsx';
import { StepDuplicates, groupByRow, type Decision } from './StepDuplicates.tsx';
import { StepFields } from './StepFields.tsx';
import { StepFile } from './StepFile.tsx';
import { StepPreview } from './StepPreview.tsx';
import { StepResult, type FacilityImportSummary } from './StepResult.tsx';
import '../../imports/values/wizard.css';
import './facility-import.css';

type Category = MethodOutput<'categories.list'>[number];
interface SourceFile {
  name: string;
  data: Uint8Array<ArrayBuffer>;
}
type Busy = null | 'read' | 'check' | 'import';

const MAX_FILES = 10;

export interface FacilityImportDialogProps {
  onClose: () => void;
  onImported?: (summary: FacilityImportSummary) => void;
}

/**
 * "Einrichtungen importieren": file → category → fields → preview → possible duplicates →
 * import. Main checks the mapping (imports.facilityPreview) before the import; possible
 * duplicates need a decision per row (skip / import anyway), nothing is merged silently; a
 * failed import changes nothing unless the planner chose to keep only the valid rows.
 */
export function FacilityImportDialog({ onClose, onImported }: FacilityImportDialogProps) {
  const { t } = useTranslation();
  const api = useApi();
  const [step, setStep] = useState<FacilityStep>(1);
  const [furthest, setFurthest] = useState<FacilityStep>(1);
  const [files, setFiles] = useState<SourceFile[]>([]);
  const [fileNames, setFileNames] = useState<string[]>([]);
  const [preview, setPreview] = useState<FacilityPreview | null>(null);
  const [check, setCheck] = useState<FacilityPreview | null>(null);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [categories, setCategories] = useState<Category[]>([]);
  const [columnCategories, setColumnCategories] = useState<{ column: string; found: ColumnCategories } | null>(null);
  const [decisions, setDecisions] = useState<Record<string, Decision>>({});
  const [busy, setBusy] = useState<Busy>(null);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [attempted, setAttempted] = useState(false);
  const [progress, setProgress] = useState<ImportProgress | null>(null);
  const [summary, setSummary] = useState<FacilityImportSummary | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const statusRef = useRef<HTMLDivElement>(null);
  /** Only the latest request may fill the preview. */
  const request = useRef(0);

  useEffect(() => {
    let live = true;
    api.call('categories.list', {}).then(
      (list) => live && setCategories(list),
      () => {},
    );
    return () => {
      live = false;
    };
  }, [api]);

  // A new step: its heading takes the focus (read out by screen readers); the result takes it at the end.
  const previousStep = useRef(step);
  useEffect(() => {
    if (previousStep.current === step) return;
    previousStep.current = step;
    headingRef.current?.focus();
  }, [step]);
  useEffect(() => {
    if (step === 6 && busy === null && (summary || failure)) statusRef.current?.focus();
  }, [step, busy, summary, failure]);

  const kind = preview?.kind ?? 'table';

  // The category column's texts over the whole file (untranslated), for choosing existing categories.
  const categoryColumn = step === 2 && draft?.categoryMode === 'column' ? draft.categoryColumn : '';
  useEffect(() => {
    if (!categoryColumn || !draft || files.length === 0 || columnCategories?.column === categoryColumn) return;
    let live = true;
    const mapping = toMapping({ ...draft, categoryValues: {}, keepValidRowsOnly: true }, kind);
    api.call('imports.facilityPreview', { files, mapping: mapping as Record<string, unknown> }).then(
      (result) => live && setColumnCategories({ column: categoryColumn, found: result.result.categories }),
      () => {},
    );
    return () => {
      live = false;
    };
  }, [api, categoryColumn, draft, files, kind, columnCategories]);

  const missing = draft ? missingIn(draft, kind, step === 2 ? 'category' : 'fields') : [];
  const duplicateRows = check ? groupByRow(check.result.duplicates) : [];
  const undecided = duplicateRows.filter((row) => !decisions[row.ref]).length;

  function goto(target: FacilityStep) {
    setStep(target);
    setFurthest((f) => (target > f ? target : f));
    setAttempted(false);
  }

  function update(change: (d: Draft) => Draft) {
    setDraft((d) => (d ? change(d) : d));
    // A changed mapping must be checked again before importing.
    setCheck(null);
    setFurthest((f) => (f > 3 ? 3 : f));
  }

  async function onFiles(chosen: File[]) {
    setFailure(null);
    setFileNames(chosen.map((f) => f.name));
    if (chosen.length > MAX_FILES) {
      setFailure({ message: t('import.tooManyFiles', { max: MAX_FILES }), issues: [], unchanged: false });
      return;
    }
    const mine = ++request.current;
    setBusy('read');
    setPreview(null);
    setCheck(null);
    setDraft(null);
    setColumnCategories(null);
    setFurthest(1);
    try {
      const read = await readFiles(chosen);
      const result = await api.call('imports.facilityPreview', { files: read });
      if (mine !== request.current) return;
      setFiles(read);
      setPreview(result);
      setDraft(draftFromPreview(result));
    } catch (e) {
      if (mine === request.current) setFailure(failureFrom(e, 'read'));
    } finally {
      if (mine === request.current) setBusy(null);
    }
  }

  function options(d: Draft) {
    const crs = d.fileCrs.trim();
    return { mapping: toMapping(d, kind) as Record<string, unknown>, ...(kind === 'geometry' && crs ? { crs } : {}) };
  }

  /** Main checks the draft against the whole file; the preview step shows what it found. */
  async function runCheck(d: Draft = draft!) {
    const mine = ++request.current;
    setBusy('check');
    setFailure(null);
    try {
      const result = await api.call('imports.facilityPreview', { files, ...options(d) });
      if (mine !== request.current) return;
      setCheck(result);
      // Decisions stay for rows still in question; new rows start undecided.
      const refs = new Set(result.result.duplicates.map((p) => p.ref));
      setDecisions((current) => Object.fromEntries(Object.entries(current).filter(([ref]) => refs.has(ref))));
      goto(4);
    } catch (e) {
      if (mine === request.current) setFailure(failureFrom(e, 'read'));
    } finally {
      if (mine === request.current) setBusy(null);
    }
  }

  async function runImport() {
    if (!draft || !check) return;
    goto(6);
    setBusy('import');
    setProgress(null);
    setSummary(null);
    setFailure(null);
    try {
      const result = await runJob(api, setProgress, (jobId) =>
        api.call('imports.facilities', {
          jobId,
          files,
          ...options(draft),
          decisions: Object.entries(decisions).map(([ref, decision]) => ({ ref, decision })),
        }),
      );
      setSummary(result);
      onImported?.(result);
    } catch (e) {
      setFailure(failureFrom(e, 'import'));
    } finally {
      setBusy(null);
    }
  }

  function next() {
    if (busy || !draft) return;
    if (step === 1) goto(2);
    else if (step === 2 || step === 3) {
      if (missing.length > 0) {
        setAttempted(true);
        return;
      }
      if (step === 2) {
        const unit = suggestedCapacityUnit(draft, categories);
        if (unit) update((d) => ({ ...d, fields: { ...d.fields, capacityUnit: { mode: 'value', text: unit } } }));
        goto(3);
      } else void runCheck();
    } else if (step === 4) {
      if (duplicateRows.length > 0) goto(5);
      else void runImport();
    } else if (step === 5) void runImport();
  }

  function back() {
    if (busy || step === 1) return;
    setFailure(null);
    goto((step === 6 ? (duplicateRows.length > 0 ? 5 : 4) : step - 1) as FacilityStep);
  }

  function jump(target: FacilityStep) {
    if (busy || target === step) return;
    setFailure(null);
    if (target === 4 && !check) void runCheck();
    else goto(target);
  }

  const done = step === 6 && summary !== null;
  const canNext =
    step === 1 ? Boolean(preview && draft) : step === 4 ? Boolean(check?.result.importable) : step === 5 ? undecided === 0 && Boolean(check?.result.importable) : step < 6;
  const nextLabel =
    step === 3 ? t('facilityImport.nav.check') : (step === 4 && duplicateRows.length === 0) || step === 5 ? t('facilityImport.nav.import') : t('facilityImport.nav.next');
  const missingMessages = attempted ? missing.map((key) => missingMessage(key, t)) : [];

  return (
    <Modal
      title={t('facilityImport.title')}
      onClose={busy === 'import' ? () => {} : onClose}
      testId="facility-import-dialog"
      size="wide"
      footer={
        <WizardFooter
          finished={done}
          onClose={onClose}
          closeDisabled={busy === 'import'}
          back={step > 1 && !done ? { label: t('facilityImport.nav.back'), onClick: back, disabled: busy !== null, testId: 'facility-import-back' } : null}
          next={step < 6 ? { label: nextLabel, onClick: next, disabled: busy !== null || !canNext, testId: 'facility-import-next' } : null}
          done={{ label: t('facilityImport.nav.done'), onClick: onClose, testId: 'facility-import-done' }}
        />
      }
    >
      <FacilityImportStepper step={step} furthest={furthest} locked={busy !== null || step === 6} onGo={jump} />
      <h3 className="vw-step-title" ref={headingRef} tabIndex={-1} data-testid="facility-import-step">
        {t('facilityImport.stepTitle', { n: step, label: t(`facilityImport.steps.${step}`) })}
      </h3>
      <p className="hint vw-step-intro">{t(`facilityImport.intro.${step}`)}</p>

      {missingMessages.length > 0 ? (
        <div className="notice notice--error" role="alert" data-testid="facility-import-missing">
          <ul className="fi-plain-list">
            {missingMessages.map((message) => (
              <li key={message}>{message}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <WizardStatus
        busyText={busy === 'read' ? t('facilityImport.reading') : busy === 'check' ? t('facilityImport.checking') : null}
        failure={step < 6 ? failure : null}
        testId="facility-import-read-failure"
      />

      {step === 1 ? <StepFile fileNames={fileNames} preview={preview} busy={busy !== null} onFiles={(chosen) => void onFiles(chosen)} /> : null}
      {step === 2 && preview && draft ? <StepCategory
          draft={draft}
          update={update}
          preview={preview}
          categories={categories}
          columnCategories={columnCategories?.column === draft.categoryColumn ? columnCategories.found : null}
          showErrors={attempted}
        /> : null}
      {step === 3 && preview && draft ? <StepFields draft={draft} update={update} preview={preview} missing={attempted ? missing : []} /> : null}
      {step === 4 && check && draft ? (
        <StepPreview
          check={check}
          keepValidRowsOnly={draft.keepValidRowsOnly}
          busy={busy !== null}
          onKeepValidRowsOnly={(keep) => {
            const nextDraft = { ...draft, keepValidRowsOnly: keep };
            setDraft(nextDraft);
            void runCheck(nextDraft);
          }}
        />
      ) : null}
      {step === 5 && check ? (
        <StepDuplicates
          pairs={check.result.duplicates}
          decisions={decisions}
          onDecide={(refs, decision) => setDecisions((current) => ({ ...current, ...Object.fromEntries(refs.map((ref) => [ref, decision])) }))}
        />
      ) : null}
      {step === 6 ? (
        <StepResult
          running={busy === 'import'}
          progress={progress}
          summary={summary}
          failure={failure}
          statusRef={statusRef}
          onBack={() => {
            setFailure(null);
            goto(duplicateRows.length > 0 ? 5 : 4);
          }}
        />
      ) : null}
    </Modal>
  );
}

function missingMessage(key: Missing, t: TFunction): string {
  if (!key.startsWith('field.')) return t(`facilityImport.missing.${key as Exclude<Missing, `field.${string}`>}`);
  return t('facilityImport.missing.field', { field: t(`facilityImport.fields.${key.slice(6) as MappedField}`) });
}
