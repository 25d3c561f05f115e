import { buildSchema, parse, specifiedRules, validate } from 'graphql';
import { maxDepthRule, operationDepth } from './query-depth.rule';

const schema = buildSchema(`
  type Agent { id: ID! team: Team }
  type Team { id: ID! lead: Agent }
  type Query { me: Agent }
`);

function depthOf(source: string): number {
  const document = parse(source);
  const operation = document.definitions.find((d) => d.kind === 'OperationDefinition');
  if (!operation || operation.kind !== 'OperationDefinition') throw new Error('no operation');
  return operationDepth(operation, document);
}

describe('operationDepth', () => {
  it.each([
    ['{ me { id } }', 2],
    ['{ me { id team { id } } }', 3],
    ['{ me { team { lead { team { id } } } } }', 5],
    ['{ me { ...F } } fragment F on Agent { team { lead { id } } }', 4],
    ['{ me { ... on Agent { team { id } } } }', 3],
    ['{ __schema { types { fields { type { ofType { name } } } } } }', 0],
    ['{ me { ...A } } fragment A on Agent { team { ...B } } fragment B on Team { lead { ...A } }', 3],
  ])('%s → %i', (source, depth) => {
    expect(depthOf(source)).toBe(depth);
  });
});

describe('maxDepthRule', () => {
  it.each([
    ['{ me { team { id } } }', 3, 0],
    ['{ me { team { lead { id } } } }', 3, 1],
  ])('%s with limit %i reports %i errors', (source, limit, errors) => {
    const result = validate(schema, parse(source), [...specifiedRules, maxDepthRule(limit)]);
    expect(result).toHaveLength(errors);
    if (errors > 0) expect(result[0].message).toMatch(/Query depth 4 exceeds the limit of 3/);
  });
});
