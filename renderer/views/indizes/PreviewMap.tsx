import { useId, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { MethodOutput } from '../../../shared/contract.ts';
import type { LegendModel } from '../../exports/legend-model.ts';
import { MapCanvas, type Bbox, type ChoroplethPaint } from '../../map/MapCanvas.tsx';

export interface PreviewMapProps {
  extent: Bbox | null;
  units: MethodOutput<'units.features'> | null;
  unitColors: ReadonlyMap<string, string> | null;
  hatched: ReadonlySet<string>;
  describeUnit: (unitId: string) => string | null;
  selectedUnitId: string | null;
  onSelectUnit: (unitId: string | null) => void;
}

/** A second, small map: the units coloured by the class of the preview total. */
export function PreviewMap({ extent, units, unitColors, hatched, describeUnit, selectedUnitId, onSelectUnit }: PreviewMapProps) {
  const { t } = useTranslation();
  const paint = useMemo<ChoroplethPaint | null>(() => (unitColors ? { unitColors, hatched } : null), [unitColors, hatched]);
  const selected = useMemo(() => (selectedUnitId ? [selectedUnitId] : []), [selectedUnitId]);
  return (
    <div className="index-preview-map" data-testid="index-preview-map">
      <MapCanvas
        label={t('indices.preview.mapLabel')}
        locale={{
          'Map.Title': t('karte.mapControls.title'),
          'NavigationControl.ZoomIn': t('karte.mapControls.zoomIn'),
          'NavigationControl.ZoomOut': t('karte.mapControls.zoomOut'),
          'AttributionControl.ToggleAttribution': t('karte.mapControls.toggleAttribution'),
          'AttributionControl.MapFeedback': t('karte.mapControls.mapFeedback'),
        }}
        extent={extent}
        units={units}
        facilities={null}
        hiddenCategoryIds={NONE}
        selectedUnitIds={selected}
        choropleth={paint}
        describeUnit={describeUnit}
        selectedFacilityId={null}
        basemap={null}
        onUnitClick={(id) => onSelectUnit(id)}
        onFacilityClick={() => {}}
        onEmptyClick={() => onSelectUnit(null)}
      />
    </div>
  );
}

const NONE: readonly string[] = [];

/** Legend of the preview: class labels with colour and number of units, then "nicht im Index". */
export function IndexLegend({ legend }: { legend: LegendModel }) {
  const { t } = useTranslation();
  const headingId = useId();
  return (
    <section className="index-legend" aria-labelledby={headingId} data-testid="index-legend">
      <h3 id={headingId} className="index-legend-title">
        {legend.title}
      </h3>
      {legend.subtitle ? <p className="small muted">{legend.subtitle}</p> : null}
      <table className="legend-table">
        <thead className="visually-hidden">
          <tr>
            <th scope="col">{t('legend.colour')}</th>
            <th scope="col">{t('indices.classes.label')}</th>
            <th scope="col">{t('legend.count')}</th>
          </tr>
        </thead>
        <tbody>
          {legend.rows.map((row, i) => (
            <tr key={i} data-testid="index-legend-row" data-kind={row.kind} data-color={row.color} className={row.kind === 'class' ? undefined : 'legend-row--special'}>
              <td className="legend-swatch-cell">
                <span className={`swatch swatch--class${row.hatched ? ' swatch--hatched' : ''}`} style={{ backgroundColor: row.color }} aria-hidden="true" />
              </td>
              <td className="legend-range">{row.label}</td>
              <td className="legend-count">{row.count}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
