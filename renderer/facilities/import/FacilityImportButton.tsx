import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FacilityImportDialog } from './FacilityImportDialog.tsx';

/** "Einrichtungen importieren …" in the Infrastruktur toolbar; the table refreshes on data.changed. */
export function FacilityImportButton() {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" className="button" onClick={() => setOpen(true)} data-testid="open-facility-import">
        {t('facilityImport.open')}
      </button>
      {open ? <FacilityImportDialog onClose={() => setOpen(false)} /> : null}
    </>
  );
}
