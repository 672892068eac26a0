import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { EventPayload, MethodOutput } from '../../shared/contract.ts';
import type { ImportIssue } from '../../shared/import-issue.ts';
import { useApi } from '../api/context.tsx';
import { ApiError, errorMessage } from '../api/client.ts';
import { FilePicker } from '../components/FilePicker.tsx';
import { Modal } from '../components/Modal.tsx';
import { formatDate, formatInteger, formatValue } from '../components/format.ts';
import { ProgressView } from './ProgressView.tsx';
import { IssueList, issuesFrom } from './IssueList.tsx';
import { sameLevelName } from './dissolve-suggestions.ts';
import { runJob } from './run-job.ts';
import './geometry-dialogs.css';

type Preview = MethodOutput<'imports.preview'>;
type Summary = MethodOutput<'imports.units'>;
type Progress = EventPayload<'job.progress'>;
interface SourceFile {
  name: string;
  data: Uint8Array<ArrayBuffer>;
}

export const ACCEPTED_UNIT_FILES = '.geojson,.json,.zip,.shp,.dbf,.shx,.prj,.cpg,.gpkg,.kml,.kmz';
const MAX_FILES = 10;
const SAMPLE_ROWS = 3;

type Step =
  | { kind: 'choose' }
  | { kind: 'reading' }
  | { kind: 'preview'; preview: Preview }
  | { kind: 'running'; preview: Preview; progress: Progress | null }
  | { kind: 'failed'; stage: 'preview' | 'import'; preview: Preview | null; message: string; issues: ImportIssue[]; unchanged: boolean }
  | { kind: 'done'; summary: Summary; validFrom: string | null };

/** How an import into an existing level treats the units already there. */
type VersionMode = 'update' | 'version';

/** Today as YYYY-MM-DD in local time (the default "Gültig ab"). */
function today(): string {
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
}

