import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { MethodOutput } from '../../../shared/contract.ts';
import { FilePicker } from '../../components/FilePicker.tsx';
import { formatInteger } from '../../components/format.ts';
import { IssueList } from '../IssueList.tsx';
import type { TablePreview } from './draft.ts';

export const ACCEPTED_TABLE_FILES = '.csv,.txt,.xlsx';

export type SavedMapping = MethodOutput<'mappings.list'>[number];

export interface StepFileProps {
  fileName: string | null;
  preview: TablePreview | null;
  busy: boolean;
  mappings: readonly SavedMapping[];
  savedMappingId: string;
  mappingErrors: readonly string[];
  onFile: (file: File) => void;
  onMapping: (id: string) => void;
}

/** Step 1: the file, and optionally last year's mapping to read it with. */
export function StepFile({ fileName, preview, busy, mappings, savedMappingId, mappingErrors, onFile, onMapping }: StepFileProps) {
  const { t, i18n } = useTranslation();
  const ids = { mapping: useId(), mappingHint: useId() };
  const saved = mappings.find((m) => m.id === savedMappingId);

  return (
    <div className="vw-step-body">
      <FilePicker
        accept={ACCEPTED_TABLE_FILES}
        disabled={busy}
        chooseLabel={t('valuesWizard.file.choose')}
        chosen={fileName ?? t('valuesWizard.file.none')}
        hint={t('valuesWizard.file.hint')}
        testId="values-wizard-file"
        onFiles={([file]) => onFile(file!)}
      />

      <div className="field">
        <label htmlFor={ids.mapping}>{t('valuesWizard.file.mapping')}</label>
        <select
          id={ids.mapping}
          className="input"
          value={savedMappingId}
          disabled={busy}
          aria-describedby={ids.mappingHint}
          onChange={(e) => onMapping(e.target.value)}
          data-testid="values-wizard-mapping"
        >
          <option value="">{t('valuesWizard.file.newMapping')}</option>
          {mappings.map((m) => (
            <option key={m.id} value={m.id}>
              {m.name}
            </option>
          ))}
        </select>
        <p id={ids.mappingHint} className="hint">
          {mappings.length === 0 ? t('valuesWizard.file.noMappings') : saved ? t('valuesWizard.file.mappingChosen') : t('valuesWizard.file.mappingHint')}
        </p>
        {saved && typeof saved.mapping['description'] === 'string' ? <p className="vw-description">{saved.mapping['description']}</p> : null}
        {mappingErrors.length > 0 ? (
          <div className="notice notice--error" role="alert">
            <p>{t('valuesWizard.file.mappingInvalid')}</p>
            <ul className="vw-plain-list">
              {mappingErrors.map((message) => (
                <li key={message}>{message}</li>
              ))}
            </ul>
          </div>
        ) : null}
      </div>

      {preview ? (
        <div className="vw-file-summary" data-testid="values-wizard-file-summary">
          <p className="notice notice--success">
            {t('valuesWizard.file.recognised', {
              file: preview.file,
              format: preview.format.toUpperCase(),
              rows: formatInteger(preview.rowCount, i18n.language),
              columns: formatInteger(preview.header.length, i18n.language),
            })}
          </p>
          <IssueList issues={preview.warnings} />
        </div>
      ) : null}
    </div>
  );
}
