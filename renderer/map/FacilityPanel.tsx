import { useTranslation } from 'react-i18next';
import { SidePanel } from './SidePanel.tsx';

/** Properties of a facility point as `facilities.features` delivers them. */
export interface FacilityProps {
  id: string;
  name: string;
  categoryId: string;
  categoryName: string;
  color: string;
}

export function toFacilityProps(properties: Record<string, unknown> | null | undefined): FacilityProps | null {
  if (!properties) return null;
  const text = (key: string) => (typeof properties[key] === 'string' ? (properties[key] as string) : '');
  const id = text('id');
  if (!id) return null;
  return { id, name: text('name'), categoryId: text('categoryId'), categoryName: text('categoryName'), color: text('color') };
}

export function FacilityPanel({ facility, onClose }: { facility: FacilityProps; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <SidePanel title={facility.name || t('facility.unnamed')} kicker={t('panel.facility')} onClose={onClose} titleTestId="facility-name">
      <dl className="facts">
        <dt>{t('facility.category')}</dt>
        <dd>
          <span className="swatch" style={{ background: facility.color }} aria-hidden="true" /> {facility.categoryName}
        </dd>
      </dl>
    </SidePanel>
  );
}
