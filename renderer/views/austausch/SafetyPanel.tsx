import { useId, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { MethodOutput } from '../../../shared/contract.ts';
import { useApi } from '../../api/context.tsx';
import { errorMessage } from '../../api/client.ts';
import { FilePicker } from '../../components/FilePicker.tsx';
import { Modal } from '../../components/Modal.tsx';
import { formatBytes } from '../../components/format.ts';
import { downloadBytes } from '../../exports/download.ts';
import { ProgressView, type ImportProgress } from '../../imports/ProgressView.tsx';
import { runJob } from '../../imports/run-job.ts';
import { fileInput } from './ExchangePanel.tsx';
import { formatDateTime } from './labels.ts';

export type Snapshot = MethodOutput<'safety.snapshots'>[number];

/** After the open database was replaced, the whole app starts again on the new one. */
export const appReload = { run: (): void => window.location.reload() };

type Pending =
  | { kind: 'snapshot'; snapshot: Snapshot }
  | { kind: 'backup'; file: File }
  | { kind: 'start'; file: File };

/** Zwischenstände, Sicherung erstellen/wiederherstellen, mit der Datei einer Kollegin neu beginnen. */
export function SafetyPanel({ snapshots, error: loadError }: { snapshots: readonly Snapshot[] | null; error: string | null }) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const id = useId();
  const lang = i18n.language;
  const [pending, setPending] = useState<Pending | null>(null);
  const [busy, setBusy] = useState(false);
  const [progress, setProgress] = useState<ImportProgress | null>(null);
  const [confirmed, setConfirmed] = useState(false);
  const [dialogError, setDialogError] = useState<string | null>(null);
  const [backupBusy, setBackupBusy] = useState(false);
  const [backupMessage, setBackupMessage] = useState<{ ok: boolean; text: string } | null>(null);

  const ask = (next: Pending) => {
    setPending(next);
    setConfirmed(false);
    setDialogError(null);
    setProgress(null);
  };
  const close = () => {
    if (!busy) setPending(null);
  };

  const createBackup = () => {
    setBackupBusy(true);
    setBackupMessage(null);
    api.call('safety.backup', {}).then(
      (value) => {
        setBackupBusy(false);
        downloadBytes(value.data, 'application/zip', value.fileName);
        setBackupMessage({ ok: true, text: t('exchange.safety.backupDone', { file: value.fileName, count: value.attachments }) });
      },
      (e: unknown) => {
        setBackupBusy(false);
        setBackupMessage({ ok: false, text: errorMessage(e) });
      },
    );
  };

  async function run() {
    if (!pending) return;
    setBusy(true);
    setDialogError(null);
    try {
      if (pending.kind === 'snapshot') await api.call('safety.restoreSnapshot', { id: pending.snapshot.id });
      else if (pending.kind === 'backup') await api.call('safety.restoreBackup', { file: await fileInput(pending.file) });
      else {
        const file = await fileInput(pending.file);
        await runJob(api, setProgress, (jobId) => api.call('exchange.startFrom', { jobId, file }));
      }
      appReload.run();
    } catch (e) {
      setBusy(false);
      const name = pending.kind === 'snapshot' ? null : pending.file.name;
      setDialogError(name ? `${t('exchange.read.failed', { file: name })} ${errorMessage(e)}` : errorMessage(e));
    }
  }

  let dialog: { title: string; body: ReactNode; action: string; strong: boolean } | null = null;
  if (pending?.kind === 'snapshot') {
    dialog = {
      title: t('exchange.safety.restoreSnapshotTitle'),
      body: (
        <>
          <p>{t('exchange.safety.restoreSnapshotText', { date: formatDateTime(pending.snapshot.createdAt, lang), reason: pending.snapshot.reason })}</p>
          <p>{t('exchange.safety.currentSaved')}</p>
        </>
      ),
      action: t('exchange.safety.restoreSnapshotAction'),
      strong: false,
    };
  } else if (pending?.kind === 'backup') {
    dialog = {
      title: t('exchange.safety.restoreBackupTitle'),
      body: (
        <>
          <p>{t('exchange.safety.restoreBackupText', { file: pending.file.name })}</p>
          <p>{t('exchange.safety.currentSaved')}</p>
        </>
      ),
      action: t('exchange.safety.restoreBackupAction'),
      strong: false,
    };
  } else if (pending?.kind === 'start') {
    dialog = {
      title: t('exchange.safety.startFromTitle'),
      body: (
        <>
          <p className="notice notice--warning">{t('exchange.safety.startFromWarning', { file: pending.file.name })}</p>
          <p>{t('exchange.safety.startFromText')}</p>
          <p>{t('exchange.safety.currentSaved')}</p>
          <label className="checkbox-row">
            <input type="checkbox" checked={confirmed} disabled={busy} onChange={(e) => setConfirmed(e.target.checked)} data-testid="start-from-understood" />
            {t('exchange.safety.startFromUnderstood')}
          </label>
        </>
      ),
      action: t('exchange.safety.startFromAction'),
      strong: true,
    };
  }

  return (
    <div className="exchange-sections">
      <section className="exchange-section" aria-labelledby={`${id}-snap`}>
        <h2 id={`${id}-snap`} className="exchange-heading">
          {t('exchange.safety.snapshotsTitle')}
        </h2>
        <p className="hint">{t('exchange.safety.snapshotsIntro')}</p>
        {loadError ? (
          <p className="notice notice--error" role="alert">
            {loadError}
          </p>
        ) : null}
        {snapshots === null && !loadError ? <p className="muted">{t('common.loading')}</p> : null}
        {snapshots !== null && snapshots.length === 0 ? <p className="notice">{t('exchange.safety.noSnapshots')}</p> : null}
        {snapshots !== null && snapshots.length > 0 ? (
          <div className="table-scroll">
            <table className="data-table" data-testid="snapshot-table">
              <caption className="visually-hidden">{t('exchange.safety.snapshotsTitle')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('exchange.safety.date')}</th>
                  <th scope="col">{t('exchange.safety.reason')}</th>
                  <th scope="col" className="num">
                    {t('exchange.safety.size')}
                  </th>
                  <th scope="col">
                    <span className="visually-hidden">{t('exchange.safety.actions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {snapshots.map((s) => (
                  <tr key={s.id} data-testid="snapshot-row">
                    <th scope="row">{formatDateTime(s.createdAt, lang)}</th>
                    <td>{s.reason}</td>
                    <td className="num">{formatBytes(s.bytes, lang)}</td>
                    <td>
                      <button
                        type="button"
                        className="button button--small"
                        onClick={() => ask({ kind: 'snapshot', snapshot: s })}
                        aria-label={t('exchange.safety.restoreSnapshotFor', { date: formatDateTime(s.createdAt, lang) })}
                        data-testid="snapshot-restore"
                      >
                        {t('exchange.safety.restoreSnapshot')}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </section>

      <section className="exchange-section" aria-labelledby={`${id}-backup`}>
        <h2 id={`${id}-backup`} className="exchange-heading">
          {t('exchange.safety.backupTitle')}
        </h2>
        <p className="hint">{t('exchange.safety.backupIntro')}</p>
        <div className="button-row">
          <button type="button" className="button button--primary" disabled={backupBusy} aria-busy={backupBusy || undefined} onClick={createBackup} data-testid="backup-create">
            {t('exchange.safety.backupCreate')}
          </button>
        </div>
        <p role="status" className={backupMessage ? (backupMessage.ok ? 'small exchange-ok' : 'inline-error') : 'small'}>
          {backupMessage?.text ?? ''}
        </p>
        <FilePicker
          accept=".qsicherung"
          chooseLabel={t('exchange.safety.backupRestore')}
          chosen=""
          hint={t('exchange.safety.backupRestoreHint')}
          testId="backup-restore-file"
          onFiles={(files) => files[0] && ask({ kind: 'backup', file: files[0] })}
        />
      </section>

      <section className="exchange-section" aria-labelledby={`${id}-start`}>
        <h2 id={`${id}-start`} className="exchange-heading">
          {t('exchange.safety.startFromHeading')}
        </h2>
        <p className="hint">{t('exchange.safety.startFromIntro')}</p>
        <FilePicker
          accept=".qatlas"
          chooseLabel={t('exchange.safety.startFrom')}
          chosen=""
          hint={t('exchange.safety.startFromHint')}
          testId="start-from-file"
          onFiles={(files) => files[0] && ask({ kind: 'start', file: files[0] })}
        />
      </section>

      {dialog ? (
        <Modal
          title={dialog.title}
          onClose={close}
          testId="safety-confirm"
          footer={
            <>
              <button type="button" className="button" onClick={close} disabled={busy}>
                {t('common.cancel')}
              </button>
              <button
                type="button"
                className={dialog.strong ? 'button button--danger' : 'button button--primary'}
                disabled={busy || (dialog.strong && !confirmed)}
                aria-busy={busy || undefined}
                onClick={() => void run()}
                data-testid="safety-confirm-button"
              >
                {dialog.action}
              </button>
            </>
          }
        >
          {dialog.body}
          {busy && pending?.kind === 'start' ? <ProgressView progress={progress} testId="start-from-progress" /> : null}
          {busy && pending?.kind !== 'start' ? (
            <p role="status" className="muted">
              {t('exchange.safety.working')}
            </p>
          ) : null}
          {dialogError ? (
            <p className="notice notice--error" role="alert">
              {dialogError}
            </p>
          ) : null}
        </Modal>
      ) : null}
    </div>
  );
}
