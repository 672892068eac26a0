import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { contract } from '../../../shared/contract.ts';
import { useApi } from '../../api/context.tsx';
import { errorMessage } from '../../api/client.ts';
import { Modal } from '../../components/Modal.tsx';
import type { IndicatorDetail, IndicatorSummary } from '../../indicators/values.ts';
import type { StoredIndex } from './draft.ts';

export interface SaveDefaults {
  code: string;
  name: string;
  topic: string;
  definition: string;
}

export interface SaveIndexDialogProps {
  stored: StoredIndex;
  defaults: SaveDefaults;
  catalogue: readonly IndicatorSummary[];
  /** Ids of the catalogue entries that are composite indices (they may be overwritten). */
  indexIds: ReadonlySet<string>;
  onSaved: (saved: IndicatorDetail) => void;
  onClose: () => void;
}

type Field = 'code' | 'name' | 'topic' | 'definition';

/** "Speichern als Indikator": code, name, topic (default "Indizes"), definition → indices.save. */
export function SaveIndexDialog({ stored, defaults, catalogue, indexIds, onSaved, onClose }: SaveIndexDialogProps) {
  const { t } = useTranslation();
  const api = useApi();
  const ids = { code: useId(), name: useId(), topic: useId(), definition: useId(), codeHint: useId() };
  const [form, setForm] = useState<SaveDefaults>(defaults);
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const sameCode = catalogue.find((i) => i.code.trim().toLowerCase() === form.code.trim().toLowerCase()) ?? null;
  // A regular indicator with the same code would lose its metadata: refuse. Another index: say so.
  const clash = sameCode && !indexIds.has(sameCode.id) ? sameCode : null;
  const overwrites = sameCode && indexIds.has(sameCode.id) ? sameCode : null;

  async function save() {
    const input = {
      code: form.code.trim(),
      name: form.name.trim(),
      topic: form.topic.trim() || 'Indizes',
      definition: form.definition.trim() || null,
      stored: stored as unknown as Record<string, unknown>,
    };
    const parsed = contract['indices.save'].input.safeParse(input, { error: z.locales.de().localeError });
    const next: Partial<Record<Field, string>> = {};
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const field = issue.path[0];
        if ((field === 'code' || field === 'name' || field === 'topic' || field === 'definition') && !next[field]) next[field] = issue.message;
      }
    }
    if (!input.code) next.code = t('indices.save.required');
    if (!input.name) next.name = t('indices.save.required');
    if (clash) next.code = t('indices.save.codeTaken', { code: clash.code, name: clash.name });
    setErrors(next);
    if (Object.keys(next).length > 0) return;
    setSaving(true);
    setFailure(null);
    try {
      onSaved(await api.call('indices.save', input));
    } catch (error) {
      setFailure(errorMessage(error));
    } finally {
      setSaving(false);
    }
  }

  const field = (key: Field) => ({
    id: ids[key],
    value: form[key],
    onChange: (e: { target: { value: string } }) => setForm((f) => ({ ...f, [key]: e.target.value })),
    'aria-invalid': errors[key] ? true : undefined,
    'aria-describedby': errors[key] ? `${ids[key]}-error` : key === 'code' ? ids.codeHint : undefined,
  });
  const error = (key: Field) =>
    errors[key] ? (
      <span id={`${ids[key]}-error`} className="inline-error" role="alert">
        {errors[key]}
      </span>
    ) : null;

  return (
    <Modal
      title={t('indices.save.title')}
      onClose={onClose}
      testId="save-index-dialog"
      footer={
        <>
          <button type="button" className="button" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" form={`${ids.code}-form`} className="button button--primary" disabled={saving} data-testid="save-index-submit">
            {saving ? t('indices.save.saving') : t('indices.save.submit')}
          </button>
        </>
      }
    >
      <form
        id={`${ids.code}-form`}
        className="form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <div className="field">
          <label htmlFor={ids.code}>{t('indices.save.code')}</label>
          <input className="input mono" autoComplete="off" spellCheck={false} {...field('code')} data-testid="save-index-code" />
          <span id={ids.codeHint} className="hint">
            {t('indices.save.codeHint')}
          </span>
          {error('code')}
          {overwrites && !errors.code ? <span className="hint index-overwrite">{t('indices.save.overwrite', { name: overwrites.name })}</span> : null}
        </div>
        <div className="field">
          <label htmlFor={ids.name}>{t('indices.save.name')}</label>
          <input className="input" {...field('name')} data-testid="save-index-name" />
          {error('name')}
        </div>
        <div className="field">
          <label htmlFor={ids.topic}>{t('indices.save.topic')}</label>
          <input className="input" {...field('topic')} data-testid="save-index-topic" />
          {error('topic')}
        </div>
        <div className="field">
          <label htmlFor={ids.definition}>{t('indices.save.definition')}</label>
          <textarea className="input" rows={4} {...field('definition')} data-testid="save-index-definition" />
          {error('definition')}
        </div>
        <p className="hint">{t('indices.save.note')}</p>
        {failure ? (
          <p className="notice notice--error" role="alert">
            {failure}
          </p>
        ) : null}
      </form>
    </Modal>
  );
}
