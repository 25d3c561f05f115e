import { useEffect, useState } from 'react';
import type { ReplyWindow } from '../api/hub-types';
import { msUntilNoticeChanges, replyWindowNotice } from '../channels/reply-window';
import { useConsole, useI18n } from './contexts';

/** setTimeout's longest wait (about 24.8 days); longer waits are cut and simply run again. */
const MAX_TIMEOUT_MS = 2 ** 31 - 1;
/** While the window shows as just closed, ask the hub again this often (clocks may differ). */
const EXPIRED_RECHECK_MS = 15_000;

/**
 * The reply window above the composer, before the agent writes: the countdown of the last hours,
 * the Human Agent tag outside Messenger's 24 hours, or why the channel refuses free text now (with
 * "Send a template" where templates are allowed). It moves with time on its own: a minute tick
 * for the countdown, and a timer that asks the hub again once the window closes.
 */
export function ReplyWindowBanner({
  window,
  onSendTemplate,
}: {
  window: ReplyWindow | null;
  onSendTemplate(): void;
}) {
  const { t, locale } = useI18n();
  const session = useConsole();
  const [now, setNow] = useState(() => Date.now());
  const notice = replyWindowNotice(window, now, locale);
  const kind = notice?.kind ?? null;

  // `now` moves with these timers only (a new window from the hub renders with the last tick's
  // time, at most a minute old, which no notice depends on more finely).
  useEffect(() => {
    const wait = msUntilNoticeChanges(window, Date.now());
    if (wait === null) return;
    const timer = setTimeout(
      () => {
        setNow(Date.now());
        if (window?.closesAt && Date.parse(window.closesAt) <= Date.now())
          void session.openChat.refreshDetail();
      },
      Math.min(wait + 250, MAX_TIMEOUT_MS),
    );
    return () => clearTimeout(timer);
  }, [session, window]);

  useEffect(() => {
    if (kind !== 'closingSoon' && kind !== 'expired') return;
    const tick = setInterval(
      () => {
        setNow(Date.now());
        if (kind === 'expired') void session.openChat.refreshDetail();
      },
      kind === 'expired' ? EXPIRED_RECHECK_MS : 60_000,
    );
    return () => clearInterval(tick);
  }, [session, kind]);

  if (!notice) return null;
  // The hub speaks English only: its exact words in an English console, ours otherwise.
  const text =
    notice.hubReason && locale === 'en' ? notice.hubReason : t(notice.message.key, notice.message.values);
  return (
    <div className={`reply-window reply-window--${notice.kind}`} role="status" data-testid="reply-window">
      <p className="reply-window__text">{text}</p>
      {notice.freeTextBlocked && notice.templatesAllowed && (
        <button type="button" className="button button--primary" onClick={onSendTemplate}>
          {t('sendTemplate')}
        </button>
      )}
    </div>
  );
}
