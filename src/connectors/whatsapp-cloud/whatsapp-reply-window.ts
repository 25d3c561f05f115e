import type { ReplyWindow, ReplyWindowFacts } from '../sdk';

/** WhatsApp's customer-service window: free-form messages for 24 hours after the customer's last message. */
export const CUSTOMER_SERVICE_WINDOW_MS = 24 * 3600_000;

/**
 * WhatsApp's customer-service window (PLATFORMS.md §3): a customer's message opens or refreshes a
 * 24-hour window for free-form replies; outside it only approved templates may be sent, so a
 * closed window says `templatesAllowed: true`. Pure.
 *
 * @example
 * ```ts
 * whatsappReplyWindow({ lastInboundAt: new Date('2024-06-01T12:00:00Z'), now: new Date('2024-06-02T13:00:00Z'), settings: {} });
 * // { state: 'closed', closesAt: null, templatesAllowed: true, reason: 'More than 24 hours ... template ...' }
 * ```
 */
export function whatsappReplyWindow(facts: ReplyWindowFacts<unknown>): ReplyWindow {
  const { lastInboundAt, now } = facts;
  if (lastInboundAt === null) {
    return {
      state: 'closed',
      closesAt: null,
      templatesAllowed: true,
      reason:
        'The customer has not written to this WhatsApp number yet: only an approved template can start the conversation.',
    };
  }
  const closesAt = new Date(lastInboundAt.getTime() + CUSTOMER_SERVICE_WINDOW_MS);
  if (closesAt.getTime() > now.getTime()) return { state: 'open', closesAt, templatesAllowed: true };
  return {
    state: 'closed',
    closesAt: null,
    templatesAllowed: true,
    reason:
      "More than 24 hours since the customer's last message: WhatsApp accepts only an approved template until they write again.",
  };
}
