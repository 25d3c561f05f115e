import { GraphQLSchema, printSchema } from 'graphql';
import { join } from 'node:path';

/** The committed print of the runtime schema, at the repository root. */
export const SCHEMA_FILE = join(__dirname, '..', '..', 'schema.gql');

const HEADER =
  '# The GraphQL schema of Switchboard, printed from the code-first resolvers.\n# Do not edit: `npm run schema` rewrites it (test/e2e/schema.e2e-spec.ts with SCHEMA_WRITE=1).\n\n';

/** schema.gql's exact content for `schema`, so review diffs show every API change. */
export function renderSchemaFile(schema: GraphQLSchema): string {
  return `${HEADER}${printSchema(schema)}\n`;
}
