import { GraphQLError, GraphQLFormattedError } from 'graphql';
import { DomainError, DomainErrorCode } from '../core/errors/domain-error';
import { QueryLimitError } from './limits/query-limit.error';

/** The `extensions.code` values clients can branch on. */
export type GraphqlErrorCode =
  | 'NOT_FOUND'
  | 'BAD_USER_INPUT'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'CONFLICT'
  | 'REPLY_WINDOW_CLOSED'
  | 'RATE_LIMITED'
  | 'SERVICE_UNAVAILABLE';

/** Exhaustive (rule 8): a new DomainErrorCode does not compile until it has an answer here. */
export function graphqlCodeFor(code: DomainErrorCode): GraphqlErrorCode {
  switch (code) {
    case 'NOT_FOUND':
      return 'NOT_FOUND';
    case 'INVALID_INPUT':
    case 'TOO_LARGE':
    case 'TYPE_NOT_ALLOWED':
      return 'BAD_USER_INPUT';
    case 'RATE_LIMITED':
      return 'RATE_LIMITED';
    case 'UNAVAILABLE':
      return 'SERVICE_UNAVAILABLE';
    case 'UNAUTHENTICATED':
      return 'UNAUTHENTICATED';
    case 'FORBIDDEN':
      return 'FORBIDDEN';
    case 'CONFLICT':
      return 'CONFLICT';
    case 'REPLY_WINDOW_CLOSED':
      return 'REPLY_WINDOW_CLOSED';
  }
}

/** The error a resolver threw, beneath graphql-js's located-error wrapping. */
function unwrap(error: unknown): unknown {
  let current = error;
  while (current instanceof GraphQLError && current.originalError) {
    if (current instanceof QueryLimitError) return current;
    current = current.originalError;
  }
  return current;
}

/**
 * The one place that decides what a client sees of an error: domain errors by their code, query
 * limit and GraphQL's own request errors (parse, validation, variables) as they are, and
 * anything else as a bare INTERNAL_SERVER_ERROR, so a bug never leaks SQL, stack traces or
 * another tenant's data. `onUnexpected` gets the real error for the logs.
 */
export function formatGraphqlError(
  formatted: GraphQLFormattedError,
  error: unknown,
  onUnexpected: (error: unknown) => void = () => undefined,
): GraphQLFormattedError {
  const where = { locations: formatted.locations, path: formatted.path };
  const original = unwrap(error);
  if (original instanceof DomainError)
    return { message: original.message, ...where, extensions: { code: graphqlCodeFor(original.code) } };
  if (original instanceof QueryLimitError)
    return { message: original.message, ...where, extensions: { code: original.code, ...original.details } };
  if (original instanceof GraphQLError) {
    return {
      message: formatted.message,
      ...where,
      extensions: { code: formatted.extensions?.code ?? 'GRAPHQL_ERROR' },
    };
  }
  onUnexpected(original);
  return { message: 'Internal server error.', ...where, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
}
