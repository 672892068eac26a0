import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { MethodOutput } from '../../../shared/contract.ts';
import { useApi } from '../../api/context.tsx';
import { errorMessage } from '../../api/client.ts';
import { FilePicker } from '../../components/FilePicker.tsx';
import { formatBytes } from '../../components/format.ts';
import { downloadBytes } from '../../exports/download.ts';
import { ProgressView, type ImportProgress } from '../../imports/ProgressView.tsx';
import { runJob } from '../../imports/run-job.ts';
import { ImportSummaryView, type ImportSummary } from './ImportSummaryView.tsx';
import { formatDateTime, kindLabel, orderedKinds } from './labels.ts';

export type ExchangeStatus = MethodOutput<'exchange.status'>;
type ExportResult = MethodOutput<'exchange.export'>;

export async function fileInput(file: File): Promise<{ name: string; data: Uint8Array<ArrayBuffer> }> {
  return { name: file.name, data: new Uint8Array(await file.arrayBuffer()) };
}

type ImportStep =
  | { kind: 'idle' }
  | { kind: 'previewing'; fileName: string; progress: ImportProgress | null }
  | { kind: 'preview'; file: { name: string; data: Uint8Array<ArrayBuffer> }; summary: ImportSummary }
  | { kind: 'importing'; file: { name: string; data: Uint8Array<ArrayBuffer> }; summary: ImportSummary; progress: ImportProgress | null }
  | { kind: 'done'; summary: ImportSummary }
  | { kind: 'failed'; fileName: string; message: string };

/** „Dieser Laptop“, „Datei für Kolleg:innen erstellen“, „Datei einlesen“. */
export function ExchangePanel({ status, onChanged, onOpenConflicts }: { status: ExchangeStatus | null; onChanged: () => void; onOpenConflicts: () => void }) {
  return (
    <div className="exchange-sections">
      <ThisLaptop status={status} onChanged={onChanged} />
      <CreateFile status={status} onChanged={onChanged} />
      <ReadFile onChanged={onChanged} onOpenConflicts={onOpenConflicts} />
    </div>
  );
}

