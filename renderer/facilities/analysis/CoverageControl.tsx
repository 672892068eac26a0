import type { FeatureCollection as GeoJsonCollection } from 'geojson';
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../api/context.tsx';
import { errorMessage } from '../../api/client.ts';
import { formatNumber } from '../../indicators/format.ts';
import { COVERAGE_DISTANCES, parseDistance, type Category, type Coverage } from './analysis-model.ts';
import './analysis.css';

export interface CoverageControlProps {
  levelId: string | null;
  categories: readonly Category[];
  /** Bumps on data.changed: a shown coverage is recomputed. */
  version: number;
  /** The catchment area to draw (MapCanvas `catchment`), null to remove it. */
  onCatchment: (catchment: GeoJsonCollection | null) => void;
}

interface Request {
  categoryId: string;
  distance: number;
}

/**
 * „Erreichbarkeit“ on the Karte: for a category and a straight-line distance, the catchment
 * area on the map, each unit's share of area within reach, and the units with no facility of the
 * category within reach. Starts folded (a button at the map's top right); closing or
 * „Entfernen“ removes the layer again.
 */
export function CoverageControl({ levelId, categories, version, onCatchment }: CoverageControlProps) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const api = useApi();
  const id = useId();
  const inUse = categories.filter((c) => c.facilityCount > 0);
  const [open, setOpen] = useState(false);
  const [categoryChoice, setCategoryChoice] = useState<string | null>(null);
  const [distanceText, setDistanceText] = useState('500');
  const [request, setRequest] = useState<Request | null>(null);
  const [result, setResult] = useState<Coverage | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const categoryId = categoryChoice && inUse.some((c) => c.id === categoryChoice) ? categoryChoice : (inUse[0]?.id ?? '');
  const distance = parseDistance(distanceText);

  // Recomputed when the level or the data change while a coverage is shown.
  useEffect(() => {
    if (!request || !levelId) return;
    let cancelled = false;
    setLoading(true);
    setError(null);
    api.call('facilities.coverage', { categoryIds: [request.categoryId], distance: request.distance, levelId }).then(
      (coverage) => {
        if (cancelled) return;
        setResult(coverage);
        setLoading(false);
        // The contract types geometries loosely; main builds valid GeoJSON.
        onCatchment(coverage.catchment as unknown as GeoJsonCollection);
      },
      (e: unknown) => {
        if (cancelled) return;
        setLoading(false);
        setError(errorMessage(e));
      },
    );
    return () => {
      cancelled = true;
    };
  }, [api, request, levelId, version, onCatchment]);

  const clear = () => {
    setRequest(null);
    setResult(null);
    setError(null);
    onCatchment(null);
  };

  if (!open) {
    return (
      <div className="coverage-control">
        <button type="button" className="button coverage-toggle" aria-expanded={false} onClick={() => setOpen(true)} data-testid="open-coverage">
          {t('coverage.open')}
        </button>
      </div>
    );
  }

  const category = inUse.find((c) => c.id === (request?.categoryId ?? categoryId));
  const units = result ? [...result.units].sort((a, b) => a.name.localeCompare(b.name, 'de')) : [];
  const percent = (share: number) => `${formatNumber(share * 100, 0, lang)} %`;
  const metres = (m: number) => `${formatNumber(m, 0, lang)} m`;

  return (
    <section className="coverage-control map-legend coverage-panel" aria-labelledby={`${id}-title`} data-testid="coverage-panel">
      <div className="coverage-head">
        <h2 id={`${id}-title`} className="coverage-title">
          {t('coverage.title')}
        </h2>
        <button
          type="button"
          className="icon-button"
          aria-label={t('coverage.close')}
          title={t('coverage.close')}
          onClick={() => {
            clear();
            setOpen(false);
          }}
          data-testid="coverage-close"
        >
          ×
        </button>
      </div>
      {inUse.length === 0 ? (
        <p className="small muted">{t('coverage.noFacilities')}</p>
      ) : (
        <form
          className="coverage-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (categoryId && distance !== null) setRequest({ categoryId, distance });
          }}
        >
          <label htmlFor={`${id}-cat`} className="toolbar-label">
            {t('coverage.category')}
          </label>
          <select
            id={`${id}-cat`}
            className="input input--compact"
            value={categoryId}
            onChange={(e) => {
              setCategoryChoice(e.target.value);
              // A shown coverage follows the new choice at once.
              if (request) setRequest({ ...request, categoryId: e.target.value });
            }}
            data-testid="coverage-category"
          >
            {inUse.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name} ({c.facilityCount})
              </option>
            ))}
          </select>
          <span className="toolbar-label" id={`${id}-dist`}>
            {t('coverage.distance')}
          </span>
          <div className="coverage-distances" role="group" aria-labelledby={`${id}-dist`}>
            {COVERAGE_DISTANCES.map((d) => (
              <button
                key={d}
                type="button"
                className="button button--small"
                aria-pressed={distance === d}
                onClick={() => {
                  setDistanceText(String(d));
                  if (request) setRequest({ ...request, distance: d });
                }}
                data-testid={`coverage-distance-${d}`}
              >
                {metres(d)}
              </button>
            ))}
            <input
              type="text"
              inputMode="numeric"
              className="input input--compact coverage-distance-input"
              aria-label={t('coverage.distanceFree')}
              aria-invalid={distance === null || undefined}
              value={distanceText}
              onChange={(e) => setDistanceText(e.target.value)}
              data-testid="coverage-distance"
            />
          </div>
          {distance === null ? <p className="inline-error">{t('coverage.distanceInvalid')}</p> : null}
          <div className="button-row">
            <button type="submit" className="button button--primary button--small" disabled={distance === null || !levelId} data-testid="coverage-show">
              {t('coverage.show')}
            </button>
            {request ? (
              <button type="button" className="button button--small" onClick={clear} data-testid="coverage-clear">
                {t('coverage.clear')}
              </button>
            ) : null}
          </div>
        </form>
      )}
      {error ? (
        <p className="notice notice--error" role="alert">
          {error}
        </p>
      ) : null}
      {loading && !result ? <p className="small muted">{t('common.loading')}</p> : null}
      {result && request ? (
        <div className="coverage-result" aria-busy={loading || undefined} data-testid="coverage-result">
          <p className="coverage-key small">
            <span className="swatch coverage-swatch" aria-hidden="true" />
            {t('coverage.catchment', { category: category?.name ?? '', distance: metres(result.distance) })}
          </p>
          <p className="small" data-testid="coverage-summary">
            {t('coverage.summary', { share: percent(result.totalShare), count: result.facilityCount })}
          </p>
          <h3 className="coverage-subtitle">{t('coverage.uncoveredTitle')}</h3>
          {result.uncovered.length === 0 ? (
            <p className="small" data-testid="coverage-all-covered">
              {t('coverage.allCovered')}
            </p>
          ) : (
            <ul className="coverage-uncovered" data-testid="coverage-uncovered">
              {result.uncovered.map((u) => (
                <li key={u.unitId} data-testid="coverage-uncovered-unit" data-unit-id={u.unitId}>
                  <span className="coverage-unit-name">{u.name}</span>
                  {u.nearestM !== null ? <span className="muted small"> {t('coverage.nearest', { distance: metres(u.nearestM) })}</span> : null}
                </li>
              ))}
            </ul>
          )}
          <details className="coverage-details" open>
            <summary>{t('coverage.tableTitle')}</summary>
            <table className="data-table coverage-table" data-testid="coverage-table">
              <thead>
                <tr>
                  <th scope="col">{t('coverage.unit')}</th>
                  <th scope="col" className="num">
                    {t('coverage.share')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {units.map((u) => (
                  <tr key={u.unitId} data-testid="coverage-row" data-unit-id={u.unitId}>
                    <th scope="row">{u.name}</th>
                    <td className="num">
                      <span className="coverage-bar" aria-hidden="true">
                        <span style={{ width: `${Math.round(u.share * 100)}%` }} />
                      </span>
                      <span data-testid="coverage-share">{percent(u.share)}</span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </details>
        </div>
      ) : null}
    </section>
  );
}
