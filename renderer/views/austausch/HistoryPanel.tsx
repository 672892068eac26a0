import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { MethodOutput } from '../../../shared/contract.ts';
import { formatDateTime } from './labels.ts';

export type HistoryEntry = MethodOutput<'exchange.history'>[number];

/** Every file created here or read in, newest first. */
export function HistoryPanel({ history, error }: { history: readonly HistoryEntry[] | null; error: string | null }) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const lang = i18n.language;
  return (
    <section className="exchange-section" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`} className="exchange-heading">
        {t('exchange.history.title')}
      </h2>
      {error ? (
        <p className="notice notice--error" role="alert">
          {error}
        </p>
      ) : null}
      {history === null && !error ? <p className="muted">{t('common.loading')}</p> : null}
      {history !== null && history.length === 0 ? <p className="notice">{t('exchange.history.none')}</p> : null}
      {history !== null && history.length > 0 ? (
        <div className="table-scroll">
          <table className="data-table exchange-history" data-testid="exchange-history">
            <caption className="visually-hidden">{t('exchange.history.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('exchange.history.date')}</th>
                <th scope="col">{t('exchange.history.direction')}</th>
                <th scope="col">{t('exchange.history.file')}</th>
                <th scope="col" className="num">
                  {t('exchange.history.created')}
                </th>
                <th scope="col" className="num">
                  {t('exchange.history.changed')}
                </th>
                <th scope="col" className="num">
                  {t('exchange.history.deleted')}
                </th>
                <th scope="col" className="num">
                  {t('exchange.history.conflicts')}
                </th>
              </tr>
            </thead>
            <tbody>
              {history.map((h) => (
                <tr key={`${h.direction}|${h.bundleId}|${h.at}`} data-testid="exchange-history-row">
                  <th scope="row">{formatDateTime(h.at, lang)}</th>
                  <td>{h.direction === 'export' ? t('exchange.history.exported', { name: h.peerName || t('exchange.history.everyone') }) : t('exchange.history.imported', { name: h.peerName })}</td>
                  <td className="exchange-file-name">{h.fileName}</td>
                  {h.direction === 'import' && h.nothingNew ? (
                    <td colSpan={4} className="muted">
                      {t('exchange.history.nothingNew')}
                    </td>
                  ) : h.direction === 'export' ? (
                    <td colSpan={4}>{t('exchange.history.carried', { count: h.ops })}</td>
                  ) : (
                    <>
                      <td className="num">{h.created}</td>
                      <td className="num">{h.changed}</td>
                      <td className="num">{h.deleted}</td>
                      <td className="num">{h.conflicts}</td>
                    </>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
