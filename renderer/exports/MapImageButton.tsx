import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../api/context.tsx';
import { errorMessage } from '../api/client.ts';
import type { Choropleth } from '../indicators/choropleth.ts';
import { formatMeasure, formatPeriod } from '../indicators/format.ts';
import { SCHEMES } from '../indicators/ramps.ts';
import type { IndicatorSummary } from '../indicators/values.ts';
import { downloadBlob, fileNamePart } from './download.ts';
import { choroplethLegendModel, type LegendModel } from './legend-model.ts';
import { canvasMeasure, canvasToPng, captureMapCanvas, mapAttributions, metersPerPixel } from './map-capture.ts';
import { drawMapImage, layoutMapImage, mapImageFileName, scaleBar } from './map-image.ts';

export const MAP_IMAGE_PIXEL_RATIO = 2;

export interface MapImageButtonProps {
  indicator: IndicatorSummary | null;
  choropleth: Choropleth | null;
  period: string | null;
  levelName: string | null;
  /** Where the boundaries come from, when known (not yet recorded per level). */
  levelSource?: string | null;
}

/**
 * "Karte als Bild speichern…": the map as on screen, at 2×, with title, legend (the same classes
 * and counts as the on-screen legend), scale bar and source line, downloaded as PNG.
 */
export function MapImageButton({ indicator, choropleth, period, levelName, levelSource = null }: MapImageButtonProps) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const api = useApi();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function save() {
    // The Karte view's map (MapCanvas registers it); there is one map on screen at a time.
    const map = window.__quartiersatlasMap;
    if (!map) {
      setError(t('exports.mapImage.noMap'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const detail = indicator ? await api.call('indicators.get', { id: indicator.id }) : null;
      let legend: LegendModel | null = null;
      if (indicator && choropleth) {
        const { centre } = choropleth.classification;
        legend = choroplethLegendModel(
          indicator,
          choropleth,
          {
            title: t('exports.mapImage.legendTitle'),
            subtitle: t('exports.mapImage.legendSubtitle'),
            noData: t('legend.noData'),
            suppressed: t('legend.suppressed'),
            note: centre !== null && SCHEMES[choropleth.scheme].kind === 'diverging' ? t('legend.centre', { value: formatMeasure(centre, indicator, lang) }) : null,
          },
          lang,
        );
      }
      const sourceParts = [
        indicator ? t('exports.mapImage.source', { source: detail?.source?.trim() || t('exports.mapImage.unknownSource') }) : null,
        t('exports.mapImage.mapBy'),
        levelSource ? t('exports.mapImage.boundaries', { source: levelSource }) : null,
        ...mapAttributions(map).map((text) => t('exports.mapImage.basemap', { source: text })),
      ].filter((part): part is string => Boolean(part));
      const container = map.getContainer();
      const layout = layoutMapImage({
        mapWidth: container.clientWidth,
        mapHeight: container.clientHeight,
        title: indicator?.name ?? t('exports.mapImage.noIndicator'),
        subtitle: [period && indicator ? formatPeriod(period, lang) : null, levelName ? t('exports.mapImage.level', { level: levelName }) : null]
          .filter(Boolean)
          .join(' · '),
        legend,
        scale: scaleBar(metersPerPixel(map), 120, lang),
        source: sourceParts.join(' · '),
        measure: canvasMeasure(),
      });
      const picture = await captureMapCanvas(map, MAP_IMAGE_PIXEL_RATIO);
      const canvas = document.createElement('canvas');
      canvas.width = Math.round(layout.width * MAP_IMAGE_PIXEL_RATIO);
      canvas.height = Math.round(layout.height * MAP_IMAGE_PIXEL_RATIO);
      const ctx = canvas.getContext('2d');
      if (!ctx) throw new Error(t('exports.mapImage.noCanvas'));
      drawMapImage(ctx, layout, picture, MAP_IMAGE_PIXEL_RATIO);
      const fileName = mapImageFileName(indicator ? [indicator.code, period] : [levelName ?? ''], fileNamePart);
      downloadBlob(await canvasToPng(canvas), fileName);
    } catch (failure) {
      setError(t('exports.mapImage.failed', { message: errorMessage(failure) }));
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <button type="button" className="button" onClick={() => void save()} disabled={busy} data-testid="save-map-image">
        {busy ? t('exports.mapImage.working') : t('exports.mapImage.open')}
      </button>
      {error ? (
        <span className="inline-error toolbar-error" role="alert">
          {error}
        </span>
      ) : null}
    </>
  );
}
