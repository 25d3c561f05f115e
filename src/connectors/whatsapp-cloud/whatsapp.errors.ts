import { graphErrorFromResponse, graphExcerpt, type GraphPolicyReasons } from '../meta-graph';
import type { Clock, ConnectorError, HttpResponse } from '../sdk';

/**
 * WhatsApp's window and policy errors in words an agent can act on, by code
 * (https://developers.facebook.com/documentation/business-messaging/whatsapp/support/error-codes;
 * PLATFORMS.md §3). None of them succeeds by retrying.
 */
const PLAIN_WORDS: Readonly<Record<number, string>> = {
  470: "WhatsApp refused the message: more than 24 hours since the customer's last message. Send an approved template instead.",
  131047:
    "WhatsApp refused the message: more than 24 hours since the customer's last message. Send an approved template instead.",
  131026:
    'WhatsApp could not deliver the message: the number may not be on WhatsApp, may have blocked the business, or uses an outdated app.',
  131049:
    'WhatsApp did not deliver this marketing message to keep the customer’s experience healthy; do not resend it right away.',
  131050: 'The customer has stopped marketing messages from this business.',
  131051: 'WhatsApp does not support this message type.',
  131052: 'WhatsApp could not download the media the customer sent.',
  131053: 'WhatsApp could not use the attached file (unsupported type or too large).',
  131021: 'WhatsApp refused the message: the recipient is the business number itself.',
  131062: 'WhatsApp does not accept this message for a customer known only by their username (BSUID).',
  132000: 'The number of template parameters does not match the template.',
  132001: 'The template does not exist in this language, or is not approved yet.',
  132005: 'The template text is too long once its parameters are filled in.',
  132007: 'The template breaks WhatsApp’s formatting or content policy.',
  132012: 'A template parameter has the wrong format.',
  132015: 'The template is paused because of low quality; pick another one.',
  132016: 'The template was disabled because of low quality; pick another one.',
  368: 'WhatsApp temporarily blocked this business number for policy violations.',
  131031: 'The WhatsApp Business Account is locked; an admin must check it in WhatsApp Manager.',
  131042: 'WhatsApp refused the message because of a payment problem on the Business Account.',
  133010: 'The business phone number is not registered with the Cloud API.',
};

/** The plain words for a WhatsApp policy code, or undefined for any other code. */
export const whatsappPolicyReasons: GraphPolicyReasons = (code) =>
  code === undefined ? undefined : PLAIN_WORDS[code];

/**
 * A failed Graph reply (send, template list, media) as a `ConnectorError`: the shared Graph
 * mapping with WhatsApp's plain words (rate limits 4, 613, 80007, 130429, 131056 → `rate_limited`).
 *
 * @example
 * ```ts
 * if (res.status >= 300) throw whatsappErrorFromResponse(res, ctx.clock, [ctx.settings.accessToken]);
 * ```
 */
export function whatsappErrorFromResponse(
  res: Pick<HttpResponse, 'status' | 'headers' | 'text'>,
  clock: Clock,
  secrets: readonly string[],
): ConnectorError {
  return graphErrorFromResponse(res, clock, secrets, { policyReasons: whatsappPolicyReasons });
}

/** One item of a status's or message's `errors` array. */
export interface WhatsappErrorItem {
  code?: unknown;
  title?: unknown;
  message?: unknown;
  error_data?: { details?: unknown };
}

/**
 * The failure reason an agent reads for a `failed` status: WhatsApp's plain words for known
 * codes, else its title and details (Meta: key on the code and `error_data.details`).
 *
 * @example
 * ```ts
 * failedStatusReason([{ code: 131047, title: 'Re-engagement message' }]);
 * // "WhatsApp refused the message: more than 24 hours since ... (131047)"
 * ```
 */
export function failedStatusReason(errors: unknown): string {
  const first: WhatsappErrorItem =
    Array.isArray(errors) && typeof errors[0] === 'object' && errors[0] !== null ? errors[0] : {};
  const code = typeof first.code === 'number' ? first.code : undefined;
  const suffix = code === undefined ? '' : ` (${code})`;
  const known = code === undefined ? undefined : PLAIN_WORDS[code];
  if (known) return `${known}${suffix}`;
  const title =
    typeof first.title === 'string' ? first.title : typeof first.message === 'string' ? first.message : '';
  const details = typeof first.error_data?.details === 'string' ? first.error_data.details : '';
  const said = graphExcerpt([title, details].filter(Boolean).join(': '), []);
  return `WhatsApp could not deliver the message${said ? `: ${said}` : ''}${suffix}`;
}
