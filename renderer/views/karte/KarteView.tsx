import { useCallback, useEffect, useEffectEvent, useId, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MethodOutput } from '../../../shared/contract.ts';
import { useApi } from '../../api/context.tsx';
import { errorMessage, isConnectionError } from '../../api/client.ts';
import { ImportUnitsDialog } from '../../imports/ImportUnitsDialog.tsx';
import { prepareBasemap, type BasemapInfo, type BasemapStyle } from '../../map/basemap.ts';
import { BasemapDialog } from '../../map/BasemapDialog.tsx';
import { CategoryLegend, type Category } from '../../map/CategoryLegend.tsx';
import { FacilityPanel, type FacilityProps } from '../../map/FacilityPanel.tsx';
import { LevelSwitch } from '../../map/LevelSwitch.tsx';
import { defaultLevel, sortLevels, type Level } from '../../map/levels.ts';
import { MapCanvas, type Bbox, type MapHandle } from '../../map/MapCanvas.tsx';
import { UnitPanel, type UnitDetail } from '../../map/UnitPanel.tsx';
import type { ViewProps } from '../registry.ts';

type FeatureCollection = MethodOutput<'units.features'>;
/** Width of the side panel in px (styles/base.css --panel-width). */
const PANEL_WIDTH = 360;
type Selection = { kind: 'unit'; id: string } | { kind: 'facility'; facility: FacilityProps } | null;

/** Connection problems are in the app's banner; only other errors are shown on the map. */
function viewError(error: unknown): string | null {
  return isConnectionError(error) ? null : errorMessage(error);
}

