import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MethodOutput } from '../../../shared/contract.ts';
import { useApi } from '../../api/context.tsx';

type Level = MethodOutput<'levels.list'>[number];
type Unit = MethodOutput<'units.list'>[number];

interface UnitFilterProps {
  id: string;
  value: string;
  onChange: (unitId: string) => void;
}

/** "Gebiet": every unit of every level, grouped by level, to show only the facilities inside one. */
export function UnitFilter({ id, value, onChange }: UnitFilterProps) {
  const { t } = useTranslation();
  const api = useApi();
  const [groups, setGroups] = useState<Array<{ level: Level; units: Unit[] }>>([]);

  useEffect(() => {
    let cancelled = false;
    void (async () => {
      try {
        const levels = await api.call('levels.list', {});
        const lists = await Promise.all(levels.map((level) => api.call('units.list', { levelId: level.id })));
        if (!cancelled) setGroups(levels.map((level, index) => ({ level, units: [...lists[index]!].sort((a, b) => a.name.localeCompare(b.name, 'de')) })));
      } catch {
        // Without levels the filter just offers "Alle Gebiete"; the table reports its own errors.
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [api]);

  return (
    <div className="toolbar-field">
      <label htmlFor={id} className="toolbar-label">
        {t('infrastructure.unit')}
      </label>
      <select id={id} className="input input--compact" value={value} onChange={(e) => onChange(e.target.value)} data-testid="facility-filter-unit">
        <option value="">{t('infrastructure.allUnits')}</option>
        {groups.map(({ level, units }) => (
          <optgroup key={level.id} label={level.name}>
            {units.map((unit) => (
              <option key={unit.id} value={unit.id}>
                {unit.name}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
    </div>
  );
}
