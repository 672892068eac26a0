import { useTranslation } from 'react-i18next';

interface FooterButton {
  label: string;
  onClick: () => void;
  disabled?: boolean;
  testId?: string;
}

export interface WizardFooterProps {
  /** The work is done: „Schließen“ instead of „Abbrechen“, and the done button instead of next. */
  finished: boolean;
  onClose: () => void;
  closeDisabled?: boolean;
  /** null: no way back from here. */
  back: FooterButton | null;
  /** null on the last step. */
  next: FooterButton | null;
  done: FooterButton;
}

/** An import wizard's buttons: cancel or close on the left, back and next (or done) on the right. */
export function WizardFooter({ finished, onClose, closeDisabled, back, next, done }: WizardFooterProps) {
  const { t } = useTranslation();
  const button = (b: FooterButton, primary: boolean) => (
    <button type="button" className={primary ? 'button button--primary' : 'button'} onClick={b.onClick} disabled={b.disabled} data-testid={b.testId}>
      {b.label}
    </button>
  );
  return (
    <div className="vw-footer">
      <button type="button" className="button button--quiet" onClick={onClose} disabled={closeDisabled}>
        {finished ? t('common.close') : t('common.cancel')}
      </button>
      <span className="vw-footer-spacer" />
      {back ? button(back, false) : null}
      {next ? button(next, true) : finished ? button(done, true) : null}
    </div>
  );
}
