import { useEffect, useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MethodInput, MethodOutput } from '../../../shared/contract.ts';
import { useApi } from '../../api/context.tsx';
import { errorMessage } from '../../api/client.ts';
import { FacilityEditor, type FacilityCategory } from '../../facilities/FacilityEditor.tsx';
import { CategoryManagerDialog } from '../../facilities/categories/CategoryManagerDialog.tsx';
import { FacilityImportButton } from '../../facilities/import/FacilityImportButton.tsx';
import { FacilityAnalysisActions } from '../../facilities/analysis/FacilityAnalysisActions.tsx';
import { formatNumber } from '../../indicators/format.ts';
import type { ViewProps } from '../registry.ts';
import { ConflictMarker } from '../austausch/ConflictMarker.tsx';
import { useConflictRows } from '../austausch/use-conflict-rows.ts';
import { UnitFilter } from './UnitFilter.tsx';

type ListInput = MethodInput<'facilities.list'>;
type FacilityList = MethodOutput<'facilities.list'>;
type SortField = NonNullable<ListInput['sort']>['field'];
type Validity = NonNullable<ListInput['validity']>;

export const PAGE_SIZE = 200;

function formatDate(iso: string | null): string {
  if (!iso) return '';
  const [y, m, d] = iso.split('-');
  return `${d}.${m}.${y}`;
}

/**
 * The infrastructure database as a table: full-text search, filters by category, target group
 * and validity (with counts), sortable columns, paging; a row opens the facility's side panel.
 */
