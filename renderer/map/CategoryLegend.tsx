import { useTranslation } from 'react-i18next';
import type { MethodOutput } from '../../shared/contract.ts';

export type Category = MethodOutput<'categories.list'>[number];

export interface CategoryLegendProps {
  categories: readonly Category[];
  hidden: ReadonlySet<string>;
  onToggle: (categoryId: string, visible: boolean) => void;
}

/** Legend of the facility categories in use; each entry switches its points on or off. */
export function CategoryLegend({ categories, hidden, onToggle }: CategoryLegendProps) {
  const { t } = useTranslation();
  // Empty categories (defaults nobody uses yet) have nothing to switch on the map.
  const shown = categories.filter((category) => category.facilityCount > 0);
  if (shown.length === 0) return null;
  // Resources/potentials are drawn as rings; the key explains them while any are switched on.
  const resourceCount = shown.filter((category) => !hidden.has(category.id)).reduce((sum, category) => sum + category.resourceCount, 0);
  return (
    <fieldset className="map-legend" data-testid="category-legend">
      <legend className="map-legend-title">{t('legend.title')}</legend>
      <ul>
        {shown.map((category) => (
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
      {resourceCount > 0 ? (
        <p className="legend-key" data-testid="resource-key">
          <span className="swatch swatch--round swatch--ring" aria-hidden="true" />
          {t('legend.resources', { count: resourceCount })}
        </p>
      ) : null}
    </fieldset>
  );
}
