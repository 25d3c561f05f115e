import type { ApolloServerPlugin } from '@apollo/server';
import { estimateQueryCost } from './query-cost.estimator';
import { QueryLimitError } from './query-limit.error';

/** Refuses an operation whose estimated cost exceeds `maxCost` (GRAPHQL_MAX_COST) before it runs. */
export function queryCostPlugin(maxCost: number): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, schema }) {
          const cost = estimateQueryCost(
            schema,
            document,
            request.variables ?? {},
            request.operationName ?? undefined,
          );
          if (cost > maxCost) {
            throw new QueryLimitError(
              'QUERY_TOO_COMPLEX',
              `Query cost ${cost} exceeds the limit of ${maxCost}; ask for fewer items (first/limit) or fewer nested fields.`,
              { actual: cost, limit: maxCost },
            );
          }
        },
      };
    },
  };
}
