import {
  ConnectorError,
  parseRetryAfter,
  type Clock,
  type ConnectorErrorKind,
  type HttpResponse,
} from '../sdk';

const EXCERPT_LENGTH = 200;
// Control characters would break single-line log output, so they are matched on purpose.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]+/g;

/**
 * The error kind of a non-2xx callback reply: 429 → rate_limited; 401/403 → auth;
 * 408, 425 and 5xx → transient; anything else (other 4xx, a 3xx we do not follow) → permanent.
 *
 * @example
 * ```ts
 * apiErrorKindForStatus(503); // 'transient'
 * ```
 */
export function apiErrorKindForStatus(status: number): ConnectorErrorKind {
  if (status === 429) return 'rate_limited';
  if (status === 401 || status === 403) return 'auth';
  if (status === 408 || status === 425 || status >= 500) return 'transient';
  return 'permanent';
}

/**
 * A short, single-line excerpt of a reply body for an error message, with any of `secrets` masked
 * (a receiver that echoes what it got must not put our secret into logs).
 *
 * @example
 * ```ts
 * replyExcerpt('{"error":\n "unknown contact"}', []); // '{"error": "unknown contact"}'
 * ```
 */
export function replyExcerpt(text: string, secrets: readonly string[]): string {
  let excerpt = text.replace(CONTROL_CHARACTERS, ' ').replace(/\s+/g, ' ').trim();
  for (const secret of secrets) if (secret) excerpt = excerpt.split(secret).join('[redacted]');
  if (excerpt === '') return '(empty body)';
  return excerpt.length > EXCERPT_LENGTH ? `${excerpt.slice(0, EXCERPT_LENGTH)}…` : excerpt;
}

/**
 * The {@link ConnectorError} for a non-2xx reply from the callback URL.
 *
 * @example
 * ```ts
 * if (res.status >= 300) throw apiErrorFromResponse(res, ctx.clock, [ctx.settings.signingSecret]);
 * ```
 */
export function apiErrorFromResponse(
  res: Pick<HttpResponse, 'status' | 'headers' | 'text'>,
  clock: Clock,
  secrets: readonly string[],
): ConnectorError {
  const status = res.status;
  const kind = apiErrorKindForStatus(status);
  const providerCode = String(status);
  switch (kind) {
    case 'rate_limited':
      return new ConnectorError(kind, 'Callback URL answered 429 Too Many Requests', {
        providerCode,
        retryAfterMs: parseRetryAfter(res.headers['retry-after'], clock),
      });
    case 'auth':
      return new ConnectorError(
        kind,
        `Callback URL answered ${status}: check that it verifies signatures with this integration's signing secret`,
        { providerCode },
      );
    case 'transient':
      return new ConnectorError(kind, `Callback URL answered ${status}; the reply will be retried`, {
        providerCode,
      });
    default:
      if (status >= 300 && status < 400) {
        return new ConnectorError(
          kind,
          `Callback URL answered ${status} (a redirect); set callbackUrl to the final URL`,
          {
            providerCode,
          },
        );
      }
      return new ConnectorError(
        kind,
        `Callback URL answered ${status}: ${replyExcerpt(res.text(), secrets)}`,
        {
          providerCode,
        },
      );
  }
}