function ThisLaptop({ status, onChanged }: { status: ExchangeStatus | null; onChanged: () => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const id = useId();
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const current = status?.replica.displayName ?? '';
  useEffect(() => setName(current), [current]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const trimmed = name.trim();
    if (!trimmed) {
      setMessage({ ok: false, text: t('exchange.laptop.nameMissing') });
      return;
    }
    setBusy(true);
    api.call('exchange.rename', { displayName: trimmed }).then(
      () => {
        setBusy(false);
        setMessage({ ok: true, text: t('exchange.laptop.saved') });
        onChanged();
      },
      (e: unknown) => {
        setBusy(false);
        setMessage({ ok: false, text: errorMessage(e) });
      },
    );
  };

  return (
    <section className="exchange-section" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`} className="exchange-heading">
        {t('exchange.laptop.title')}
      </h2>
      <form className="exchange-rename" onSubmit={submit} noValidate>
        <div className="field">
          <label htmlFor={`${id}-name`}>{t('exchange.laptop.name')}</label>
          <div className="button-row">
            <input
              id={`${id}-name`}
              className="input"
              value={name}
              maxLength={80}
              // Until the current name has loaded, typing would be overwritten by it.
              disabled={!status}
              aria-describedby={`${id}-hint`}
              onChange={(e) => {
                setName(e.target.value);
                setMessage(null);
              }}
              data-testid="exchange-name"
            />
            <button type="submit" className="button" disabled={busy || !status || name.trim() === current}>
              {t('exchange.laptop.rename')}
            </button>
          </div>
          <p id={`${id}-hint`} className="hint">
            {t('exchange.laptop.nameHint')}
          </p>
        </div>
        <p role="status" className={message ? (message.ok ? 'small exchange-ok' : 'inline-error') : 'small'}>
          {message?.text ?? ''}
        </p>
      </form>
      {status ? (
        <p data-testid="exchange-unsent" className={status.unsentChanges > 0 ? 'exchange-unsent' : 'muted'}>
          {status.unsentChanges > 0 ? t('exchange.laptop.unsent', { count: status.unsentChanges }) : t('exchange.laptop.allSent')}
        </p>
      ) : null}
    </section>
  );
}

function CreateFile({ status, onChanged }: { status: ExchangeStatus | null; onChanged: () => void }) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const id = useId();
  const [target, setTarget] = useState<string>('');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<ExportResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const peers = status?.peers ?? [];
  const lang = i18n.language;

  const create = () => {
    setBusy(true);
    setError(null);
    setResult(null);
    api.call('exchange.export', { forReplica: target === '' ? null : target }).then(
      (value) => {
        setBusy(false);
        downloadBytes(value.data, 'application/zip', value.fileName);
        setResult(value);
        onChanged();
      },
      (e: unknown) => {
        setBusy(false);
        setError(errorMessage(e));
      },
    );
  };

  return (
    <section className="exchange-section" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`} className="exchange-heading">
        {t('exchange.create.title')}
      </h2>
      <p className="hint">{t('exchange.create.intro')}</p>
      <fieldset className="exchange-choice">
        <legend>{t('exchange.create.what')}</legend>
        <label className="radio-row">
          <input type="radio" name={`${id}-target`} value="" checked={target === ''} onChange={() => setTarget('')} data-testid="exchange-target-all" />
          <span>
            {t('exchange.create.all')}
            <span className="hint exchange-choice-hint">{t('exchange.create.allHint')}</span>
          </span>
        </label>
        {peers.map((peer) => (
          <label key={peer.replica} className="radio-row">
            <input
              type="radio"
              name={`${id}-target`}
              value={peer.replica}
              checked={target === peer.replica}
              onChange={() => setTarget(peer.replica)}
              data-testid="exchange-target-peer"
            />
            <span>
              {t('exchange.create.onlyMissing', { name: peer.displayName })}
              <span className="hint exchange-choice-hint">
                {peer.lastFileAt ? t('exchange.create.lastFile', { date: formatDateTime(peer.lastFileAt, lang) }) : t('exchange.create.noFileYet')}
              </span>
            </span>
          </label>
        ))}
      </fieldset>
      <div className="button-row">
        <button type="button" className="button button--primary" disabled={busy || !status} aria-busy={busy || undefined} onClick={create} data-testid="exchange-export-button">
          {busy ? t('exchange.create.busy') : t('exchange.create.button')}
        </button>
      </div>
      {error ? (
        <p className="notice notice--error" role="alert">
          {error}
        </p>
      ) : null}
      {result ? (
        <div className="notice notice--success exchange-export-result" role="status" data-testid="exchange-export-result">
          <p>
            {t('exchange.create.done', {
              file: result.fileName,
              changes: t('exchange.create.changes', { count: result.ops }),
              photos: t('exchange.create.photos', { count: result.blobs }),
              size: formatBytes(result.bytes, lang),
            })}
          </p>
          {result.everythingBecauseUnknown ? <p>{t('exchange.create.everything')}</p> : null}
          {result.missingAttachments > 0 ? <p>{t('exchange.create.missingPhotos', { count: result.missingAttachments })}</p> : null}
          {Object.keys(result.perTable).length > 0 ? (
            <ul className="exchange-per-kind">
              {orderedKinds(result.perTable).map(([table, n]) => (
                <li key={table}>
                  {kindLabel(t, table)}: {n}
                </li>
              ))}
            </ul>
          ) : null}
          <p className="small">{t('exchange.create.next')}</p>
        </div>
      ) : null}
    </section>
  );
}

