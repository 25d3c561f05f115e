import { useEffect, useId, useRef, type ReactNode } from 'react';
import { useT } from './contexts';

/**
 * A modal on the native <dialog> (showModal): the browser traps focus, makes the page behind
 * inert and closes on Escape; focus returns to where it was.
 */
export function ModalDialog({
  title,
  onClose,
  children,
}: {
  title: string;
  onClose(): void;
  children: ReactNode;
}) {
  const t = useT();
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    const opener = document.activeElement as HTMLElement | null;
    dialog?.showModal();
    return () => {
      dialog?.close();
      opener?.focus();
    };
  }, []);
  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby={titleId}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
    >
      <div className="dialog__head">
        <h2 id={titleId} className="dialog__title">
          {title}
        </h2>
        <button type="button" className="button button--icon" aria-label={t('close')} onClick={onClose}>
          ×
        </button>
      </div>
      {children}
    </dialog>
  );
}
