import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Modal } from './Modal.tsx';

export interface FormDialogProps {
  title: ReactNode;
  onClose: () => void;
  testId: string;
  /** The form's id: the save button in the footer submits it; field ids may build on it. */
  formId: string;
  formClassName: string;
  onSubmit: () => void;
  saveLabel: string;
  saveTestId: string;
  saving: boolean;
  /** What main said when saving failed, above the fields. */
  saveError: string | null;
  children: ReactNode;
}

/** A wide dialog around one form: „Abbrechen“ and the save button below, main's refusal on top. */
export function FormDialog({ title, onClose, testId, formId, formClassName, onSubmit, saveLabel, saveTestId, saving, saveError, children }: FormDialogProps) {
  const { t } = useTranslation();
  return (
    <Modal
      title={title}
      onClose={onClose}
      size="wide"
      testId={testId}
      footer={
        <>
          <button type="button" className="button" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" form={formId} className="button button--primary" disabled={saving} aria-busy={saving || undefined} data-testid={saveTestId}>
            {saveLabel}
          </button>
        </>
      }
    >
      <form
        id={formId}
        className={formClassName}
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          onSubmit();
        }}
      >
        {saveError ? (
          <p className="notice notice--error" role="alert">
            {saveError}
          </p>
        ) : null}
        {children}
      </form>
    </Modal>
  );
}
