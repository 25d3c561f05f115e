import { ConnectorError, parseRetryAfter, type Clock, type HttpResponse } from '../sdk';

/**
 * The `error` object of a Graph API error reply
 * (https://developers.facebook.com/documentation/business-messaging/whatsapp/support/error-codes).
 * WhatsApp adds `error_data.details`; Meta says to key handling on `code` and the details, not on
 * the message or title.
 */
export interface GraphError {
  message?: string;
  type?: string;
  code?: number;
  error_subcode?: number;
  error_user_title?: string;
  error_user_msg?: string;
  error_data?: { messaging_product?: string; details?: string };
  fbtrace_id?: string;
}

/**
 * Graph codes that mean "slow down": 4 (app), 17 (user), 32 (Page), 613 (calls per hour),
 * 80006/80007 (Messenger and WhatsApp Business rate limits), 130429, 131048, 131056 (WhatsApp
 * throughput, spam and pair limits).
 * https://developers.facebook.com/docs/graph-api/overview/rate-limiting/
 */
export const GRAPH_RATE_LIMIT_CODES: ReadonlySet<number> = new Set([
  4, 17, 32, 613, 80006, 80007, 130429, 131048, 131056,
]);
/** 190: the access token is invalid or expired; 102: session; 200-299 permissions not granted. */
const AUTH_CODES: ReadonlySet<number> = new Set([102, 190]);
/** 1 and 2: unknown or temporary Graph errors; 131000 and 131016: WhatsApp "something went wrong" / "service unavailable". */
const TRANSIENT_CODES: ReadonlySet<number> = new Set([1, 2, 131000, 131016]);

/**
 * Plain words for a product's window and policy errors (`undefined` when the code is not one).
 * Each connector passes its own; the result becomes a `permanent` error the agent reads.
 *
 * @example
 * ```ts
 * const reasons: GraphPolicyReasons = (code, subcode) =>
 *   code === 551 ? 'The customer cannot receive messages from the Page right now.' : undefined;
 * ```
 */
export type GraphPolicyReasons = (
  code: number | undefined,
  subcode: number | undefined,
  error: GraphError,
) => string | undefined;

/** Options of {@link graphErrorFromResponse}. */
export interface GraphErrorOptions {
  /** The product's window and policy errors, in words an agent can act on. */
  policyReasons?: GraphPolicyReasons;
  /** What the token is called in the admin's settings, for `auth` errors; default "access token". */
  tokenName?: string;
}

/**
 * The `error` object of a Graph reply body, or `{}` when the body is not a Graph error.
 *
 * @example
 * ```ts
 * readGraphError(res).code; // 131047
 * ```
 */
export function readGraphError(res: Pick<HttpResponse, 'text'>): GraphError {
  try {
    const body = JSON.parse(res.text()) as { error?: GraphError };
    return typeof body?.error === 'object' && body.error !== null ? body.error : {};
  } catch {
    return {};
  }
}

// Control characters would break single-line log output, so they are matched on purpose.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]+/g;

/**
 * A provider's text fit for a log line or an agent's screen: one line, at most `max` characters,
 * with any secret replaced by `[redacted]` (Graph messages name fields and rules, not tokens, but
 * an echo of a bad parameter could carry one).
 *
 * @example
 * ```ts
 * graphExcerpt('Invalid parameter near EAAG123456', ['EAAG123456']); // 'Invalid parameter near [redacted]'
 * ```
 */
export function graphExcerpt(message: string | undefined, secrets: readonly string[], max = 200): string {
  let text = (message ?? '').replace(CONTROL_CHARACTERS, ' ').trim();
  for (const secret of secrets) if (secret.length >= 6) text = text.split(secret).join('[redacted]');
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/**
 * Maps a failed Graph API reply to a {@link ConnectorError} (error shape:
 * https://developers.facebook.com/documentation/business-messaging/messenger-platform/error-codes):
 * rate-limit codes or 429 → `rate_limited` (Retry-After when given, else the host's backoff);
 * the product's window and policy errors → `permanent` with plain words; invalid tokens,
 * permission errors, 401/403 → `auth`; codes 1, 2, 131000, 131016 and 5xx → `transient`; the
 * rest → `permanent`. `providerCode` is `code` or `code/subcode`.
 *
 * @example
 * ```ts
 * if (res.status >= 300) throw graphErrorFromResponse(res, ctx.clock, [ctx.settings.accessToken], { policyReasons });
 * ```
 */
export function graphErrorFromResponse(
  res: Pick<HttpResponse, 'status' | 'headers' | 'text'>,
  clock: Clock,
  secrets: readonly string[],
  options: GraphErrorOptions = {},
): ConnectorError {
  const error = readGraphError(res);
  const code = typeof error.code === 'number' ? error.code : undefined;
  const subcode = typeof error.error_subcode === 'number' ? error.error_subcode : undefined;
  const providerCode =
    code === undefined ? String(res.status) : subcode === undefined ? String(code) : `${code}/${subcode}`;
  const details = typeof error.error_data?.details === 'string' ? error.error_data.details : undefined;
  const detail = graphExcerpt(details ?? error.message, secrets);
  const said = detail ? `: ${detail}` : '';

  if ((code !== undefined && GRAPH_RATE_LIMIT_CODES.has(code)) || res.status === 429) {
    return new ConnectorError(
      'rate_limited',
      `Graph API rate limit (${providerCode}); the reply will be retried`,
      {
        providerCode,
        retryAfterMs: parseRetryAfter(res.headers['retry-after'], clock),
      },
    );
  }
  const policy = options.policyReasons?.(code, subcode, error);
  if (policy) return new ConnectorError('permanent', policy, { providerCode });
  if ((code !== undefined && (AUTH_CODES.has(code) || (code >= 200 && code <= 299))) || res.status === 401) {
    return new ConnectorError(
      'auth',
      `Graph API rejected the ${options.tokenName ?? 'access token'} (${providerCode}); an admin must update it in the integration's settings`,
      { providerCode },
    );
  }
  if ((code !== undefined && TRANSIENT_CODES.has(code)) || res.status >= 500) {
    return new ConnectorError('transient', `Graph API had a temporary error (${providerCode})${said}`, {
      providerCode,
    });
  }
  if (res.status === 403) {
    return new ConnectorError('auth', `Graph API refused access (${providerCode})${said}`, { providerCode });
  }
  return new ConnectorError('permanent', `Graph API refused the request (${providerCode})${said}`, {
    providerCode,
  });
}
