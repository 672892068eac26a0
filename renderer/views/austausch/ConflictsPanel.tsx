import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { MethodInput, MethodOutput } from '../../../shared/contract.ts';
import { DELETED_FIELD } from '../../../shared/sync/tables.ts';
import { useApi } from '../../api/context.tsx';
import { errorMessage } from '../../api/client.ts';
import { capitalise, displayValue, editorText, fieldEditor, fieldLabel, formatDateTime, kindLabel, parseEditorText, whoLabel } from './labels.ts';

export type Conflict = MethodOutput<'exchange.conflicts'>[number];
type Head = Conflict['heads'][number];

export function conflictKey(c: Pick<Conflict, 'table' | 'row' | 'field' | 'kind'>): string {
  return `${c.table}|${c.row}|${c.field}|${c.kind}`;
}

/** The inbox: one card per open conflict; a decision is an ordinary change that travels with the next file. */
export function ConflictsPanel({ conflicts, error, onResolved }: { conflicts: readonly Conflict[] | null; error: string | null; onResolved: (open: number) => void }) {
  const { t } = useTranslation();
  const id = useId();
  const [resolved, setResolved] = useState<ReadonlySet<string>>(new Set());
  const [note, setNote] = useState<string | null>(null);
  const open = (conflicts ?? []).filter((c) => !resolved.has(conflictKey(c)));

  /** `open`: how many conflicts main still has after this decision. */
  const done = (c: Conflict, open: number) => {
    setResolved((s) => new Set(s).add(conflictKey(c)));
    setNote(t('exchange.conflicts.resolved', { label: c.label }));
    onResolved(open);
  };

  return (
    <section className="exchange-section" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`} className="exchange-heading">
        {t('exchange.conflicts.title')}
      </h2>
      <p className="hint">{t('exchange.conflicts.intro')}</p>
      <p role="status" className={note ? 'notice notice--success' : 'visually-hidden'} data-testid="conflict-resolved-note">
        {note ?? ''}
      </p>
      {error ? (
        <p className="notice notice--error" role="alert">
          {error}
        </p>
      ) : null}
      {conflicts === null && !error ? <p className="muted">{t('common.loading')}</p> : null}
      {conflicts !== null && open.length === 0 ? (
        <p className="notice" data-testid="conflicts-empty">
          {t('exchange.conflicts.none')}
        </p>
      ) : null}
      <ul className="conflict-list">
        {open.map((c) => (
          <li key={conflictKey(c)}>
            <ConflictCard conflict={c} onDone={(open) => done(c, open)} />
          </li>
        ))}
      </ul>
    </section>
  );
}

function ConflictCard({ conflict, onDone }: { conflict: Conflict; onDone: (open: number) => void }) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const id = useId();
  const lang = i18n.language;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [merging, setMerging] = useState<string | null>(null);
  const [invalid, setInvalid] = useState(false);
  const title = `${kindLabel(t, conflict.table, true)} · ${conflict.label}`;
  const target = { table: conflict.table, row: conflict.row };

  function send<M extends 'exchange.resolve' | 'exchange.resolveDelete'>(method: M, input: MethodInput<M>) {
    setBusy(true);
    setError(null);
    (api.call(method, input) as Promise<{ open: number }>).then(
      ({ open }) => {
        setBusy(false);
        onDone(open);
      },
      (e: unknown) => {
        setBusy(false);
        setError(errorMessage(e));
      },
    );
  }
  const keep = (head: Head) => send('exchange.resolve', { ...target, field: conflict.field, resolution: { keep: head.op } });

  if (conflict.kind === 'delete') {
    const deleters = conflict.heads.filter((h) => h.field === DELETED_FIELD && h.value === true);
    const editors = conflict.heads.filter((h) => !(h.field === DELETED_FIELD && h.value === true));
    const names = (heads: Head[]) => [...new Set(heads.map((h) => whoLabel(t, h)))].join(', ') || t('exchange.conflicts.someone');
    return (
      <article className="conflict-card" aria-labelledby={`${id}-h`} data-testid="conflict-item" data-kind="delete">
        <h3 id={`${id}-h`} className="conflict-title">
          {title}
        </h3>
        <p className="conflict-field">{t('exchange.conflicts.wholeRecord')}</p>
        <p data-testid="conflict-delete-text">{capitalise(t('exchange.conflicts.deleteText', { deleter: names(deleters), editor: names(editors) }))}</p>
        <ul className="conflict-heads">
          {conflict.heads.map((h) => (
            <li key={h.op}>
              <span className="conflict-who">{whoLabel(t, h)}</span>
              <span className="muted"> · {formatDateTime(h.at, lang)}</span>
              {': '}
              {h.field === DELETED_FIELD ? t('exchange.conflicts.didDelete') : `${fieldLabel(t, h.field)} → ${displayValue(t, h.field, h.value, lang)}`}
            </li>
          ))}
        </ul>
        {error ? (
          <p className="notice notice--error" role="alert">
            {error}
          </p>
        ) : null}
        <div className="button-row">
          <button type="button" className="button" disabled={busy} onClick={() => send('exchange.resolveDelete', { ...target, action: 'restore' })} data-testid="conflict-restore">
            {t('exchange.conflicts.restore')}
          </button>
          <button
            type="button"
            className="button"
            disabled={busy}
            onClick={() => send('exchange.resolveDelete', { ...target, action: 'confirm-delete' })}
            data-testid="conflict-confirm-delete"
          >
            {t('exchange.conflicts.confirmDelete')}
          </button>
        </div>
      </article>
    );
  }

  const locals = conflict.heads.filter((h) => h.local);
  // This laptop's value first, like the buttons („Meinen …“, „Ihren …“).
  const shown = [...locals, ...conflict.heads.filter((h) => !h.local)];
  const mineTheirs = conflict.heads.length === 2 && locals.length === 1;
  const prefillHead = locals[0] ?? conflict.heads[0];
  const editor = fieldEditor(conflict.table, conflict.field, prefillHead?.value);

  const startMerge = () => {
    setInvalid(false);
    setMerging(editorText(editor, prefillHead?.value, lang));
  };
  const submitMerge = (event: FormEvent) => {
    event.preventDefault();
    if (merging === null) return;
    const parsed = parseEditorText(conflict.table, conflict.field, editor, merging);
    if (!parsed) {
      setInvalid(true);
      return;
    }
    send('exchange.resolve', { ...target, field: conflict.field, resolution: { value: parsed.value } });
  };

  return (
    <article className="conflict-card" aria-labelledby={`${id}-h`} data-testid="conflict-item" data-kind="field">
      <h3 id={`${id}-h`} className="conflict-title">
        {title}
      </h3>
      <p className="conflict-field">
        {t('exchange.conflicts.field')}: <strong>{fieldLabel(t, conflict.field)}</strong>
      </p>
      <ul className="conflict-values">
        {shown.map((h) => (
          <li key={h.op} className="conflict-value" data-testid="conflict-value">
            <div className="conflict-value-text">{displayValue(t, conflict.field, h.value, lang)}</div>
            <div className="small muted">
              <span className="conflict-who">{whoLabel(t, h)}</span> · {formatDateTime(h.at, lang)}
            </div>
            {!mineTheirs ? (
              <button type="button" className="button button--small" disabled={busy} onClick={() => keep(h)} data-testid="conflict-keep">
                {t('exchange.conflicts.keepThis')}
              </button>
            ) : null}
          </li>
        ))}
      </ul>
      <p className="small conflict-ancestor">
        {conflict.ancestor ? t('exchange.conflicts.before', { value: displayValue(t, conflict.field, conflict.ancestor.value, lang) }) : t('exchange.conflicts.noAncestor')}
      </p>
      {error ? (
        <p className="notice notice--error" role="alert">
          {error}
        </p>
      ) : null}
      <div className="button-row">
        {mineTheirs ? (
          <>
            <button type="button" className="button" disabled={busy} onClick={() => keep(locals[0]!)} data-testid="conflict-keep-mine">
              {t('exchange.conflicts.keepMine')}
            </button>
            <button type="button" className="button" disabled={busy} onClick={() => keep(conflict.heads.find((h) => !h.local)!)} data-testid="conflict-keep-theirs">
              {t('exchange.conflicts.keepTheirs')}
            </button>
          </>
        ) : null}
        {editor && merging === null ? (
          <button type="button" className="button" disabled={busy} onClick={startMerge} data-testid="conflict-merge">
            {t('exchange.conflicts.merge')}
          </button>
        ) : null}
      </div>
      {!editor ? <p className="hint">{t('exchange.conflicts.noMerge')}</p> : null}
      {merging !== null ? (
        <form className="conflict-merge" onSubmit={submitMerge} noValidate>
          <div className="field">
            <label htmlFor={`${id}-merge`}>{t('exchange.conflicts.mergeLabel', { field: fieldLabel(t, conflict.field) })}</label>
            {editor === 'text' ? (
              <textarea
                id={`${id}-merge`}
                className="input"
                rows={3}
                value={merging}
                aria-invalid={invalid || undefined}
                aria-describedby={`${id}-merge-hint`}
                onChange={(e) => setMerging(e.target.value)}
                data-testid="conflict-merge-input"
              />
            ) : (
              <input
                id={`${id}-merge`}
                className="input"
                inputMode={editor === 'number' || editor === 'integer' ? 'decimal' : undefined}
                value={merging}
                aria-invalid={invalid || undefined}
                aria-describedby={`${id}-merge-hint`}
                onChange={(e) => setMerging(e.target.value)}
                data-testid="conflict-merge-input"
              />
            )}
            <span id={`${id}-merge-hint`} className={invalid ? 'inline-error' : 'hint'} role={invalid ? 'alert' : undefined}>
              {invalid ? t('exchange.conflicts.mergeInvalid') : t(`exchange.conflicts.mergeHint.${editor ?? 'text'}`)}
            </span>
          </div>
          <div className="button-row">
            <button type="submit" className="button button--primary" disabled={busy} data-testid="conflict-merge-save">
              {t('exchange.conflicts.mergeSave')}
            </button>
            <button type="button" className="button" onClick={() => setMerging(null)}>
              {t('common.cancel')}
            </button>
          </div>
        </form>
      ) : null}
    </article>
  );
}
