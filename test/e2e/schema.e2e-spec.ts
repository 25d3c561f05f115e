import { GraphQLSchemaHost } from '@nestjs/graphql';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { renderSchemaFile, SCHEMA_FILE } from '../../src/graphql/schema-file';
import { startHub, TestHub } from '../support/hub';

/**
 * schema.gql is the reviewable contract of the API. This test fails when the code-first schema
 * drifts from it; `npm run schema` (SCHEMA_WRITE=1) rewrites the file from the running schema.
 */
describe('schema.gql', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startHub({ HUB_ROLE: 'api' });
  });
  afterAll(async () => {
    await hub?.close();
  });

  it('equals the schema the running hub serves', () => {
    const printed = renderSchemaFile(hub.app.get(GraphQLSchemaHost).schema);
    if (process.env.SCHEMA_WRITE === '1') writeFileSync(SCHEMA_FILE, printed);
    const committed = existsSync(SCHEMA_FILE) ? readFileSync(SCHEMA_FILE, 'utf8') : '';
    if (committed !== printed) {
      throw new Error(
        'schema.gql differs from the runtime GraphQL schema: run `npm run schema` to update it, then review and commit the diff.',
      );
    }
    expect(committed).toBe(printed);
  });
});
