import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { formatInteger } from '../../components/format.ts';
import type { FacilityPreview } from './draft.ts';

export type Decision = 'skip' | 'keep';
type Pair = FacilityPreview['result']['duplicates'][number];

/** The file's rows with possible duplicates, each with every facility it resembles. */
export function groupByRow(pairs: readonly Pair[]): Array<{ ref: string; first: Pair; others: Pair[] }> {
  const groups = new Map<string, { ref: string; first: Pair; others: Pair[] }>();
  for (const pair of pairs) {
    const group = groups.get(pair.ref);
    if (group) group.others.push(pair);
    else groups.set(pair.ref, { ref: pair.ref, first: pair, others: [pair] });
  }
  return [...groups.values()];
}

/** Step 5: possible duplicates, one decision per row of the file; nothing is merged without one. */
export function StepDuplicates({
  pairs,
  decisions,
  onDecide,
}: {
  pairs: readonly Pair[];
  decisions: Readonly<Record<string, Decision>>;
  onDecide: (refs: readonly string[], decision: Decision) => void;
}) {
  const { t, i18n } = useTranslation();
  const name = useId();
  const rows = groupByRow(pairs);
  const open = rows.filter((row) => !decisions[row.ref]).length;
  const where = (pair: Pair) => (pair.line !== null ? t('facilityImport.duplicates.line', { line: pair.line }) : t('facilityImport.duplicates.feature', { feature: pair.feature }));
  const otherWhere = (other: Pair['other']) =>
    other.existing ? t('facilityImport.duplicates.existing') : t('facilityImport.duplicates.inFile', { ref: other.ref?.replace(/^line:/, '').replace(/^feature:/, '') ?? '' });
  return (
    <div className="vw-step-body" data-testid="facility-import-duplicates">
      <p>
        <strong data-testid="facility-import-duplicates-count">{t('facilityImport.duplicates.count', { count: rows.length })}</strong>{' '}
        <span className={open > 0 ? 'fi-open' : 'muted'} role="status">
          {open > 0 ? t('facilityImport.duplicates.open', { count: open }) : t('facilityImport.duplicates.allDecided')}
        </span>
      </p>
      <div className="button-row">
        <button type="button" className="button button--small" onClick={() => onDecide(rows.map((r) => r.ref), 'skip')} data-testid="facility-import-skip-all">
          {t('facilityImport.duplicates.skipAll')}
        </button>
        <button type="button" className="button button--small" onClick={() => onDecide(rows.map((r) => r.ref), 'keep')} data-testid="facility-import-keep-all">
          {t('facilityImport.duplicates.keepAll')}
        </button>
      </div>
      <div className="table-scroll fi-duplicates" tabIndex={0} role="region" aria-label={t('facilityImport.duplicates.table')}>
        <table className="data-table">
          <caption className="visually-hidden">{t('facilityImport.duplicates.table')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('facilityImport.duplicates.incoming')}</th>
              <th scope="col">{t('facilityImport.duplicates.resembles')}</th>
              <th scope="col">{t('facilityImport.duplicates.decision')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.ref} data-testid="facility-import-duplicate" data-ref={row.ref}>
                <th scope="row">
                  {row.first.name}
                  <span className="hint">
                    {where(row.first)}
                    {row.first.address ? ` · ${row.first.address}` : ''}
                  </span>
                </th>
                <td>
                  <ul className="fi-plain-list">
                    {row.others.map((pair, index) => (
                      <li key={index}>
                        {pair.other.name} <span className="muted">({pair.other.categoryName})</span>
                        <span className="hint">
                          {otherWhere(pair.other)} ·{' '}
                          {pair.reason === 'address'
                            ? t('facilityImport.duplicates.sameAddress', { address: pair.other.address ?? '' })
                            : t('facilityImport.duplicates.nearby', { distance: formatInteger(Math.round(pair.distanceM), i18n.language) })}
                        </span>
                      </li>
                    ))}
                  </ul>
                </td>
                <td>
                  <div className="fi-decision" role="radiogroup" aria-label={t('facilityImport.duplicates.decisionFor', { name: row.first.name })}>
                    {(['skip', 'keep'] as const).map((decision) => (
                      <label key={decision} className="vw-radio">
                        <input type="radio" name={`${name}-${row.ref}`} checked={decisions[row.ref] === decision} onChange={() => onDecide([row.ref], decision)} />
                        <span>{t(`facilityImport.duplicates.${decision}`)}</span>
                      </label>
                    ))}
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
