import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../indicators/format.ts';
import { sortPreviewRows, type PreviewRow, type PreviewSortKey } from './preview-model.ts';

export interface PreviewTableProps {
  rows: readonly PreviewRow[];
  dimensionNames: readonly string[];
  colors: readonly string[];
  selectedUnitId: string | null;
  onSelectUnit: (unitId: string) => void;
}

/**
 * Every unit with every sub-index and the total; sortable by each column (again = reverse).
 * Starts with the highest total (most need) first. Units not in the index come last, with why.
 */
export function PreviewTable({ rows, dimensionNames, colors, selectedUnitId, onSelectUnit }: PreviewTableProps) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const [sort, setSort] = useState<{ key: PreviewSortKey; ascending: boolean }>({ key: 'total', ascending: false });
  // A dimension removed from the recipe cannot stay the sort key.
  const key: PreviewSortKey = sort.key.startsWith('dimension-') && Number(sort.key.slice(10)) >= dimensionNames.length ? 'total' : sort.key;
  const shown = useMemo(() => sortPreviewRows(rows, key, sort.ascending), [rows, key, sort.ascending]);
  const number = (value: number | undefined) => (value === undefined || Number.isNaN(value) ? '–' : formatNumber(value, 2, lang));

  const header = (columnKey: PreviewSortKey, label: string, numeric: boolean, testId: string) => {
    const active = key === columnKey;
    return (
      <th scope="col" className={numeric ? 'num' : undefined} aria-sort={active ? (sort.ascending ? 'ascending' : 'descending') : 'none'}>
        <button
          type="button"
          className="sort-button"
          // Names start A→Z, numbers with the most need.
          onClick={() => setSort((s) => ({ key: columnKey, ascending: key === columnKey ? !s.ascending : columnKey === 'name' }))}
          data-testid={testId}
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
    <div className="table-scroll index-preview-table">
      <table className="data-table" data-testid="index-preview-table">
        <caption className="visually-hidden">{t('indices.table.caption')}</caption>
        <thead>
          <tr>
            {header('name', t('indices.table.name'), false, 'sort-preview-name')}
            {dimensionNames.map((name, i) => (
              <th key={`${i}-${name}`} scope="col" className="num" aria-sort={key === `dimension-${i}` ? (sort.ascending ? 'ascending' : 'descending') : 'none'}>
                <button
                  type="button"
                  className="sort-button"
                  onClick={() => setSort((s) => ({ key: `dimension-${i}`, ascending: key === `dimension-${i}` ? !s.ascending : false }))}
                  data-testid={`sort-preview-dimension-${i}`}
                >
                  {name}
                  <span className="sort-indicator" aria-hidden="true">
                    {key === `dimension-${i}` ? (sort.ascending ? '▲' : '▼') : '↕'}
                  </span>
                </button>
              </th>
            ))}
            {header('total', t('indices.table.total'), true, 'sort-preview-total')}
            <th scope="col">{t('indices.table.class')}</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((row) => (
            <tr
              key={row.unitId}
              data-testid="preview-row"
              data-unit-id={row.unitId}
              className={`${row.total === null ? 'index-row--excluded' : ''}${row.unitId === selectedUnitId ? ' row--selected' : ''}`.trim() || undefined}
            >
              <th scope="row">
                <button type="button" className="link-button" aria-pressed={row.unitId === selectedUnitId} onClick={() => onSelectUnit(row.unitId)}>
                  {row.name}
                </button>
              </th>
              {row.total === null ? (
                <td colSpan={dimensionNames.length + 2} className="muted" data-testid="preview-message">
                  {row.message}
                </td>
              ) : (
                <>
                  {dimensionNames.map((name, i) => (
                    <td key={`${i}-${name}`} className="num">
                      {number(row.dimensions[i])}
                    </td>
                  ))}
                  <td className="num index-total" data-testid="preview-total">
                    {number(row.total)}
                  </td>
                  <td data-testid="preview-class">
                    <span className="swatch swatch--class" style={{ background: row.classIndex === null ? undefined : colors[row.classIndex] }} aria-hidden="true" />{' '}
                    {row.classLabel}
                  </td>
                </>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
