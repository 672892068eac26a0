import { useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { MSS_DYNAMIC_CLASSES, MSS_STATUS_CLASSES } from '../../../shared/stats/composite-presets.ts';
import { useApi } from '../../api/context.tsx';
import { formatPeriod } from '../../indicators/format.ts';
import { useUnitFeatures } from '../../indicators/queries.ts';
import { useQuery } from '../../indicators/use-query.ts';
import { unitsOf, type IndicatorDetail } from '../../indicators/values.ts';
import type { StoredIndex } from './draft.ts';
import { crossPreviews, groupCounts, isDynamicIndex, isStatusIndex } from './mss-groups.ts';

export interface SavedIndexEntry {
  detail: IndicatorDetail;
  stored: StoredIndex;
}

export interface MssGroupsPanelProps {
  savedIndices: readonly SavedIndexEntry[];
  version: number;
}

/**
 * Berlin MSS: a saved status index crossed with a saved dynamic index, unit by unit, into the 12
 * groups (status class × dynamic class), with a 4 × 3 overview of how many units fall where.
 */
export function MssGroupsPanel({ savedIndices, version }: MssGroupsPanelProps) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const ids = { title: useId(), status: useId(), dynamic: useId() };
  const statusIndices = useMemo(() => savedIndices.filter((s) => isStatusIndex(s.stored)), [savedIndices]);
  const dynamicIndices = useMemo(() => savedIndices.filter((s) => isDynamicIndex(s.stored)), [savedIndices]);
  const [statusChoice, setStatusChoice] = useState<string | null>(null);
  const [dynamicChoice, setDynamicChoice] = useState<string | null>(null);
  const status = statusIndices.find((s) => s.detail.id === statusChoice) ?? statusIndices[0] ?? null;
  const dynamic = dynamicIndices.find((s) => s.detail.id === dynamicChoice) ?? dynamicIndices[0] ?? null;
  const sameLevel = status && dynamic && status.stored.levelId === dynamic.stored.levelId;

  const key = status && dynamic && sameLevel ? `mss-groups|${JSON.stringify(status.stored)}|${JSON.stringify(dynamic.stored)}` : null;
  const previews = useQuery(
    key,
    () =>
      Promise.all(
        [status!, dynamic!].map((s) => api.call('indices.preview', { stored: s.stored as unknown as Record<string, unknown> })),
      ),
    version,
  );
  const features = useUnitFeatures(sameLevel ? status.stored.levelId : null, version).data;
  const rows = useMemo(() => {
    if (!previews.data || !features) return null;
    const [s, d] = previews.data;
    return crossPreviews(s!, d!, unitsOf(features));
  }, [previews.data, features]);
  const counts = useMemo(() => (rows ? groupCounts(rows) : null), [rows]);
  const describe = (s: SavedIndexEntry) => `${s.detail.name} (${formatPeriod(s.stored.period, i18n.language)})`;

  return (
    <section className="index-section mss-groups" aria-labelledby={ids.title} data-testid="mss-groups">
      <h2 id={ids.title} className="section-title">
        {t('indices.mssGroups.title')}
      </h2>
      {!status || !dynamic ? (
        <p className="hint" data-testid="mss-groups-hint">
          {t('indices.mssGroups.needBoth')}
        </p>
      ) : (
        <>
          <div className="index-row">
            <div className="field">
              <label htmlFor={ids.status}>{t('indices.mssGroups.status')}</label>
              <select id={ids.status} className="input" value={status.detail.id} onChange={(e) => setStatusChoice(e.target.value)}>
                {statusIndices.map((s) => (
                  <option key={s.detail.id} value={s.detail.id}>
                    {describe(s)}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor={ids.dynamic}>{t('indices.mssGroups.dynamic')}</label>
              <select id={ids.dynamic} className="input" value={dynamic.detail.id} onChange={(e) => setDynamicChoice(e.target.value)}>
                {dynamicIndices.map((s) => (
                  <option key={s.detail.id} value={s.detail.id}>
                    {describe(s)}
                  </option>
                ))}
              </select>
            </div>
          </div>
          {!sameLevel ? <p className="notice">{t('indices.mssGroups.otherLevel')}</p> : null}
          {previews.error ? (
            <p className="notice notice--error" role="alert">
              {previews.error}
            </p>
          ) : null}
          {sameLevel && !rows && !previews.error ? <p className="muted">{t('common.loading')}</p> : null}
          {rows && counts ? (
            <>
              <div className="table-scroll">
                <table className="data-table mss-matrix" data-testid="mss-matrix">
                  <caption className="visually-hidden">{t('indices.mssGroups.matrixCaption')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('indices.mssGroups.statusHead')}</th>
                      {MSS_DYNAMIC_CLASSES.map((d) => (
                        <th key={d} scope="col" className="num">
                          {t('indices.mssGroups.dynamicClass', { label: d })}
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {MSS_STATUS_CLASSES.map((s, si) => (
                      <tr key={s}>
                        <th scope="row">{s}</th>
                        {MSS_DYNAMIC_CLASSES.map((d, di) => (
                          <td key={d} className="num" data-testid="mss-count" data-group={`${si + 1}.${di + 1}`}>
                            <span className="muted small">{`${si + 1}.${di + 1}`}</span> {counts[si]![di]}
                          </td>
                        ))}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <div className="table-scroll">
                <table className="data-table" data-testid="mss-groups-table">
                  <caption className="visually-hidden">{t('indices.mssGroups.tableCaption')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('indices.table.name')}</th>
                      <th scope="col">{t('indices.mssGroups.statusHead')}</th>
                      <th scope="col">{t('indices.mssGroups.dynamicHead')}</th>
                      <th scope="col">{t('indices.mssGroups.groupHead')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {rows.map((row) => (
                      <tr key={row.unitId} data-testid="mss-group-row" data-unit-id={row.unitId} data-group={row.group?.code ?? ''}>
                        <th scope="row">{row.name}</th>
                        <td>{row.status ?? '–'}</td>
                        <td>{row.dynamic ?? '–'}</td>
                        <td>{row.group ? t('indices.mssGroups.group', { code: row.group.code, label: row.group.label }) : <span className="muted">{row.note ?? t('indices.mssGroups.noGroup')}</span>}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </>
          ) : null}
        </>
      )}
    </section>
  );
}
