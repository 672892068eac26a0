import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { importSummarySchema } from '../../../shared/exchange/contract-schemas.ts';
import { fieldLabel, formatDateTime, kindLabel, orderedKinds } from './labels.ts';

/** What exchange.preview / exchange.import / exchange.startFrom answer. */
export type ImportSummary = z.output<typeof importSummarySchema>;

/** What a received file brings (preview) or brought (result): sender, per kind, photos, conflicts, warnings. */
export function ImportSummaryView({ summary, mode }: { summary: ImportSummary; mode: 'preview' | 'result' }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const kinds = orderedKinds(summary.tables).filter(([, c]) => c.created + c.changed + c.deleted + c.restored > 0);
  const p = mode === 'preview' ? 'exchange.preview' : 'exchange.result';
  return (
    <div className="exchange-summary">
      <dl className="facts">
        <dt>{t('exchange.summary.from')}</dt>
        <dd data-testid="exchange-sender">{summary.sender.displayName}</dd>
        <dt>{t('exchange.summary.createdAt')}</dt>
        <dd>{formatDateTime(summary.createdAt, lang)}</dd>
        <dt>{t('exchange.summary.file')}</dt>
        <dd className="exchange-file-name">{summary.fileName}</dd>
      </dl>
      {summary.warnings.length > 0 ? (
        <div className="notice notice--warning" data-testid="exchange-warnings">
          {summary.warnings.map((w) => (
            <p key={w}>{w}</p>
          ))}
        </div>
      ) : null}
      {kinds.length > 0 ? (
        <div className="table-scroll">
          <table className="data-table exchange-kinds" data-testid="exchange-kinds">
            <caption>{t(`${p}.tableCaption`)}</caption>
            <thead>
              <tr>
                <th scope="col">{t('exchange.summary.kind')}</th>
                <th scope="col" className="num">
                  {t('exchange.summary.created')}
                </th>
                <th scope="col" className="num">
                  {t('exchange.summary.changed')}
                </th>
                <th scope="col" className="num">
                  {t('exchange.summary.deleted')}
                </th>
                <th scope="col" className="num">
                  {t('exchange.summary.restored')}
                </th>
              </tr>
            </thead>
            <tbody>
              {kinds.map(([table, c]) => (
                <tr key={table}>
                  <th scope="row">{kindLabel(t, table)}</th>
                  <td className="num">{c.created}</td>
                  <td className="num">{c.changed}</td>
                  <td className="num">{c.deleted}</td>
                  <td className="num">{c.restored}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <ul className="exchange-facts">
        {summary.newPhotos > 0 ? <li>{t(`${p}.photos`, { count: summary.newPhotos })}</li> : null}
        {summary.duplicateOps > 0 ? <li className="muted">{t('exchange.summary.duplicates', { count: summary.duplicateOps })}</li> : null}
        {summary.waiting > 0 ? <li data-testid="exchange-waiting">{t('exchange.summary.waiting', { count: summary.waiting })}</li> : null}
        {summary.conflictsClosed > 0 ? <li>{t(`${p}.conflictsClosed`, { count: summary.conflictsClosed })}</li> : null}
      </ul>
      {summary.conflictsOpened.length > 0 ? (
        <div className="notice notice--warning" data-testid="exchange-conflicts-opened">
          <p>{t(`${p}.conflicts`, { count: summary.conflictsOpened.length })}</p>
          <ul>
            {summary.conflictsOpened.map((c) => (
              <li key={`${c.table}|${c.row}|${c.field}|${c.kind}`}>
                {kindLabel(t, c.table, true)} · {c.label}
                {' – '}
                {c.kind === 'delete' ? t('exchange.summary.deleteConflict') : fieldLabel(t, c.field)}
              </li>
            ))}
          </ul>
        </div>
      ) : mode === 'preview' ? (
        <p className="muted">{t('exchange.preview.noConflicts')}</p>
      ) : null}
    </div>
  );
}
