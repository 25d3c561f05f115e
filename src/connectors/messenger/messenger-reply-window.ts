import type { ReplyWindow, ReplyWindowFacts } from '../sdk';
import type { MessengerSettings } from './messenger.settings';

const HOUR_MS = 3600_000;
/** Messenger's standard messaging window: replies with messaging_type RESPONSE. */
export const STANDARD_WINDOW_MS = 24 * HOUR_MS;
/** How long after the customer's last message the HUMAN_AGENT tag allows a reply. */
export const HUMAN_AGENT_WINDOW_MS = 7 * 24 * HOUR_MS;

/**
 * Messenger's reply window (https://developers.facebook.com/documentation/business-messaging/messenger-platform/policy/):
 * a Page may answer within 24 hours of the customer's last message; with the HUMAN_AGENT tag
 * (setting `humanAgentTag`, which needs Meta's Human Agent permission) a person may answer for 7
 * days. `closesAt` is when replies stop being allowed at all. Pure.
 *
 * @example
 * ```ts
 * messengerReplyWindow({ lastInboundAt: new Date('2024-06-01T12:00:00Z'), now: new Date('2024-06-02T13:00:00Z'), settings: { humanAgentTag: true } });
 * // { state: 'tag_required', closesAt: 2024-06-08T12:00:00Z, reason: 'More than 24 hours ... HUMAN_AGENT tag ...' }
 * ```
 */
export function messengerReplyWindow(facts: ReplyWindowFacts<MessengerSettings>): ReplyWindow {
  const { lastInboundAt, now } = facts;
  const tagEnabled = facts.settings.humanAgentTag === true;
  if (lastInboundAt === null) {
    return {
      state: 'closed',
      closesAt: null,
      reason: 'The customer has not written to the Page yet; Messenger lets a Page reply only after they do.',
    };
  }
  const age = now.getTime() - lastInboundAt.getTime();
  const standardEnd = new Date(lastInboundAt.getTime() + STANDARD_WINDOW_MS);
  const tagEnd = new Date(lastInboundAt.getTime() + HUMAN_AGENT_WINDOW_MS);
  if (age < STANDARD_WINDOW_MS) return { state: 'open', closesAt: tagEnabled ? tagEnd : standardEnd };
  if (tagEnabled && age < HUMAN_AGENT_WINDOW_MS) {
    return {
      state: 'tag_required',
      closesAt: tagEnd,
      reason:
        "More than 24 hours since the customer's last message: replies go out with Messenger's HUMAN_AGENT tag, allowed for 7 days after it.",
    };
  }
  return {
    state: 'closed',
    closesAt: null,
    reason: tagEnabled
      ? "More than 7 days since the customer's last message: Messenger accepts no reply until they write again."
      : "More than 24 hours since the customer's last message: Messenger accepts no reply until they write again. An admin can enable the HUMAN_AGENT tag to answer for up to 7 days.",
  };
}
