import { GraphQLScalarType, Kind, valueFromASTUntyped } from 'graphql';

/** Any JSON object: connector settings and generated secrets, whose shape each connector defines. */
export const JsonObjectScalar = new GraphQLScalarType<Record<string, unknown>, Record<string, unknown>>({
  name: 'JSONObject',
  description: 'A JSON object.',
  serialize: (value) => asObject(value),
  parseValue: (value) => asObject(value),
  parseLiteral: (ast, variables) => {
    if (ast.kind !== Kind.OBJECT) throw new TypeError('JSONObject must be an object literal.');
    return asObject(valueFromASTUntyped(ast, variables));
  },
});

function asObject(value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new TypeError('JSONObject must be a JSON object.');
  return value as Record<string, unknown>;
}
