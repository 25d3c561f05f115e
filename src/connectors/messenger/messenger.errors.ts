import type { Clock, ConnectorError, HttpResponse } from '../sdk';
import { graphErrorFromResponse as mapGraphError, type GraphPolicyReasons } from '../meta-graph';

/**
 * Messenger's window and policy errors, in words an agent can act on. 10/2018278: outside the
 * allowed window; 10/2018065: no Human Agent permission; 551: the person is unavailable;
 * 100/2018001: no such user.
 */
export const messengerPolicyReasons: GraphPolicyReasons = (code, subcode) => {
  if (code === 10 && subcode === 2018278) {
    return "Messenger refused the reply: it was sent outside the allowed window (24 hours after the customer's last message, or 7 days with the HUMAN_AGENT tag).";
  }
  if (code === 10 && subcode === 2018065) {
    return 'Messenger refused the HUMAN_AGENT tag: the Meta app lacks the Human Agent permission.';
  }
  if (code === 551)
    return 'The customer cannot receive messages from the Page right now (they may have blocked it or turned messages off).';
  if (code === 100 && subcode === 2018001)
    return 'Messenger does not know this customer any more (the account may be gone).';
  return undefined;
};

/**
 * A failed Send API reply as a `ConnectorError`: the shared Graph mapping of `../meta-graph`
 * with Messenger's policy reasons and the Page token named in `auth` errors.
 *
 * @example
 * ```ts
 * if (res.status >= 300) throw graphErrorFromResponse(res, ctx.clock, [ctx.settings.pageAccessToken]);
 * ```
 */
export function graphErrorFromResponse(
  res: Pick<HttpResponse, 'status' | 'headers' | 'text'>,
  clock: Clock,
  secrets: readonly string[],
): ConnectorError {
  return mapGraphError(res, clock, secrets, {
    policyReasons: messengerPolicyReasons,
    tokenName: 'Page access token',
  });
}