export default function KarteView({ appInfo }: ViewProps) {
  const { t } = useTranslation();
  const api = useApi();
  const unitSelectId = useId();
  const mapHandle = useRef<MapHandle>(null);

  const [dataVersion, setDataVersion] = useState(0);
  /** null until the first answer: an empty list means the database has no levels. */
  const [levelList, setLevelList] = useState<Level[] | null>(null);
  const levels = useMemo(() => levelList ?? [], [levelList]);
  const [levelId, setLevelId] = useState<string | null>(null);
  const [units, setUnits] = useState<FeatureCollection | null>(null);
  const [facilities, setFacilities] = useState<FeatureCollection | null>(null);
  const [categories, setCategories] = useState<Category[]>([]);
  const [hidden, setHidden] = useState<ReadonlySet<string>>(new Set());
  const [selection, setSelection] = useState<Selection>(null);
  const [detail, setDetail] = useState<UnitDetail | null>(null);
  const [detailError, setDetailError] = useState<string | null>(null);
  const [basemapInfo, setBasemapInfo] = useState<BasemapInfo | null>(null);
  const [basemapStyle, setBasemapStyle] = useState<BasemapStyle | null>(null);
  const [basemapError, setBasemapError] = useState<string | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [dialog, setDialog] = useState<'import' | 'basemap' | null>(null);
  const [pendingLevelName, setPendingLevelName] = useState<string | null>(null);

  // Anything main reports as changed (an import from here, the CLI, a sync) reloads the data.
  useEffect(() => api.on('data.changed', () => setDataVersion((v) => v + 1)), [api]);

  useEffect(() => {
    let cancelled = false;
    Promise.all([api.call('levels.list', {}), api.call('categories.list', {}), api.call('facilities.features', {})]).then(
      ([levelResult, categoryList, facilityFeatures]) => {
        if (cancelled) return;
        setLoadError(null);
        setLevelList(sortLevels(levelResult));
        setCategories(categoryList);
        setFacilities(facilityFeatures);
      },
      (error: unknown) => !cancelled && setLoadError(viewError(error)),
    );
    return () => {
      cancelled = true;
    };
  }, [api, dataVersion]);

  // Keep the chosen level while it exists; otherwise take the default (or a just imported one).
  useEffect(() => {
    if (levels.length === 0) return;
    if (pendingLevelName) {
      const imported = levels.find((l) => l.name === pendingLevelName);
      if (imported) {
        setLevelId(imported.id);
        setPendingLevelName(null);
        return;
      }
    }
    if (!levelId || !levels.some((l) => l.id === levelId)) setLevelId(defaultLevel(levels)?.id ?? null);
  }, [levels, levelId, pendingLevelName]);

  useEffect(() => {
    if (!levelId) return;
    let cancelled = false;
    api.call('units.features', { levelId }).then(
      (collection) => !cancelled && setUnits(collection),
      (error: unknown) => !cancelled && setLoadError(viewError(error)),
    );
    return () => {
      cancelled = true;
    };
  }, [api, levelId, dataVersion]);

  const selectedUnitId = selection?.kind === 'unit' ? selection.id : null;
  // A unit picked outside the shown level (e.g. a parent) brings its level along.
  const showLevelOf = useEffectEvent((unit: UnitDetail) => {
    if (unit.level.id !== levelId) setLevelId(unit.level.id);
  });
  useEffect(() => {
    if (!selectedUnitId) return;
    let cancelled = false;
    setDetailError(null);
    api.call('units.get', { id: selectedUnitId }).then(
      (unit) => {
        if (cancelled) return;
        setDetail(unit);
        showLevelOf(unit);
      },
      (error: unknown) => !cancelled && setDetailError(errorMessage(error)),
    );
    return () => {
      cancelled = true;
    };
  }, [api, selectedUnitId, dataVersion]);

  useEffect(() => {
    let cancelled = false;
    api.call('basemap.get', {}).then(
      (info) => !cancelled && setBasemapInfo(info),
      (error: unknown) => !cancelled && setBasemapError(viewError(error)),
    );
    return () => {
      cancelled = true;
    };
  }, [api]);

  useEffect(() => {
    setBasemapStyle(null);
    if (!basemapInfo) return;
    let cancelled = false;
    setBasemapError(null);
    prepareBasemap(api, basemapInfo).then(
      (style) => !cancelled && setBasemapStyle(style),
      (error: unknown) =>
        !cancelled && setBasemapError(t('basemap.failed', { name: basemapInfo.name, message: errorMessage(error) })),
    );
    return () => {
      cancelled = true;
    };
  }, [api, basemapInfo, t]);

  const selectUnit = useCallback((id: string) => {
    setDetail((current) => (current?.id === id ? current : null));
    setSelection({ kind: 'unit', id });
  }, []);

  /** Select a unit and bring it into view (list choice, parent link): it may lie off screen. */
  const selectAndShow = useCallback(
    (id: string) => {
      selectUnit(id);
      api.call('units.get', { id }).then(
        (unit) => mapHandle.current?.fitBbox(unit.bbox as Bbox, PANEL_WIDTH),
        () => {},
      );
    },
    [api, selectUnit],
  );

  const closePanel = useCallback(() => {
    setSelection(null);
    setDetail(null);
    setDetailError(null);
  }, []);

  const hiddenIds = useMemo(() => [...hidden], [hidden]);
  const unitOptions = useMemo(
    () =>
      (units?.features ?? [])
        .map((f) => ({ id: String(f.properties['id'] ?? ''), name: String(f.properties['name'] ?? ''), code: String(f.properties['code'] ?? '') }))
        .filter((u) => u.id)
        .sort((a, b) => a.name.localeCompare(b.name, 'de')),
    [units],
  );

  const extent = (appInfo?.extent ?? null) as Bbox | null;
  const emptyDatabase = levelList !== null && levelList.length === 0 && !loadError;

  return (
    <div className="karte-view">
      <div className="toolbar" role="toolbar" aria-label={t('karte.toolbar')}>
        {levelList ? <LevelSwitch levels={levelList} value={levelId} onChange={setLevelId} /> : null}
        {unitOptions.length > 0 ? (
          <div className="toolbar-field">
            <label htmlFor={unitSelectId} className="toolbar-label">
              {t('karte.findUnit')}
            </label>
            <select
              id={unitSelectId}
              className="input input--compact"
              data-testid="unit-select"
              value={selectedUnitId && unitOptions.some((u) => u.id === selectedUnitId) ? selectedUnitId : ''}
              onChange={(e) => e.target.value && selectAndShow(e.target.value)}
            >
              <option value="">{t('karte.findUnitPlaceholder')}</option>
              {unitOptions.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.name} ({u.code})
                </option>
              ))}
            </select>
          </div>
        ) : null}
        <div className="toolbar-spacer" />
        <button type="button" className="button" onClick={() => setDialog('import')} data-testid="open-import">
          {t('karte.importUnits')}
        </button>
        <button type="button" className="button" onClick={() => setDialog('basemap')} data-testid="open-basemap">
          {t('karte.basemap')}
        </button>
      </div>

      <div className="map-area">
        <MapCanvas
          ref={mapHandle}
          label={t('karte.mapLabel')}
          locale={{
            'Map.Title': t('karte.mapControls.title'),
            'NavigationControl.ZoomIn': t('karte.mapControls.zoomIn'),
            'NavigationControl.ZoomOut': t('karte.mapControls.zoomOut'),
            'AttributionControl.ToggleAttribution': t('karte.mapControls.toggleAttribution'),
            'AttributionControl.MapFeedback': t('karte.mapControls.mapFeedback'),
          }}
          extent={extent}
          units={units}
          facilities={facilities}
          hiddenCategoryIds={hiddenIds}
          selectedUnitId={selectedUnitId}
          selectedFacilityId={selection?.kind === 'facility' ? selection.facility.id : null}
          basemap={basemapStyle}
          onUnitClick={selectUnit}
          onFacilityClick={(facility) => setSelection({ kind: 'facility', facility })}
          onEmptyClick={closePanel}
        />

        <div className="map-notices" aria-live="polite">
          {loadError ? <p className="notice notice--error">{loadError}</p> : null}
          {basemapError ? (
            <p className="notice notice--error">
              {basemapError}{' '}
              <button type="button" className="link-button" onClick={() => setBasemapError(null)}>
                {t('common.dismiss')}
              </button>
            </p>
          ) : null}
          {emptyDatabase ? <p className="notice">{t('karte.empty')}</p> : null}
        </div>

        <CategoryLegend
          categories={categories}
          hidden={hidden}
          onToggle={(id, visible) =>
            setHidden((current) => {
              const next = new Set(current);
              if (visible) next.delete(id);
              else next.add(id);
              return next;
            })
          }
        />

        {selection?.kind === 'unit' ? (
          <UnitPanel
            detail={detail}
            loading={detail?.id !== selection.id}
            error={detailError}
            onClose={closePanel}
            onSelectUnit={selectAndShow}
          />
        ) : null}
        {selection?.kind === 'facility' ? <FacilityPanel facility={selection.facility} onClose={closePanel} /> : null}
      </div>

      {dialog === 'import' ? (
        <ImportUnitsDialog
          existingLevels={levels.map((l) => l.name)}
          onImported={(_summary, levelName) => {
            setPendingLevelName(levelName);
            setDataVersion((v) => v + 1);
          }}
          onClose={() => setDialog(null)}
        />
      ) : null}
      {dialog === 'basemap' ? (
        <BasemapDialog current={basemapInfo} onChanged={setBasemapInfo} onClose={() => setDialog(null)} />
      ) : null}
    </div>
  );
}
