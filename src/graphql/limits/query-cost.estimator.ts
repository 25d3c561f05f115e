import type { DocumentNode, GraphQLSchema } from 'graphql';
import { ComplexityEstimator, getComplexity, simpleEstimator } from 'graphql-query-complexity';

/**
 * A list field costs 1 plus its page size (`first` or `limit`, defaults included) times the cost
 * of one item; other fields fall through to simpleEstimator (1 plus their children).
 */
export const listSizeEstimator: ComplexityEstimator = ({ args, childComplexity }) => {
  const size = [args.first, args.limit].find((n): n is number => typeof n === 'number');
  if (size === undefined) return undefined;
  return 1 + Math.max(0, size) * childComplexity;
};

export function estimateQueryCost(
  schema: GraphQLSchema,
  query: DocumentNode,
  variables: Record<string, unknown> = {},
  operationName?: string,
): number {
  return getComplexity({
    schema,
    query,
    variables,
    operationName,
    estimators: [listSizeEstimator, simpleEstimator({ defaultComplexity: 1 })],
  });
}
