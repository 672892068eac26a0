import { useCallback, useEffect, useEffectEvent, useId, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MethodOutput } from '../../../shared/contract.ts';
import { useApi } from '../../api/context.tsx';
import { errorMessage, isConnectionError } from '../../api/client.ts';
import { ImportUnitsDialog } from '../../imports/ImportUnitsDialog.tsx';
import { DissolveLevelDialog } from '../../imports/DissolveLevelDialog.tsx';
import { prepareBasemap, type BasemapInfo, type BasemapStyle } from '../../map/basemap.ts';
import { BasemapDialog } from '../../map/BasemapDialog.tsx';
import { CategoryLegend, type Category } from '../../map/CategoryLegend.tsx';
import type { FacilityProps } from '../../map/FacilityPanel.tsx';
import { FacilityEditor } from '../../facilities/FacilityEditor.tsx';
import { CoverageControl } from '../../facilities/analysis/CoverageControl.tsx';
import { LevelSwitch } from '../../map/LevelSwitch.tsx';
import { defaultLevel, sortLevels, type Level } from '../../map/levels.ts';
import { unitsOf } from '../../indicators/values.ts';
import { MapCanvas, type Bbox, type MapCanvasProps, type MapHandle } from '../../map/MapCanvas.tsx';
import { UnitPanel, type UnitDetail } from '../../map/UnitPanel.tsx';
import { useSelection } from '../../state/selection.tsx';
import type { ViewProps } from '../registry.ts';
import { ChoroplethLegend } from '../../indicators/ChoroplethLegend.tsx';
import { IndicatorPicker } from '../../indicators/IndicatorPicker.tsx';
import { PeriodControl } from '../../indicators/PeriodControl.tsx';
import { useIndicatorLayer } from './use-indicator-layer.ts';
import { openConflictInbox, useConflictRows } from '../austausch/use-conflict-rows.ts';
import { ExportButton } from '../../exports/ExportDialog.tsx';
import { MapImageButton } from '../../exports/MapImageButton.tsx';

type FeatureCollection = MethodOutput<'units.features'>;
/** Width of the side panel in px (styles/base.css --panel-width). */
const PANEL_WIDTH = 360;

/** Connection problems are in the app's banner; only other errors are shown on the map. */
function viewError(error: unknown): string | null {
  return isConnectionError(error) ? null : errorMessage(error);
}