export default function InfrastrukturView({ onNavigate }: ViewProps) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const id = useId();
  const [categories, setCategories] = useState<FacilityCategory[]>([]);
  const [query, setQuery] = useState('');
  const [categoryId, setCategoryId] = useState('');
  const [targetGroup, setTargetGroup] = useState('');
  const [unitId, setUnitId] = useState('');
  const [validity, setValidity] = useState<Validity>('current');
  const [includeArchived, setIncludeArchived] = useState(false);
  const [sort, setSort] = useState<{ field: SortField; direction: 'asc' | 'desc' }>({ field: 'name', direction: 'asc' });
  const [offset, setOffset] = useState(0);
  const [list, setList] = useState<FacilityList | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  const [open, setOpen] = useState<{ id: string } | null>(null);
  const [managingCategories, setManagingCategories] = useState(false);
  const conflicts = useConflictRows();

  useEffect(() => api.on('data.changed', () => setVersion((v) => v + 1)), [api]);

  useEffect(() => {
    let cancelled = false;
    api.call('categories.list', {}).then(
      (value) => !cancelled && setCategories(value),
      (e: unknown) => !cancelled && setError(errorMessage(e)),
    );
    return () => {
      cancelled = true;
    };
  }, [api, version]);

  const input = useMemo<ListInput>(
    () => ({
      ...(query.trim() ? { query: query.trim() } : {}),
      ...(categoryId ? { categoryIds: [categoryId] } : {}),
      ...(targetGroup ? { targetGroups: [targetGroup] } : {}),
      ...(unitId ? { unitId } : {}),
      validity,
      includeArchived,
      sort,
      offset,
      limit: PAGE_SIZE,
    }),
    [query, categoryId, targetGroup, unitId, validity, includeArchived, sort, offset],
  );

  useEffect(() => {
    let cancelled = false;
    const timer = setTimeout(() => {
      api.call('facilities.list', input).then(
        (value) => {
          if (cancelled) return;
          setList(value);
          setError(null);
        },
        (e: unknown) => !cancelled && setError(errorMessage(e)),
      );
    }, 150);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [api, input, version]);

  const categoryCount = (cid: string) => list?.facets.categories.find((c) => c.id === cid)?.count ?? 0;
  const resetPage = () => setOffset(0);

  const header = (field: SortField, label: string, numeric = false) => {
    const active = sort.field === field;
    return (
      <th scope="col" className={numeric ? 'num' : undefined} aria-sort={active ? (sort.direction === 'asc' ? 'ascending' : 'descending') : 'none'}>
        <button
          type="button"
          className="sort-button"
          data-testid={`facility-sort-${field}`}
          onClick={() => {
            setSort((s) => ({ field, direction: s.field === field && s.direction === 'asc' ? 'desc' : 'asc' }));
            resetPage();
          }}
        >
          {label}
          <span className="sort-indicator" aria-hidden="true">
            {active ? (sort.direction === 'asc' ? '▲' : '▼') : '↕'}
          </span>
        </button>
      </th>
    );
  };

  const total = list?.total ?? 0;
  return (
    <div className="infrastruktur-view">
      <div className="toolbar" role="toolbar" aria-label={t('infrastructure.toolbar')}>
        <div className="toolbar-field">
          <label htmlFor={`${id}-q`} className="toolbar-label">
            {t('infrastructure.search')}
          </label>
          <input
            id={`${id}-q`}
            type="search"
            className="input input--compact"
            value={query}
            placeholder={t('infrastructure.searchPlaceholder')}
            onChange={(e) => {
              setQuery(e.target.value);
              resetPage();
            }}
            data-testid="facility-search"
          />
        </div>
        <div className="toolbar-field">
          <label htmlFor={`${id}-cat`} className="toolbar-label">
            {t('infrastructure.category')}
          </label>
          <select
            id={`${id}-cat`}
            className="input input--compact"
            value={categoryId}
            onChange={(e) => {
              setCategoryId(e.target.value);
              resetPage();
            }}
            data-testid="facility-filter-category"
          >
            <option value="">{t('infrastructure.allCategories')}</option>
            {categories.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name} ({categoryCount(c.id)})
              </option>
            ))}
          </select>
        </div>
        <div className="toolbar-field">
          <label htmlFor={`${id}-tg`} className="toolbar-label">
            {t('infrastructure.targetGroup')}
          </label>
          <select
            id={`${id}-tg`}
            className="input input--compact"
            value={targetGroup}
            onChange={(e) => {
              setTargetGroup(e.target.value);
              resetPage();
            }}
            data-testid="facility-filter-target-group"
          >
            <option value="">{t('infrastructure.allTargetGroups')}</option>
            {(list?.facets.targetGroups ?? []).map((g) => (
              <option key={g.name} value={g.name}>
                {g.name} ({g.count})
              </option>
            ))}
            {targetGroup && !list?.facets.targetGroups.some((g) => g.name === targetGroup) ? <option value={targetGroup}>{targetGroup}</option> : null}
          </select>
        </div>
        <UnitFilter
          id={`${id}-unit`}
          value={unitId}
          onChange={(value) => {
            setUnitId(value);
            resetPage();
          }}
        />
        <div className="toolbar-field">
          <label htmlFor={`${id}-val`} className="toolbar-label">
            {t('infrastructure.validity')}
          </label>
          <select
            id={`${id}-val`}
            className="input input--compact"
            value={validity}
            onChange={(e) => {
              setValidity(e.target.value as Validity);
              resetPage();
            }}
            data-testid="facility-filter-validity"
          >
            {(['current', 'planned', 'ended', 'all'] as const).map((v) => (
              <option key={v} value={v}>
                {t(`infrastructure.validityValues.${v}`)}
              </option>
            ))}
          </select>
        </div>
        <label className="checkbox-row">
          <input
            type="checkbox"
            checked={includeArchived}
            onChange={(e) => {
              setIncludeArchived(e.target.checked);
              resetPage();
            }}
          />
          {t('infrastructure.includeArchived')}
        </label>
        <div className="toolbar-spacer" />
        <p className="small muted">{t('infrastructure.newHint')}</p>
        <FacilityImportButton />
        <button type="button" className="button" onClick={() => setManagingCategories(true)} data-testid="manage-categories">
          {t('categoryEditor.open')}
        </button>
        {/* Facilities as indicators: after saving, the new indicator's page opens. */}
        <FacilityAnalysisActions className="button" onSaved={() => onNavigate?.('indikatoren')} />
      </div>

      <section className="infrastruktur-main" aria-label={t('infrastructure.tableLabel')}>
        {error ? (
          <p className="notice notice--error" role="alert">
            {error}
          </p>
        ) : null}
        <p className="small muted" role="status" data-testid="facility-count">
          {list ? t('infrastructure.count', { count: total, from: total === 0 ? 0 : offset + 1, to: Math.min(total, offset + PAGE_SIZE) }) : t('common.loading')}
        </p>
        {list && list.items.length === 0 ? <p className="notice">{t('infrastructure.none')}</p> : null}
        {list && list.items.length > 0 ? (
          <div className="table-scroll">
            <table className="data-table facility-table" data-testid="facility-table">
              <caption className="visually-hidden">{t('infrastructure.tableLabel')}</caption>
              <thead>
                <tr>
                  {header('name', t('infrastructure.columns.name'))}
                  {header('category', t('infrastructure.columns.category'))}
                  {header('address', t('infrastructure.columns.address'))}
                  <th scope="col">{t('infrastructure.columns.unit')}</th>
                  {header('operator', t('infrastructure.columns.operator'))}
                  {header('capacity', t('infrastructure.columns.capacity'), true)}
                  <th scope="col">{t('infrastructure.columns.targetGroups')}</th>
                  {header('validFrom', t('infrastructure.columns.validFrom'))}
                  {header('validTo', t('infrastructure.columns.validTo'))}
                </tr>
              </thead>
              <tbody>
                {list.items.map((item) => {
                  const unit = item.units[item.units.length - 1];
                  const selected = open?.id === item.id;
                  return (
                    <tr key={item.id} className={selected ? 'row--selected' : item.archived ? 'row--archived' : undefined} data-testid="facility-row" data-facility-id={item.id}>
                      <th scope="row">
                        <button type="button" className="link-button" aria-pressed={selected} onClick={() => setOpen({ id: item.id })}>
                          {item.name}
                        </button>
                        {item.kind === 'resource' ? <span className="badge facility-badge">{t('infrastructure.resource')}</span> : null}
                        {item.archived ? <span className="badge facility-badge">{t('facilityEditor.archived')}</span> : null}
                        {conflicts.has('facilities', item.id) ? <ConflictMarker variant="badge" onNavigate={onNavigate} /> : null}
                      </th>
                      <td>
                        <span className="swatch swatch--round" style={{ background: item.category.color }} aria-hidden="true" /> {item.category.name}
                      </td>
                      <td>{item.address ?? ''}</td>
                      <td>{unit ? unit.name : <span className="muted">{t('facilityEditor.outside')}</span>}</td>
                      <td>{item.operator ?? ''}</td>
                      <td className="num">{item.capacity === null ? '' : `${formatNumber(item.capacity, 0, i18n.language)}${item.capacityUnit ? ` ${item.capacityUnit}` : ''}`}</td>
                      <td>{item.targetGroups.join(', ')}</td>
                      <td>{formatDate(item.validFrom)}</td>
                      <td>{formatDate(item.validTo)}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        ) : null}
        {total > PAGE_SIZE ? (
          <div className="button-row facility-paging">
            <button type="button" className="button" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE_SIZE))}>
              {t('infrastructure.previous')}
            </button>
            <button type="button" className="button" disabled={offset + PAGE_SIZE >= total} onClick={() => setOffset(offset + PAGE_SIZE)}>
              {t('infrastructure.next')}
            </button>
          </div>
        ) : null}
      </section>

      {managingCategories ? <CategoryManagerDialog onClose={() => setManagingCategories(false)} onChanged={() => setVersion((v) => v + 1)} /> : null}
      {open ? (
        <FacilityEditor
          key={open.id}
          facilityId={open.id}
          categories={categories}
          onSaved={(detail) => {
            setOpen({ id: detail.id });
            setVersion((v) => v + 1);
          }}
          onClose={() => setOpen(null)}
          onNavigate={onNavigate}
        />
      ) : null}
    </div>
  );
}

