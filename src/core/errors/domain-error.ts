/**
 * Error codes of the core modules. The GraphQL and HTTP edges map each with an exhaustive switch
 * (rule 8), so adding a code without deciding its answer does not compile.
 */
export const DOMAIN_ERROR_CODES = [
  'NOT_FOUND',
  'INVALID_INPUT',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'CONFLICT',
  /** The channel accepts no free-form reply now (Messenger's 24-hour window); the message says why. */
  'REPLY_WINDOW_CLOSED',
  'TOO_LARGE',
  'TYPE_NOT_ALLOWED',
  'RATE_LIMITED',
  'UNAVAILABLE',
] as const;
export type DomainErrorCode = (typeof DOMAIN_ERROR_CODES)[number];

/** A failure a user can act on; its message is safe to show (no secrets, no other tenant's data). */
export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    /** For RATE_LIMITED: when to try again. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

/** The HTTP status of a domain error at the REST edges (widget API, files). Exhaustive (rule 8). */
export function httpStatusFor(code: DomainErrorCode): number {
  switch (code) {
    case 'NOT_FOUND':
      return 404;
    case 'INVALID_INPUT':
      return 400;
    case 'UNAUTHENTICATED':
      return 401;
    case 'FORBIDDEN':
      return 403;
    case 'CONFLICT':
    case 'REPLY_WINDOW_CLOSED':
      return 409;
    case 'TOO_LARGE':
      return 413;
    case 'TYPE_NOT_ALLOWED':
      return 415;
    case 'RATE_LIMITED':
      return 429;
    case 'UNAVAILABLE':
      return 503;
  }
}
