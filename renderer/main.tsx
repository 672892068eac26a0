import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { ApiProvider } from './api/context.tsx';
import { createDefaultClient } from './api/select.ts';
import { App } from './App.tsx';
import { createI18n } from './i18n/index.ts';
// MapLibre's stylesheet first, so the app's own rules below win at equal specificity.
import 'maplibre-gl/dist/maplibre-gl.css';
import './styles/base.css';
import './styles/app.css';
import './styles/map.css';
import './styles/dialog.css';
import './styles/indicators.css';
import './styles/infrastructure.css';

const client = createDefaultClient();
const i18n = createI18n('de');
i18n.on('languageChanged', (language) => {
  document.documentElement.lang = language;
  document.title = i18n.t('app.name');
});

const root = document.getElementById('root');
if (!root) throw new Error('Element #root fehlt in index.html.');
createRoot(root).render(
  <StrictMode>
    <ApiProvider client={client}>
      <I18nextProvider i18n={i18n}>
        <App />
      </I18nextProvider>
    </ApiProvider>
  </StrictMode>,
);
