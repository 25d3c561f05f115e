import {
  DocumentNode,
  GraphQLError,
  parse,
  FragmentDefinitionNode,
  Kind,
  OperationDefinitionNode,
  SelectionSetNode,
  ValidationRule,
} from 'graphql';
import { QueryLimitError } from './query-limit.error';

type Fragments = Map<string, FragmentDefinitionNode>;

/**
 * How deeply an operation nests fields: `{ me { id } }` is 2. Fragments count where they are
 * spread; introspection fields (`__schema`, `__type`) are not counted, so tools keep working.
 */
export function operationDepth(operation: OperationDefinitionNode, document: DocumentNode): number {
  const fragments: Fragments = new Map();
  for (const d of document.definitions)
    if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  return selectionDepth(operation.selectionSet, fragments, new Set());
}

function selectionDepth(set: SelectionSetNode, fragments: Fragments, spreading: Set<string>): number {
  let max = 0;
  for (const selection of set.selections) {
    if (selection.kind === Kind.FIELD) {
      if (selection.name.value.startsWith('__')) continue;
      max = Math.max(
        max,
        1 + (selection.selectionSet ? selectionDepth(selection.selectionSet, fragments, spreading) : 0),
      );
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      max = Math.max(max, selectionDepth(selection.selectionSet, fragments, spreading));
    } else {
      const name = selection.name.value;
      const fragment = fragments.get(name);
      // A cycle is reported by graphql's own NoFragmentCycles rule; here it only must not recurse forever.
      if (!fragment || spreading.has(name)) continue;
      spreading.add(name);
      max = Math.max(max, selectionDepth(fragment.selectionSet, fragments, spreading));
      spreading.delete(name);
    }
  }
  return max;
}

/** A validation rule refusing operations nested deeper than `maxDepth` (GRAPHQL_MAX_DEPTH). */
export function maxDepthRule(maxDepth: number): ValidationRule {
  return (context) => ({
    OperationDefinition(node) {
      const depth = operationDepth(node, context.getDocument());
      if (depth > maxDepth) {
        context.reportError(
          new QueryLimitError(
            'QUERY_TOO_DEEP',
            `Query depth ${depth} exceeds the limit of ${maxDepth}; select fewer nested fields.`,
            {
              actual: depth,
              limit: maxDepth,
            },
          ),
        );
      }
    },
  });
}

/**
 * The same limit for a graphql-ws subscribe message (graphql-ws validates without Apollo's
 * rules). Returns errors to refuse it, or undefined to let the server parse and validate as usual.
 */
export function subscriptionDepthErrors(query: string, maxDepth: number): GraphQLError[] | undefined {
  let document: DocumentNode;
  try {
    document = parse(query);
  } catch {
    return undefined; // graphql-ws reports the syntax error itself
  }
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
    const depth = operationDepth(definition, document);
    if (depth > maxDepth) {
      return [
        new QueryLimitError(
          'QUERY_TOO_DEEP',
          `Query depth ${depth} exceeds the limit of ${maxDepth}; select fewer nested fields.`,
          { actual: depth, limit: maxDepth },
        ),
      ];
    }
  }
  return undefined;
}
