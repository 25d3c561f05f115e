import type { ReplyWindow } from '../api/hub-types';
import type { MessageKey } from '../i18n/messages';

/** Below this much time left, an open window shows its countdown above the composer. */
export const CLOSING_SOON_MS = 4 * 3600_000;

/** What the chat shows about the reply window above the composer. */
export interface ReplyWindowNotice {
  /**
   * closingSoon: open, under CLOSING_SOON_MS left; tagRequired: replies still go out, marked with
   * Messenger's Human Agent tag; expired: closesAt has passed and the hub has not been asked again
   * yet; closed: free text is refused.
   */
  kind: 'closingSoon' | 'tagRequired' | 'expired' | 'closed';
  /** The line in the console's language. */
  message: { key: MessageKey; values: Record<string, string> };
  /**
   * The hub's own words (English only), shown instead of `message` in an English console: they
   * name the channel's rule exactly ("never wrote", "7 days", "an admin can enable...").
   */
  hubReason: string | null;
  /** Free text and attachments cannot be sent now (private notes can). */
  freeTextBlocked: boolean;
  /** An approved template can be sent (sendTemplate). */
  templatesAllowed: boolean;
}

/** The channel refuses free text now (closed window); private notes and templates may still go. */
export function blocksFreeText(window: ReplyWindow | null | undefined): boolean {
  return !!window && (window.state === 'CLOSED' || !window.open);
}

/**
 * "3 h" or "45 min", in the console's language: whole hours from 90 minutes on, minutes below
 * (at least 1).
 *
 * @example formatRemaining(3 * 3600_000, 'en') // '3 hr'
 */
export function formatRemaining(ms: number, locale: string): string {
  const minutes = Math.max(1, Math.ceil(ms / 60_000));
  const [value, unit] = minutes >= 90 ? [Math.round(minutes / 60), 'hour'] : [minutes, 'minute'];
  return new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'short' }).format(value);
}

function formatUntil(iso: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}

/**
 * The notice for a conversation's reply window at `now`, or null when there is nothing to say
 * (open with time to spare, or a channel without a window).
 *
 * @example
 * replyWindowNotice({ open: true, state: 'OPEN', closesAt: '2024-06-02T12:00:00Z', reason: null,
 *   templatesAllowed: true }, Date.parse('2024-06-02T09:00:00Z'), 'en')
 * // { kind: 'closingSoon', message: { key: 'replyWindowClosesIn', values: { time: '3 hr' } }, ... }
 */
export function replyWindowNotice(
  window: ReplyWindow | null | undefined,
  now: number,
  locale: string,
): ReplyWindowNotice | null {
  if (!window) return null;
  const templatesAllowed = window.templatesAllowed;
  if (blocksFreeText(window)) {
    return {
      kind: 'closed',
      message: { key: templatesAllowed ? 'replyWindowClosedTemplates' : 'replyWindowClosed', values: {} },
      hubReason: window.reason?.trim() || null,
      freeTextBlocked: true,
      templatesAllowed,
    };
  }
  const closesAt = window.closesAt ? Date.parse(window.closesAt) : null;
  const left = closesAt === null ? null : closesAt - now;
  // The hub decides what comes after (closed, or the tagged window): until it has been asked again
  // the agent may still try; a refusal then keeps the draft.
  if (left !== null && left <= 0) {
    return {
      kind: 'expired',
      message: { key: 'replyWindowExpired', values: {} },
      hubReason: null,
      freeTextBlocked: false,
      templatesAllowed,
    };
  }
  if (window.state === 'TAG_REQUIRED') {
    return {
      kind: 'tagRequired',
      message:
        window.closesAt === null
          ? { key: 'replyWindowTag', values: {} }
          : { key: 'replyWindowTagUntil', values: { until: formatUntil(window.closesAt, locale) } },
      hubReason: null,
      freeTextBlocked: false,
      templatesAllowed,
    };
  }
  if (left !== null && left < CLOSING_SOON_MS) {
    return {
      kind: 'closingSoon',
      message: {
        key: templatesAllowed ? 'replyWindowClosesInTemplates' : 'replyWindowClosesIn',
        values: { time: formatRemaining(left, locale) },
      },
      hubReason: null,
      freeTextBlocked: false,
      templatesAllowed,
    };
  }
  return null;
}

/**
 * How long until the notice must be worked out again: when the countdown starts, then when the
 * window closes (the console then asks the hub, which knows what follows). Null when nothing
 * changes with time. The countdown itself moves with a minute tick.
 *
 * @example msUntilNoticeChanges({ state: 'OPEN', closesAt: '2024-06-02T12:00:00Z', ... }, Date.parse('2024-06-02T06:00:00Z')) // 2 * 3600_000
 */
export function msUntilNoticeChanges(window: ReplyWindow | null | undefined, now: number): number | null {
  if (!window || blocksFreeText(window) || !window.closesAt) return null;
  const left = Date.parse(window.closesAt) - now;
  if (left <= 0) return null;
  if (window.state === 'OPEN' && left > CLOSING_SOON_MS) return left - CLOSING_SOON_MS;
  return left;
}
