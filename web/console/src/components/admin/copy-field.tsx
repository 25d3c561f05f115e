import { useId, useRef, useState, type ReactNode } from 'react';
import '../../styles/admin.css';
import { useAdminT as useT } from './use-admin-t';

/**
 * A read-only value with a Copy button (the clipboard API; where the browser refuses it, the
 * text is selected so the admin can copy it by hand).
 */
export function CopyField({
  label,
  value,
  multiline = false,
}: {
  label: string;
  value: string;
  multiline?: boolean;
}) {
  const t = useT();
  const id = useId();
  const ref = useRef<HTMLInputElement & HTMLTextAreaElement>(null);
  const [copied, setCopied] = useState(false);

  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setCopied(true);
    } catch {
      ref.current?.select();
    }
  }

  return (
    <div className="copy-field">
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      <div className="copy-field__row">
        {multiline ? (
          <textarea
            id={id}
            ref={ref}
            className="copy-field__value"
            readOnly
            value={value}
            rows={value.split('\n').length}
            dir="ltr"
            onFocus={(e) => e.target.select()}
          />
        ) : (
          <input
            id={id}
            ref={ref}
            className="copy-field__value"
            readOnly
            value={value}
            dir="ltr"
            onFocus={(e) => e.target.select()}
          />
        )}
        <button type="button" className="button" onClick={() => void copy()}>
          {copied ? t('copied') : t('copy')}
          <span className="visually-hidden"> {label}</span>
        </button>
      </div>
    </div>
  );
}

/** Values the hub shows only once (secrets, links): a warning, the values, and a Done button. */
export function ShownOnce({
  title,
  children,
  onDone,
}: {
  title: string;
  children: ReactNode;
  onDone(): void;
}) {
  const t = useT();
  const titleId = useId();
  return (
    <section className="card shown-once" aria-labelledby={titleId}>
      <h2 id={titleId} className="shown-once__title">
        {title}
      </h2>
      <p className="shown-once__warning" role="alert">
        {t('shownOnceWarning')}
      </p>
      {children}
      <div className="dialog__actions">
        <button type="button" className="button button--primary" onClick={onDone}>
          {t('shownOnceDone')}
        </button>
      </div>
    </section>
  );
}

/** An error the hub answered, next to what caused it. */
export function FormError({ message }: { message: string | null }) {
  if (!message) return null;
  return (
    <p className="form-error" role="alert">
      {message}
    </p>
  );
}
