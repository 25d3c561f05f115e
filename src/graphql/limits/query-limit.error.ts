import { GraphQLError } from 'graphql';

export type QueryLimitCode = 'QUERY_TOO_DEEP' | 'QUERY_TOO_COMPLEX';

/** A query refused before execution for its shape; the message says which limit and how to fit it. */
export class QueryLimitError extends GraphQLError {
  constructor(
    readonly code: QueryLimitCode,
    message: string,
    readonly details: { actual: number; limit: number },
  ) {
    super(message, { extensions: { code, ...details, http: { status: 400 } } });
  }
}
