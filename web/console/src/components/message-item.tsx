import type { Attachment, DeliveryStatus, Message } from '../api/hub-types';
import type { MessageKey } from '../i18n/messages';
import type { PendingSend } from '../state/open-chat.store';
import { formatBytes, formatMessageTime } from '../text/format';
import { safeResourceUrl } from '../text/safe-url';
import { useI18n } from './contexts';
import { RichText } from './rich-text';

const DELIVERY_LABEL: Record<DeliveryStatus, MessageKey> = {
  PENDING: 'deliveryPending',
  SENT: 'deliverySent',
  DELIVERED: 'deliveryDelivered',
  READ: 'deliveryRead',
  FAILED: 'deliveryFailed',
};

const DELIVERY_ICON: Record<DeliveryStatus, string> = {
  PENDING: '◷',
  SENT: '✓',
  DELIVERED: '✓✓',
  READ: '✓✓',
  FAILED: '!',
};

function AttachmentView({ attachment }: { attachment: Attachment }) {
  const { t, locale } = useI18n();
  const href = safeResourceUrl(attachment.url, window.location.href);
  const name = attachment.name ?? t('attachment');
  if (!href) return <span className="attachment attachment--unavailable">{name}</span>;
  if (attachment.kind === 'IMAGE') {
    return (
      <a className="attachment attachment--image" href={href} target="_blank" rel="noopener noreferrer">
        <img src={href} alt={name} loading="lazy" referrerPolicy="no-referrer" />
      </a>
    );
  }
  return (
    <a
      className="attachment attachment--file"
      href={href}
      target="_blank"
      rel="noopener noreferrer"
      download={name}
    >
      <span aria-hidden="true">📎 </span>
      <bdi>{name}</bdi>
      {attachment.sizeBytes !== null && (
        <span className="attachment__size"> ({formatBytes(attachment.sizeBytes, locale)})</span>
      )}
    </a>
  );
}

/** One message: side by author, yellow for a private note, delivery status on agent replies. */
export function MessageItem({ message, author }: { message: Message; author: string }) {
  const { t, locale } = useI18n();
  if (message.authorKind === 'SYSTEM') {
    return (
      <li className="message message--system">
        <RichText text={message.text ?? ''} />
        <time dateTime={message.createdAt}> · {formatMessageTime(message.createdAt, locale)}</time>
      </li>
    );
  }
  const side = message.direction === 'INBOUND' ? 'in' : 'out';
  const status = message.direction === 'OUTBOUND' && !message.private ? message.deliveryStatus : null;
  return (
    <li className={`message message--${side}${message.private ? ' message--note' : ''}`}>
      <div className="message__bubble">
        <p className="message__head">
          <bdi className="message__author">{author}</bdi>
          {message.private && <span className="message__note-label">{t('privateNote')}</span>}
        </p>
        {message.text && (
          <p className="message__text">
            <RichText text={message.text} />
          </p>
        )}
        {message.attachments.length > 0 && (
          <div className="message__attachments">
            {message.attachments.map((a, i) => (
              <AttachmentView key={a.fileId ?? a.url ?? i} attachment={a} />
            ))}
          </div>
        )}
        <p className="message__foot">
          <time dateTime={message.createdAt}>{formatMessageTime(message.createdAt, locale)}</time>
          {status && (
            <span className={`delivery delivery--${status.toLowerCase()}`}>
              <span aria-hidden="true">{DELIVERY_ICON[status]} </span>
              {t(DELIVERY_LABEL[status])}
            </span>
          )}
        </p>
        {status === 'FAILED' && message.failureReason && (
          <p className="message__failure" role="note">
            {t('failureReason', { reason: message.failureReason })}
          </p>
        )}
      </div>
    </li>
  );
}

/** A reply on its way (or that failed to reach the hub), with retry. */
export function PendingItem({
  pending,
  onRetry,
  onDiscard,
}: {
  pending: PendingSend;
  onRetry(): void;
  onDiscard(): void;
}) {
  const { t } = useI18n();
  return (
    <li className={`message message--out message--pending${pending.private ? ' message--note' : ''}`}>
      <div className="message__bubble">
        <p className="message__head">
          <bdi className="message__author">{t('you')}</bdi>
          {pending.private && <span className="message__note-label">{t('privateNote')}</span>}
        </p>
        {pending.text && (
          <p className="message__text">
            <RichText text={pending.text} />
          </p>
        )}
        {pending.attachments.map((a) => (
          <p key={a.fileId} className="attachment attachment--file">
            <bdi>{a.name}</bdi>
          </p>
        ))}
        <p className="message__foot">
          {pending.state === 'sending' ? (
            <span className="delivery delivery--pending">{t('sending')}</span>
          ) : (
            <>
              <span className="delivery delivery--failed" role="alert">
                {t('notSent')}
                {pending.error ? `: ${pending.error}` : ''}
              </span>
              <button type="button" className="button button--link" onClick={onRetry}>
                {t('retry')}
              </button>
              <button type="button" className="button button--link" onClick={onDiscard}>
                {t('discard')}
              </button>
            </>
          )}
        </p>
      </div>
    </li>
  );
}
