import { useTranslation } from 'react-i18next';
import { Modal } from '../components/Modal.tsx';
import type { AppInfo } from '../views/registry.ts';
import { dataSources as defaultSources, type DataSource } from './data-sources.ts';

export interface AboutDialogProps {
  info: AppInfo | null;
  error?: string | null;
  onClose: () => void;
  sources?: readonly DataSource[];
}

export function AboutDialog({ info, error, onClose, sources = defaultSources }: AboutDialogProps) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'de';
  return (
    <Modal
      title={t('about.title')}
      onClose={onClose}
      testId="about-dialog"
      footer={
        <button type="button" className="button button--primary" onClick={onClose}>
          {t('common.close')}
        </button>
      }
    >
      <p className="about-lead">
        <strong>{t('app.name')}</strong> – {t('app.tagline')}
      </p>
      {error ? (
        <p role="alert" className="notice notice--error">
          {error}
        </p>
      ) : null}
      {info ? (
        <dl className="facts">
          <dt>{t('about.appVersion')}</dt>
          <dd data-testid="about-app-version">{info.appVersion}</dd>
          <dt>{t('about.schemaVersion')}</dt>
          <dd>{info.schemaVersion}</dd>
          <dt>{t('about.databasePath')}</dt>
          <dd className="mono break">{info.databasePath}</dd>
          <dt>{t('about.replicaId')}</dt>
          <dd className="mono break" data-testid="about-replica-id">
            {info.replicaId}
          </dd>
        </dl>
      ) : !error ? (
        <p className="muted">{t('common.loading')}</p>
      ) : null}
      <h3 className="section-title">{t('about.sources')}</h3>
      <ul className="source-list" data-testid="about-sources">
        {sources.map((source) => (
          <li key={source.id}>
            <strong>{source.label[lang]}:</strong> {source.text[lang]}
          </li>
        ))}
      </ul>
    </Modal>
  );
}
