import { useEffect, useEffectEvent, useId, useMemo, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { MethodOutput } from '../../shared/contract.ts';
import type { ImportIssue } from '../../shared/import-issue.ts';
import { useApi } from '../api/context.tsx';
import { ApiError, errorMessage } from '../api/client.ts';
import { Modal } from '../components/Modal.tsx';
import { formatInteger } from '../components/format.ts';
import type { Level } from '../map/levels.ts';
import { IssueList, issuesFrom } from './IssueList.tsx';
import { ProgressView, type ImportProgress } from './ProgressView.tsx';
import {
  attributeFit,
  sameLevelName,
  sortAttributes,
  suggestGroupField,
  suggestLevelName,
  suggestNameField,
  type LevelAttribute,
} from './dissolve-suggestions.ts';
import { runJob } from './run-job.ts';
import './geometry-dialogs.css';

type Summary = MethodOutput<'levels.dissolve'>;
type Groups = MethodOutput<'levels.groups'>;

/** Members named per group in the preview; the rest is counted. */
const MEMBERS_SHOWN = 8;
/** Example values per attribute in the list. */
const EXAMPLES_SHOWN = 3;

type Load<T> = { kind: 'idle' } | { kind: 'loading' } | { kind: 'ready'; value: T } | { kind: 'error'; message: string };

type Run =
  | { kind: 'form' }
  | { kind: 'running'; progress: ImportProgress | null }
  | { kind: 'failed'; message: string; issues: ImportIssue[]; unchanged: boolean }
  | { kind: 'done'; summary: Summary; levelName: string; groupCount: number; unitCount: number; sourceName: string };

export interface DissolveLevelDialogProps {
  /** The levels that exist (from levels.list). */
  levels: readonly Level[];
  /** The level to start from, e.g. the one shown on the map. */
  initialLevelId?: string | null;
  /** Called once the new level is written; the map switches to it. */
  onDissolved: (summary: Summary, levelName: string) => void;
  onClose: () => void;
}

/**
 * Builds a higher level by merging the units of a level that share an attribute (Gelsenkirchen:
 * 18 Stadtteile by bezirk_bez → 5 Stadtbezirke): choose level, attribute and name, check the
 * groups, run it as a job.
 */
export function DissolveLevelDialog({ levels, initialLevelId, onDissolved, onClose }: DissolveLevelDialogProps) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const api = useApi();
  const ids = { form: useId(), source: useId(), attributes: useId(), attributesHint: useId(), name: useId(), nameHint: useId(), level: useId(), levelHint: useId(), radio: useId() };
  const candidates = useMemo(() => levels.filter((l) => l.unitCount > 1), [levels]);
  const [sourceId, setSourceId] = useState<string>(() => {
    const initial = candidates.find((l) => l.id === initialLevelId);
    // The finest level is the usual start (Stadtteile → Stadtbezirke).
    return initial?.id ?? candidates.at(-1)?.id ?? '';
  });
  const source = levels.find((l) => l.id === sourceId) ?? null;
  const [attributes, setAttributes] = useState<Load<LevelAttribute[]>>({ kind: 'idle' });
  const [groupField, setGroupField] = useState('');
  const [nameField, setNameField] = useState('');
  const [levelName, setLevelName] = useState('');
  const [levelNameTouched, setLevelNameTouched] = useState(false);
  const [groups, setGroups] = useState<Load<Groups>>({ kind: 'idle' });
  const [run, setRun] = useState<Run>({ kind: 'form' });
  const [formError, setFormError] = useState<string | null>(null);
  const statusRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (run.kind !== 'form') statusRef.current?.focus();
  }, [run.kind]);

  const preselect = useEffectEvent((list: readonly LevelAttribute[]) => {
    const field = suggestGroupField(list, source?.unitCount ?? 0);
    if (field) chooseGroupField(field, list);
  });

  // The attributes of the chosen level; a sensible one is preselected.
  useEffect(() => {
    if (!sourceId) return;
    let cancelled = false;
    setAttributes({ kind: 'loading' });
    setGroupField('');
    setNameField('');
    api.call('levels.attributes', { levelId: sourceId }).then(
      (list) => {
        if (cancelled) return;
        setAttributes({ kind: 'ready', value: list });
        preselect(list);
      },
      (error: unknown) => !cancelled && setAttributes({ kind: 'error', message: errorMessage(error) }),
    );
    return () => {
      cancelled = true;
    };
  }, [api, sourceId]);

  // The groups this choice would build.
  useEffect(() => {
    if (!sourceId || !groupField) {
      setGroups({ kind: 'idle' });
      return;
    }
    let cancelled = false;
    setGroups({ kind: 'loading' });
    api.call('levels.groups', { levelId: sourceId, groupField, ...(nameField ? { nameField } : {}) }).then(
      (value) => !cancelled && setGroups({ kind: 'ready', value }),
      (error: unknown) => !cancelled && setGroups({ kind: 'error', message: errorMessage(error) }),
    );
    return () => {
      cancelled = true;
    };
  }, [api, sourceId, groupField, nameField]);

  function chooseGroupField(field: string, list: readonly LevelAttribute[] = attributes.kind === 'ready' ? attributes.value : []) {
    setGroupField(field);
    setNameField(suggestNameField(list, field) ?? '');
    if (!levelNameTouched) setLevelName(suggestLevelName(field, source?.name ?? ''));
    setFormError(null);
  }

  const trimmedName = levelName.trim();
  const existingTarget = trimmedName ? levels.find((l) => sameLevelName(l.name, trimmedName)) : undefined;
  const nameIsSource = Boolean(source && existingTarget?.id === source.id);
  const preview = groups.kind === 'ready' ? groups.value : null;
  const blocked = !preview || preview.withoutGroup.length > 0 || preview.groups.length === 0 || nameIsSource || !trimmedName;

  async function start(event: FormEvent) {
    event.preventDefault();
    if (!source || !groupField) {
      setFormError(t('dissolve.fieldMissing'));
      return;
    }
    if (!trimmedName) {
      setFormError(t('dissolve.levelMissing'));
      return;
    }
    if (nameIsSource) {
      setFormError(t('dissolve.levelIsSource'));
      return;
    }
    if (!preview || blocked) return;
    setFormError(null);
    const counts = { groupCount: preview.groups.length, unitCount: preview.unitCount, sourceName: source.name };
    setRun({ kind: 'running', progress: null });
    const onProgress = (progress: ImportProgress) => setRun((current) => (current.kind === 'running' ? { kind: 'running', progress } : current));
    try {
      const summary = await runJob(api, onProgress, (jobId) =>
        api.call('levels.dissolve', {
          jobId,
          sourceLevel: source.name,
          groupField,
          ...(nameField ? { nameField } : {}),
          level: trimmedName,
        }),
      );
      setRun({ kind: 'done', summary, levelName: trimmedName, ...counts });
      onDissolved(summary, trimmedName);
    } catch (error) {
      const importFailed = error instanceof ApiError && error.code === 'import-failed';
      setRun({ kind: 'failed', message: errorMessage(error), issues: importFailed ? issuesFrom(error.details) : [], unchanged: importFailed });
    }
  }

  const busy = run.kind === 'running';
  const attributeList = attributes.kind === 'ready' ? attributes.value : [];
  const sorted = source ? sortAttributes(attributeList, source.unitCount) : attributeList;
  const groupAttribute = attributeList.find((a) => a.name === groupField);

  function describeValues(attribute: LevelAttribute, fit: ReturnType<typeof attributeFit>): string {
    if (fit === 'empty') return t('dissolve.valuesEmpty');
    const shown = attribute.examples.slice(0, EXAMPLES_SHOWN).map((v) => (v.length > 30 ? `${v.slice(0, 29)}…` : v));
    const examples = shown.join(', ') + (attribute.distinctCount > shown.length ? ' …' : '');
    const notes: string[] = [];
    if (fit === 'each') notes.push(t('dissolve.valuesEach'));
    if (fit === 'single') notes.push(t('dissolve.valuesSingle'));
    if (attribute.missingCount > 0) notes.push(t('dissolve.valuesMissing', { count: attribute.missingCount }));
    const values = t('dissolve.values', { count: attribute.distinctCount, examples });
    return notes.length > 0 ? `${values} (${notes.join('; ')})` : values;
  }

  return (
    <Modal
      title={t('dissolve.title')}
      onClose={onClose}
      testId="dissolve-dialog"
      size="wide"
      footer={
        <>
          <button type="button" className="button button--quiet" onClick={onClose}>
            {run.kind === 'done' ? t('common.close') : t('common.cancel')}
          </button>
          {run.kind === 'form' || run.kind === 'running' ? (
            <button type="submit" form={ids.form} className="button button--primary" disabled={blocked || busy} data-testid="dissolve-start">
              {t('dissolve.start')}
            </button>
          ) : null}
        </>
      }
    >
      {run.kind === 'done' ? (
        <div className="import-result" role="status" data-testid="dissolve-result" ref={statusRef} tabIndex={-1}>
          <p className="notice notice--success">
            {t('dissolve.success', { level: run.levelName, count: run.groupCount, units: formatInteger(run.unitCount, lang), source: run.sourceName })}
          </p>
          <dl className="facts facts--inline">
            <dt>{t('import.created')}</dt>
            <dd>{formatInteger(run.summary.created, lang)}</dd>
            <dt>{t('import.updated')}</dt>
            <dd>{formatInteger(run.summary.updated, lang)}</dd>
            <dt>{t('import.unchanged')}</dt>
            <dd>{formatInteger(run.summary.unchanged, lang)}</dd>
          </dl>
          <p>{t('dissolve.mapShows', { level: run.levelName })}</p>
          {run.summary.warnings.length > 0 ? (
            <>
              <h3 className="section-title">{t('import.warnings', { count: run.summary.warnings.length })}</h3>
              <IssueList issues={run.summary.warnings} testId="dissolve-warnings" />
            </>
          ) : null}
        </div>
      ) : run.kind === 'failed' ? (
        <div className="import-failure" role="alert" data-testid="dissolve-failure" ref={statusRef} tabIndex={-1}>
          <p className="notice notice--error">
            <strong>{run.issues.length > 0 && run.issues.some((i) => run.message.includes(i.message)) ? t('dissolve.failed', { count: run.issues.length }) : run.message}</strong>
          </p>
          <IssueList issues={run.issues} testId="dissolve-issues" />
          {run.unchanged ? <p className="unchanged-note">{t('import.nothingChanged')}</p> : null}
          <div className="button-row">
            <button type="button" className="button" onClick={() => setRun({ kind: 'form' })}>
              {t('dissolve.back')}
            </button>
          </div>
        </div>
      ) : (
        <form id={ids.form} className="form dissolve-form" onSubmit={(e) => void start(e)} noValidate>
          <p className="dissolve-intro">{t('dissolve.intro')}</p>
          {candidates.length === 0 ? (
            <p className="notice" role="status">
              {t('dissolve.noLevels')}
            </p>
          ) : null}
          <fieldset className="dissolve-fieldset" disabled={busy}>
            <div className="field">
              <label htmlFor={ids.source}>{t('dissolve.source')}</label>
              <select id={ids.source} className="input" value={sourceId} onChange={(e) => setSourceId(e.target.value)}>
                {candidates.map((level) => (
                  <option key={level.id} value={level.id}>
                    {t('dissolve.sourceOption', { name: level.name, count: level.unitCount })}
                  </option>
                ))}
              </select>
            </div>

            <fieldset className="dissolve-attributes" aria-describedby={ids.attributesHint} data-testid="dissolve-attributes">
              <legend>{t('dissolve.groupField')}</legend>
              <p id={ids.attributesHint} className="hint">
                {t('dissolve.groupFieldHint')}
              </p>
              {attributes.kind === 'loading' ? <p className="muted" role="status">{t('dissolve.readingAttributes')}</p> : null}
              {attributes.kind === 'error' ? <p className="notice notice--error" role="alert">{attributes.message}</p> : null}
              {attributes.kind === 'ready' && attributeList.length === 0 ? <p className="notice">{t('dissolve.noAttributes')}</p> : null}
              {attributes.kind === 'ready' && attributeList.length > 0 ? (
                <div className="dissolve-attribute-list">
                  {sorted.map((attribute) => {
                    const fit = attributeFit(attribute, source?.unitCount ?? 0);
                    return (
                      <label key={attribute.name} className={`dissolve-attribute dissolve-attribute--${fit}`}>
                        <input
                          type="radio"
                          name={ids.radio}
                          value={attribute.name}
                          checked={groupField === attribute.name}
                          disabled={fit === 'empty'}
                          onChange={() => chooseGroupField(attribute.name)}
                        />
                        <span>
                          <span className="mono dissolve-attribute-name">{attribute.name}</span>
                          <span className="dissolve-attribute-values"> — {describeValues(attribute, fit)}</span>
                        </span>
                      </label>
                    );
                  })}
                </div>
              ) : null}
            </fieldset>

            {groupField ? (
              <div className="form-grid dissolve-names">
                <div className="field">
                  <label htmlFor={ids.name}>{t('dissolve.nameField')}</label>
                  <select id={ids.name} className="input" value={nameField} aria-describedby={ids.nameHint} onChange={(e) => setNameField(e.target.value)}>
                    <option value="">{t('dissolve.nameFromGroup', { field: groupField })}</option>
                    {attributeList
                      .filter((a) => a.name !== groupField && a.distinctCount > 0)
                      .map((a) => (
                        <option key={a.name} value={a.name}>
                          {a.name}
                        </option>
                      ))}
                  </select>
                  <p id={ids.nameHint} className="hint">
                    {t('dissolve.nameFieldHint')}
                  </p>
                </div>
                <div className="field">
                  <label htmlFor={ids.level}>{t('dissolve.level')}</label>
                  <input
                    id={ids.level}
                    type="text"
                    className="input"
                    value={levelName}
                    placeholder={t('dissolve.levelPlaceholder')}
                    aria-describedby={ids.levelHint}
                    aria-invalid={nameIsSource || undefined}
                    onChange={(e) => {
                      setLevelName(e.target.value);
                      setLevelNameTouched(true);
                    }}
                  />
                  <p id={ids.levelHint} className={nameIsSource ? 'inline-error' : 'hint'}>
                    {nameIsSource
                      ? t('dissolve.levelIsSource')
                      : existingTarget
                        ? t('dissolve.levelExists', { level: existingTarget.name })
                        : t('dissolve.levelHint')}
                  </p>
                </div>
              </div>
            ) : null}
          </fieldset>

          {groupField ? (
            <section className="dissolve-preview" aria-label={t('dissolve.previewTitle')} data-testid="dissolve-preview" aria-busy={groups.kind === 'loading' || undefined}>
              <h3 className="section-title">{t('dissolve.previewTitle')}</h3>
              {groups.kind === 'loading' ? <p className="muted">{t('dissolve.readingGroups')}</p> : null}
              {groups.kind === 'error' ? <p className="notice notice--error" role="alert">{groups.message}</p> : null}
              {preview ? (
                <>
                  <p data-testid="dissolve-preview-summary">
                    {t('dissolve.previewSummary', {
                      count: preview.groups.length,
                      units: formatInteger(preview.unitCount - preview.withoutGroup.length, lang),
                      level: trimmedName || t('dissolve.newLevel'),
                    })}
                  </p>
                  {preview.withoutGroup.length > 0 ? (
                    <div className="notice notice--error" role="alert" data-testid="dissolve-without-group">
                      {t('dissolve.withoutGroup', { count: preview.withoutGroup.length, field: groupField })}{' '}
                      {preview.withoutGroup.map((m) => `${m.name} (${m.code})`).join(', ')}
                    </div>
                  ) : null}
                  {groupAttribute && attributeFit(groupAttribute, source?.unitCount ?? 0) === 'each' ? (
                    <p className="notice">{t('dissolve.eachAlone')}</p>
                  ) : null}
                  <div className="table-scroll dissolve-groups" tabIndex={0} role="region" aria-label={t('dissolve.previewTable')}>
                    <table className="data-table">
                      <thead>
                        <tr>
                          <th scope="col">{t('dissolve.colGroup')}</th>
                          <th scope="col" className="dissolve-count">{t('dissolve.colCount')}</th>
                          <th scope="col">{t('dissolve.colMembers', { level: source?.name ?? '' })}</th>
                        </tr>
                      </thead>
                      <tbody>
                        {preview.groups.map((group) => (
                          <tr key={group.key}>
                            <th scope="row" className="dissolve-group-name">
                              {group.name}
                              {group.name !== group.key ? <span className="muted small"> ({group.key})</span> : null}
                              {group.otherNames.length > 0 ? (
                                <span className="inline-error dissolve-other-names">{t('dissolve.otherNames', { names: group.otherNames.join(', ') })}</span>
                              ) : null}
                            </th>
                            <td className="dissolve-count">{formatInteger(group.members.length, lang)}</td>
                            <td>
                              {group.members
                                .slice(0, MEMBERS_SHOWN)
                                .map((m) => m.name)
                                .join(', ')}
                              {group.members.length > MEMBERS_SHOWN ? ` ${t('dissolve.more', { count: group.members.length - MEMBERS_SHOWN })}` : ''}
                            </td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </div>
                </>
              ) : null}
            </section>
          ) : null}

          {formError ? (
            <p role="alert" className="notice notice--error">
              {formError}
            </p>
          ) : null}
          {run.kind === 'running' ? <ProgressView progress={run.progress} ref={statusRef} testId="dissolve-progress" /> : null}
        </form>
      )}
    </Modal>
  );
}
