import { useTranslation } from 'react-i18next';
import type { MethodOutput } from '../../../shared/contract.ts';
import type { Draft, TablePreview } from './draft.ts';

export type Unit = MethodOutput<'units.list'>[number];
type Result = NonNullable<TablePreview['result']>;

const SKIP = '__skip';
const MAX_LINES = 8;

export interface StepUnitsProps {
  result: Result;
  draft: Draft;
  update: (change: (draft: Draft) => Draft) => void;
  units: readonly Unit[] | null;
  levelName: string;
  busy: boolean;
  onRecheck: () => void;
}

interface Row {
  raw: string;
  lines: number[];
  candidates: Array<{ code: string; name: string }>;
}

/** Step 4: texts of the unit column that match no unit; the planner assigns each one, or skips it. */
export function StepUnits({ result, draft, update, units, levelName, busy, onRecheck }: StepUnitsProps) {
  const { t } = useTranslation();
  const assignments = draft.units.assignments;
  const unmatched = new Set(result.unmatchedUnits.map((u) => u.raw));
  const rows: Row[] = [
    ...result.unmatchedUnits,
    ...Object.keys(assignments)
      .filter((raw) => !unmatched.has(raw))
      .map((raw) => ({ raw, lines: [], candidates: [] })),
  ];
  const open = result.unmatchedUnits.filter((u) => assignments[u.raw] === undefined).length;

  function assign(raw: string, choice: string) {
    update((d) => {
      const next = { ...d.units.assignments };
      if (choice === '') delete next[raw];
      else next[raw] = choice === SKIP ? null : choice;
      return { ...d, units: { ...d.units, assignments: next } };
    });
  }

  return (
    <div className="vw-step-body">
      {result.unmatchedUnits.length === 0 ? (
        <p className="notice notice--success" data-testid="values-wizard-units-ok">
          {t('valuesWizard.units.allMatched', { level: levelName })}
        </p>
      ) : (
        <p className="notice" data-testid="values-wizard-units-open">
          {t('valuesWizard.units.unmatched', { count: result.unmatchedUnits.length, level: levelName })}
        </p>
      )}
      {rows.length > 0 ? (
        <div className="table-scroll vw-table-scroll">
          <table className="data-table vw-units" data-testid="values-wizard-unmatched">
            <caption>{t('valuesWizard.units.caption', { column: draft.units.column })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('valuesWizard.units.text')}</th>
                <th scope="col">{t('valuesWizard.units.lines')}</th>
                <th scope="col">{t('valuesWizard.units.assignment')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => {
                const value = assignments[row.raw];
                const selected = value === undefined ? '' : value === null ? SKIP : value;
                const candidateCodes = new Set(row.candidates.map((c) => c.code));
                return (
                  <tr key={row.raw} data-raw={row.raw}>
                    <th scope="row" className="vw-raw">
                      {row.raw}
                    </th>
                    <td>{row.lines.length > 0 ? formatLines(row.lines) : <span className="muted">{t('valuesWizard.units.assignedBefore')}</span>}</td>
                    <td>
                      <select
                        className="input input--compact vw-unit-select"
                        aria-label={t('valuesWizard.units.selectLabel', { raw: row.raw })}
                        value={selected}
                        disabled={busy}
                        onChange={(e) => assign(row.raw, e.target.value)}
                      >
                        <option value="">{t('valuesWizard.units.choose')}</option>
                        <option value={SKIP}>{t('valuesWizard.units.skip')}</option>
                        {row.candidates.length > 0 ? (
                          <optgroup label={t('valuesWizard.units.candidates')}>
                            {row.candidates.map((c) => (
                              <option key={c.code} value={c.code}>
                                {c.name} ({c.code})
                              </option>
                            ))}
                          </optgroup>
                        ) : null}
                        {units && units.length > 0 ? (
                          <optgroup label={t('valuesWizard.units.all')}>
                            {units
                              .filter((u) => !candidateCodes.has(u.code))
                              .map((u) => (
                                <option key={u.id} value={u.code}>
                                  {u.name} ({u.code})
                                </option>
                              ))}
                          </optgroup>
                        ) : null}
                        {typeof value === 'string' && !candidateCodes.has(value) && !units?.some((u) => u.code === value) ? <option value={value}>{value}</option> : null}
                      </select>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : null}
      {units === null ? <p className="muted">{t('common.loading')}</p> : null}
      <div className="button-row">
        <button type="button" className="button" onClick={onRecheck} disabled={busy}>
          {t('valuesWizard.units.recheck')}
        </button>
        {result.unmatchedUnits.length > 0 ? <span className="muted small">{t('valuesWizard.units.open', { count: open })}</span> : null}
      </div>
    </div>
  );
}

function formatLines(lines: readonly number[]): string {
  const shown = lines.slice(0, MAX_LINES).join(', ');
  return lines.length > MAX_LINES ? `${shown} …` : shown;
}
