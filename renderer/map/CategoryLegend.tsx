import { useTranslation } from 'react-i18next';
import type { MethodOutput } from '../../shared/contract.ts';

export type Category = MethodOutput<'categories.list'>[number];

export interface CategoryLegendProps {
  categories: readonly Category[];
  hidden: ReadonlySet<string>;
  onToggle: (categoryId: string, visible: boolean) => void;
}

/** Legend of facility categories; each entry switches its points on or off. */
export function CategoryLegend({ categories, hidden, onToggle }: CategoryLegendProps) {
  const { t } = useTranslation();
  if (categories.length === 0) return null;
  return (
    <fieldset className="map-legend" data-testid="category-legend">
      <legend className="map-legend-title">{t('legend.title')}</legend>
      <ul>
        {categories.map((category) => (
          <li key={category.id}>
            <label className="legend-item">
              <input
                type="checkbox"
                checked={!hidden.has(category.id)}
                onChange={(e) => onToggle(category.id, e.target.checked)}
              />
              <span className="swatch swatch--round" style={{ background: category.color }} aria-hidden="true" />
              <span className="legend-name">{category.name}</span>
              <span className="legend-count">{category.facilityCount}</span>
            </label>
          </li>
        ))}
      </ul>
    </fieldset>
  );
}
