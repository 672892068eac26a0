import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatPeriod } from './format.ts';

export interface PeriodControlProps {
  periods: readonly string[];
  value: string | null;
  onChange: (period: string) => void;
  /** Time per step while playing. */
  stepMs?: number;
  /** Show the slider with play/pause (the map); a plain select otherwise. */
  slider?: boolean;
  testId?: string;
}

/**
 * Period select, plus on the map a slider with play/pause that steps through the periods once
 * (from the first when started at the last one) and stops at the end.
 */
export function PeriodControl({ periods, value, onChange, stepMs = 1200, slider = false, testId = 'period' }: PeriodControlProps) {
  const { t, i18n } = useTranslation();
  const selectId = useId();
  const [playing, setPlaying] = useState(false);
  const index = value ? periods.indexOf(value) : -1;
  const last = periods.length - 1;

  // One timer per step: the next step is scheduled after the current period is shown.
  useEffect(() => {
    if (!playing) return;
    if (index >= last || index < 0) {
      setPlaying(false);
      return;
    }
    const timer = setTimeout(() => onChange(periods[index + 1]!), stepMs);
    return () => clearTimeout(timer);
  }, [playing, index, last, periods, stepMs, onChange]);

  function togglePlay() {
    if (playing) {
      setPlaying(false);
      return;
    }
    if (index >= last || index < 0) onChange(periods[0]!);
    setPlaying(true);
  }

  if (periods.length === 0) return null;
  const label = (p: string) => formatPeriod(p, i18n.language);

  return (
    <div className="period-control" data-testid={testId}>
      <label htmlFor={selectId} className="toolbar-label">
        {t('indicators.period')}
      </label>
      <select
        id={selectId}
        className="input input--compact"
        data-testid={`${testId}-select`}
        value={index >= 0 ? value! : ''}
        onChange={(e) => {
          setPlaying(false);
          onChange(e.target.value);
        }}
      >
        {index < 0 ? <option value="">–</option> : null}
        {periods.map((p) => (
          <option key={p} value={p}>
            {label(p)}
          </option>
        ))}
      </select>
      {slider && periods.length > 1 ? (
        <>
          <button
            type="button"
            className="icon-button period-play"
            data-testid={`${testId}-play`}
            aria-label={playing ? t('indicators.pause') : t('indicators.play')}
            title={playing ? t('indicators.pause') : t('indicators.play')}
            onClick={togglePlay}
          >
            <span aria-hidden="true">{playing ? '❚❚' : '▶'}</span>
          </button>
          <span className="period-slider-end" aria-hidden="true">
            {label(periods[0]!)}
          </span>
          <input
            type="range"
            className="period-slider"
            data-testid={`${testId}-slider`}
            min={0}
            max={last}
            step={1}
            value={Math.max(0, index)}
            aria-label={t('indicators.periodSlider')}
            aria-valuetext={index >= 0 ? label(periods[index]!) : undefined}
            onChange={(e) => {
              setPlaying(false);
              const next = periods[Number(e.target.value)];
              if (next) onChange(next);
            }}
          />
          <span className="period-slider-end" aria-hidden="true">
            {label(periods[last]!)}
          </span>
        </>
      ) : null}
    </div>
  );
}
