/**
 * A failed hub call, with the `extensions.code` GraphQL answered (NOT_FOUND, BAD_USER_INPUT,
 * UNAUTHENTICATED, FORBIDDEN, CONFLICT, RATE_LIMITED, SERVICE_UNAVAILABLE...) or NETWORK when the
 * hub could not be reached.
 */
export class HubError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
    this.name = 'HubError';
  }
}

export function errorCode(error: unknown): string {
  return error instanceof HubError ? error.code : 'UNKNOWN';
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
