import { useEffect, useEffectEvent, useId, useRef, type ReactNode } from 'react';
import { createPortal } from 'react-dom';
import { useTranslation } from 'react-i18next';

const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), select:not([disabled]), textarea:not([disabled]), summary, [tabindex]:not([tabindex="-1"])';

function focusableIn(root: HTMLElement): HTMLElement[] {
  return [...root.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => !el.hasAttribute('inert') && el.tabIndex >= 0);
}

export interface ModalProps {
  title: ReactNode;
  onClose: () => void;
  children: ReactNode;
  footer?: ReactNode;
  testId?: string;
  size?: 'normal' | 'wide';
}

/**
 * Modal dialog: labelled by its title, focus moves in on open and back on close, Tab stays
 * inside, Esc closes. Clicks outside do not close it (a half-filled import form is worth keeping).
 */
export function Modal({ title, onClose, children, footer, testId, size = 'normal' }: ModalProps) {
  const { t } = useTranslation();
  const titleId = useId();
  const dialogRef = useRef<HTMLDivElement>(null);

  const isTopmost = () => {
    const current = dialogRef.current;
    return current !== null && [...document.querySelectorAll('.modal')].at(-1) === current;
  };

  // Keys are handled on the document: focus may sit on <body> for a moment (e.g. when the button
  // just pressed became disabled), and Esc must still close the dialog.
  const onKeyDown = useEffectEvent((event: KeyboardEvent) => {
    const dialog = dialogRef.current;
    if (!dialog || !isTopmost()) return;
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      onClose();
      return;
    }
    if (event.key !== 'Tab') return;
    const items = focusableIn(dialog);
    const first = items[0];
    const last = items.at(-1);
    const active = document.activeElement;
    if (!first || !last) {
      event.preventDefault();
      dialog.focus();
    } else if (!(active instanceof Node) || !dialog.contains(active)) {
      event.preventDefault();
      (event.shiftKey ? last : first).focus();
    } else if (event.shiftKey && (active === first || active === dialog)) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && active === last) {
      event.preventDefault();
      first.focus();
    }
  });

  useEffect(() => {
    const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const dialog = dialogRef.current;
    if (dialog) {
      const first = focusableIn(dialog).find((el) => !el.classList.contains('modal-close'));
      (first ?? dialog).focus();
    }
    // Everything behind the dialog is inert: no focus, no clicks, hidden from assistive technology.
    const backdrop = dialog?.parentElement ?? null;
    const madeInert = [...document.body.children].filter((el) => el !== backdrop && !el.hasAttribute('inert'));
    for (const el of madeInert) el.setAttribute('inert', '');
    // Focus that escapes (e.g. by a click on the backdrop) is pulled back in.
    const onFocusIn = (event: FocusEvent) => {
      const current = dialogRef.current;
      if (current && event.target instanceof Node && !current.contains(event.target) && isTopmost()) current.focus();
    };
    const keys = (event: KeyboardEvent) => onKeyDown(event);
    document.addEventListener('focusin', onFocusIn);
    document.addEventListener('keydown', keys, true);
    return () => {
      document.removeEventListener('focusin', onFocusIn);
      document.removeEventListener('keydown', keys, true);
      for (const el of madeInert) el.removeAttribute('inert');
      if (previous && previous.isConnected) previous.focus();
    };
  }, []);

  return createPortal(
    <div className="modal-backdrop">
      <div
        ref={dialogRef}
        className={`modal modal--${size}`}
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        tabIndex={-1}
        data-testid={testId}
      >
        <div className="modal-header">
          <h2 id={titleId} className="modal-title">
            {title}
          </h2>
          <button type="button" className="icon-button modal-close" aria-label={t('common.close')} onClick={onClose}>
            <span aria-hidden="true">×</span>
          </button>
        </div>
        <div className="modal-body">{children}</div>
        {footer ? <div className="modal-footer">{footer}</div> : null}
      </div>
    </div>,
    document.body,
  );
}
