import { lazy, Suspense, useEffect, useState, type ComponentType, type LazyExoticComponent } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from './api/context.tsx';
import { errorMessage, type ConnectionStatus } from './api/client.ts';
import { AboutDialog } from './about/AboutDialog.tsx';
import { LanguageSwitch } from './components/LanguageSwitch.tsx';
import { Nav } from './components/Nav.tsx';
import { isLanguage } from './i18n/index.ts';
import { SelectionProvider } from './state/selection.tsx';
import { views, type AppInfo, type ViewId, type ViewProps } from './views/registry.ts';

const lazyViews = new Map<ViewId, LazyExoticComponent<ComponentType<ViewProps>>>(views.map((v) => [v.id, lazy(v.load)]));

/** Header (name, navigation, language, about) over the active view. */
export function App() {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const [active, setActive] = useState<ViewId>(views[0]?.id ?? 'karte');
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [infoError, setInfoError] = useState<string | null>(null);
  const [aboutOpen, setAboutOpen] = useState(false);
  const [status, setStatus] = useState<ConnectionStatus>('ok');
  const [infoVersion, setInfoVersion] = useState(0);

  useEffect(() => api.onStatus(setStatus), [api]);
  useEffect(() => api.on('data.changed', () => setInfoVersion((v) => v + 1)), [api]);

  useEffect(() => {
    let cancelled = false;
    api.call('app.info', {}).then(
      (value) => {
        if (cancelled) return;
        setInfo(value);
        setInfoError(null);
      },
      (error: unknown) => !cancelled && setInfoError(errorMessage(error)),
    );
    return () => {
      cancelled = true;
    };
  }, [api, infoVersion]);

  useEffect(() => {
    api.call('settings.language', {}).then(
      (language) => {
        if (isLanguage(language) && language !== i18n.language) void i18n.changeLanguage(language);
      },
      () => {},
    );
  }, [api, i18n]);

  const ActiveView = lazyViews.get(active);

  return (
    <SelectionProvider>
    <div className="app">
      <header className="app-header">
        <div className="brand">
          <img src="./icon.svg" alt="" width={22} height={22} className="brand-icon" />
          <span className="brand-name">{t('app.name')}</span>
        </div>
        <Nav views={views} active={active} onSelect={setActive} />
        <div className="header-actions">
          <LanguageSwitch />
          <button type="button" className="button button--header" onClick={() => setAboutOpen(true)} data-testid="open-about">
            {t('about.open')}
          </button>
        </div>
      </header>

      {status === 'session-invalid' ? (
        <div className="banner banner--error" role="alert" data-testid="session-invalid">
          {t('connection.sessionInvalid')}
        </div>
      ) : status === 'offline' ? (
        <div className="banner banner--warning" role="status">
          {t('connection.offline')}
        </div>
      ) : infoError && !info ? (
        <div className="banner banner--error" role="alert">
          {infoError}
        </div>
      ) : null}

      <main className="app-main">
        <Suspense fallback={<p className="view-loading muted">{t('common.loading')}</p>}>
          {ActiveView ? <ActiveView appInfo={info} onNavigate={setActive} /> : null}
        </Suspense>
      </main>

      {aboutOpen ? <AboutDialog info={info} error={infoError} onClose={() => setAboutOpen(false)} /> : null}
    </div>
    </SelectionProvider>
  );
}
