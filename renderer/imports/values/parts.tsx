import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { ImportIssue } from '../../../shared/import-issue.ts';
import { ApiError, errorMessage } from '../../api/client.ts';
import { issuesFrom } from '../IssueList.tsx';
import { WizardStepper } from '../WizardStepper.tsx';
import type { FieldErrors } from './draft.ts';

export type StepNo = 1 | 2 | 3 | 4 | 5 | 6;
export const STEPS: readonly StepNo[] = [1, 2, 3, 4, 5, 6];
export type { ImportProgress as Progress } from '../ProgressView.tsx';

/** A refused call: main's German message and, for `import-failed`, every issue. */
export interface Failure {
  message: string;
  issues: ImportIssue[];
  /** Only an import that main refused as a whole is known to have left the database alone. */
  unchanged: boolean;
}

export function failureFrom(error: unknown, stage: 'read' | 'import'): Failure {
  const importFailed = error instanceof ApiError && error.code === 'import-failed';
  return { message: errorMessage(error), issues: importFailed ? issuesFrom(error.details) : [], unchanged: stage === 'import' && importFailed };
}

/** The values wizard's steps in the shared stepper's look. */
export function Stepper({ step, furthest, disabled, onGo }: { step: StepNo; furthest: StepNo; disabled: boolean; onGo: (step: StepNo) => void }) {
  const { t } = useTranslation();
  return (
    <WizardStepper
      steps={STEPS}
      step={step}
      furthest={furthest}
      locked={disabled || step === 6}
      label={t('valuesWizard.stepsLabel')}
      stepLabel={(n) => t(`valuesWizard.steps.${n}`)}
      stepAria={(n, label) => t('valuesWizard.stepOf', { n, label })}
      onGo={onGo}
    />
  );
}

/** Messages for one field, below it; its id goes into the field's aria-describedby. */
export function FieldMessages({ id, messages }: { id: string; messages: readonly string[] | undefined }) {
  if (!messages || messages.length === 0) return null;
  return (
    <p className="inline-error vw-field-error" id={id}>
      {messages.join(' ')}
    </p>
  );
}

/** Props for an input with messages: aria-invalid and the message id. */
export function fieldAria(errors: FieldErrors, key: string, id: string, hint?: string) {
  const has = (errors[key]?.length ?? 0) > 0;
  const describedBy = [has ? `${id}-error` : null, hint ?? null].filter(Boolean).join(' ');
  return { 'aria-invalid': has || undefined, 'aria-describedby': describedBy || undefined };
}

/** All messages of the draft at the top of a step, each with the step where it is fixed. */
export function ErrorSummary({ errors, onGo, here }: { errors: FieldErrors; onGo: (step: StepNo) => void; here: StepNo }) {
  const { t } = useTranslation();
  const entries = Object.entries(errors);
  if (entries.length === 0) return null;
  return (
    <div className="notice notice--error vw-error-summary" role="alert" data-testid="values-wizard-errors">
      <p>
        <strong>{t('valuesWizard.incomplete')}</strong>
      </p>
      <ul>
        {entries.map(([key, messages]) => {
          const target = stepOfField(key);
          return (
            <li key={key}>
              {messages.join(' ')}
              {target !== here ? (
                <>
                  {' '}
                  <button type="button" className="link-button" onClick={() => onGo(target)}>
                    {t('valuesWizard.fixInStep', { n: target, label: t(`valuesWizard.steps.${target}`) })}
                  </button>
                </>
              ) : null}
            </li>
          );
        })}
      </ul>
    </div>
  );
}

export function stepOfField(key: string): StepNo {
  if (key.startsWith('file.') || key === 'file') return 2;
  if (key.startsWith('units.assignments')) return 4;
  if (key === 'name' || key === 'keepValidRowsOnly') return 5;
  return 3;
}

/** "Zuordnung speichern als …": the name is the mapping's name. */
export function SaveMappingForm({
  name,
  onName,
  onSave,
  busy,
  savedAs,
  errors,
}: {
  name: string;
  onName: (name: string) => void;
  onSave: () => void;
  busy: boolean;
  savedAs: string | null;
  errors: readonly string[] | undefined;
}) {
  const { t } = useTranslation();
  const id = useId();
  const hint = `${id}-hint`;
  const has = (errors?.length ?? 0) > 0;
  return (
    <form
      className="vw-save"
      onSubmit={(e) => {
        e.preventDefault();
        onSave();
      }}
    >
      <label htmlFor={id}>{t('valuesWizard.save.label')}</label>
      <div className="vw-inline">
        <input
          id={id}
          type="text"
          className="input vw-save-name"
          value={name}
          aria-invalid={has || undefined}
          aria-describedby={[has ? `${id}-error` : '', hint].filter(Boolean).join(' ')}
          onChange={(e) => onName(e.target.value)}
        />
        <button type="submit" className="button" disabled={busy}>
          {t('valuesWizard.save.button')}
        </button>
      </div>
      <FieldMessages id={`${id}-error`} messages={errors} />
      <p className="hint" id={hint}>
        {t('valuesWizard.save.hint')}
      </p>
      {savedAs ? (
        <p className="vw-saved" role="status" data-testid="values-wizard-saved">
          {t('valuesWizard.save.saved', { name: savedAs })}
        </p>
      ) : null}
    </form>
  );
}