function ReadFile({ onChanged, onOpenConflicts }: { onChanged: () => void; onOpenConflicts: () => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const id = useId();
  const [step, setStep] = useState<ImportStep>({ kind: 'idle' });
  const attempt = useRef(0);
  const resultRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (step.kind === 'preview' || step.kind === 'done' || step.kind === 'failed') resultRef.current?.focus();
  }, [step.kind]);

  const failed = (fileName: string, e: unknown): ImportStep => ({ kind: 'failed', fileName, message: errorMessage(e) });

  async function choose(files: File[]) {
    const chosen = files[0];
    if (!chosen) return;
    const mine = ++attempt.current;
    setStep({ kind: 'previewing', fileName: chosen.name, progress: null });
    try {
      const file = await fileInput(chosen);
      const summary = await runJob(
        api,
        (progress) => mine === attempt.current && setStep((s) => (s.kind === 'previewing' ? { ...s, progress } : s)),
        (jobId) => api.call('exchange.preview', { jobId, file }),
      );
      if (mine === attempt.current) setStep({ kind: 'preview', file, summary });
    } catch (e) {
      if (mine === attempt.current) setStep(failed(chosen.name, e));
    }
  }

  async function apply(file: { name: string; data: Uint8Array<ArrayBuffer> }, summary: ImportSummary) {
    const mine = ++attempt.current;
    setStep({ kind: 'importing', file, summary, progress: null });
    try {
      const result = await runJob(
        api,
        (progress) => mine === attempt.current && setStep((s) => (s.kind === 'importing' ? { ...s, progress } : s)),
        (jobId) => api.call('exchange.import', { jobId, file }),
      );
      if (mine === attempt.current) setStep({ kind: 'done', summary: result });
      onChanged();
    } catch (e) {
      if (mine === attempt.current) setStep(failed(file.name, e));
    }
  }

  const cancel = () => {
    attempt.current += 1;
    setStep({ kind: 'idle' });
  };

  const busy = step.kind === 'previewing' || step.kind === 'importing';
  const chosenName =
    step.kind === 'previewing' || step.kind === 'failed' ? step.fileName : step.kind === 'idle' ? t('exchange.read.nothingChosen') : step.kind === 'done' ? step.summary.fileName : step.file.name;

  return (
    <section className="exchange-section" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`} className="exchange-heading">
        {t('exchange.read.title')}
      </h2>
      <FilePicker
        accept=".qatlas"
        disabled={busy}
        chooseLabel={t('exchange.read.choose')}
        chosen={chosenName}
        hint={t('exchange.read.hint')}
        testId="exchange-import-file"
        onFiles={(files) => void choose(files)}
      />
      {step.kind === 'previewing' ? <ProgressView progress={step.progress} testId="exchange-progress" /> : null}
      {step.kind === 'failed' ? (
        <div className="notice notice--error exchange-error" role="alert" data-testid="exchange-error" ref={resultRef} tabIndex={-1}>
          <p>{t('exchange.read.failed', { file: step.fileName })}</p>
          <p>{step.message}</p>
        </div>
      ) : null}
      {step.kind === 'preview' || step.kind === 'importing' ? (
        <div className="exchange-preview" role="region" aria-label={t('exchange.preview.title')} data-testid="exchange-preview" ref={resultRef} tabIndex={-1}>
          <h3 className="section-title">{t('exchange.preview.title')}</h3>
          {step.summary.nothingNew ? (
            <p className="notice" data-testid="exchange-nothing-new">
              {t('exchange.preview.nothingNew')}
            </p>
          ) : (
            <>
              <p>{t('exchange.preview.intro', { count: step.summary.newOps })}</p>
              <ImportSummaryView summary={step.summary} mode="preview" />
              <p className="hint">{t('exchange.preview.snapshotHint')}</p>
            </>
          )}
          {step.kind === 'importing' ? <ProgressView progress={step.progress} testId="exchange-progress" /> : null}
          <div className="button-row exchange-actions">
            {step.summary.nothingNew ? (
              <button type="button" className="button" onClick={cancel} data-testid="exchange-cancel">
                {t('exchange.preview.close')}
              </button>
            ) : (
              <>
                <button
                  type="button"
                  className="button button--primary"
                  disabled={step.kind === 'importing'}
                  aria-busy={step.kind === 'importing' || undefined}
                  onClick={() => step.kind === 'preview' && void apply(step.file, step.summary)}
                  data-testid="exchange-apply"
                >
                  {t('exchange.preview.apply')}
                </button>
                <button type="button" className="button" disabled={step.kind === 'importing'} onClick={cancel} data-testid="exchange-cancel">
                  {t('common.cancel')}
                </button>
              </>
            )}
          </div>
        </div>
      ) : null}
      {step.kind === 'done' ? (
        <div className="exchange-result" role="region" aria-label={t('exchange.result.title')} data-testid="exchange-result" ref={resultRef} tabIndex={-1}>
          <p className="notice notice--success" role="status">
            {step.summary.nothingNew ? t('exchange.result.nothingNew') : t('exchange.result.done', { name: step.summary.sender.displayName })}
          </p>
          {step.summary.snapshotId ? <p data-testid="exchange-snapshot-note">{t('exchange.result.snapshot')}</p> : null}
          {step.summary.nothingNew ? null : <ImportSummaryView summary={step.summary} mode="result" />}
          <div className="button-row exchange-actions">
            {step.summary.conflictsOpened.length > 0 ? (
              <button type="button" className="button button--primary" onClick={onOpenConflicts}>
                {t('exchange.result.toConflicts')}
              </button>
            ) : null}
            <button type="button" className="button" onClick={() => setStep({ kind: 'idle' })}>
              {t('exchange.result.close')}
            </button>
          </div>
        </div>
      ) : null}
    </section>
  );
}
