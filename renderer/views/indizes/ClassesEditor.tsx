import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { MAX_CLASSES, MIN_CLASSES, setClassCount, type DraftIssue, type IndexDraft } from './draft.ts';
import { FieldError, issueAt } from './FieldError.tsx';
import { indexClassColors } from './preview-model.ts';

export interface ClassesEditorProps {
  draft: IndexDraft;
  onChange: (draft: IndexDraft) => void;
  issues: readonly DraftIssue[];
}

/**
 * Classes of the total, ascending need: a label each and the upper bound of every class but the
 * last. For z-scores the bounds are in standard deviations of the index, for Rang-Min-Max on 0..1.
 */
export function ClassesEditor({ draft, onChange, issues }: ClassesEditorProps) {
  const { t } = useTranslation();
  const countId = useId();
  const hintId = useId();
  const colors = indexClassColors(draft.labels.length);
  const n = draft.labels.length;
  const setLabel = (i: number, label: string) => onChange({ ...draft, labels: draft.labels.map((l, j) => (j === i ? label : l)) });
  const setCutoff = (i: number, text: string) => onChange({ ...draft, cutoffs: draft.cutoffs.map((c, j) => (j === i ? text : c)) });

  return (
    <fieldset className="index-section" data-testid="index-classes">
      <legend className="index-section-title">{t('indices.classes.legend')}</legend>
      <div className="field field--inline">
        <label htmlFor={countId}>{t('indices.classes.count')}</label>
        <select id={countId} className="input input--compact" value={n} onChange={(e) => onChange(setClassCount(draft, Number(e.target.value)))}>
          {Array.from({ length: MAX_CLASSES - MIN_CLASSES + 1 }, (_, i) => MIN_CLASSES + i).map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
      </div>
      <p id={hintId} className="hint">
        {draft.standardisation === 'z-score' ? t('indices.classes.hintZ') : t('indices.classes.hintRank')}
      </p>
      <table className="index-classes">
        <caption className="visually-hidden">{t('indices.classes.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">
              <span className="visually-hidden">{t('indices.classes.colour')}</span>
            </th>
            <th scope="col">{t('indices.classes.label')}</th>
            <th scope="col">{t('indices.classes.upTo')}</th>
          </tr>
        </thead>
        <tbody>
          {draft.labels.map((label, i) => {
            const labelIssue = issueAt(issues, `classes.labels.${i}`);
            const cutoffIssue = issueAt(issues, `classes.cutoffs.${i}`);
            return (
              <tr key={i} data-testid="index-class">
                <td>
                  <span className="swatch swatch--class" style={{ background: colors[i] }} aria-hidden="true" />
                </td>
                <td>
                  <input
                    className="input input--compact"
                    aria-label={t('indices.classes.labelOf', { n: i + 1 })}
                    value={label}
                    aria-invalid={labelIssue ? true : undefined}
                    onChange={(e) => setLabel(i, e.target.value)}
                    data-testid="class-label"
                  />
                  <FieldError issue={labelIssue} />
                </td>
                <td>
                  {i < n - 1 ? (
                    <>
                      <input
                        className="input input--compact index-cutoff"
                        inputMode="decimal"
                        aria-label={t('indices.classes.upToOf', { n: i + 1 })}
                        aria-describedby={hintId}
                        value={draft.cutoffs[i] ?? ''}
                        aria-invalid={cutoffIssue ? true : undefined}
                        onChange={(e) => setCutoff(i, e.target.value)}
                        data-testid="class-cutoff"
                      />
                      <FieldError issue={cutoffIssue} />
                    </>
                  ) : (
                    <span className="muted small">{t('indices.classes.above')}</span>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <FieldError issue={issueAt(issues, 'classes.cutoffs')} />
      <FieldError issue={issueAt(issues, 'classes.labels')} />
    </fieldset>
  );
}
