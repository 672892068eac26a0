import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { formatInteger } from '../../components/format.ts';
import { formatNumber } from '../../indicators/format.ts';
import { IssueList } from '../../imports/IssueList.tsx';
import type { FacilityPreview } from './draft.ts';

const SHOWN_RECORDS = 10;

/** Step 4: what the import would do — counts, categories, first records, problems by line and column. */
export function StepPreview({ check, keepValidRowsOnly, busy, onKeepValidRowsOnly }: { check: FacilityPreview; keepValidRowsOnly: boolean; busy: boolean; onKeepValidRowsOnly: (keep: boolean) => void }) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const lang = i18n.language;
  const result = check.result;
  const n = (value: number) => formatInteger(value, lang);
  const rowErrors = result.invalid > 0;
  // The unit column is headed by main's finest level ("Stadtteil") once a record lies in one.
  const unitLevel = result.records.find((r) => r.unit)?.unit?.level;
  return (
    <div className="vw-step-body" data-testid="facility-import-preview">
      <dl className="facts facts--inline">
        <dt>{t('facilityImport.preview.rows')}</dt>
        <dd data-testid="facility-import-rows">{n(result.rows)}</dd>
        <dt>{t('facilityImport.preview.valid')}</dt>
        <dd data-testid="facility-import-valid">{n(result.valid)}</dd>
        <dt>{t('facilityImport.preview.invalid')}</dt>
        <dd data-testid="facility-import-invalid">{n(result.invalid)}</dd>
        <dt>{t('facilityImport.preview.newRecords')}</dt>
        <dd data-testid="facility-import-new">{n(result.newRecords)}</dd>
        <dt>{t('facilityImport.preview.existingRecords')}</dt>
        <dd>{n(result.existingRecords)}</dd>
        <dt>{t('facilityImport.preview.duplicates')}</dt>
        <dd data-testid="facility-import-duplicate-count">{n(new Set(result.duplicates.map((d) => d.ref)).size)}</dd>
        <dt>{t('facilityImport.preview.crs')}</dt>
        <dd className="mono">{check.sourceCrs}</dd>
      </dl>

      {result.categories.length > 0 ? <h4 className="section-title">{t('facilityImport.preview.categoriesTitle')}</h4> : null}
      {result.categories.length > 0 ? (
        <ul className="fi-categories" data-testid="facility-import-categories" aria-label={t('facilityImport.preview.categories')}>
          {result.categories.map((c) => (
            <li key={c.key}>
              {c.name}: {n(c.count)} {c.known ? null : <span className="badge">{t('facilityImport.preview.newCategory')}</span>}
            </li>
          ))}
        </ul>
      ) : null}

      {result.outside.levels.length > 0 ? (
        <p className="notice" data-testid="facility-import-outside">
          {result.outside.levels.map((l) => t('facilityImport.preview.outside', { count: l.count, level: l.name })).join(' ')}
        </p>
      ) : result.records.length > 0 ? (
        <p className="hint">{t('facilityImport.preview.allInside')}</p>
      ) : null}

      {result.records.length > 0 ? (
        <div className="table-scroll fi-records" tabIndex={0} role="region" aria-label={t('facilityImport.preview.records')}>
          <table className="data-table" data-testid="facility-import-records">
            <caption>{t('facilityImport.preview.recordsCaption', { shown: Math.min(SHOWN_RECORDS, result.records.length), total: n(result.valid) })}</caption>
            <thead>
              <tr>
                <th scope="col">{check.kind === 'table' ? t('facilityImport.preview.line') : t('facilityImport.preview.feature')}</th>
                <th scope="col">{t('facilityImport.fields.name')}</th>
                <th scope="col">{t('facilityImport.preview.category')}</th>
                <th scope="col">{unitLevel ?? t('facilityImport.preview.unit')}</th>
                <th scope="col">{t('facilityImport.fields.address')}</th>
                <th scope="col" className="num">
                  {t('facilityImport.fields.capacity')}
                </th>
                <th scope="col">{t('facilityImport.preview.position')}</th>
                <th scope="col">{t('facilityImport.preview.state')}</th>
              </tr>
            </thead>
            <tbody>
              {result.records.slice(0, SHOWN_RECORDS).map((r) => (
                <tr key={r.ref}>
                  <td>{r.line ?? r.feature}</td>
                  <td>{r.name}</td>
                  <td>{r.categoryName}</td>
                  <td data-testid="facility-import-record-unit">{r.unit ? r.unit.unit : r.unit === null ? <span className="muted">{t('facilityImport.preview.noUnit')}</span> : ''}</td>
                  <td>{r.address ?? ''}</td>
                  <td className="num">{r.capacity === null ? '' : `${formatNumber(r.capacity, 0, lang)}${r.capacityUnit ? ` ${r.capacityUnit}` : ''}`}</td>
                  <td className="mono small">
                    {r.lat.toFixed(5)}, {r.lon.toFixed(5)}
                  </td>
                  <td>{r.exists ? t('facilityImport.preview.exists') : t('facilityImport.preview.new')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}

      {result.issues.length > 0 ? (
        <>
          <h4 className="section-title">{t('facilityImport.preview.issues', { count: result.issueCount })}</h4>
          <IssueList issues={result.issues} testId="facility-import-issues" />
          {result.issueCount > result.issues.length ? <p className="hint">{t('facilityImport.preview.moreIssues', { count: result.issueCount - result.issues.length })}</p> : null}
        </>
      ) : null}

      {rowErrors || keepValidRowsOnly ? (
        <label className="import-skip" htmlFor={id}>
          <input id={id} type="checkbox" checked={keepValidRowsOnly} disabled={busy} onChange={(e) => onKeepValidRowsOnly(e.target.checked)} data-testid="facility-import-keep-valid" />
          <span>
            {t('facilityImport.preview.keepValid')}
            <span className="hint">{t('facilityImport.preview.keepValidHint')}</span>
          </span>
        </label>
      ) : null}
      {!result.importable ? (
        <p className="notice notice--error" role="alert">
          {t('facilityImport.preview.notImportable')}
        </p>
      ) : null}
    </div>
  );
}
