import { isDeepStrictEqual } from 'node:util';

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof RegExp);
}

/**
 * Where `actual` differs from `expected`, read as a deep partial pattern: object keys missing from
 * `expected` are not checked, arrays must have the same length, a RegExp matches a string.
 * Returns one readable line per difference (empty when it matches).
 *
 * @example
 * ```ts
 * findPartialMismatches({ a: 1, b: { c: 'x', d: 2 } }, { b: { c: /x/ } }); // []
 * findPartialMismatches({ a: 1 }, { a: 2 }, 'json'); // ['json.a: expected 2, got 1']
 * ```
 */
export function findPartialMismatches(actual: unknown, expected: unknown, path = '$'): string[] {
  if (expected instanceof RegExp) {
    return typeof actual === 'string' && expected.test(actual)
      ? []
      : [`${path}: expected a string matching ${String(expected)}, got ${JSON.stringify(actual)}`];
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return [`${path}: expected an array, got ${JSON.stringify(actual)}`];
    if (actual.length !== expected.length) {
      return [`${path}: expected ${expected.length} items, got ${actual.length}`];
    }
    return expected.flatMap((item, i) => findPartialMismatches(actual[i], item, `${path}[${i}]`));
  }
  if (isPlainObject(expected)) {
    if (!isPlainObject(actual)) return [`${path}: expected an object, got ${JSON.stringify(actual)}`];
    return Object.entries(expected).flatMap(([key, value]) =>
      findPartialMismatches(actual[key], value, `${path}.${key}`),
    );
  }
  return isDeepStrictEqual(actual, expected)
    ? []
    : [`${path}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`];
}
