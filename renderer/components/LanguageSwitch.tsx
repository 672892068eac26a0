import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../api/context.tsx';
import { errorMessage } from '../api/client.ts';
import { isLanguage, LANGUAGES, type Language } from '../i18n/index.ts';

/** Switches the UI language and stores the choice through settings.language. */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const id = useId();
  const [error, setError] = useState<string | null>(null);
  const current: Language = isLanguage(i18n.language) ? i18n.language : 'de';

  async function change(next: Language) {
    setError(null);
    await i18n.changeLanguage(next);
    try {
      await api.call('settings.language', { set: next });
    } catch (e) {
      setError(errorMessage(e));
    }
  }

  return (
    <div className="language-switch">
      <label htmlFor={id} className="visually-hidden">
        {t('language.label')}
      </label>
      <select id={id} value={current} onChange={(e) => isLanguage(e.target.value) && void change(e.target.value)}>
        {LANGUAGES.map((lng) => (
          <option key={lng} value={lng} lang={lng}>
            {t(`language.${lng}`)}
          </option>
        ))}
      </select>
      {error ? (
        <span role="alert" className="inline-error">
          {error}
        </span>
      ) : null}
    </div>
  );
}
