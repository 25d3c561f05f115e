import { GraphQLError, GraphQLFormattedError } from 'graphql';
import { DOMAIN_ERROR_CODES, DomainError, DomainErrorCode } from '../core/errors/domain-error';
import { formatGraphqlError, graphqlCodeFor } from './graphql-error.mapper';
import { QueryLimitError } from './limits/query-limit.error';

const path = ['conversation'];

/** What Apollo hands formatError: its own formatting, and the (located) error. */
function asApollo(error: Error): [GraphQLFormattedError, GraphQLError] {
  const located =
    error instanceof GraphQLError ? error : new GraphQLError(error.message, { path, originalError: error });
  return [
    { message: located.message, path, extensions: { code: 'INTERNAL_SERVER_ERROR', stacktrace: ['secret'] } },
    located,
  ];
}

describe('graphqlCodeFor', () => {
  it.each<[DomainErrorCode, string]>([
    ['NOT_FOUND', 'NOT_FOUND'],
    ['INVALID_INPUT', 'BAD_USER_INPUT'],
    ['UNAUTHENTICATED', 'UNAUTHENTICATED'],
    ['FORBIDDEN', 'FORBIDDEN'],
    ['CONFLICT', 'CONFLICT'],
    ['REPLY_WINDOW_CLOSED', 'REPLY_WINDOW_CLOSED'],
  ])('%s → %s', (code, expected) => {
    expect(graphqlCodeFor(code)).toBe(expected);
  });

  it('covers every domain code', () => {
    for (const code of DOMAIN_ERROR_CODES) expect(graphqlCodeFor(code)).toEqual(expect.any(String));
  });
});

describe('formatGraphqlError', () => {
  it.each<[string, Error, GraphQLFormattedError['extensions'], string]>([
    [
      'a domain error',
      new DomainError('NOT_FOUND', 'Conversation not found.'),
      { code: 'NOT_FOUND' },
      'Conversation not found.',
    ],
    [
      'invalid input',
      new DomainError('INVALID_INPUT', 'text must not be empty.'),
      { code: 'BAD_USER_INPUT' },
      'text must not be empty.',
    ],
    [
      'a query limit',
      new QueryLimitError('QUERY_TOO_COMPLEX', 'Query cost 9000 exceeds the limit of 5000.', {
        actual: 9000,
        limit: 5000,
      }),
      { code: 'QUERY_TOO_COMPLEX', actual: 9000, limit: 5000 },
      'Query cost 9000 exceeds the limit of 5000.',
    ],
    [
      'an unexpected error',
      new Error('relation "agents" violates constraint on 4f1c...'),
      { code: 'INTERNAL_SERVER_ERROR' },
      'Internal server error.',
    ],
  ])('maps %s', (_name, error, extensions, message) => {
    const [formatted, raw] = asApollo(error);
    expect(formatGraphqlError(formatted, raw)).toEqual({ message, path, locations: undefined, extensions });
  });

  it('keeps GraphQL request errors and their code, without stack traces', () => {
    const formatted: GraphQLFormattedError = {
      message: 'Cannot query field "x"',
      extensions: { code: 'GRAPHQL_VALIDATION_FAILED', stacktrace: ['..'] },
    };
    expect(formatGraphqlError(formatted, new GraphQLError('Cannot query field "x"'))).toEqual({
      message: 'Cannot query field "x"',
      locations: undefined,
      path: undefined,
      extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
    });
  });

  it('reports the real error of an unexpected failure to the logs only', () => {
    const seen: unknown[] = [];
    const boom = new Error('db password is hunter2');
    const [formatted, raw] = asApollo(boom);
    expect(JSON.stringify(formatGraphqlError(formatted, raw, (e) => seen.push(e)))).not.toContain('hunter2');
    expect(seen).toEqual([boom]);
  });
});
