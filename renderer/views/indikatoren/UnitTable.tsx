import { useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { detectOutliers } from '../../../shared/stats/outliers.ts';
import type { Flag } from '../../indicators/classification.ts';
import { formatNumber, type NumberStyle } from '../../indicators/format.ts';
import { OutlierMark } from '../../indicators/OutlierMark.tsx';
import { searchKey } from '../../indicators/values.ts';

export interface UnitTableRow {
  unitId: string;
  name: string;
  code: string;
  value: number | null;
  flag: Flag | null;
  rank: number | null;
}

type SortKey = 'name' | 'code' | 'value' | 'flag' | 'rank';

export interface UnitTableProps {
  rows: readonly UnitTableRow[];
  selected: readonly string[];
  style: NumberStyle;
  onSelect: (unitId: string, additive: boolean) => void;
  caption: string;
}

/**
 * All units of the level with value, flag and rank; sortable by every column (click the header
 * again to reverse), filterable by name or key. Rows without a value sort last either way.
 * Box-plot outliers among all rows (not only the filtered ones) carry a marker.
 */
export function UnitTable({ rows, selected, style, onSelect, caption }: UnitTableProps) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const filterId = useId();
  const [sort, setSort] = useState<{ key: SortKey; ascending: boolean }>({ key: 'rank', ascending: true });
  const [filter, setFilter] = useState('');
  const outliers = useMemo(() => detectOutliers(rows).units, [rows]);

  const shown = useMemo(() => {
    const needle = searchKey(filter.trim());
    const filtered = needle ? rows.filter((r) => searchKey(`${r.name} ${r.code}`).includes(needle)) : [...rows];
    const dir = sort.ascending ? 1 : -1;
    const text = (a: string, b: string) => a.localeCompare(b, 'de', { numeric: true });
    return filtered.sort((a, b) => {
      switch (sort.key) {
        case 'name':
          return dir * text(a.name, b.name);
        case 'code':
          return dir * text(a.code, b.code);
        case 'flag':
          return dir * text(a.flag ?? '', b.flag ?? '') || text(a.name, b.name);
        case 'value':
        case 'rank': {
          const av = sort.key === 'value' ? a.value : a.rank;
          const bv = sort.key === 'value' ? b.value : b.rank;
          if (av === null || bv === null) return av === bv ? text(a.name, b.name) : av === null ? 1 : -1;
          return dir * (av - bv) || text(a.name, b.name);
        }
      }
    });
  }, [rows, sort, filter]);

  const header = (key: SortKey, label: string, numeric = false) => {
    const active = sort.key === key;
    return (
      <th scope="col" className={numeric ? 'num' : undefined} aria-sort={active ? (sort.ascending ? 'ascending' : 'descending') : 'none'}>
        <button
          type="button"
          className="sort-button"
          onClick={() => setSort((s) => ({ key, ascending: s.key === key ? !s.ascending : true }))}
          data-testid={`sort-${key}`}
        >
          {label}
          <span className="sort-indicator" aria-hidden="true">
            {active ? (sort.ascending ? '▲' : '▼') : '↕'}
          </span>
        </button>
      </th>
    );
  };

  return (
    <div className="unit-table" data-testid="unit-table">
      <div className="unit-table-tools">
        <label htmlFor={filterId}>{t('indicators.table.filter')}</label>
        <input id={filterId} type="search" className="input input--compact" value={filter} onChange={(e) => setFilter(e.target.value)} />
        <span className="small muted" role="status">
          {t('indicators.table.shown', { shown: shown.length, total: rows.length })}
        </span>
      </div>
      <div className="table-scroll">
        <table className="data-table">
          <caption className="visually-hidden">{caption}</caption>
          <thead>
            <tr>
              {header('name', t('indicators.table.name'))}
              {header('code', t('indicators.table.code'))}
              {header('value', style.unit ? `${t('indicators.table.value')} (${style.unit})` : t('indicators.table.value'), true)}
              {header('flag', t('indicators.table.flag'))}
              {header('rank', t('indicators.table.rank'), true)}
            </tr>
          </thead>
          <tbody>
            {shown.map((row) => {
              const isSelected = selected.includes(row.unitId);
              return (
                <tr key={row.unitId} className={isSelected ? 'row--selected' : undefined} data-testid="unit-row" data-unit-id={row.unitId}>
                  <th scope="row">
                    <button
                      type="button"
                      className="link-button"
                      aria-pressed={isSelected}
                      onClick={(e) => onSelect(row.unitId, e.ctrlKey || e.metaKey || e.shiftKey)}
                    >
                      {row.name}
                    </button>
                  </th>
                  <td className="mono">{row.code}</td>
                  <td className="num" data-testid="unit-value">
                    {row.flag === 'suppressed' ? t('indicators.table.suppressedValue') : row.value === null || row.flag === 'missing' ? '–' : formatNumber(row.value, style.decimals, lang)}
                    <OutlierMark kind={outliers.get(row.unitId)} />
                  </td>
                  <td>{row.flag ? t(`flags.${row.flag}`) : ''}</td>
                  <td className="num" data-testid="unit-rank">
                    {row.rank ?? '–'}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </div>
  );
}
