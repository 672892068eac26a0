import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { sortLevels, type Level } from './levels.ts';

export type { Level } from './levels.ts';

export interface LevelSwitchProps {
  levels: readonly Level[];
  value: string | null;
  onChange: (levelId: string) => void;
  disabled?: boolean;
}

/** Segmented control over the spatial levels, in rank order, each with its number of units. */
export function LevelSwitch({ levels, value, onChange, disabled }: LevelSwitchProps) {
  const { t } = useTranslation();
  const name = useId();
  const sorted = sortLevels(levels);
  if (sorted.length === 0) {
    return (
      <div className="level-switch level-switch--empty" data-testid="level-switch">
        {t('levels.none')}
      </div>
    );
  }
  return (
    <fieldset className="level-switch" data-testid="level-switch" disabled={disabled}>
      <legend className="level-switch-legend">{t('levels.label')}</legend>
      <div className="segmented">
        {sorted.map((level) => (
          <label key={level.id} className="segmented-option" data-level-id={level.id}>
            <input
              type="radio"
              name={name}
              value={level.id}
              checked={level.id === value}
              onChange={() => onChange(level.id)}
              aria-label={t('levels.option', { name: level.name, count: level.unitCount })}
            />
            <span className="segmented-name">{level.name}</span>
            <span className="segmented-count" aria-hidden="true">
              {level.unitCount}
            </span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
