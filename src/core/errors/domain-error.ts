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
] as const;
export type DomainErrorCode = (typeof DOMAIN_ERROR_CODES)[number];

/** A failure a user can act on; its message is safe to show (no secrets, no other tenant's data). */
export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}
