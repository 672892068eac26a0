/**
 * Data and software shown under "Über / Datenquellen". Every import of third-party data that
 * ships with the app, and every library whose licence asks for it, gets one entry here.
 */
export interface DataSource {
  id: string;
  /** Short label, e.g. "Demodaten Flensburg". */
  label: { de: string; en: string };
  /** Content, holder and licence as one sentence. */
  text: { de: string; en: string };
  /** SPDX identifier of the licence. */
  license: string;
}

export const dataSources: readonly DataSource[] = [
  {
    id: 'demo-flensburg',
    label: { de: 'Demodaten Flensburg', en: 'Demo data Flensburg' },
    text: {
      de: 'Stadtteile, statistische Bezirke und Spielplätze – Statistikstelle der Stadt Flensburg / OK Lab Flensburg (open-social-map, open-playgrounds-map), Lizenz CC0 1.0',
      en: 'districts, statistical areas and playgrounds – Statistikstelle der Stadt Flensburg / OK Lab Flensburg (open-social-map, open-playgrounds-map), licence CC0 1.0',
    },
    license: 'CC0-1.0',
  },
  {
    id: 'maplibre',
    label: { de: 'Kartendarstellung', en: 'Map rendering' },
    text: { de: 'MapLibre GL JS (BSD-3-Clause)', en: 'MapLibre GL JS (BSD-3-Clause)' },
    license: 'BSD-3-Clause',
  },
];
