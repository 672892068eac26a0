import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ValuesImportWizard, type ValuesImportWizardProps } from './ValuesImportWizard.tsx';

/** "Werte importieren …": opens the values wizard. */
export function ValuesImportButton({ className = 'button button--small vw-open-button', onImported }: { className?: string; onImported?: ValuesImportWizardProps['onImported'] }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" className={className} onClick={() => setOpen(true)} data-testid="open-values-wizard">
        {t('valuesWizard.open')}
      </button>
      <ValuesImportWizard open={open} onClose={() => setOpen(false)} {...(onImported ? { onImported } : {})} />
    </>
  );
}