/** The day before an ISO date: the end date main gives to units a new version no longer lists. */
function dayBefore(isoDate: string): string {
  const date = new Date(`${isoDate}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() - 1);
  return date.toISOString().slice(0, 10);
}

/** Errors that name a feature: the file is readable, single features are not (missing or repeated key). */
function hasInvalidFeatures(issues: readonly ImportIssue[]): boolean {
  return issues.some((issue) => issue.severity === 'error' && issue.feature !== undefined);
}

export interface ImportUnitsDialogProps {
  /** Names of the levels that exist, offered for the Ebene field. */
  existingLevels: readonly string[];
  onImported: (summary: Summary, levelName: string) => void;
  onClose: () => void;
}

export async function readFiles(list: Iterable<File>): Promise<SourceFile[]> {
  return Promise.all([...list].map(async (file) => ({ name: file.name, data: new Uint8Array(await file.arrayBuffer()) })));
}

/** Import spatial units from GeoJSON or Shapefile: choose files, check the preview, map fields, import. */
export function ImportUnitsDialog({ existingLevels, onImported, onClose }: ImportUnitsDialogProps) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const ids = {
    crs: useId(),
    crsHint: useId(),
    code: useId(),
    name: useId(),
    parent: useId(),
    level: useId(),
    levels: useId(),
    mode: useId(),
    validFrom: useId(),
    validFromHint: useId(),
    skip: useId(),
  };
  const [step, setStep] = useState<Step>({ kind: 'choose' });
  const [files, setFiles] = useState<SourceFile[]>([]);
  const [codeField, setCodeField] = useState('');
  const [nameField, setNameField] = useState('');
  const [parentField, setParentField] = useState('');
  const [level, setLevel] = useState('');
  const [crs, setCrs] = useState('');
  const [mode, setMode] = useState<VersionMode>('update');
  const [validFrom, setValidFrom] = useState(today);
  const [skipInvalid, setSkipInvalid] = useState(false);
  /** The checkbox to skip invalid features appears once an import named such features. */
  const [skipOffered, setSkipOffered] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const [chosenNames, setChosenNames] = useState<string[]>([]);
  const statusRef = useRef<HTMLDivElement>(null);
  /** Only the latest choice of files may fill the preview. */
  const choice = useRef(0);

  // Keyboard and screen-reader users land on what just happened: progress, error or result.
  useEffect(() => {
    if (step.kind === 'running' || step.kind === 'failed' || step.kind === 'done') statusRef.current?.focus();
  }, [step.kind]);

  async function onFilesChosen(chosen: File[]) {
    setFormError(null);
    setChosenNames(chosen.map((f) => f.name));
    // Skipping is offered per file, after it was refused.
    setSkipOffered(false);
    setSkipInvalid(false);
    if (chosen.length > MAX_FILES) {
      setFormError(t('import.tooManyFiles', { max: MAX_FILES }));
      return;
    }
    try {
      const read = await readFiles(chosen);
      setFiles(read);
      await runPreview(read);
    } catch (e) {
      setStep(failure('preview', null, e));
    }
  }

  /** Preview the chosen files (again, e.g. after entering a coordinate system). */
  async function runPreview(sourceFiles: SourceFile[]) {
    const mine = ++choice.current;
    setStep({ kind: 'reading' });
    try {
      const preview = await api.call('imports.preview', { files: sourceFiles, kind: 'units', ...crsInput() });
      if (mine !== choice.current) return;
      setCodeField(preview.suggested.codeField ?? '');
      setNameField(preview.suggested.nameField ?? '');
      setParentField(preview.suggested.parentField ?? '');
      setStep({ kind: 'preview', preview });
    } catch (e) {
      if (mine === choice.current) setStep(failure('preview', null, e));
    }
  }

  function crsInput(): { crs?: string } {
    const value = crs.trim();
    return value ? { crs: value } : {};
  }

  const existingLevel = existingLevels.find((name) => sameLevelName(name, level));
  const levelExists = existingLevel !== undefined;
  const newVersion = levelExists && mode === 'version';

  async function runImport(preview: Preview) {
    const levelName = level.trim();
    const versionDate = newVersion ? validFrom : null;
    setStep({ kind: 'running', preview, progress: null });
    const onProgress = (progress: Progress) => setStep((current) => (current.kind === 'running' ? { ...current, progress } : current));
    try {
      const summary = await runJob(api, onProgress, (jobId) =>
        api.call('imports.units', {
          jobId,
          files,
          level: levelName,
          ...(codeField ? { codeField } : {}),
          ...(nameField ? { nameField } : {}),
          ...(parentField ? { parentField } : {}),
          ...crsInput(),
          ...(versionDate ? { validFrom: versionDate } : {}),
          ...(skipOffered && skipInvalid ? { skipInvalidFeatures: true } : {}),
        }),
      );
      setStep({ kind: 'done', summary, validFrom: versionDate });
      onImported(summary, levelName);
    } catch (e) {
      const failed = failure('import', preview, e);
      if (failed.kind === 'failed' && hasInvalidFeatures(failed.issues)) setSkipOffered(true);
      setStep(failed);
    }
  }

  function submit(event: FormEvent, preview: Preview) {
    event.preventDefault();
    if (!level.trim()) {
      setFormError(t('import.levelMissing'));
      return;
    }
    if (newVersion && !/^\d{4}-\d{2}-\d{2}$/.test(validFrom)) {
      setFormError(t('import.validFromMissing'));
      return;
    }
    setFormError(null);
    void runImport(preview);
  }

  const preview = step.kind === 'preview' || step.kind === 'running' ? step.preview : step.kind === 'failed' ? step.preview : null;
  const lang = i18n.language;

  return (
    <Modal
      title={t('import.title')}
      onClose={onClose}
      testId="import-dialog"
      size="wide"
      footer={
        <button type="button" className="button button--quiet" onClick={onClose}>
          {step.kind === 'done' ? t('common.close') : t('common.cancel')}
        </button>
      }
    >
      {step.kind !== 'done' ? (
        <FilePicker
          accept={ACCEPTED_UNIT_FILES}
          multiple
          disabled={step.kind === 'running'}
          chooseLabel={t('import.filesLabel')}
          chosen={chosenNames.length > 0 ? chosenNames.join(', ') : t('import.noFiles')}
          hint={t('import.filesHint')}
          onFiles={(chosen) => void onFilesChosen(chosen)}
        >
          <details className="import-crs">
            <summary>{t('import.crsToggle')}</summary>
            <div className="import-crs-row">
              <label htmlFor={ids.crs}>{t('import.crsLabel')}</label>
              <input
                id={ids.crs}
                type="text"
                className="input input--compact mono"
                value={crs}
                placeholder="EPSG:25832"
                aria-describedby={ids.crsHint}
                disabled={step.kind === 'running'}
                onChange={(e) => setCrs(e.target.value)}
              />
              <button
                type="button"
                className="button"
                disabled={files.length === 0 || step.kind === 'running' || step.kind === 'reading'}
                onClick={() => void runPreview(files)}
              >
                {t('import.recheck')}
              </button>
            </div>
            <p id={ids.crsHint} className="hint">
              {t('import.crsHint')}
            </p>
          </details>
        </FilePicker>
      ) : null}

      {step.kind === 'reading' ? <p className="muted" role="status">{t('import.reading')}</p> : null}

      {preview && step.kind !== 'failed' ? (
        <section className="import-preview" aria-label={t('import.previewTitle')}>
          <dl className="facts facts--inline">
            <dt>{t('import.file')}</dt>
            <dd>{preview.file}</dd>
            <dt>{t('import.featureCount')}</dt>
            <dd data-testid="import-feature-count">{formatInteger(preview.featureCount, lang)}</dd>
            <dt>{t('import.sourceCrs')}</dt>
            <dd className="mono">{preview.sourceCrs}</dd>
          </dl>
          {preview.geometryKind !== 'polygon' ? (
            <p role="alert" className="notice notice--error">
              {t('import.notPolygons')}
            </p>
          ) : null}
          <IssueList issues={preview.warnings} />
          <div className="table-scroll" tabIndex={0} role="region" aria-label={t('import.sampleTitle')}>
            <table className="data-table">
              <caption>{t('import.sampleCaption', { shown: Math.min(SAMPLE_ROWS, preview.sample.length), total: preview.featureCount })}</caption>
              <thead>
                <tr>
                  {preview.fields.map((field) => (
                    <th key={field} scope="col">
                      {field}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {preview.sample.slice(0, SAMPLE_ROWS).map((row, index) => (
                  <tr key={index}>
                    {preview.fields.map((field) => (
                      <td key={field}>{formatValue(row[field])}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}

      {step.kind === 'preview' || step.kind === 'running' ? (
        <form className="form import-form" onSubmit={(e) => submit(e, step.preview)}>
          <fieldset disabled={step.kind === 'running'} className="form-grid">
            <legend className="visually-hidden">{t('import.mappingLegend')}</legend>
            <FieldSelect id={ids.code} label={t('import.codeField')} value={codeField} onChange={setCodeField} fields={step.preview.fields} />
            <FieldSelect id={ids.name} label={t('import.nameField')} value={nameField} onChange={setNameField} fields={step.preview.fields} />
            <FieldSelect id={ids.parent} label={t('import.parentField')} value={parentField} onChange={setParentField} fields={step.preview.fields} />
            <div className="field">
              <label htmlFor={ids.level}>{t('import.level')}</label>
              <input
                id={ids.level}
                type="text"
                className="input"
                required
                list={ids.levels}
                placeholder={t('import.levelPlaceholder')}
                value={level}
                onChange={(e) => setLevel(e.target.value)}
              />
              <datalist id={ids.levels}>
                {existingLevels.map((name) => (
                  <option key={name} value={name} />
                ))}
              </datalist>
            </div>
          </fieldset>
          {levelExists ? (
            <fieldset className="import-version" disabled={step.kind === 'running'} data-testid="import-version">
              <legend>{t('import.versionLegend', { level: existingLevel })}</legend>
              <div className="import-version-options">
                <label className="import-version-option">
                  <input type="radio" name={ids.mode} checked={mode === 'update'} onChange={() => setMode('update')} />
                  <span>
                    {t('import.modeUpdate')}
                    <span className="hint">{t('import.modeUpdateHint')}</span>
                  </span>
                </label>
                <label className="import-version-option">
                  <input type="radio" name={ids.mode} checked={mode === 'version'} onChange={() => setMode('version')} />
                  <span>
                    {t('import.modeVersion')}
                    <span className="hint">{t('import.modeVersionHint')}</span>
                  </span>
                </label>
              </div>
              {mode === 'version' ? (
                <div className="import-version-date">
                  <label htmlFor={ids.validFrom}>{t('import.validFrom')}</label>
                  <input
                    id={ids.validFrom}
                    type="date"
                    className="input input--compact"
                    required
                    value={validFrom}
                    aria-describedby={ids.validFromHint}
                    onChange={(e) => setValidFrom(e.target.value)}
                  />
                  <span id={ids.validFromHint} className="hint">
                    {/^\d{4}-\d{2}-\d{2}$/.test(validFrom) ? t('import.validFromHint', { date: formatDate(dayBefore(validFrom), lang) }) : null}
                  </span>
                </div>
              ) : null}
            </fieldset>
          ) : null}
          {skipOffered ? (
            <SkipInvalidCheckbox id={ids.skip} checked={skipInvalid} onChange={setSkipInvalid} disabled={step.kind === 'running'} />
          ) : null}
          {formError ? (
            <p role="alert" className="notice notice--error">
              {formError}
            </p>
          ) : null}
          {step.kind === 'running' ? (
            <ProgressView progress={step.progress} ref={statusRef} />
          ) : (
            <div className="button-row">
              <button type="submit" className="button button--primary" disabled={step.preview.geometryKind !== 'polygon'}>
                {t('import.start')}
              </button>
            </div>
          )}
        </form>
      ) : formError ? (
        <p role="alert" className="notice notice--error">
          {formError}
        </p>
      ) : null}

      {step.kind === 'failed' ? (
        <div className="import-failure" role="alert" data-testid="import-failure" ref={statusRef} tabIndex={-1}>
          <p className="notice notice--error">
            <strong>{headline(step, t)}</strong>
          </p>
          <IssueList issues={step.issues} testId="import-issues" />
          {step.unchanged ? <p className="unchanged-note">{t('import.nothingChanged')}</p> : null}
          {step.stage === 'import' && step.preview && hasInvalidFeatures(step.issues) ? (
            <SkipInvalidCheckbox id={ids.skip} checked={skipInvalid} onChange={setSkipInvalid} />
          ) : null}
          {step.stage === 'import' && step.preview ? (
            <div className="button-row">
              <button type="button" className="button" onClick={() => step.preview && setStep({ kind: 'preview', preview: step.preview })}>
                {t('import.back')}
              </button>
              {hasInvalidFeatures(step.issues) ? (
                <button type="button" className="button button--primary" disabled={!skipInvalid} onClick={() => step.preview && void runImport(step.preview)}>
                  {t('import.retrySkipping')}
                </button>
              ) : null}
            </div>
          ) : null}
        </div>
      ) : null}

      {step.kind === 'done' ? (
        <div className="import-result" role="status" data-testid="import-result" ref={statusRef} tabIndex={-1}>
          <p className="notice notice--success">{t('import.success', { file: step.summary.file })}</p>
          <dl className="facts facts--inline">
            <dt>{t('import.created')}</dt>
            <dd>{formatInteger(step.summary.created, lang)}</dd>
            <dt>{t('import.updated')}</dt>
            <dd>{formatInteger(step.summary.updated, lang)}</dd>
            <dt>{t('import.unchanged')}</dt>
            <dd>{formatInteger(step.summary.unchanged, lang)}</dd>
            {step.validFrom ? (
              <>
                <dt>{t('import.ended')}</dt>
                <dd data-testid="import-ended">{formatInteger(step.summary.ended ?? 0, lang)}</dd>
              </>
            ) : null}
          </dl>
          {step.validFrom ? (
            <p data-testid="import-version-summary">
              {t('import.versionSummary', {
                date: formatDate(step.validFrom, lang),
                added: t('import.unitCount', { count: step.summary.created }),
                ended: t('import.unitCount', { count: step.summary.ended ?? 0 }),
                end: formatDate(dayBefore(step.validFrom), lang),
              })}
            </p>
          ) : null}
          {step.summary.warnings.length > 0 ? (
            <>
              <h3 className="section-title">{t('import.warnings', { count: step.summary.warnings.length })}</h3>
              <IssueList issues={step.summary.warnings} testId="import-warnings" />
            </>
          ) : null}
        </div>
      ) : null}
    </Modal>
  );
}

/**
 * Main's message for `import-failed` often repeats the issues; then a count is the better
 * headline above the list. A message that says something else is shown as it is.
 */
function headline(step: Extract<Step, { kind: 'failed' }>, t: TFunction): string {
  const errors = step.issues.filter((issue) => issue.severity === 'error').length;
  const repeatsIssues = step.issues.some((issue) => step.message.includes(issue.message));
  if (!repeatsIssues || errors === 0) return step.message;
  return step.stage === 'preview' ? t('import.previewFailed', { count: errors }) : t('import.importFailed', { count: errors });
}

function failure(stage: 'preview' | 'import', preview: Preview | null, error: unknown): Step {
  const importFailed = error instanceof ApiError && error.code === 'import-failed';
  return {
    kind: 'failed',
    stage,
    preview,
    message: errorMessage(error),
    issues: importFailed ? issuesFrom(error.details) : [],
    // Only an import that main refused as a whole is known to have left the database alone.
    unchanged: stage === 'import' && importFailed,
  };
}

function FieldSelect(props: { id: string; label: string; value: string; onChange: (value: string) => void; fields: readonly string[] }) {
  const { t } = useTranslation();
  return (
    <div className="field">
      <label htmlFor={props.id}>{props.label}</label>
      <select id={props.id} className="input" value={props.value} onChange={(e) => props.onChange(e.target.value)}>
        <option value="">{t('import.noField')}</option>
        {props.fields.map((field) => (
          <option key={field} value={field}>
            {field}
          </option>
        ))}
      </select>
    </div>
  );
}

function SkipInvalidCheckbox(props: { id: string; checked: boolean; onChange: (checked: boolean) => void; disabled?: boolean }) {
  const { t } = useTranslation();
  return (
    <label className="import-skip" htmlFor={props.id}>
      <input id={props.id} type="checkbox" checked={props.checked} disabled={props.disabled} onChange={(e) => props.onChange(e.target.checked)} data-testid="import-skip-invalid" />
      <span>
        {t('import.skipInvalid')}
        <span className="hint">{t('import.skipInvalidHint')}</span>
      </span>
    </label>
  );
}
