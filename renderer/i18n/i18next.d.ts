import type de from './de.json' with { type: 'json' };

// Every t('…') key is checked against the German file at compile time.
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof de };
  }
}
