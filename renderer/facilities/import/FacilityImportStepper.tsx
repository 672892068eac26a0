import { useTranslation } from 'react-i18next';
import { WizardStepper } from '../../imports/WizardStepper.tsx';

export type FacilityStep = 1 | 2 | 3 | 4 | 5 | 6;
const STEPS: readonly FacilityStep[] = [1, 2, 3, 4, 5, 6];

/** "1 Datei · 2 Kategorie · …" in the values wizard's look; reached steps can be revisited. */
export function FacilityImportStepper({ step, furthest, locked, onGo }: { step: FacilityStep; furthest: FacilityStep; locked: boolean; onGo: (step: FacilityStep) => void }) {
  const { t } = useTranslation();
  return (
    <WizardStepper
      steps={STEPS}
      step={step}
      furthest={furthest}
      locked={locked}
      label={t('facilityImport.stepsLabel')}
      stepLabel={(n) => t(`facilityImport.steps.${n}`)}
      stepAria={(n, label) => t('facilityImport.stepOf', { n, label })}
      onGo={onGo}
    />
  );
}
