import { buildSchema, parse } from 'graphql';
import { estimateQueryCost } from './query-cost.estimator';

const schema = buildSchema(`
  type Message { id: ID! seq: Int! }
  type Conversation { id: ID! messages(first: Int = 50): [Message!]! }
  type Edge { node: Conversation! cursor: String! }
  type Connection { edges: [Edge!]! }
  type Query {
    me: ID
    conversations(first: Int = 20): Connection!
    messagesSince(conversationId: ID!, limit: Int = 100): [Message!]!
    agents: [Message!]!
  }
`);

describe('estimateQueryCost', () => {
  it.each<[string, Record<string, unknown>, number]>([
    ['{ me }', {}, 1],
    ['{ agents { id seq } }', {}, 3],
    ['{ messagesSince(conversationId: "x", limit: 10) { id seq } }', {}, 1 + 10 * 2],
    ['{ messagesSince(conversationId: "x") { id } }', {}, 1 + 100 * 1],
    ['query($n: Int) { messagesSince(conversationId: "x", limit: $n) { id } }', { n: 7 }, 1 + 7],
    ['{ conversations(first: 2) { edges { cursor } } }', {}, 1 + 2 * (1 + 1)],
    [
      '{ conversations(first: 10) { edges { node { messages(first: 5) { id } } } } }',
      {},
      1 + 10 * (1 + (1 + (1 + 5 * 1))),
    ],
    ['{ conversations { edges { node { id } } } }', {}, 1 + 20 * (1 + (1 + 1))],
  ])('%s %j → %i', (query, variables, cost) => {
    expect(estimateQueryCost(schema, parse(query), variables)).toBe(cost);
  });
});
