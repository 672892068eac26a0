import type { ComponentType } from 'react';
import type { MethodOutput } from '../../shared/contract.ts';

export type AppInfo = MethodOutput<'app.info'>;

export interface ViewProps {
  appInfo: AppInfo | null;
  /** Switch to another view (e.g. from the map to the indicator page); the selection is shared. */
  onNavigate?: (view: ViewId) => void;
}

export type ViewId = 'karte' | 'indikatoren' | 'indizes' | 'profil' | 'infrastruktur' | 'beteiligung' | 'planung' | 'austausch';

export interface ViewEntry {
  id: ViewId;
  /** i18n key of the navigation label (all planned views already have one). */
  labelKey: `nav.${ViewId}`;
  /** Loaded on first use; keeps MapLibre out of everything that does not show a map. */
  load: () => Promise<{ default: ComponentType<ViewProps> }>;
}

/**
 * The views that exist, in navigation order. Only what is listed here is shown. A new view is
 * one line, e.g.
 *   { id: 'indikatoren', labelKey: 'nav.indikatoren', load: () => import('./indikatoren/IndikatorenView.tsx') },
 */
export const views: readonly ViewEntry[] = [
  { id: 'karte', labelKey: 'nav.karte', load: () => import('./karte/KarteView.tsx') },
  { id: 'indikatoren', labelKey: 'nav.indikatoren', load: () => import('./indikatoren/IndikatorenView.tsx') },
  { id: 'indizes', labelKey: 'nav.indizes', load: () => import('./indizes/IndizesView.tsx') },
  { id: 'profil', labelKey: 'nav.profil', load: () => import('./profil/ProfilView.tsx') },
  { id: 'infrastruktur', labelKey: 'nav.infrastruktur', load: () => import('./infrastruktur/InfrastrukturView.tsx') },
  { id: 'austausch', labelKey: 'nav.austausch', load: () => import('./austausch/AustauschView.tsx') },
];
