import { useTranslation } from 'react-i18next';

export type FacilityStep = 1 | 2 | 3 | 4 | 5 | 6;
const STEPS: readonly FacilityStep[] = [1, 2, 3, 4, 5, 6];

/** "1 Datei · 2 Kategorie · …" in the values wizard's look; reached steps can be revisited. */
export function FacilityImportStepper({ step, furthest, locked, onGo }: { step: FacilityStep; furthest: FacilityStep; locked: boolean; onGo: (step: FacilityStep) => void }) {
  const { t } = useTranslation();
  return (
    <nav className="vw-stepper" aria-label={t('facilityImport.stepsLabel')}>
      <ol>
        {STEPS.map((n) => {
          const text = t(`facilityImport.steps.${n}`);
          const label = (
            <>
              <span className="vw-step-number" aria-hidden="true">
                {n}
              </span>
              <span className="vw-step-label">{text}</span>
            </>
          );
          const aria = t('facilityImport.stepOf', { n, label: text });
          const state = n === step ? 'current' : n <= furthest ? 'done' : 'todo';
          return (
            <li key={n} className={`vw-step vw-step--${state}`}>
              {n === step ? (
                <span aria-current="step" aria-label={aria}>
                  {label}
                </span>
              ) : n <= furthest && n < 6 && !locked ? (
                <button type="button" className="vw-step-button" aria-label={aria} onClick={() => onGo(n)}>
                  {label}
                </button>
              ) : (
                <span aria-label={aria}>{label}</span>
              )}
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