export default function KarteView({ appInfo, onNavigate }: ViewProps) {
  const { t } = useTranslation();
  const conflictRows = useConflictRows();
  const conflictMarks = conflictRows.ids.facilities.length + conflictRows.ids.units.length;
  const api = useApi();
  const unitSelectId = useId();
  const mapHandle = useRef<MapHandle>(null);
  // Level and units are shared with the other views (linked selection); facilities are the map's own.
  const shared = useSelection();
  const { levelId, setLevel: setLevelId, unitIds, selectUnit: selectSharedUnit, clearUnits } = shared;

  const [dataVersion, setDataVersion] = useState(0);
  /** null until the first answer: an empty list means the database has no levels. */
  const [levelList, setLevelList] = useState<Level[] | null>(null);
  const levels = useMemo(() => levelList ?? [], [levelList]);
  const [units, setUnits] = useState<FeatureCollection | null>(null);
  const [facilities, setFacilities] = useState<FeatureCollection | null>(null);
  const [categories, setCategories] = useState<Category[]>([]);
  const [hidden, setHidden] = useState<ReadonlySet<string>>(new Set());
  const [facility, setFacility] = useState<Pick<FacilityProps, 'id'> | null>(null);
  /** Place mode (the next map click sets a new facility), then the new facility's position. */
  const [placing, setPlacing] = useState(false);
  const [newAt, setNewAt] = useState<{ lon: number; lat: number } | null>(null);
  const [moveError, setMoveError] = useState<string | null>(null);
  const [detail, setDetail] = useState<UnitDetail | null>(null);
  const [detailError, setDetailError] = useState<string | null>(null);
  const [basemapInfo, setBasemapInfo] = useState<BasemapInfo | null>(null);
  const [basemapStyle, setBasemapStyle] = useState<BasemapStyle | null>(null);
  const [basemapError, setBasemapError] = useState<string | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [dialog, setDialog] = useState<'import' | 'dissolve' | 'basemap' | null>(null);
  const [pendingLevelName, setPendingLevelName] = useState<string | null>(null);
  /** The coverage panel's catchment area (Erreichbarkeit), drawn under the facilities. */
  const [catchment, setCatchment] = useState<MapCanvasProps['catchment']>(null);

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
  }, [levels, levelId, pendingLevelName, setLevelId]);

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

  const selectedUnitId = facility ? null : (unitIds[0] ?? null);
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

  const selectUnit = useCallback(
    (id: string, additive = false) => {
      setFacility(null);
      setDetail((current) => (current?.id === id ? current : null));
      selectSharedUnit(id, additive ? 'toggle' : 'replace');
    },
    [selectSharedUnit],
  );

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
    setFacility(null);
    setNewAt(null);
    clearUnits();
    setDetail(null);
    setDetailError(null);
  }, [clearUnits]);

  const hiddenIds = useMemo(() => [...hidden], [hidden]);
  const unitOptions = useMemo(() => unitsOf(units), [units]);
  const outlined = useMemo(() => (facility ? [] : unitIds), [facility, unitIds]);

  useEffect(() => {
    if (!placing) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      event.preventDefault();
      setPlacing(false);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [placing]);

  /** A dragged facility keeps every field but its position; the panel then shows its new unit. */
  const moveFacility = useCallback(
    (id: string, lon: number, lat: number) => {
      setMoveError(null);
      api
        .call('facilities.get', { id })
        .then((current) => api.call('facilities.save', { id, facility: { categoryId: current.category.id, name: current.name, lon, lat } }))
        .then(
          () => setDataVersion((v) => v + 1),
          (error: unknown) => {
            setMoveError(errorMessage(error));
            setDataVersion((v) => v + 1);
          },
        );
    },
    [api],
  );
  const layer = useIndicatorLayer(levelId, unitOptions, dataVersion);

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
        {categories.length > 0 ? (
          <button
            type="button"
            className="button"
            aria-pressed={placing}
            onClick={() => setPlacing((p) => !p)}
            data-testid="place-facility"
          >
            {placing ? t('facilityMap.cancelPlace') : t('facilityMap.place')}
          </button>
        ) : null}
        <ExportButton indicator={layer.indicator} levelId={levelId} period={layer.period} />
        <button type="button" className="button" onClick={() => setDialog('import')} data-testid="open-import">
          {t('karte.importUnits')}
        </button>
        {levels.some((l) => l.unitCount > 1) ? (
          <button type="button" className="button" onClick={() => setDialog('dissolve')} data-testid="open-dissolve" title={t('dissolve.title')}>
            {t('karte.dissolveLevel')}
          </button>
        ) : null}
        <button type="button" className="button" onClick={() => setDialog('basemap')} data-testid="open-basemap">
          {t('karte.basemap')}
        </button>
      </div>
      {layer.catalogue.length > 0 ? (
        <div className="toolbar toolbar--secondary" role="toolbar" aria-label={t('karte.indicatorToolbar')} data-testid="indicator-toolbar">
          <IndicatorPicker
            indicators={layer.catalogue}
            topics={layer.topics}
            value={layer.indicator?.id ?? null}
            onChange={layer.chooseIndicator}
            levelId={levelId}
          />
          {layer.indicator ? (
            <PeriodControl periods={layer.periods} value={layer.period} onChange={layer.choosePeriod} slider testId="map-period" />
          ) : null}
          <div className="toolbar-spacer" />
          <MapImageButton indicator={layer.indicator} choropleth={layer.choropleth} period={layer.period} levelName={levels.find((l) => l.id === levelId)?.name ?? null} />
          {layer.indicator && onNavigate ? (
            <button type="button" className="button" onClick={() => onNavigate('indikatoren')} data-testid="open-indicator-page">
              {t('karte.openIndicator')}
            </button>
          ) : null}
        </div>
      ) : null}

      <div className={placing ? 'map-area map-area--placing' : 'map-area'}>
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
          selectedUnitIds={outlined}
          choropleth={layer.paint}
          describeUnit={layer.describeUnit}
          selectedFacilityId={facility?.id ?? null}
          conflictIds={conflictRows.ids}
          basemap={basemapStyle}
          onUnitClick={selectUnit}
          onFacilityClick={(clicked) => {
            clearUnits();
            setNewAt(null);
            setFacility(clicked);
          }}
          onEmptyClick={closePanel}
          placing={placing}
          onPlace={(lon, lat) => {
            setPlacing(false);
            clearUnits();
            setFacility(null);
            setNewAt({ lon, lat });
          }}
          onFacilityMoved={moveFacility}
          catchment={catchment}
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
          {placing ? (
            <p className="notice" data-testid="place-hint">
              {t('facilityMap.placeActive')}
            </p>
          ) : null}
          {moveError ? <p className="notice notice--error">{moveError}</p> : null}
          {layer.error ? <p className="notice notice--error">{layer.error}</p> : null}
          {layer.noValuesOnLevel ? <p className="notice">{t('karte.noValuesOnLevel')}</p> : null}
        </div>

        <CoverageControl levelId={levelId} categories={categories} version={dataVersion} onCatchment={setCatchment} />
        <div className="map-legends">
          {layer.indicator && layer.choropleth ? (
            <ChoroplethLegend
              indicator={layer.indicator}
              period={layer.period}
              choropleth={layer.choropleth}
              settings={shared.classification}
              onSettingsChange={layer.changeSettings}
              periodCount={layer.periods.length}
            />
          ) : null}
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
          {conflictMarks > 0 ? (
            <p className="map-legend legend-key legend-key--conflict" data-testid="conflict-key">
              <span className="swatch swatch--round swatch--conflict" aria-hidden="true" />
              <button type="button" className="link-button" onClick={() => openConflictInbox(onNavigate)}>
                {t('legend.conflicts', { count: conflictMarks })}
              </button>
            </p>
          ) : null}
        </div>

        {selectedUnitId ? (
          <UnitPanel
            detail={detail}
            loading={detail?.id !== selectedUnitId}
            error={detailError}
            onClose={closePanel}
            onSelectUnit={selectAndShow}
            {...(onNavigate ? { onOpenProfile: () => onNavigate('profil') } : {})}
          />
        ) : null}
        {facility || newAt ? (
          <FacilityEditor
            key={facility?.id ?? `new-${newAt?.lon}-${newAt?.lat}`}
            facilityId={facility?.id ?? null}
            position={newAt ?? undefined}
            categories={categories}
            version={dataVersion}
            onSaved={(saved) => {
              setNewAt(null);
              setFacility({ id: saved.id });
            }}
            onClose={closePanel}
          />
        ) : null}
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
      {dialog === 'dissolve' ? (
        <DissolveLevelDialog
          levels={levels}
          initialLevelId={levelId}
          onDissolved={(_summary, levelName) => {
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
